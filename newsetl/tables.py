"""Render a query result as a Markdown table (the SQL examples in the README and docs are written this way)."""

import polars as pl


def _cell(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value).replace("\n", " ").replace("|", "\\|")


def markdown_table(frame: pl.DataFrame) -> str:
    """
    >>> print(markdown_table(pl.DataFrame({"issue": ["cptpp"], "n": [2], "share": [0.5]})))
    | issue | n | share |
    |---|---|---|
    | cptpp | 2 | 0.500 |
    """
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join(lines)
