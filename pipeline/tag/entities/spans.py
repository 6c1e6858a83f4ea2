"""A name found in a text, and how neighbouring finds combine."""

from dataclasses import dataclass

from pipeline.core.constants import EntityType


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name in a text: half-open character span, entity type, and the rule that decided it."""

    start: int
    end: int
    type: str
    rule: str


def join_compounds(text: str, spans: list[NameSpan]) -> list[NameSpan]:
    """ "Japan-Korea Cooperation Committee" is one organization: a name joined by a hyphen to the start of an
    organization's or facility's name is part of it (the run reader stops at the hyphen)."""
    joined: list[NameSpan] = []
    for span in spans:
        before = joined[-1] if joined else None
        if (
            before is not None
            and span.type in (EntityType.ORGANIZATION, EntityType.FACILITY)
            and before.end == span.start - 1
            and text[before.end] == "-"
        ):
            joined[-1] = NameSpan(before.start, span.end, span.type, span.rule)
        else:
            joined.append(span)
    return joined
