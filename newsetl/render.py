"""Text for a terminal: tables without dtype rows that fit the width, wrapped text, whitespace made visible.

One renderer for every read command (`snapshots`, `show`, `sql`, `diff`); `--json` never comes here. Widths are
display columns: a Hangul or kanji character takes two, so Korean and Japanese text lines up too.
"""

import datetime as dt
import shutil
import textwrap
import unicodedata

#: Shown for a SQL NULL (the Markdown tables write it the same way).
NULL = "NULL"
#: What a whitespace character looks like when it must be seen (an edit that only changes whitespace).
VISIBLE = {" ": "␠", "\n": "⏎", "\t": "⇥", "\r": "␍", "\u00a0": "⍽"}
GAP = "  "


def terminal_width() -> int:
    """The terminal's columns ($COLUMNS when set, 100 when stdout is no terminal), never below 40."""
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def clip(text: str, width: int) -> tuple[str, int]:
    """``text`` cut to ``width`` display columns, its last one "…" when cut, and how many characters were cut."""
    if display_width(text) <= width:
        return text, 0
    used = end = 0
    while used + char_width(text[end]) <= width - 1:
        used += char_width(text[end])
        end += 1
    return text[:end] + "…", len(text) - end


def pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def visible(text: str) -> str:
    """``text`` with its whitespace shown where it matters: every newline, tab and unusual space, and the spaces
    at either end or next to other whitespace (a single space between two words stays a space)."""
    if text == "":
        return "∅"
    out = []
    for i, char in enumerate(text):
        if char == " ":
            alone = 0 < i < len(text) - 1 and not text[i - 1].isspace() and not text[i + 1].isspace()
            out.append(" " if alone else VISIBLE[" "])
        elif char.isspace():
            out.append(VISIBLE.get(char, "␣"))
        else:
            out.append(char)
    return "".join(out)


def cell(value: object) -> str:
    """One value on one line: lists joined, times to the second, floats to three decimals, newlines visible."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S")
        if value.tzinfo is None:
            return text
        return text + (" UTC" if value.utcoffset() == dt.timedelta(0) else value.strftime(" %z"))
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    text = str(value)
    return "".join(VISIBLE.get(c, c) if c in "\n\t\r" else c for c in text)


def _numeric(values: list[object]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)


def _fit(natural: list[int], data: list[int], ids: list[bool], width: int) -> list[int]:
    """Column widths summing (with gaps) to at most ``width``. Headers longer than their values are cut first
    (down to 4 columns), then the widest columns give way, none below 6 columns, and identifiers (``*_id``
    columns, which people copy) never below their values."""
    widths = list(natural)
    budget = width - len(GAP) * (len(widths) - 1)
    last = [max(4, d) if i else min(n, 6) for n, d, i in zip(natural, data, ids, strict=True)]
    for floor in ([max(4, d) for d in data], last):
        while sum(widths) > budget:
            i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
            if widths[i] <= floor[i]:
                break
            widths[i] -= 1
    return widths  # may still overflow: a table of many columns wraps rather than lose them


def table(frame, *, width: int | None = None, full: bool = False) -> str:
    """A Polars frame as an aligned text table: a header, a rule, one line per row (``full``: long cells wrapped
    over several lines; otherwise cut with "…" and a last line saying how much was left out)."""
    width = width or terminal_width()
    columns = list(frame.columns)
    if not columns:
        return "(no columns)"
    rows = [[cell(v) for v in row] for row in frame.iter_rows()]
    numeric = [_numeric(frame[c].to_list()) for c in columns]
    natural = [max([display_width(c), *(display_width(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    data = [max([0, *(display_width(r[i]) for r in rows)]) for i in range(len(columns))]
    widths = _fit(natural, data, [c == "id" or c.endswith("_id") for c in columns], width)
    lines = [
        GAP.join(pad(clip(c, w)[0], w, right=n) for c, w, n in zip(columns, widths, numeric, strict=True))
    ]
    lines.append(GAP.join("─" * w for w in widths))
    cut_cells = cut_chars = 0
    for row in rows:
        if full:
            parts = [_wrap_cell(v, w) for v, w in zip(row, widths, strict=True)]
            for k in range(max(len(p) for p in parts)):
                lines.append(GAP.join(pad(p[k] if k < len(p) else "", w, right=n)
                                      for p, w, n in zip(parts, widths, numeric, strict=True)))  # fmt: skip
            continue
        shown = []
        for value, w, n in zip(row, widths, numeric, strict=True):
            text, cut = clip(value, w)
            cut_cells, cut_chars = cut_cells + bool(cut), cut_chars + cut
            shown.append(pad(text, w, right=n))
        lines.append(GAP.join(shown))
    lines = [line.rstrip() for line in lines]
    lines.append(f"({plural(len(rows), 'row')})")
    if cut_cells:
        lines.append(f"… ({cut_chars:,} more characters in {plural(cut_cells, 'cell')}; --full)")
    return "\n".join(lines)


def _wrap_cell(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken after a space where one is near enough."""
    out: list[str] = []
    while display_width(text) > width:
        head = clip(text, width + 1)[0][:-1]  # all but the "…": exactly ``width`` columns
        space = head.rfind(" ")
        if space > len(head) // 2:
            head = head[: space + 1]
        out.append(head.rstrip())
        text = text[len(head) :]
    return [*out, text]


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def paragraphs(text: str, *, width: int | None = None, limit: int | None = None, indent: str = "") -> str:
    """``text`` wrapped to ``width``, its paragraphs kept; past ``limit`` characters cut with a hint."""
    width = width or terminal_width()
    hint = ""
    if limit is not None and len(text) > limit:
        hint = f"… ({len(text) - limit:,} more characters; --full)"
        text = text[:limit]
    out = []
    for line in text.split("\n"):
        wrapped = textwrap.wrap(
            line, width=width - len(indent), break_long_words=True, break_on_hyphens=False
        )
        out += [indent + w for w in wrapped] or [""]
    if hint:
        out.append(indent + hint)
    return "\n".join(out)


def key_values(pairs: list[tuple[str, object]], *, width: int | None = None) -> str:
    """Aligned ``label  value`` lines, each value on one line cut to the width."""
    width = width or terminal_width()
    label_width = max(display_width(k) for k, _ in pairs)
    return "\n".join(
        f"{pad(k, label_width)}{GAP}{clip(cell(v), width - label_width - len(GAP))[0]}" for k, v in pairs
    )
