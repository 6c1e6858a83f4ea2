"""Quotation marks: where a paragraph's quoted words are, in English, Korean and Japanese typography.

Shared by quote extraction (tagging) and block typing (cleaning): the marks and their pairing are text facts.
"""

QUOTE_OPENERS = '“”"「'
_OPEN_MARKS, _CLOSE_MARKS = QUOTE_OPENERS, '”"」'


def quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of the words between each pair of marks in a paragraph."""
    out, open_at = [], None
    for i, ch in enumerate(paragraph):
        before = paragraph[i - 1] if i else " "
        after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
        opens = ch == "「" or before.isspace() or before in "([—–-:"  # 「 attaches to the word before it
        if open_at is None and ch in _OPEN_MARKS and opens and not after.isspace():
            open_at = i + 1
        elif open_at is not None and ch in _CLOSE_MARKS and not before.isspace() and i > open_at:
            if ch == "」" or paragraph[open_at - 1] != "「":
                out.append((open_at, i))
                open_at = None
    return out


def quoted_share(paragraph: str) -> float:
    """The share of a paragraph's characters inside quote marks (0 when it holds no quotation).

    >>> round(quoted_share("“We will work together on this,” Ishiba said."), 2)
    0.67
    """
    inside = sum(end - start for start, end in quote_spans(paragraph))
    return inside / len(paragraph) if paragraph else 0.0
