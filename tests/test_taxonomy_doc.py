"""docs/taxonomy.md is generated from the taxonomy and the samples' evidence; it must match both."""

from conftest import REPO

from tools.write_taxonomy_doc import OUT, render


def test_taxonomy_doc_is_current(sample_warehouse):
    # If this fails: make run && .venv/bin/python -m tools.write_taxonomy_doc
    assert OUT.read_text(encoding="utf-8") == render(sample_warehouse)


def test_taxonomy_doc_lists_every_issue():
    from pipeline.tag.taxonomy import load_issues

    text = (REPO / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    for issue_id, label in load_issues().select("issue_id", "label").iter_rows():
        assert f"## {label} (`{issue_id}`)" in text
