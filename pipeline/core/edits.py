"""The record every cleaning step returns: what it changed, where, and by which rule."""

from dataclasses import dataclass

from pipeline.core.constants import CleanStep


@dataclass(frozen=True, slots=True)
class Edit:
    """One explained change to a document's text.

    ``char_start`` indexes the text *as the step saw it* (its input), so replaying the edits of a step in
    order, from the last offset to the first, turns its input into its output. Removals have ``after == ""``.
    """

    step: CleanStep
    rule: str
    before: str
    after: str
    char_start: int
    confidence: float = 1.0
