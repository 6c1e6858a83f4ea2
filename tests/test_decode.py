"""decode_bytes: what is refused (empty, binary, undecodable), what is decoded, how mojibake is repaired."""

import doctest
import gzip
import io
import json
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SAMPLE_FILES

import pipeline.ingest.decode
import pipeline.ingest.plausible
import pipeline.ingest.utf8_repair
from pipeline.core.constants import CleanStep, QuarantineReason
from pipeline.core.edits import Edit
from pipeline.ingest.decode import decode_bytes, repair_mojibake, sniff_binary
from pipeline.ingest.plausible import suspects

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


_BINARIES = [
    (_png(), "png"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>", "pdf"),
    (_zip(), "zip"),
    (gzip.compress(b"Leaders meet in Nara."), "gzip"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"GIF89a\x01\x00\x01\x00", "gif"),
    (b"plain words\x00then a NUL", "NUL"),
    (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 10 + b"some text", "control bytes"),
]


# Ids by kind: gzip and zip bytes carry the time they were made, and pytest-xdist's workers must collect the same ids.
@pytest.mark.parametrize(("data", "kind"), _BINARIES, ids=[kind for _, kind in _BINARIES])
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
    real = pipeline.ingest.decode.ftfy.fix_and_explain

    def spy(text, config=None):
        calls.append(text)
        return real(text, config)

    monkeypatch.setattr(pipeline.ingest.decode.ftfy, "fix_and_explain", spy)
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
    for module in (pipeline.ingest.decode, pipeline.ingest.plausible, pipeline.ingest.utf8_repair):
        assert doctest.testmod(module).failed == 0, module.__name__


# --- stray bytes, cut characters, wrong guesses (issue #24) ----------------------------------------------


def _sample_text(prefix: str) -> str:
    return next(p for p in SAMPLE_FILES if p.name.startswith(prefix)).read_text(encoding="utf-8")


def _insert(data: bytes, positions, byte_at) -> bytes:
    out = bytearray(data)
    for position in sorted(positions, reverse=True):
        out[position:position] = bytes([byte_at(position)])
    return bytes(out)


def _replay_decode(data: bytes, decoded) -> str:
    """The decode step's edits index the raw bytes shown as text (undecodable bytes as ``\\xNN``)."""
    own = [edit for edit in decoded.edits if edit.step is CleanStep.DECODE]
    return replay(data.decode("utf-8", "backslashreplace"), own)


def test_issue_24_undefined_stray_bytes_are_removed_not_read_as_mac_iceland() -> None:
    text = _sample_text("000")
    rng = random.Random(24)
    strays = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
    data = _insert(text.encode(), [rng.randrange(len(text)) for _ in range(10)], lambda _: rng.choice(strays))
    decoded = decode_bytes(data)
    assert decoded.text == text, decoded.detail
    assert decoded.encoding == "utf-8" and "removed 10 stray" in decoded.detail
    assert len(decoded.edits) == 10
    assert {(edit.rule, edit.after) for edit in decoded.edits} == {("stray_byte", "")}
    assert {edit.before for edit in decoded.edits} <= {f"\\x{byte:02x}" for byte in strays}
    assert _replay_decode(data, decoded) == text


def test_issue_24_ff_every_37_bytes() -> None:
    text = _sample_text("001")  # curly quotes and dashes: 0xFF lands inside UTF-8 characters too
    inserted = _insert(text.encode(), range(0, len(text.encode()), 37), lambda _: 0xFF)
    decoded = decode_bytes(inserted)
    assert decoded.text == text, decoded.detail
    assert _replay_decode(inserted, decoded) == text
    # The same bytes *replacing* every 37th byte destroyed letters ("ÿapan"): removal leaves "apan".
    replaced = bytearray(text.encode())
    replaced[::37] = b"\xff" * len(replaced[::37])
    refused = decode_bytes(bytes(replaced))
    assert refused.text is None and refused.reason is QuarantineReason.IMPLAUSIBLE
    assert "stray byte(s) removed, removing a byte leaves" in refused.detail


def test_stray_inside_a_multibyte_character_is_taken_out() -> None:
    # E2 [81] 80 99: the stray shifts the apostrophe's bytes, which then "decode" as U+2040 and an orphan.
    data = "Korea’s summit, Korea’s partner".encode().replace(b"\xe2\x80\x99", b"\xe2\x81\x80\x99", 1)
    decoded = decode_bytes(data)
    assert decoded.text == "Korea’s summit, Korea’s partner"
    assert [(edit.rule, edit.before, edit.after) for edit in decoded.edits] == [("stray_byte", "⁀\\x99", "’")]
    # ED [85] 9A 8C: three removals decode, to 테, 테 or 회; the syllable the text uses elsewhere wins.
    korean = KOREAN * 3
    assert decode_bytes(korean.encode().replace("회".encode(), b"\xed\x85\x9a\x8c", 1)).text == korean


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (KOREAN.encode()[:-2], KOREAN[:-2], "utf-8"),  # "다." cut inside "다"
        ("Leaders meet — in Nara".encode()[:-9], "Leaders meet ", "utf-8"),
        (KOREAN.encode("utf-16")[:-1], KOREAN[:-1], "utf-16"),
    ],
    ids=["utf-8-hangul", "utf-8-dash", "utf-16"],
)
def test_a_character_cut_by_the_end_of_the_file_is_dropped_as_an_edit(data: bytes, text: str, encoding: str):
    decoded = decode_bytes(data)
    assert decoded.text == text and decoded.encoding == encoding
    (edit,) = [edit for edit in decoded.edits if edit.rule == "truncated_sequence"]
    assert edit.step is CleanStep.DECODE and edit.after == "" and edit.before.startswith("\\x")


def test_a_binary_burst_inside_text_is_binary() -> None:
    rng = random.Random(7)
    text = _sample_text("002").encode()
    data = text[:900] + bytes(rng.randrange(256) for _ in range(64)).replace(b"\x00", b"\x01") + text[900:]
    decoded = decode_bytes(data)
    assert decoded.text is None and decoded.reason is QuarantineReason.BINARY
    assert "burst" in decoded.detail


def test_utf8_then_pasted_cp1252_reads_each_part_in_its_encoding() -> None:
    first, second = "Korea’s president — “a new era”.\n", "Japan’s premier – “a café summit” in Nara.\n"
    data = first.encode() + second.encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == first + second and decoded.encoding == "utf-8"
    assert {edit.rule for edit in decoded.edits} == {"cp1252_byte"}
    assert _replay_decode(data, decoded) == first + second


def test_mac_roman_accents_and_quotes_decode_as_mac_roman() -> None:
    text = "Arsène Wenger’s “naïve” rivals – and Benítez – met in Zürich.\n" * 3
    decoded = decode_bytes(text.encode("mac_roman"))
    assert decoded.text == text and decoded.encoding == "mac-roman"


def test_iso_2022_jp_is_not_read_as_ascii() -> None:
    decoded = decode_bytes(JAPANESE.encode("iso2022_jp"))
    assert decoded.text == JAPANESE and decoded.encoding == "iso2022-jp"


def test_korean_stray_bytes_in_utf8_are_removed() -> None:
    # A stray inside a syllable can be removed two ways; the syllable this text repeats wins (a one-line
    # text that never repeats it can come out with a wrong syllable: see docs/reliability.md).
    korean = KOREAN * 3
    rng = random.Random(3)
    data = _insert(korean.encode(), [rng.randrange(len(korean.encode())) for _ in range(3)], lambda _: 0x9D)
    assert decode_bytes(data).text == korean


@pytest.mark.parametrize(
    ("text", "char"),
    [
        ("Leaders meet in JÅapan", "Å"),  # a capital inside a lowercase word
        ("The ÿeaders meet in Japan", "ÿ"),  # a letter no corpus language uses
        ("Leaders of Seoul met in Sèeoul", "è"),  # this text spells the word without it
        ("leaders meet in Japan ‡ today", "‡"),  # a sign news text does not use
        ("South Korea鈥檚 president met the press in Seoul on Tuesday after the summit", "鈥"),  # GBK read
        ("한국Д과 일본", "Д"),  # Hangul next to Cyrillic
        ("the government is suppošsed to act", "š"),  # English knows "supposed"
        ("the leaders met–. Then they left", "–"),  # a dash glued between a word and a full stop
    ],
)
def test_suspects_name_the_garbage(text: str, char: str) -> None:
    found = [suspect for suspect in suspects(text) if suspect.char == char]
    assert found, suspects(text)
    assert char in found[0].describe(text)


@pytest.mark.parametrize(
    "text",
    [
        "Arsène Wenger and Rafael Benítez shook hands; a naïve café owner from Zürich watched.",
        "Le président a visité Séoul et Tokyo à la fin de l'été.",
        "South Korea’s “reset” – the Japan–Korea summit — and O’Brien’s reply; 2½ hours, £30m, 5 °C.",
        "LG전자와 삼성전자는 AI 반도체 협력을 강화했다. 「未来志向」の関係をTシャツで。",
        KOREAN + "\n" + JAPANESE,
    ],
)
def test_suspects_leave_real_text_alone(text: str) -> None:
    assert suspects(text) == []


# --- a labelled evaluation set generated from real articles -----------------------------------------------
#
# Real articles encoded in their real legacy encodings must decode right; corrupted the hostile ways they
# must come out right (with explained edits), or quarantined, never as garbage. Tuning used the samples,
# BBC articles 0-99 and the first Korean/Japanese half; the held-out half (BBC 1000-1199, Reuters, the
# second Korean/Japanese half) was not tuned on. The tests run every 10th article of each to stay fast.

KOREAN_TEXTS = (
    KOREAN,
    "한국과 일본 외교장관이 화요일 도쿄에서 만나 봄에 열릴 정상회담을 준비했다고 양국 관계자들이 밝혔다.",
    "양측은 강제징용 배상 문제와 반도체 소재 수출 규제, 후쿠시마 오염수 방류 문제를 논의했다.",
    "외교부 장관은 회담 뒤 국내 정치적 압력과 관계없이 셔틀 외교를 이어가겠다고 말했다.",
    "이재명 대통령은 13일 일본 나라현에서 다카이치 사나에 총리와 정상회담을 열었다.",
    "두 정상은 독도 문제와 강제징용 배상 문제는 논의하지 않았다. 양국은 인공지능 협력을 강화하기로 했다.",
)
JAPANESE_TEXTS = (
    JAPANESE,
    "日韓両国の外相は火曜日に東京で会談し、春に予定される首脳会談の準備を進めたと両国の関係者が明らかにした。",
    "双方は戦時中の徴用工への賠償問題や半導体材料の輸出管理、福島の処理水放出について協議した。",
    "韓国の外相は会談後、国内の政治的な圧力にかかわらずシャトル外交を続けたいと述べた。",
    "高市早苗首相は13日、奈良市で韓国の李在明大統領と会談した。両首脳はシャトル外交の継続で一致した。",
    "竹島の問題や慰安婦問題は取り上げられなかった。「未来志向の関係を築きたい」と高市首相は述べた。",
)
#: Names a news CMS prints with their accents (the BBC corpus is plain ASCII apart from "£").
_ACCENTED = {"Arsene": "Arsène", "Jose ": "José ", "Nestle": "Nestlé", "Beyonce": "Beyoncé", "Zurich": "Zürich",
             "Benitez": "Benítez", "Societe Generale": "Société Générale", "cafe": "café", "Gerard": "Gérard",
             "Citroen": "Citroën", "Telefonica": "Telefónica", "Lopez": "López", "Garcia": "García",
             "Malaga": "Málaga", "naive": "naïve", "fiance": "fiancé", "Chavez": "Chávez"}  # fmt: skip


@dataclass(frozen=True)
class LabelledCase:
    name: str
    data: bytes
    #: The right text; None when only a quarantine is right (the bytes lost characters).
    expected: str | None
    hostile: bool


def typeset(text: str) -> str:
    """What a news CMS does to typed text: accented names, curly quotes and apostrophes, en dashes."""
    for plain, accented in _ACCENTED.items():
        text = text.replace(plain, accented)
    text = re.sub(r"(?<=\S)'", "’", text).replace("'", "‘")
    text = re.sub(r'(^|[\s(\[])"', "\\1“", text, flags=re.M).replace('"', "”")
    return text.replace(" - ", " – ")


def labelled_cases(name: str, text: str, latin: bool, seed: str) -> list[LabelledCase]:
    """Clean encodings of ``text`` (must decode right) and its hostile corruptions."""
    rng = random.Random(f"{seed}/{name}")
    case = LabelledCase
    cases = [case(f"{name}/utf-8-sig", text.encode("utf-8-sig"), text, False)]
    cases.append(case(f"{name}/utf-16", text.encode("utf-16"), text, False))
    if latin:
        typed = typeset(text)
        for codec in ("cp1252", "mac_roman"):
            try:
                cases.append(case(f"{name}/{codec}", typed.encode(codec), typed, False))
            except UnicodeEncodeError:
                pass  # "½" has no mac-roman byte
        plain = text.translate(
            {0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x2014: "--", 0x2013: "-"}
        )
        for plain_name, accented in _ACCENTED.items():
            plain = plain.replace(plain_name, accented)
        if all(ord(char) < 0x100 for char in plain):
            cases.append(case(f"{name}/latin-1", plain.encode("latin-1"), plain, False))
        cut = typed.find("\n", len(typed) // 2)
        cut = len(typed) // 2 if cut < 0 else cut
        if all(ord(char) < 0x100 or char in "’‘“”–—€" for char in typed[cut:]):
            mixed = typed[:cut].encode() + typed[cut:].encode("cp1252")
            cases.append(case(f"{name}/utf-8+cp1252", mixed, typed, True))
    else:
        for codec in ("euc_kr", "cp949") if name.startswith("ko") else ("shift_jis", "euc_jp", "iso2022_jp"):
            cases.append(case(f"{name}/{codec}", text.encode(codec), text, False))
            # ISO-2022-JP ends on the escape back to ASCII: cutting its last byte loses no character.
            whole = text if codec == "iso2022_jp" else text[:-1]
            cases.append(case(f"{name}/{codec}-cut", text.encode(codec)[:-1], whole, True))
        other = "euc_kr" if name.startswith("ko") else "shift_jis"
        mixed = text[: len(text) // 2].encode() + text[len(text) // 2 :].encode(other)
        cases.append(case(f"{name}/utf-8+{other}", mixed, text, True))
    data = text.encode()
    strays = max(3, len(data) // 800)
    positions = [rng.randrange(len(data)) for _ in range(strays)]
    cases.append(
        case(f"{name}/stray-c1", _insert(data, positions, lambda _: rng.randrange(0x80, 0xA0)), text, True)
    )
    undefined = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
    positions = [rng.randrange(len(data)) for _ in range(strays)]
    cases.append(
        case(f"{name}/stray-undefined", _insert(data, positions, lambda _: rng.choice(undefined)), text, True)
    )
    one = _insert(data, [rng.randrange(len(data))], lambda _: rng.randrange(0x80, 0xA0))
    cases.append(case(f"{name}/stray-one", one, text, True))
    for every in (37, 200):
        cases.append(
            case(
                f"{name}/ff-every-{every}",
                _insert(data, range(0, len(data), every), lambda _: 0xFF),
                text,
                True,
            )
        )
    replaced = bytearray(data)
    replaced[::37] = b"\xff" * len(replaced[::37])
    cases.append(case(f"{name}/ff-replacing-every-37th", bytes(replaced), None, True))
    at = rng.randrange(len(data))
    burst = bytes(rng.randrange(256) for _ in range(64))
    cases.append(case(f"{name}/binary-burst", data[:at] + burst + data[at:], None, True))
    wide = [index for index, char in enumerate(text) if ord(char) > 0x7F]
    if wide:
        last = wide[len(wide) * 3 // 4]
        cases.append(case(f"{name}/cut-at-end", data[: len(text[:last].encode()) + 1], text[:last], True))
        picks = sorted(rng.sample(wide, min(3, len(wide))))
        damaged, kept, previous = b"", "", 0
        for index in picks:
            damaged += text[previous:index].encode() + text[index].encode()[:-1]
            kept += text[previous:index]
            previous = index + 1
        cases.append(
            case(f"{name}/cut-inside", damaged + text[previous:].encode(), kept + text[previous:], True)
        )
    return cases


def outcome(case: LabelledCase) -> str:
    """``right`` (the expected text), ``quarantined`` or ``garbage`` (published, but not the right text)."""
    decoded = decode_bytes(case.data)
    if decoded.text is None:
        assert decoded.reason is not None and decoded.detail
        return "quarantined"
    if decoded.text == case.expected:
        repaired = any(
            edit.step is CleanStep.DECODE and edit.rule != "byte_order_mark" for edit in decoded.edits
        )
        if repaired and decoded.encoding == "utf-8":
            assert _replay_decode(case.data, decoded) == decoded.text, case.name
        return "right"
    return "garbage"


def _bbc(first: int, last: int, step: int) -> list[tuple[str, str]]:
    from conftest import bbc_texts

    return [
        (f"bbc-{first + index}", text)
        for index, text in enumerate(bbc_texts(first, last))
        if index % step == 0
    ]


def _reuters(count: int, skip: int) -> list[tuple[str, str]]:
    from conftest import shared_corpus

    found = []
    with (shared_corpus("reuters21578") / "reuters21578.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["text_type"] == "NORM" and len(record.get("body") or "") > 400:
                found.append((f"reuters-{record['newid']}", record["body"]))
    return found[skip : skip + count]


def evaluation_set(half: str, step: int = 1) -> list[LabelledCase]:
    """The tuning half (samples, BBC 0-99, first Korean/Japanese half) or the held-out one."""
    if half == "tuning":
        latin = [(p.name[:3], p.read_text(encoding="utf-8")) for p in SAMPLE_FILES] + _bbc(0, 100, step)
        korean, japanese = KOREAN_TEXTS[:3], JAPANESE_TEXTS[:3]
    else:
        latin = _bbc(1000, 1200, step) + _reuters(100 // step, 0)
        korean, japanese = KOREAN_TEXTS[3:], JAPANESE_TEXTS[3:]
    cases = [case for name, text in latin for case in labelled_cases(name, text, True, half)]
    cases += labelled_cases("ko", "\n".join(korean), False, half)
    cases += labelled_cases("ja", "\n".join(japanese), False, half)
    return cases


@pytest.mark.parametrize("half", ["tuning", "held-out"])
def test_labelled_set_never_publishes_garbage(half: str) -> None:
    """Every 10th article of each half: clean encodings decode right; hostile bytes come out right or
    quarantined. A single stray byte can land where it reads as real typography ("discus’s" for "discuss",
    "and’ ability"): no reading can tell, so up to 1 % of the hostile cases may publish such a text."""
    counts = {"right": 0, "quarantined": 0, "garbage": 0}
    clean_failures, garbage = [], []
    cases = evaluation_set(half, step=10)
    for case in cases:
        result = outcome(case)
        counts[result] += 1
        if not case.hostile and result != "right":
            clean_failures.append((case.name, result))
        elif result == "garbage":
            garbage.append(case.name)
    assert clean_failures == []
    assert len(garbage) <= sum(case.hostile for case in cases) // 100, garbage
    assert counts["right"] > 2 * counts["quarantined"], counts


def test_names_with_an_apostrophe_inside_are_real_text_not_a_stray():
    """cp1252 sports copy names N’Zogbia and Mo’unga: a capitalised name with letters on both sides of the
    apostrophe is real text (these were quarantined as implausible); a stray inside a known word still counts."""
    from pipeline.ingest.plausible import suspects

    text = (
        "Newcastle fielded N’Zogbia on the left, while the All Blacks named Mo’unga at fly-half; "
        "the manager’s assistant said the Ba’ath-era stadium was full."
    )
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")
    assert [s.char for s in suspects("Leaders meet in Ja’pan today, and in Japan tomorrow.")] == ["’"]
