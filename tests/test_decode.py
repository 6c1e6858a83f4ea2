"""decode_bytes: what is refused (empty, binary, undecodable), what is decoded, how mojibake is repaired."""

import doctest
import gzip
import io
import json
import random
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES

import pipeline.decode
from pipeline.constants import CleanStep, QuarantineReason
from pipeline.decode import decode_bytes, repair_mojibake, sniff_binary
from pipeline.edits import Edit

SHARED = Path(__file__).resolve().parents[2] / "shared"
FTFY_CASES = SHARED / "corpora" / "ftfy_mojibake_cases"

KOREAN = "한국과 일본의 정상은 나라현에서 회담을 열고 경제 안보와 공급망 협력을 강화하기로 합의했다."
JAPANESE = (
    "日本と韓国の首脳は奈良県で会談し、経済安全保障やサプライチェーンでの協力を強化することで一致した。"
)


def replay(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """Apply a step's edits from the last offset to the first, checking each ``before`` is really there."""
    for edit in sorted(edits, key=lambda e: e.char_start, reverse=True):
        end = edit.char_start + len(edit.before)
        assert text[edit.char_start : end] == edit.before, edit
        text = text[: edit.char_start] + edit.after + text[end:]
    return text


# --- refused inputs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n  ", "\ufeff".encode("utf-8-sig"), "\u00a0\u200b".encode()]
)
def test_empty_or_blank_is_empty(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.text is None and decoded.encoding is None
    assert decoded.reason is QuarantineReason.EMPTY
    assert decoded.detail


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(40))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "Leaders meet in Nara.")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_png(), "png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>", "pdf"),
        (_zip(), "zip"),
        (gzip.compress(b"Leaders meet in Nara."), "gzip"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "gif"),
        (b"plain words\x00then a NUL", "NUL"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 10 + b"some text", "control bytes"),
    ],
)
def test_binary_is_refused_with_its_kind(data: bytes, kind: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.reason is QuarantineReason.BINARY
    assert decoded.text is None
    assert kind in decoded.detail


def test_random_invalid_bytes_are_undecodable() -> None:
    rng = random.Random(20260114)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(600))
    decoded = decode_bytes(data)
    assert decoded.reason is QuarantineReason.UNDECODABLE
    assert decoded.text is None and "no convincing encoding" in decoded.detail


def test_mostly_replacement_characters_are_undecodable() -> None:
    decoded = decode_bytes(("\ufffd" * 40 + " ok").encode())
    assert decoded.reason is QuarantineReason.UNDECODABLE
    assert "replacement" in decoded.detail


# --- decoded inputs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_samples_decode_as_utf8_unchanged(sample: Path) -> None:
    data = sample.read_bytes()
    decoded = decode_bytes(data)
    assert decoded.reason is None
    assert decoded.encoding == "utf-8"
    assert decoded.text == data.decode("utf-8")
    assert decoded.edits == ()


def test_bom_is_stripped_as_an_edit() -> None:
    decoded = decode_bytes("\ufeffLeaders meet\r\n".encode())
    assert decoded.encoding == "utf-8-sig"
    assert decoded.text == "Leaders meet\r\n"  # line endings are the cleaning stage's business
    assert decoded.edits == (Edit(CleanStep.DECODE, "byte_order_mark", "\ufeff", "", 0),)
    assert replay("\ufeffLeaders meet\r\n", decoded.edits) == decoded.text


def test_utf16_with_bom_is_text_not_binary() -> None:
    decoded = decode_bytes(KOREAN.encode("utf-16"))
    assert decoded.reason is None and decoded.text == KOREAN and decoded.encoding == "utf-16"


def test_cp1252_bytes() -> None:
    text = "South Korea’s president called it “a new beginning” — a café summit in Nara."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.reason is None
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_latin1_bytes_prefer_cp1252_over_central_european() -> None:
    text = "Le président a visité Séoul et Tokyo à la fin de l'été."
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded.text == text


@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        (KOREAN, "euc_kr", "euc-kr"),
        (KOREAN + " 똠방각하", "cp949", "cp949"),  # 똠 exists only in the cp949 extension
        ("서울", "euc_kr", "euc-kr"),  # two syllables: also "valid" Big5, GB18030, EUC-JP
        (JAPANESE, "shift_jis", "shift_jis"),
        (JAPANESE, "euc_jp", "euc-jp"),
        ("岸田首相は「日韓関係の改善」を強調した。", "cp932", "shift_jis"),
    ],
)
def test_legacy_east_asian_encodings_round_trip(text: str, codec: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(codec))
    assert decoded.reason is None, decoded.detail
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert encoding in decoded.detail


def test_curly_quotes_dashes_accents_and_full_width_are_kept() -> None:
    text = "“Curly” ‘quotes’ — dashes – café naïve ﬁne ＡＢＣ ｶﾀｶﾅ … 2½"
    decoded = decode_bytes(text.encode())
    assert decoded.text == text and decoded.edits == ()


# --- mojibake -----------------------------------------------------------------------------------------------


def test_mojibake_repaired_with_span_edits() -> None:
    garbled = "Koreaâ€™s president said â€œwe will cooperateâ€\x9d.\nSecond line is fine: café.\n"
    decoded = decode_bytes(garbled.encode())
    assert decoded.text == "Korea’s president said “we will cooperate”.\nSecond line is fine: café.\n"
    assert decoded.encoding == "utf-8"
    assert "mojibake" in decoded.detail
    assert {edit.step for edit in decoded.edits} == {CleanStep.UNICODE}
    assert {edit.rule for edit in decoded.edits} == {"mojibake"}
    assert Edit(CleanStep.UNICODE, "mojibake", "â€™", "’", 5) in decoded.edits
    assert replay(garbled, decoded.edits) == decoded.text


def test_mojibake_after_cp1252_decode_is_also_repaired() -> None:
    # UTF-8 bytes of a curly apostrophe saved through a cp1252 editor: the file is cp1252 *and* mojibake.
    data = "Koreaâ€™s summit in Nara — “reset”".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == "Korea’s summit in Nara — “reset”"


def test_ftfy_runs_only_on_lines_with_mojibake_markers(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = pipeline.decode.ftfy.fix_and_explain

    def spy(text, config=None):
        calls.append(text)
        return real(text, config)

    monkeypatch.setattr(pipeline.decode.ftfy, "fix_and_explain", spy)
    for sample in SAMPLE_FILES:
        repair_mojibake(sample.read_text(encoding="utf-8"))
    assert calls == []
    repair_mojibake("clean line — “quoted”\nKoreaâ€™s line\nanother clean line ½\n")
    assert calls == ["Koreaâ€™s line\n"]


def test_sniff_binary_leaves_text_alone() -> None:
    assert sniff_binary(b"Seoul\tTokyo\r\n\x0c") is None
    assert sniff_binary(KOREAN.encode("euc_kr")) is None


def _ftfy_cases() -> list:
    if not FTFY_CASES.is_dir():
        reason = f"{FTFY_CASES} is absent (research corpus, not committed)"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="corpus-absent")]
    params = []
    for name in ("in-the-wild", "synthetic", "negative", "language-names", "known-failures"):
        for number, case in enumerate(json.loads((FTFY_CASES / f"{name}.json").read_text(encoding="utf-8"))):
            marks = [pytest.mark.skip(reason="known ftfy failure")] if case["expect"] == "fail" else []
            params.append(pytest.param(case, marks=marks, id=f"{name}-{number}"))
    return params


@pytest.mark.parametrize("case", _ftfy_cases())
def test_ftfy_mojibake_corpus(case: dict) -> None:
    """Our restricted ftfy (no quote uncurling etc.) must match ftfy's own encoding-only expectations."""
    original = case["original"]
    fixed, edits, _ = repair_mojibake(original)
    assert fixed == case.get("fixed-encoding", case["fixed"]), case["label"]
    assert replay(original, edits) == fixed
    if original == fixed:
        assert edits == ()


def test_doctests() -> None:
    assert doctest.testmod(pipeline.decode).failed == 0
