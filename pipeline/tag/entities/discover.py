"""Names the gazetteer does not know, added to ``entities`` as discovered people, organizations and places.

``pipeline.tag.entities.name_finder`` reads every Latin-script sentence of a document for names, and
``pipeline.tag.entities.cjk_names`` every Korean or Japanese one (there a name needs a title, honorific or
institution word beside it); each name's type comes from its cues (``pipeline.tag.entities.cues``). This module
keeps the multi-word people and organizations, and places named by their own place word ("Niigata
Prefecture"), that are not a gazetteer alias nor part of one ("Pacheco Pardo" is Ramon Pacheco Pardo), and
gives each an ``entities`` row with ``discovered = true`` and an id ``<type>:discovered_<name>``.
``entity_mentions`` then finds every mention of them like a gazetteer name; a discovered person's family name
alone counts only after a full mention in the same document.
"""

import re

import polars as pl

from pipeline.core.constants import EntityType
from pipeline.reference.gazetteer import ENTITY_SCHEMA, gazetteer_records
from pipeline.tag.entities.cjk_names import cjk_names
from pipeline.tag.entities.name_finder import NameFinder


def known_names(entities: pl.DataFrame) -> dict[str, str]:
    """Alias -> entity type for every alias of ``entities`` (Latin-script aliases only matter here)."""
    return {
        alias: kind
        for aliases, kind in entities.select("aliases", "type").iter_rows()
        for alias in aliases
        if alias and alias[0].isascii()
    }


def _slug(name: str) -> str:
    # Korean and Japanese names keep their own letters (이치카와_게이이치): they have no Latin ones.
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or re.sub(r"\W+", "_", name).strip("_")


#: Types whose discoveries become entities. A place becomes one only by its own place word ("Niigata
#: Prefecture", "near Nara Park": rule ``place_word``); a GeoNames place is found but not added.
DISCOVERED_TYPES = (EntityType.PERSON.value, EntityType.ORGANIZATION.value, EntityType.PLACE.value)


FOUND_SCHEMA = {"doc_id": pl.String, "name": pl.String, "type": pl.String}


def found_names(sentences: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """New multi-word people and organizations per document, in reading order: doc_id, name, type.

    ``sentences``: doc_id, sentence_idx, text. Korean and Japanese names come from ``cjk_names``, and need a
    title, an honorific or an institution word beside them. Names the gazetteer knows (or a part of one), lone surnames and
    bare acronyms (too ambiguous to stand for one body across a corpus) are left out. A document's rows depend
    only on its own sentences, so a run can cache them.
    """
    if sentences.is_empty():
        return pl.DataFrame(schema=FOUND_SCHEMA)  # and the word lists are not even loaded
    finder = NameFinder(known_names(entities))
    # A part of a known name ("Pacheco Pardo" of "Ramon Pacheco Pardo") is that name, not a new one.
    known_lower = set()
    for alias in finder.known:
        words = alias.lower().split()
        known_lower |= {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)}
        known_lower.add(alias.lower())
    known_cjk = frozenset(a for aliases in entities["aliases"] for a in aliases if a and not a[0].isascii())
    # A known person's family name in Hangul (기시다 in 기시다 전 총리) is that person's, through the surname
    # rule, not a new Korean-shaped name. Kanji surnames stay out: Japanese finds skip any name containing a
    # known spelling, and 岸田 must not hide every other Kishida.
    known_cjk |= {
        s
        for e in gazetteer_records()
        for s in e.get("surnames", [])
        if len(s) >= 2 and all("가" <= c <= "힣" for c in s)
    }
    rows = []
    ordered = sentences.select("doc_id", "sentence_idx", "text").sort("doc_id", "sentence_idx")
    for doc_id, texts in ordered.group_by("doc_id", maintain_order=True).agg("text").iter_rows():
        for text, spans in zip(texts, finder.find(texts), strict=True):
            for span in spans:
                name = text[span.start : span.end]
                if (
                    span.type in DISCOVERED_TYPES
                    and span.rule not in ("known", "same_document", "acronym")
                    and (span.type != EntityType.PLACE or span.rule == "place_word")
                    and " " in name
                    and name.lower() not in known_lower
                ):
                    rows.append((doc_id, name, span.type))
            if not text.isascii():  # Korean and Japanese names, each beside a cue (``cjk_names``)
                rows.extend((doc_id, text[s.start : s.end], s.type) for s in cjk_names(text, known_cjk))
    return pl.DataFrame(rows, schema=FOUND_SCHEMA, orient="row")


def entities_from_names(found: pl.DataFrame) -> pl.DataFrame:
    """One ``entities`` row (``discovered = true``) per distinct name of ``found_names``; the first spelling
    met, in document order, is the entity's name."""
    names: dict[str, tuple[str, str]] = {}
    for name, kind in found.sort("doc_id", maintain_order=True).select("name", "type").iter_rows():
        names.setdefault(name.lower(), (name, kind))
    rows = [
        {
            "entity_id": f"{kind}:discovered_{_slug(name)}",
            "name": name,
            "type": kind,
            "aliases": [name],
            "n_aliases": 1,
            "discovered": True,
        }
        for name, kind in sorted(names.values())
    ]
    return pl.DataFrame(rows, schema=ENTITY_SCHEMA).unique("entity_id", keep="first", maintain_order=True)
