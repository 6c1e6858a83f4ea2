"""`newsetl show` for people: metadata on top, then the text, its tags, and the cleaning edits grouped by step."""

from newsetl import render

#: The document's fields shown above its text, in this order.
METADATA = ("doc_id", "source_path", "title", "outlet", "byline", "dateline", "published_date", "published_at",
            "published_utc_offset", "language", "n_words", "cluster_id", "is_canonical", "story_id",
            "spin_score", "n_edits")  # fmt: skip
#: Characters of text shown before the hint to use --full.
TEXT_LIMIT = 4000


def edit_lines(edits, *, width: int, full: bool = False) -> list[str]:
    """The edits grouped by step (in the order steps first edit), identical edits of a rule counted once:
    ``rule  before → after  (×n, confidence)``, whitespace made visible."""
    groups: dict[str, dict[tuple[str, str, str], list[dict]]] = {}
    for edit in edits.iter_rows(named=True):
        key = (edit["rule"], edit["before"] or "", edit["after"] or "")
        groups.setdefault(edit["step"], {}).setdefault(key, []).append(edit)
    lines, cut = [], 0
    for step, by_change in groups.items():
        count = sum(len(v) for v in by_change.values())
        lines.append(f"  {step} ({render.plural(count, 'edit')})")
        rule_width = max(render.display_width(rule) for rule, _, _ in by_change)
        for (rule, before, after), same in by_change.items():
            confidences = sorted({round(e["confidence"], 2) for e in same if e["confidence"] is not None})
            conf = "/".join(f"{c:.2f}" for c in confidences)
            where = f"×{len(same)}" if len(same) > 1 else f"at {same[0]['char_start']}"
            change = f"{render.visible(before)} → {render.visible(after)}"
            tail = f"  ({where}, {conf})" if conf else f"  ({where})"
            head = f"    {render.pad(rule, rule_width)}  "
            room = width - render.display_width(head) - render.display_width(tail)
            if not full and render.display_width(change) > room:
                change, hidden = _clip_change(before, after, room)
                cut += hidden
            lines.append(head + change + tail)
    if cut:
        lines.append(f"  … ({cut:,} more characters; --full)")
    return lines


def _clip_change(before: str, after: str, room: int) -> tuple[str, int]:
    """``before → after`` in ``room`` columns, each side cut (the longer one more), and the characters cut."""
    b, a = render.visible(before), render.visible(after)
    arrow = " → "
    side = max(8, (room - len(arrow)) // 2)
    if render.display_width(a) < side:
        shown, hidden = render.clip(b, room - len(arrow) - render.display_width(a))
        return shown + arrow + a, hidden
    (b_shown, b_hidden), (a_shown, a_hidden) = (
        render.clip(b, side),
        render.clip(a, max(8, room - len(arrow) - side)),
    )
    return b_shown + arrow + a_shown, b_hidden + a_hidden


def render_document(
    row: dict, issues, entities, edits, *, width: int | None = None, full: bool = False
) -> str:
    width = width or render.terminal_width()
    out = [render.key_values([(k, row[k]) for k in METADATA if k in row], width=width), ""]
    out.append(f"text ({render.plural(row['n_words'] or 0, 'word')}):")
    out.append(render.paragraphs(row["text"] or "", width=width, limit=None if full else TEXT_LIMIT,
                                 indent="  "))  # fmt: skip
    for title, frame in (("issues", issues), ("entities", entities)):
        out.append(f"\n{title} ({frame.height:,}):")
        if frame.height:
            out.append(render.table(frame, width=width, full=full))
    out.append(f"\ncleaning edits ({edits.height:,}), by step:")
    out += edit_lines(edits, width=width, full=full)
    return "\n".join(out)
