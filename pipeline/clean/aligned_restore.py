"""Restore a spun copy word for word from its unspun original in the same corpus.

A content farm's copy usually has its source in the same archive. The de-spinner alone must guess what each
odd word replaced; with the original at hand, nothing needs guessing: the two copies are aligned word by word
(``pipeline.despin.word_alignment``) and every swap is put back as the original has it.

Pairs come from the duplicate detector's candidates (``pipeline.dedup.near``: shared word shingles or the same
names and numbers in the same order). A pair is a spun copy and its original only when its differences look
like a spinner's and nothing else (``judge``):

* enough short swaps between long equal anchors, at a density a spinner makes (``MIN_SWAPS``,
  ``MIN_SWAPS_PER_100_WORDS``), and few other differences (rewrites, inserted words) between them;
* a share of the swaps a thesaurus relates (``MIN_RELATED_SHARE``): synonyms, not edits;
* one side reads worse at most swaps (rarer words, a worse fit for the trigram model): that side is the spun
  copy (``MIN_DIRECTION_SHARE``).

Each spun copy is restored from one original, and no original is itself restored: where two spins of one
article also pair with each other, the pairs whose original is no one's spun copy win (``_choose``).

A legitimately edited copy (updated, another headline, an added paragraph, British spellings, corrected
figures) has no such swaps: its differences are structural or protected (numbers, names, dates, speakers,
spellings), and protected differences are never restored even in a spun copy.

The restoration runs on the copy's text as the de-spinner received it (its own restorations undone), so each
``cleaning_edits`` row of step ``despin`` still indexes that text: swaps become ``aligned_copy`` edits naming
their ``source_doc_id``; the de-spinner's edits where the copy reads as the original are dropped (it changed a
word the original has), and the rest are kept. Corpus-wide, so it runs once over all cleaned articles, before
paragraphs and sentences are built.
"""

import hashlib
from collections.abc import MutableSet
from dataclasses import dataclass

import polars as pl

from pipeline.clean.articles import ARTICLES_SCHEMA, EDITS_SCHEMA
from pipeline.core.constants import CleanStep, ParagraphKind
from pipeline.core.frames import in_document_order
from pipeline.dedup.clusters import signatures_of
from pipeline.dedup.near import find_pairs
from pipeline.despin.restore import spin_score
from pipeline.despin.word_alignment import Alignment, Difference, align
from pipeline.text.language import detect_language

RULE_ALIGNED_COPY = "aligned_copy"

#: A spun copy differs from its original by at least this many swaps...
MIN_SWAPS = 5
#: ...at least this many per 100 words (spinners swap 4-12; a legitimate copy has next to none)...
MIN_SWAPS_PER_100_WORDS = 1.5
#: ...of which at least this share a thesaurus relates...
MIN_RELATED_SHARE = 0.4
#: ...with at most this many words of other differences inside sentences per swap...
MAX_STRUCTURAL_PER_SWAP = 1.0
#: ...and the copy reading worse at this share of the swaps where one side reads better by
#: ``DIRECTION_MARGIN`` (nats of trigram fit per word plus Zipf points).
MIN_DIRECTION_SHARE = 0.7
DIRECTION_MARGIN = 0.5
MAX_CONFIDENCE = 0.99
#: Candidate pairs share this much (estimated Jaccard of word 5-shingles, or of the names and numbers in order):
#: looser than clustering (0.5, 0.7), since a spun copy's swapped titles ("President" -> "Chief") are
#: capitalised words too, and ``judge`` is the real test.
CANDIDATE_TEXT_JACCARD = 0.3
CANDIDATE_IMMUTABLES_JACCARD = 0.5
#: Copies longer than this are not aligned (word alignment grows faster than their length); news is far shorter.
MAX_ALIGNED_CHARS = 300_000


@dataclass(frozen=True)
class Verdict:
    """A pair judged: the spun copy, its original, and the alignment of the two (``a`` = the copy)."""

    spun: str
    original: str
    alignment: Alignment
    swaps: int
    related: int
    agree: int  # swaps where the original reads better
    disagree: int  # swaps where the copy reads better
    accepted: bool

    @property
    def direction_share(self) -> float:
        decided = self.agree + self.disagree
        return self.agree / decided if decided else 0.0

    @property
    def other_changes(self) -> int:
        """Differences between the two that are not swaps (protected or structural)."""
        return sum(c.kind is not Difference.SWAP for c in self.alignment.changes)

    @property
    def confidence(self) -> float:
        """Of each restored swap: the share of the pair's swaps that read the copy as the spun side (below 1: the
        direction is inferred)."""
        return round(min(self.direction_share, MAX_CONFIDENCE), 3)


def judge(a_id: str, a_text: str, b_id: str, b_text: str) -> Verdict:
    """Whether one of two copies is a spun copy of the other, and which (texts as the de-spinner got them)."""
    if a_id > b_id:  # the same verdict whichever copy comes first
        a_id, a_text, b_id, b_text = b_id, b_text, a_id, a_text
    alignment = align(a_text, b_text)
    swaps = alignment.swaps()
    b_better = sum(c.b_reads_better > DIRECTION_MARGIN for c in swaps)
    a_better = sum(c.b_reads_better < -DIRECTION_MARGIN for c in swaps)
    if a_better > b_better:
        a_id, a_text, b_id, b_text = b_id, b_text, a_id, a_text
        alignment, a_better, b_better = alignment.flipped(), b_better, a_better
    words = min(sum(t.is_word for t in alignment.a), sum(t.is_word for t in alignment.b))
    related = sum(c.related for c in swaps)
    structural = _inline_structural_words(alignment, a_text, b_text)
    n = len(swaps)
    accepted = (
        n >= MIN_SWAPS
        and 100 * n >= MIN_SWAPS_PER_100_WORDS * words
        and related >= MIN_RELATED_SHARE * n
        and structural <= MAX_STRUCTURAL_PER_SWAP * n
        and b_better >= MIN_DIRECTION_SHARE * (a_better + b_better)
    )
    return Verdict(a_id, b_id, alignment, n, related, b_better, a_better, accepted)


def _inline_structural_words(alignment: Alignment, a_text: str, b_text: str) -> int:
    """Words of structural differences inside lines: whole lines added, removed or replaced (another headline,
    an update paragraph) are an editor's, and say nothing against spinning elsewhere."""
    total = 0
    for c in alignment.changes:
        if c.kind is not Difference.STRUCTURAL:
            continue
        ta, tb = alignment.a[c.i1 : c.i2], alignment.b[c.j1 : c.j2]
        if (ta and _whole_lines(a_text, ta[0].start, ta[-1].end)) or (
            tb and _whole_lines(b_text, tb[0].start, tb[-1].end)
        ):
            continue
        total += max(sum(t.is_word for t in ta), sum(t.is_word for t in tb))
    return total


def _whole_lines(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def candidate_pairs(prints: pl.DataFrame, restorations: pl.DataFrame) -> list[tuple[str, str]]:
    """Near and spun duplicate candidates (``pipeline.dedup.near``) among fingerprinted documents, by id, at
    looser similarities than clustering asks for: ``judge`` decides.

    Exact duplicates (one ``content_sha256``) stand for each other, so a corpus holding many copies of one
    article costs what one copy does; the one that speaks for them is the least restored by the de-spinner
    (``restorations``: ``doc_id``, ``n``). A copy the de-spinner restored into an exact duplicate of another is
    still a spun copy of it, so it is a candidate beside that one."""
    ranked = (
        prints.join(restorations, on="doc_id", how="left")
        .with_columns(pl.col("n").fill_null(0))
        .sort("content_sha256", "n", "doc_id")
    )
    first = ranked.select(pl.col("doc_id").first().over("content_sha256").alias("first"), "doc_id", "n")
    within = [(d, f) for f, d, n in first.iter_rows() if d != f and n > 0]
    speakers = ranked.unique("content_sha256", keep="first", maintain_order=True).sort("doc_id")
    ids = speakers["doc_id"].to_list()
    found = find_pairs(
        signatures_of(speakers), near=CANDIDATE_TEXT_JACCARD, same_immutables=CANDIDATE_IMMUTABLES_JACCARD
    )
    return [(ids[p.a], ids[p.b]) for p in found] + within


@dataclass(frozen=True, slots=True)
class _Span:
    """A replacement of ``text[start:end]`` by ``after`` in the copy as the de-spinner received it."""

    start: int
    end: int
    after: str | None  # None: a de-spinner edit absorbed into the swap it overlaps
    rule: str = RULE_ALIGNED_COPY
    confidence: float = 1.0
    source: str | None = None


def restore_spun_copies(
    articles: pl.DataFrame,
    edits: pl.DataFrame,
    prints: pl.DataFrame,
    rejected: MutableSet[str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, list[Verdict]]:
    """``articles`` and ``cleaning_edits`` with every spun copy restored from its original, and the pairs found.

    ``prints`` are the articles' ``pipeline.dedup.clusters.fingerprints``. ``rejected`` holds the ``pair_key``
    of pairs an earlier run judged not a spun copy and its original: they are not aligned again (a verdict
    depends on the two ids and texts alone, and a caller keeps such a set per code version). The pairs judged
    and rejected now are added to it. Frames come back as they were (not copied) when no copy is restored."""
    restorations = articles.select("doc_id", pl.col("restorations").list.len().alias("n"))
    pairs = candidate_pairs(prints, restorations)
    if not pairs:
        return articles, edits, []
    rows, received = _load(articles, {d for pair in pairs for d in pair})
    chosen = _choose([v for v in (_judged(a, b, received, rejected) for a, b in pairs) if v and v.accepted])
    if rejected is not None:  # only this corpus's pairs are worth keeping
        rejected &= {
            pair_key(a, received[a], b, received[b]) for a, b in pairs if a in received and b in received
        }
    # Exact duplicates of a spun copy were left out of the candidates: each is judged against its original too.
    twins = _exact_twins(prints, {v.spun: v.original for v in chosen}, {v.original for v in chosen})
    if twins:
        more_rows, more_received = _load(articles, set(twins))
        rows, received = rows | more_rows, received | more_received
        found = (_judged(twin, original, received) for twin, original in twins.items())
        chosen = sorted(
            [*chosen, *(v for v in found if v and v.accepted and v.spun in twins)], key=lambda v: v.spun
        )
    if not chosen:
        return articles, edits, []
    despin_edits = edits.filter(
        pl.col("doc_id").is_in([v.spun for v in chosen]) & (pl.col("step") == CleanStep.DESPIN.value)
    )
    new_rows, new_edits = [], []
    for verdict in chosen:
        row, original = rows[verdict.spun], rows[verdict.original]
        mine = despin_edits.filter(pl.col("doc_id") == verdict.spun).sort("edit_idx")
        spun = received[verdict.spun]
        alignment = verdict.alignment
        if original["text"] != received[verdict.original]:  # restore to what the original publishes
            alignment = align(spun, original["text"])
        restored, restored_edits = _restore(row, spun, original["text"], alignment, verdict, mine)
        new_rows.append(restored)
        new_edits.append(restored_edits)
    restored_ids = [v.spun for v in chosen]
    order = articles["doc_id"]
    articles = in_document_order(
        pl.concat(
            [
                articles.filter(~pl.col("doc_id").is_in(restored_ids)),
                pl.DataFrame(new_rows, schema=ARTICLES_SCHEMA),
            ]
        ),
        order,
    )
    kept = edits.filter(~(pl.col("doc_id").is_in(restored_ids) & (pl.col("step") == CleanStep.DESPIN.value)))
    edits = in_document_order(pl.concat([kept, *new_edits]).select(edits.columns), order)
    return articles, edits, chosen


def _load(articles: pl.DataFrame, ids: set[str]) -> tuple[dict[str, dict], dict[str, str]]:
    """The article rows of ``ids``, and their texts as the de-spinner received them."""
    rows = {r["doc_id"]: r for r in articles.filter(pl.col("doc_id").is_in(list(ids))).iter_rows(named=True)}
    return rows, {doc_id: _undone(row["text"], row["restorations"]) for doc_id, row in rows.items()}


def pair_key(a: str, a_text: str, b: str, b_text: str) -> str:
    """What a verdict on two copies depends on, in either order: their ids and texts (as the de-spinner got them)."""
    first, second = sorted([(a, a_text), (b, b_text)])
    digest = hashlib.sha256()
    for part in (*first, *second):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _judged(
    a: str, b: str, received: dict[str, str], rejected: MutableSet[str] | None = None
) -> Verdict | None:
    """The verdict on a pair, or None for a pair too long to align or already known to be rejected."""
    if a not in received or b not in received or max(len(received[a]), len(received[b])) > MAX_ALIGNED_CHARS:
        return None
    if rejected is None:
        return judge(a, received[a], b, received[b])
    key = pair_key(a, received[a], b, received[b])
    if key in rejected:
        return None
    verdict = judge(a, received[a], b, received[b])
    if not verdict.accepted:
        rejected.add(key)
    return verdict


def _exact_twins(prints: pl.DataFrame, original_of: dict[str, str], originals: set[str]) -> dict[str, str]:
    """Each other document with the content of a chosen spun copy (not an original) -> that copy's original."""
    digests = prints.filter(pl.col("doc_id").is_in(list(original_of))).select("doc_id", "content_sha256")
    copy_of_digest = dict(zip(digests["content_sha256"], digests["doc_id"], strict=True))
    twins = prints.filter(
        pl.col("content_sha256").is_in(list(copy_of_digest))
        & ~pl.col("doc_id").is_in([*original_of, *originals])
    )
    return {
        doc_id: original_of[copy_of_digest[digest]]
        for doc_id, digest in twins.select("doc_id", "content_sha256").iter_rows()
    }


def _choose(verdicts: list[Verdict]) -> list[Verdict]:
    """One original per spun copy, and no document both. Originals that are no one's spun copy come first (two
    spins of one article also pair with each other), then the originals the copy differs from in nothing but
    swaps (its source, not another version of the story under another headline), then the most one-sided
    pairs; ties by id."""
    copies = {v.spun for v in verdicts}
    ranked = sorted(
        verdicts,
        key=lambda v: (v.original in copies, v.other_changes, -v.direction_share, v.spun, v.original),
    )
    spun: set[str] = set()
    originals: set[str] = set()
    chosen = []
    for v in ranked:
        if v.spun in spun or v.spun in originals or v.original in spun:
            continue
        spun.add(v.spun)
        originals.add(v.original)
        chosen.append(v)
    return sorted(chosen, key=lambda v: v.spun)


def _undone(text: str, restorations: list[dict] | None) -> str:
    """The copy as the de-spinner received it: its restorations put back the way the spinner wrote them."""
    for r in sorted(restorations or [], key=lambda r: r["char_start"], reverse=True):
        text = text[: r["char_start"]] + r["before"] + text[r["char_end"] :]
    return text


def _restore(
    row: dict, spun: str, original: str, alignment: Alignment, verdict: Verdict, despun: pl.DataFrame
) -> tuple[dict, pl.DataFrame]:
    """The article row of a spun copy restored from ``original`` (its published text), and its new despin
    edits (on ``spun``, the copy as the de-spinner received it)."""
    a, b = alignment.a, alignment.b
    swaps, others = [], []
    for c in alignment.changes:
        start = a[c.i1].start if c.i1 < c.i2 else (a[c.i1].start if c.i1 < len(a) else len(spun))
        end = a[c.i2 - 1].end if c.i1 < c.i2 else start
        if c.kind is Difference.SWAP:
            after = original[b[c.j1].start : b[c.j2 - 1].end]
            swaps.append(_Span(start, end, after, confidence=verdict.confidence, source=verdict.original))
        else:
            others.append((start, end))
    spans: list[_Span] = list(swaps)
    for rule, before, after, char_start, confidence in despun.select(
        "rule", "before", "after", "char_start", "confidence"
    ).iter_rows():
        start, end = char_start, char_start + len(before)
        if any(s.start < end and start < s.end for s in swaps):
            spans.append(_Span(start, end, None))  # the original decides there
        elif any(s < end and start < e or (s == e and start < s < end) for s, e in others):
            spans.append(
                _Span(start, end, after, rule, confidence)
            )  # a difference the copy keeps: its own call
        # else: the copy reads as the original there, so the de-spinner changed a word the original has
    final = _components(spun, spans)
    return _restored_row(row, spun, final, despun.height), _edits_frame(
        row["doc_id"], spun, final, row["n_edits"] - despun.height
    )


def _components(spun: str, spans: list[_Span]) -> list[_Span]:
    """Overlapping spans joined into one edit each: a swap with the de-spinner edits it absorbs."""
    out: list[list[_Span]] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and span.start < max(s.end for s in out[-1]):
            out[-1].append(span)
        else:
            out.append([span])
    final = []
    for group in out:
        if len(group) == 1 and group[0].after is not None:
            final.append(group[0])
            continue
        start, end = group[0].start, max(s.end for s in group)
        pieces, last = [], start
        swaps = [s for s in group if s.rule == RULE_ALIGNED_COPY and s.after is not None]
        for s in swaps:
            pieces += [spun[last : s.start], s.after]
            last = s.end
        pieces.append(spun[last:end])
        final.append(
            _Span(start, end, "".join(pieces), RULE_ALIGNED_COPY, swaps[0].confidence, swaps[0].source)
        )
    return [s for s in final if s.after != spun[s.start : s.end]]


def _restored_row(row: dict, spun: str, final: list[_Span], old_despin_edits: int) -> dict:
    pieces, restorations, last, shift = [], [], 0, 0
    shifts: list[tuple[int, int]] = []  # (end of an edit in the spun text, shift of everything from there on)
    for s in final:
        pieces += [spun[last : s.start], s.after]
        restorations.append(
            {
                "char_start": s.start + shift,
                "char_end": s.start + shift + len(s.after),
                "before": spun[s.start : s.end],
            }
        )
        shift += len(s.after) - (s.end - s.start)
        shifts.append((s.end, shift))
        last = s.end
    pieces.append(spun[last:])
    text = "".join(pieces)
    undone = sorted(row["restorations"] or [], key=lambda r: r["char_start"])

    def moved(offset: int) -> int:
        # despun text -> the text the de-spinner received -> the restored text
        back = sum(
            r["char_end"] - r["char_start"] - len(r["before"]) for r in undone if r["char_end"] <= offset
        )
        offset -= back
        return offset + next((sh for end, sh in reversed(shifts) if end <= offset), 0)

    old_text = row["text"]
    blocks = [
        {**b, "char_start": moved(b["char_start"]), "char_end": moved(b["char_end"])} for b in row["blocks"]
    ]
    fields = {}
    for block, new in zip(row["blocks"], blocks, strict=True):
        field = _FIELD_OF_BLOCK.get(block["kind"])
        if field and row[field] == old_text[block["char_start"] : block["char_end"]]:
            fields[field] = text[new["char_start"] : new["char_end"]]
    language, method = detect_language(text)
    return {
        **row,
        **fields,
        "text": text,
        "blocks": blocks,
        "restorations": restorations,
        "spin_score": spin_score(len(final), spun),
        "n_edits": row["n_edits"] - old_despin_edits + len(final),
        "language": language,
        "language_method": method,
    }


#: Fields that repeat a block's text (the byline field is the names alone, which no swap touches).
_FIELD_OF_BLOCK = {ParagraphKind.HEADLINE.value: "title", ParagraphKind.DEK.value: "dek"}


def _edits_frame(doc_id: str, spun: str, final: list[_Span], first_idx: int) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (
                doc_id,
                first_idx + k,
                CleanStep.DESPIN.value,
                s.rule,
                spun[s.start : s.end],
                s.after,
                s.start,
                s.confidence,
                s.source,
            )
            for k, s in enumerate(final)
        ],
        schema=EDITS_SCHEMA,
        orient="row",
    )
