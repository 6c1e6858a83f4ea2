"""Person discovery on the CoNLL-2003 English test split: span-level precision, recall and F1.

Run `.venv/bin/python -m bench.ner`; results go to bench/results/ner.json.

CoNLL-2003 is general news (sport, markets, world), none of it about Japan and Korea, so the gazetteer knows
almost nobody in it: the figure measures the discovery rules of ``pipeline.discover`` (name shape plus a person
cue). A prediction counts when its token span equals a gold PER span exactly.
"""

import json
import sys

from bench.common import CORPORA, write_results

CONLL = CORPORA / "conll2003_ner_test" / "conll2003_test_docs.jsonl"


def gold_spans(tags: list[str], kind: str) -> set[tuple[int, int]]:
    """Token spans of one entity kind in IOB1 tags (I- continues a span, B- starts one beside another)."""
    spans, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != f"I-{kind}":
            spans.add((start, i))
            start = None
        if tag in (f"I-{kind}", f"B-{kind}") and start is None:
            start = i
    return spans


def main() -> int:
    if not CONLL.exists():
        print(f"needs CoNLL-2003 under {CORPORA}", file=sys.stderr)
        return 2
    from pipeline.discover import _known, person_spans
    from pipeline.gazetteer import load_entities

    known, known_tokens = _known(load_entities())
    tp = fp = fn = 0
    for line in CONLL.read_text(encoding="utf-8").splitlines():
        for sentence in json.loads(line)["sentences"]:
            tokens = sentence["tokens"]
            offsets, text = [], ""
            for token in tokens:
                offsets.append((len(text), len(text) + len(token)))
                text += token + " "
            start_of = {s: i for i, (s, _) in enumerate(offsets)}
            end_of = {e: i + 1 for i, (_, e) in enumerate(offsets)}
            predicted = {
                (start_of[s], end_of[e])
                for s, e in person_spans(text, known, known_tokens)
                if s in start_of and e in end_of
            }
            gold = gold_spans(sentence["ner_iob1"], "PER")
            tp += len(predicted & gold)
            fp += len(predicted - gold)
            fn += len(gold - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    report = {
        "person": {
            "gold_spans": tp + fn,
            "predicted_spans": tp + fp,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        },
        "target_person_f1": 0.75,
    }
    write_results("ner", report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
