"""Train the boilerplate span model again and write ``pipeline/reference/data/boilerplate_model.json``.

The training data is the 100 pages of ``../shared/corpora/article_extraction_benchmark`` as text scrapes, one
label per line from the annotated body (`bench.text_extraction`: how the text versions and labels are made, and
the held-out figures of this very procedure: the decision parameters are chosen by an inner cross-validation
over the pages, recall first). The model file holds feature names, standardization, weights and the decision
parameters only: no corpus text.

Run:  .venv/bin/python -m tools.train_boilerplate
"""

import sys

from bench.common import REPO, missing
from bench.html_extraction import CORPUS, load_pages
from bench.text_extraction import page_rows, recurring_lines, text_page, train_model
from pipeline.clean.boilerplate_model import MODEL_PATH


def main() -> int:
    if missing(CORPUS):
        return 2
    pages = [text_page(page) for page in load_pages(CORPUS)]
    model, inner = train_model(page_rows(pages, recurring_lines(pages)))
    MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
    print(
        f"{len(pages)} pages; weight {model.weight}, bias {model.bias}, boundary {model.boundary} "
        f"(inner P {inner['precision']} R {inner['recall']} F1 {inner['f1']}); written to "
        f"{MODEL_PATH.relative_to(REPO)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
