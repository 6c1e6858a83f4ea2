"""What a story is called and which terms it is about: the headline (or lead) of its most central article, read
past site names, section labels, related-story lists, photo captions and bylines, and the specific terms its
articles share."""

import re

import numpy as np

from pipeline.clean.block_kinds import is_caption
from pipeline.clean.chrome import word_count
from pipeline.clean.headline import find_headline
from pipeline.reference.outlets import masthead

#: A label longer than this is cut at a word (or, in Korean and Japanese, a character) with an ellipsis.
MAX_LABEL_CHARS = 120
#: Key terms a story lists at most.
MAX_KEY_TERMS = 8
#: Lines of an article's top read for its headline: the header, not the body.
_HEADER_LINES = 8
#: Related-story and navigation headings `find_headline` reads as lists only when a list follows them.
_CHROME_RE = re.compile(
    r"^(?:related(?: (?:articles?|stories|news))?|more (?:from|on) .*|most (?:read|viewed|popular)|read more"
    r"|advertisement|관련\s*기사|많이\s*본\s*기사|인기\s*기사|関連記事|おすすめ記事|広告)$",
    re.IGNORECASE,
)
NO_LABEL = "(untitled)"


def _is_chrome(line: str, outlet: str | None, byline: str | None) -> bool:
    folded = line.strip().casefold()
    return (
        _CHROME_RE.match(folded) is not None
        or masthead(line)[0]
        or is_caption(line, seen_body=False)
        or (outlet is not None and folded == outlet.strip().casefold())
        or (byline is not None and folded == byline.strip().casefold())
    )


def headline(title: str | None, text: str, outlet: str | None = None, byline: str | None = None) -> str:
    """An article's label: its ``title`` unless that is chrome, else the headline `find_headline` reads in the
    top lines of ``text``, else its first line that is no chrome or caption (its lead); cut to
    ``MAX_LABEL_CHARS``."""
    # A page's own title is the headline unless it is chrome or a one-word section label.
    if title and word_count(title) >= 2 and not _is_chrome(title, outlet, byline):
        return _shorten(title)
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_HEADER_LINES]
    heads = {i: None for i, line in enumerate(lines) if _is_chrome(line, outlet, byline)}
    found = find_headline(lines, list(range(len(lines))), heads, set(), set())
    if found is None:
        found = next((i for i in range(len(lines)) if i not in heads), None)
    return _shorten(lines[found]) if found is not None else NO_LABEL


def _shorten(line: str) -> str:
    line = " ".join(line.split())
    if len(line) <= MAX_LABEL_CHARS:
        return line
    cut = line[: MAX_LABEL_CHARS - 1]
    # Cut at the last space where the language has them; Korean and Japanese headlines may have none.
    if " " in cut[MAX_LABEL_CHARS // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def key_terms(member_terms: list[dict[str, float]], names: dict[str, str]) -> list[str]:
    """The terms held by at least half of a story's articles (``member_terms``: each canonical article's terms
    and weights; every term of a lone article), most widely held first, then the heaviest; up to
    ``MAX_KEY_TERMS``, each once, by its ``names`` (an entity's canonical name; an event noun's concept; a
    number as written); outlets' names are credits and left out."""
    held: dict[str, int] = {}
    weight: dict[str, float] = {}
    for terms in member_terms:
        for term, value in terms.items():
            held[term] = held.get(term, 0) + 1
            weight[term] = weight.get(term, 0.0) + value
    needed = 1 if len(member_terms) < 2 else max(2, -(-len(member_terms) // 2))
    ranked = sorted((t for t, k in held.items() if k >= needed), key=lambda t: (-held[t], -weight[t], t))
    out: list[str] = []
    for term in ranked:
        name = names.get(term, term.split(":", 1)[-1].replace("_", " "))
        # An outlet's name (BBC News, Yonhap) is a credit, not what the story is about.
        if name not in out and not masthead(name)[0]:
            out.append(name)
        if len(out) == MAX_KEY_TERMS:
            break
    return out


def central_members(matrix, groups: list[list[int]]) -> list[int]:
    """Each group's member (a row of ``matrix``, the profile matrix) closest to the group's summed profile, the
    article that names the story (the first such row on a tie), in sparse products over every group at once."""
    from scipy import sparse

    group_of = np.empty(matrix.shape[0], dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    indicator = sparse.csr_matrix(
        (np.ones(len(group_of)), (group_of, np.arange(len(group_of)))), shape=(len(groups), len(group_of))
    )
    summed = indicator @ matrix
    closeness = np.asarray(matrix.multiply(summed[group_of]).sum(axis=1)).ravel()
    return [members[int(np.argmax(closeness[members]))] for members in groups]
