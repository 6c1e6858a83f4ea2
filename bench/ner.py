"""Named-entity finding on the CoNLL-2003 English test split: span-level precision, recall and F1.

Run `.venv/bin/python -m bench.ner`; results go to bench/results/ner.json.

CoNLL-2003 is general news (sport, markets, world), little of it about Japan and Korea, so the gazetteer knows
few of its names: the figure measures ``pipeline.tag.entities.name_finder`` (the gazetteer's names, GeoNames places, name lists,
shapes and cues). A prediction counts only when its token span and type equal a gold span exactly
(person = PER, organization = ORG, place/facility = LOC; MISC is not predicted). The rules were developed
looking at the first half of the documents (``tuning``); the second half (``held_out``) is reported apart.
"""

import json
import sys

from bench.common import CORPORA, write_results

CONLL = CORPORA / "conll2003_ner_test" / "conll2003_test_docs.jsonl"
TYPES = {"person": "PER", "organization": "ORG", "place": "LOC", "facility": "LOC"}
TUNING_DOCS = 116


def gold_spans(tags: list[str], kind: str) -> set[tuple[int, int]]:
    """Token spans of one entity kind in IOB1 tags (I- continues a span, B- starts one beside another)."""
    spans, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and (tag != f"I-{kind}"):
            spans.add((start, i))
            start = None
        if tag in (f"I-{kind}", f"B-{kind}") and start is None:
            start = i
    return spans


def _score(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold_spans": tp + fn,
        "predicted_spans": tp + fp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def evaluate(docs: list[dict]) -> dict:
    from pipeline.reference.gazetteer import load_entities
    from pipeline.tag.entities.discover import known_names
    from pipeline.tag.entities.name_finder import NameFinder

    finder = NameFinder(known_names(load_entities()))
    counts = {kind: [0, 0, 0] for kind in ("PER", "ORG", "LOC")}
    for doc in docs:
        texts, token_maps = [], []
        for sentence in doc["sentences"]:
            offsets, text = [], ""
            for token in sentence["tokens"]:
                offsets.append((len(text), len(text) + len(token)))
                text += token + " "
            texts.append(text)
            token_maps.append(
                ({s: i for i, (s, _) in enumerate(offsets)}, {e: i + 1 for i, (_, e) in enumerate(offsets)})
            )
        for sentence, spans, (start_of, end_of) in zip(
            doc["sentences"], finder.find(texts), token_maps, strict=True
        ):
            for kind, c in counts.items():
                predicted = {
                    (start_of[s.start], end_of[s.end])
                    for s in spans
                    if TYPES.get(s.type) == kind and s.start in start_of and s.end in end_of
                }
                gold = gold_spans(sentence["ner_iob1"], kind)
                c[0] += len(predicted & gold)
                c[1] += len(predicted - gold)
                c[2] += len(gold - predicted)
    scores = {kind: _score(*c) for kind, c in counts.items()}
    total = [sum(c[k] for c in counts.values()) for k in range(3)]
    scores["PER+ORG+LOC"] = _score(*total)
    return scores


def main() -> int:
    if not CONLL.exists():
        print(f"needs CoNLL-2003 under {CORPORA}", file=sys.stderr)
        return 2
    docs = [json.loads(line) for line in CONLL.read_text(encoding="utf-8").splitlines()]
    report = {
        "all_231_docs": evaluate(docs),
        "tuning_first_116": evaluate(docs[:TUNING_DOCS]),
        "held_out_last_115": evaluate(docs[TUNING_DOCS:]),
        "target_person_f1": 0.75,
    }
    write_results("ner", report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
