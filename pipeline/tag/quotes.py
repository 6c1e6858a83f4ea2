"""Direct quotations and who said them: “…,” Ishiba said. / said Jo Yang-hyeon, a professor … / He added: “…”.

A quotation is a span between quote marks inside one paragraph. Scrapes are careless with marks (”Peace and
stability …” opens with a closing mark), so a mark's role comes from where it stands: after a space or at the
start of a paragraph it opens, after a letter or punctuation it closes. Short marked phrases without an
attribution (“as partners”, “comfort women”) are scare quotes or terms, not quotations, and are left out.

The speaker is what the text says, read from the words around the marks:

* after the closing mark: ``, Ishiba said`` / ``, said Jo Yang-hyeon, a professor …`` / ``, he added`` /
  ``, according to a joint statement``;
* before the opening mark: ``Lee said, “…”`` / ``He told reporters: “…”``;
* Japanese 「…」と述べた and Korean “…”라고 말했다 are kept as attributed quotations; their speaker is the
  person named before them in the same sentence (a bare title, 首相 or 이 대통령, is left unresolved).

A pronoun speaker ("he said") is resolved to the person the document last named before the quotation; the
speaker's entity is the gazetteer person tagged at (or, for pronouns, last before) that spot.
"""

import bisect
import math
import re
from dataclasses import dataclass

import polars as pl

from pipeline.core.schemas import Quotes, polars_schema
from pipeline.text.quote_marks import quote_spans

QUOTE_SCHEMA = polars_schema(Quotes)

# An unattributed marked phrase shorter than this is a term or a scare quote, not a quotation.
MIN_UNATTRIBUTED_WORDS = 6
_VERBS = (
    r"(?:said|says|told|tells|added|adds|noted|stressed|emphasi[sz]ed|explained|warned|argued|insisted|asked|"
    r"wrote|stated|remarked|continued|replied|acknowledged|declared|urged|pointed out)"
)
_TITLE = (
    r"(?:(?:Prime|Foreign|Defense|Defence|Trade) Minister|President|Minister|Secretary|Professor|Prof\.|Dr\.|"
    r"Mr\.|Ms\.|Mrs\.|Ambassador|Chairman|Spokesperson|Spokesman|Spokeswoman)"
)
_NAME = rf"(?:{_TITLE}\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,3}}"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey)"
_AFTER = [
    re.compile(rf"^[,.]?\s*{_VERBS}\s+(?P<speaker>{_NAME})"),
    re.compile(rf"^[,.]?\s*(?P<speaker>{_NAME}|{_PRONOUN})\s+{_VERBS}\b"),
    re.compile(r"^[,.]?\s*according to (?P<speaker>[^.,;:”\"—–(]{3,60}?)(?=\s*[.,;:—–(]|$)"),
]
_BEFORE = [
    re.compile(rf"(?P<speaker>{_NAME}|{_PRONOUN})\s+{_VERBS}(?:\s+[a-z]+)?\s*[,:]\s*$"),
    re.compile(rf"{_VERBS}\s+(?P<speaker>{_NAME})\s*[,:]\s*$"),
]
_CJK_ATTRIBUTION = re.compile(
    r"^\s*(?:と(?:述べ|語っ|話し|強調し|説明し|指摘し)|(?:이?라고|고) (?:말했|밝혔|강조했|덧붙였))"
)
#: Marks that can open a quotation (scrapes often open with a closing mark: ”Peace and stability …).
_HEAD_CHARS = 400


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # the quoted words, marks excluded
    end: int
    speaker: str | None
    speaker_start: int | None  # where the speaker's name stands, when the text names one


def find_quotes(text: str) -> list[Quote]:
    """Quotations in a document's text, with the speaker the text gives (offsets are into ``text``)."""
    quotes = []
    for para in re.finditer(r"[^\n]+", text):
        paragraph, base = para.group(0), para.start()
        for start, end in quote_spans(paragraph):
            quoted = paragraph[start:end].strip(" ,")
            # The words before a quotation are read back _HEAD_CHARS at most: a speaker's name and verb are far
            # shorter, and reading the paragraph from its start costs quotations times paragraph length.
            head_from = max(start - 1 - _HEAD_CHARS, 0)
            tail, head = paragraph[end + 1 : end + 121], paragraph[head_from : start - 1]
            speaker = speaker_at = None
            for pattern in _AFTER:
                if m := pattern.match(tail):
                    speaker, speaker_at = m.group("speaker"), base + end + 1 + m.start("speaker")
                    break
            else:
                sentence_head = re.split(r"(?<=[.!?])\s+", head)[-1]
                for pattern in _BEFORE:
                    if m := pattern.search(sentence_head):
                        speaker = m.group("speaker")
                        speaker_at = base + head_from + len(head) - len(sentence_head) + m.start("speaker")
                        break
            cjk = bool(_CJK_ATTRIBUTION.match(tail))
            if speaker is None and not cjk and len(quoted.split()) < MIN_UNATTRIBUTED_WORDS:
                continue
            if speaker is None and not cjk and not quoted.rstrip().endswith((",", ".", "?", "!")):
                continue  # a long marked phrase inside a sentence ("stand on the right side of history")
            quotes.append(Quote(base + start, base + end, speaker, speaker_at))
    return quotes


def people_mentions(mentions: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """The mentions of people (the speakers quotes can have): doc_id, char_start, char_end, entity_id, surface."""
    people = entities.filter(pl.col("type") == "person").select("entity_id")
    return mentions.join(people, on="entity_id", how="semi").select(
        "doc_id", "char_start", "char_end", "entity_id", "surface"
    )


def extract_quotes(documents: pl.DataFrame, sentences: pl.DataFrame, speakers: pl.DataFrame) -> pl.DataFrame:
    """The ``quotes`` table: one row per quotation, in the sentence it opens in, with its speaker.

    ``speakers`` are ``people_mentions``: a document's quotes depend on its text, sentences and those only."""
    person_mentions: dict[str, list[tuple[int, int, str, str]]] = {}
    for doc_id, start, end, entity_id, surface in speakers.iter_rows():
        person_mentions.setdefault(doc_id, []).append((start, end, entity_id, surface))
    starts: dict[str, list[tuple[int, int]]] = {}
    for doc_id, idx, start in sentences.select("doc_id", "sentence_idx", "char_start").iter_rows():
        starts.setdefault(doc_id, []).append((start, idx))
    for opened in starts.values():
        opened.sort()
    rows = []
    for doc_id, text in documents.select("doc_id", "text").iter_rows():
        found = sorted(person_mentions.get(doc_id, []))
        previous: tuple[int, str | None, str | None] | None = None  # end, speaker, entity of the last quote
        for n, q in enumerate(find_quotes(text)):
            # The last sentence starting at or before the quotation.
            opened = starts.get(doc_id, [])
            at = bisect.bisect_right(opened, (q.start, math.inf))
            sentence_start, sentence_idx = opened[at - 1] if at else (0, 0)
            speaker, entity_id = _resolve(q, found, sentence_start)
            opens_paragraph = q.start <= 1 or text[q.start - 2] == "\n"
            gap = text[previous[0] : q.start] if previous else ""
            if speaker is None and previous and (opens_paragraph or "\n" not in gap) and gap.count("\n") <= 2:
                # News style goes on quoting a speaker, later in the paragraph or in the next one, without
                # naming them again.
                _, speaker, entity_id = previous
            previous = (q.end, speaker, entity_id)
            rows.append(
                {
                    "doc_id": doc_id,
                    "quote_idx": n,
                    "sentence_idx": sentence_idx,
                    "speaker": speaker,
                    "speaker_entity_id": entity_id,
                    "text": text[q.start : q.end],
                    "char_start": q.start,
                    "char_end": q.end,
                }
            )
    return pl.DataFrame(rows, schema=QUOTE_SCHEMA)


def _resolve(
    q: Quote, people: list[tuple[int, int, str, str]], sentence_start: int
) -> tuple[str | None, str | None]:
    """(speaker, entity) for a quotation, given the document's person mentions sorted by offset."""
    if q.speaker_start is None:
        if q.speaker is None:  # CJK attribution: the person named before the quote in its own sentence
            before = [p for p in people if sentence_start <= p[0] < q.start]
            return (before[-1][3], before[-1][2]) if before else (None, None)
        return q.speaker, None
    end = q.speaker_start + len(q.speaker)
    at = [p for p in people if p[0] < end and q.speaker_start < p[1]]
    if at:
        return q.speaker, at[0][2]
    if re.fullmatch(_PRONOUN, q.speaker):
        before = [p for p in people if p[1] <= q.start]
        return (before[-1][3], before[-1][2]) if before else (q.speaker, None)
    return q.speaker, None
