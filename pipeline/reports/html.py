"""One self-contained HTML page: the pictures inlined as base64, each with its table; no external reference."""

import base64
import html

import polars as pl

_CSS = (
    "body{font-family:sans-serif;margin:2em;max-width:1400px}"
    "table{border-collapse:collapse;margin:0.5em 0 2em}"
    "td,th{border:1px solid #ccc;padding:2px 8px;font-size:0.85em}th{background:#eee}"
    "td.n{text-align:right}img{max-width:100%}"
)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def html_table(frame: pl.DataFrame, caption: str) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in frame.columns)
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]
    rows = []
    for row in frame.iter_rows():
        cells = []
        for value, is_number in zip(row, numeric, strict=True):
            text = f"{value:.3f}" if isinstance(value, float) else ("" if value is None else str(value))
            cells.append(
                f'<td class="n">{html.escape(text)}</td>' if is_number else f"<td>{html.escape(text)}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(frame.columns)}">none</td></tr>')
    return f"<table><caption>{html.escape(caption)}</caption><tr>{head}</tr>{''.join(rows)}</table>"


def report_html(
    title: str, sections: list[tuple[str, bytes, list[tuple[str, pl.DataFrame]]]], note: str | None = None
) -> str:
    """``sections``: (heading, PNG, [(caption, table), …]) in page order; ``note``, a paragraph under the title."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    if note:
        parts.append(f'<p class="note">{html.escape(note)}</p>')
    for heading, png, tables in sections:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.append(f'<img alt="{html.escape(heading)}" src="{data_uri(png)}">')
        parts += [html_table(frame, caption) for caption, frame in tables]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
