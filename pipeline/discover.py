"""People the gazetteer does not know, found by the shape of their names and the words around them.

A reviewed gazetteer cannot list every professor an article quotes. A span becomes a discovered person when

* it has the shape of a romanized Korean name, a family name and a hyphenated given name (``Min Jeong-hun``,
  ``Cho Jin-goo``): that shape is almost never anything but a person; or
* it is two or three capitalized words with a person cue beside it: a title or role before it (``Professor``,
  ``Dr.``, ``said``, ``according to``) or after it (``, a professor at``, ``said``, ``told``).

Spans that overlap a gazetteer mention, hold an institution word (``University``, ``Ministry``, ``Times``) or a
calendar word, or start a sentence without a cue are left alone. A discovered person enters ``entities`` with
``discovered = true`` and an id ``person:discovered_<name>``; ``entity_mentions`` then finds every mention of the
name the same way it finds gazetteer names.
"""

import re

import polars as pl

from pipeline.gazetteer import ENTITY_SCHEMA

_KOREAN_NAME = r"[A-Z][a-z]{1,3} [A-Z][a-z]+-[a-z]+"
_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
_ROLE = (
    r"(?:professor|researcher|analyst|adviser|advisor|minister|spokesperson|spokesman|spokeswoman|director|"
    r"chairman|chairwoman|president|lawmaker|ambassador|envoy|governor|mayor|official|expert|scholar|fellow|"
    r"editor|reporter|correspondent|lecturer|economist|chief|head|leader|member|senior)"
)
_CUE_BEFORE = re.compile(
    rf"(?:\b(?:said|says|told|according to|[Pp]rofessor|Prof\.|Dr\.|Mr\.|Ms\.|Mrs\.|{_ROLE})\s+)$"
)
_CUE_AFTER = re.compile(
    rf"^(?:,\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}{_ROLE}\b|\s+(?:said|says|told|added)\b)"
)
_LEADING_ROLE = re.compile(rf"(?i:{_ROLE}|dr\.?|prof\.?|mr\.?|ms\.?) ")
_CANDIDATE = re.compile(rf"\b(?:{_KOREAN_NAME}|{_NAME})\b")
_NOT_A_PERSON = frozenset(
    """University Institute Ministry Party Center Centre Council Agency Association Foundation Company Corp Group
    Times News Post Herald Shimbun Ilbo Academy Office House Court Assembly Committee Forum Bank Daily Press
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December North South East West Korea Korean Japan Japanese China Chinese
    American United States Sea Island Islands Prefecture Province City Summit War Day Affairs Foreign Defense
    Trade Security National International Liberal Democratic People Power The This That These Those""".split()
)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _known(entities: pl.DataFrame) -> tuple[set[str], set[str]]:
    known = {alias.lower() for aliases in entities["aliases"].to_list() for alias in aliases}
    return known, {token for alias in known for token in alias.split()}


def person_spans(text: str, known: set[str], known_tokens: set[str]) -> list[tuple[int, int]]:
    """(start, end) of every span of ``text`` that reads as a person the gazetteer does not know."""
    spans = []
    for m in _CANDIDATE.finditer(text):
        start, name = m.start(), m.group(0)
        title = _LEADING_ROLE.match(name)
        if title and len(name.split()) > 2:  # "Analyst Tom Baker": the role is the cue, not part of the name
            start, name = start + title.end(), name[title.end() :]
        tokens = re.split(r"[ -]", name)
        korean = re.fullmatch(_KOREAN_NAME, name) is not None
        if any(t in _NOT_A_PERSON for t in tokens) or name.lower() in known:
            continue
        if not korean and any(t.lower() in known_tokens for t in tokens if len(t) > 3):
            continue  # part of a known name or place ("Lee Jae", "Nara Prefecture")
        before, after = text[:start], text[m.end() :]
        cued = bool(title) or _CUE_BEFORE.search(before) is not None or _CUE_AFTER.match(after) is not None
        if korean or cued:
            spans.append((start, m.end()))
    return spans


def discover_people(sentences: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Discovered people, as rows of the ``entities`` schema (``discovered = true``), one per distinct name."""
    known, known_tokens = _known(entities)
    names: dict[str, str] = {}
    for text in sentences["text"].to_list():
        for start, end in person_spans(text, known, known_tokens):
            names.setdefault(text[start:end].lower(), text[start:end])
    rows = [
        {
            "entity_id": f"person:discovered_{_slug(name)}",
            "name": name,
            "type": "person",
            "aliases": [name],
            "n_aliases": 1,
            "discovered": True,
        }
        for name in sorted(names.values())
    ]
    return pl.DataFrame(rows, schema=ENTITY_SCHEMA).unique("entity_id", keep="first", maintain_order=True)
