"""Do spans slice back out of their documents? The rule every span table keeps, checked in time linear in the text.

A span is ``[char_start, char_end)`` in characters of ``documents.text``. Slicing a string by characters counts
from its start (UTF-8 has no fixed width), so comparing each span by a character slice costs spans times
document length: 26 minutes for the 3.85M issue mentions of one 200 MB file (issue #24). Here each document's
character offsets become byte offsets in one pass over its text (a running sum of every character's UTF-8
length), and each span is compared as a byte slice, which costs only the span.
"""

import numpy as np
import polars as pl

#: Characters of text turned into byte offsets at once: the working arrays take about 13 bytes a character.
_BATCH_CHARS = 8_000_000


def offset_violations(
    child: pl.DataFrame | pl.LazyFrame, documents: pl.DataFrame | pl.LazyFrame, text_column: str = "text"
) -> pl.DataFrame:
    """Rows of ``child`` whose [char_start, char_end) span does not slice its document's text to its own text.

    Also catches rows whose ``doc_id`` has no document at all and spans outside the text or reversed. Either
    side may be a lazy scan: only the four columns compared are collected, then the bad rows in full.
    """
    child = child.lazy()
    docs = documents.lazy().select("doc_id", "text").collect().with_row_index("_doc")
    spans = (
        child.select("doc_id", "char_start", "char_end", text_column)
        .with_row_index("_span")
        .join(docs.lazy().select("doc_id", "_doc"), on="doc_id", how="left", maintain_order="left")
        .collect()
    )
    texts = docs["text"]
    found = spans["_doc"].is_not_null().to_numpy()
    doc = spans["_doc"].fill_null(0).to_numpy()
    starts = byte_offsets(texts, doc, spans["char_start"].fill_null(-1).to_numpy())
    ends = byte_offsets(texts, doc, spans["char_end"].fill_null(-1).to_numpy())
    in_range = found & (starts >= 0) & (ends >= starts)
    compared = spans.select(
        "_span",
        pl.Series("_in_range", in_range),
        texts.gather(doc).cast(pl.Binary).alias("_doc_text"),
        pl.Series("_start", np.where(in_range, starts, 0)),
        pl.Series("_length", np.where(in_range, ends - starts, 0)),
        pl.col(text_column).cast(pl.Binary).alias("_text"),
    )
    sliced = pl.col("_doc_text").bin.slice(pl.col("_start"), pl.col("_length"))
    bad = compared.filter(~pl.col("_in_range") | sliced.ne_missing(pl.col("_text")))["_span"]
    if bad.is_empty():
        return child.head(0).collect()
    return child.with_row_index("_span").filter(pl.col("_span").is_in(bad.implode())).drop("_span").collect()


def byte_offsets(texts: pl.Series, doc: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """The UTF-8 byte offset of character ``chars[i]`` of ``texts[doc[i]]``; -1 where it lies outside the text.

    >>> byte_offsets(pl.Series(["añb", "ab"]), np.array([0, 0, 1, 1]), np.array([2, 3, 1, 3])).tolist()
    [3, 4, 1, -1]
    """
    chars = chars.astype(np.int64)
    lengths = texts.str.len_chars().to_numpy().astype(np.int64)
    out = np.where((chars >= 0) & (chars <= lengths[doc]), chars, -1)
    # ASCII texts (bytes == characters) need nothing more; the others are read a batch of texts at a time.
    wide = np.flatnonzero(texts.str.len_bytes().to_numpy() != lengths)
    todo = np.isin(doc, wide) & (out >= 0)
    if not todo.any():
        return out
    batch: list[int] = []
    size = 0
    for d in wide:
        batch.append(int(d))
        size += int(lengths[d])
        if size >= _BATCH_CHARS:
            _convert(texts, batch, doc, out, todo)
            batch, size = [], 0
    if batch:
        _convert(texts, batch, doc, out, todo)
    return out


def _convert(texts: pl.Series, batch: list[int], doc: np.ndarray, out: np.ndarray, todo: np.ndarray) -> None:
    """Turn the character offsets in ``out`` of the rows on documents ``batch`` into byte offsets, in place."""
    joined = "".join(texts.gather(batch).to_list())
    code = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    width = 1 + (code >= 0x80).astype(np.uint8) + (code >= 0x800) + (code >= 0x10000)
    running = np.zeros(len(code) + 1, dtype=np.int64)
    np.cumsum(width, out=running[1:])
    lengths = texts.gather(batch).str.len_chars().to_numpy().astype(np.int64)
    base = np.zeros(len(batch), dtype=np.int64)
    np.cumsum(lengths[:-1], out=base[1:])
    # Where each batch document starts in the joined text, looked up per row.
    position = np.full(len(texts), -1, dtype=np.int64)
    position[batch] = base
    rows = np.flatnonzero(todo & (position[doc] >= 0))
    first = position[doc[rows]]
    out[rows] = running[first + out[rows]] - running[first]
