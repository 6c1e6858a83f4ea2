"""Organizations and facilities named by their head word: "Bank of Japan", "National Security Secretariat"."""

from collections.abc import Callable

from pipeline.core.constants import EntityType
from pipeline.reference.name_lexicon import FACILITY_HEADS
from pipeline.tag.entities.cues import JOINERS, ORGANIZATION_HEADS
from pipeline.tag.entities.spans import NameSpan


def organization_span(
    text: str, tokens: list, words: list[str], lookup: Callable, given: frozenset, known: dict
) -> NameSpan | None:
    """The organization or facility a run of capitalized words ends in, by its head word, or None.

    ``tokens``: (start, end) of each word of the run; ``lookup`` gives a known name's type; ``given`` holds
    given names and ``known`` the gazetteer's aliases and types."""
    if len(tokens) < 2:
        return None
    if words[-1] in FACILITY_HEADS:
        return NameSpan(tokens[0][0], tokens[-1][1], EntityType.FACILITY.value, "facility_word")
    heads = [k for k, w in enumerate(words) if w in ORGANIZATION_HEADS]
    if not heads or lookup(text[tokens[0][0] : tokens[-1][1]]):
        return None  # no institution word, or a known name ("Soviet Union")
    if words[0] in known and known[words[0]] == EntityType.PERSON:
        return None  # "Ishiba Cabinet" style runs are tagged by the gazetteer, not guessed here
    org = EntityType.ORGANIZATION.value
    start = 0
    for k, w in enumerate(words):
        # "Japan and Korea University" is two names; "Reconciliation and Healing Foundation" is one;
        # "Hannah Ward of the Refugee Council" is a person of a body, "Bank of Japan" one body.
        left = text[tokens[start][0] : tokens[k - 1][1]] if k > start else ""
        if (
            w in JOINERS
            and left
            and (lookup(left) or words[start] in given or any(start <= h < k for h in heads))
        ):
            start = k + 1
        elif w in ("of", "for") and k > start and not any(start <= h < k for h in heads):
            start = k + 1 + (k + 1 < len(words) and words[k + 1] == "the")
    if not any(h >= start for h in heads) or start >= len(words) - 1 and words[-1] in ORGANIZATION_HEADS:
        return None
    if any(start <= k < len(words) - 1 and words[k + 1] in ("of", "for") for k in heads):
        return NameSpan(tokens[start][0], tokens[-1][1], org, "institution_word")  # "Bank of Japan"
    if words[-1] not in ORGANIZATION_HEADS:
        return None
    return NameSpan(tokens[start][0], tokens[-1][1], org, "institution_word")
