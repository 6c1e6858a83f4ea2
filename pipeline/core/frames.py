"""Putting a table's rows in document order without copying what is already in order."""

from collections.abc import Sequence

import polars as pl


def in_document_order(
    frame: pl.DataFrame, ids: Sequence[str] | pl.Series, *, by: str = "doc_id"
) -> pl.DataFrame:
    """``frame``'s rows of the documents ``ids``, in that order, a document's own rows in the order they had.
    A frame already in order (a cold run, a warm one over an unchanged corpus, one worker's output) is returned
    as it is, without a copy; otherwise the order is worked out on two narrow columns and the table gathered
    once."""
    if _in_order(frame[by], ids):
        return frame
    order = pl.DataFrame({by: ids}, schema={by: pl.String}).with_row_index("_doc_order")
    rows = (
        frame.select(by)
        .with_row_index("_row")
        .join(order, on=by, how="inner")
        .sort("_doc_order", "_row")["_row"]
    )
    return frame[rows]


def _in_order(column: pl.Series, ids: Sequence[str] | pl.Series) -> bool:
    """Whether ``column`` holds each document's rows in one run, the runs in the order of ``ids`` and only ids
    of ``ids``: checked on one value a run, where joining and sorting a row number per row held memory of the
    size of the whole id column (docs/performance.md, "Bounding the steps")."""
    runs = column.rle().struct.field("value")
    ids = pl.Series(ids, dtype=pl.String)
    listed = ids.filter(ids.is_in(runs.implode()))
    return runs.len() == listed.len() and bool((runs == listed).all())
