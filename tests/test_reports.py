"""The report pictures: three PNGs and a self-contained HTML page from the sample warehouse, the cleaning report's
numbers equal to SQL counts, and a report that cannot be drawn never fails the run."""

import base64
import re
import shutil
import struct
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import REPO

from assets.reports import warehouse_report
from assets.resources import NewsPaths
from pipeline.reports.write import (
    CLEANING_PNG,
    ENTITIES_PNG,
    REPORT_HTML,
    SALIENCE_PNG,
    reports_dir,
    write_reports,
)

PICTURES = (SALIENCE_PNG, ENTITIES_PNG, CLEANING_PNG)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def published_reports(sample_warehouse: Path) -> Path:
    """The folder the graph's warehouse_report asset wrote beside the sample warehouse."""
    return reports_dir(sample_warehouse)


def test_the_publish_writes_three_valid_pictures(published_reports: Path):
    for name in PICTURES:
        data = (published_reports / name).read_bytes()
        width, height = _png_size(data)
        assert width >= 600 and height >= 200, name
        assert len(data) > 20_000, name  # drawn, not a blank canvas
        assert b"tEXt" not in data and b"tIME" not in data  # no software name or time inside: deterministic


def test_the_same_warehouse_gives_the_same_pictures(
    sample_warehouse: Path, published_reports: Path, tmp_path
):
    again = write_reports(sample_warehouse, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in PICTURES} == {
        name: (published_reports / name).read_bytes() for name in PICTURES
    }
    assert again.pictures[CLEANING_PNG] == (published_reports / CLEANING_PNG).read_bytes()


def test_the_html_report_is_self_contained_with_the_three_pictures(published_reports: Path):
    page = (published_reports / REPORT_HTML).read_text(encoding="utf-8")
    assert not re.search(r"https?:", page)
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) == 3 and all(s.startswith("data:image/png;base64,") for s in sources)
    embedded = [base64.b64decode(s.removeprefix("data:image/png;base64,")) for s in sources]
    assert embedded == [(published_reports / name).read_bytes() for name in PICTURES]
    assert re.findall(r"<h2>(.*?)</h2>", page) == [
        "Issue salience over time by outlet",
        "Top entities and their co-occurrence",
        "Cleaning report",
    ]
    assert (
        page.count("<table>") == 7
    )  # salience; entities and pairs; chrome, restorations, quarantine, duplicates


def test_the_cleaning_report_tabulates_what_sql_counts(sample_warehouse: Path, tmp_path):
    tables = write_reports(sample_warehouse, tmp_path).tables
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:

        def count(sql: str) -> int:
            return con.sql(sql).fetchall()[0][0]

        chrome = count("SELECT count(*) FROM cleaning_edits WHERE step = 'chrome'")
        despin = count("SELECT count(*) FROM cleaning_edits WHERE step = 'despin'")
        quarantined = count("SELECT count(*) FROM quarantine")
        duplicates = count("SELECT count(*) FROM duplicates")
        lexicon_high = count(
            "SELECT count(*) FROM cleaning_edits WHERE step = 'despin' AND rule = 'spinner_lexicon' "
            "AND confidence >= 0.9"
        )
    assert (chrome, despin, quarantined, duplicates, lexicon_high) == (11, 119, 0, 0, 51)
    assert tables.chrome["edits"].sum() == chrome
    assert dict(tables.chrome.iter_rows()) == {
        "repeated_headline": 2,
        "timestamp": 2,
        "contact_footer": 1,
        "photo_credit": 1,
        "section_banner": 1,
        "section_label": 1,
        "section_path": 1,
        "skip_link": 1,
        "subscription_notice": 1,
    }
    assert tables.restorations["edits"].sum() == despin
    assert {(layer, band): n for layer, band, n in tables.restorations.iter_rows()} == {
        ("reverse_thesaurus", "0.9-1"): 33,
        ("spinner_grammar", "0.9-1"): 1,
        ("spinner_lexicon", "0-0.7"): 9,
        ("spinner_lexicon", "0.7-0.9"): 25,
        ("spinner_lexicon", "0.9-1"): lexicon_high,
    }
    assert tables.quarantine.height == quarantined and tables.duplicates.height == duplicates


def test_undated_articles_and_unknown_outlets_are_shown_not_dropped(sample_warehouse: Path, tmp_path):
    tables = write_reports(sample_warehouse, tmp_path).tables
    salience = tables.salience
    # Of the five samples only The Dong-A Ilbo's is dated; one names no outlet.
    assert sorted(salience["period"].unique()) == ["2026-01", "undated"]
    assert set(salience.filter(period="2026-01")["outlet"]) == {"The Dong-A Ilbo"}
    assert "unknown outlet" in set(salience["outlet"])
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        tags, total = con.sql("SELECT count(*), sum(salience) FROM doc_issues").fetchall()[0]
    assert (salience["documents"].sum(), tags) == (52, 52)
    assert salience["salience"].sum() == pytest.approx(total)


def test_the_cooccurrence_counts_documents_mentioning_both(sample_warehouse: Path, tmp_path):
    tables = write_reports(sample_warehouse, tmp_path).tables
    assert tables.entities.height == 15
    assert tables.entities.head(3)["name"].to_list() == ["Japan", "Lee Jae-myung", "South Korea"]
    pairs = {(a, b): n for a, b, n in tables.cooccurrence.iter_rows()}
    # The diagonal is the entity's own documents; every document mentions the top three.
    assert [pairs[(r, r)] for r in tables.entities["rank"]] == tables.entities["documents"].to_list()
    assert pairs[(1, 2)] == pairs[(1, 3)] == 5
    rank = dict(zip(tables.entities["name"], tables.entities["rank"], strict=True))
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        both = con.sql(
            "SELECT count(*) FROM (SELECT doc_id FROM entity_mentions m JOIN entities e USING (entity_id) "
            "WHERE e.name IN ('Sanae Takaichi', 'Chosei coal mine') GROUP BY doc_id HAVING count(DISTINCT name) = 2)"
        ).fetchall()[0][0]
    assert pairs[(rank["Sanae Takaichi"], rank["Chosei coal mine"])] == both == 3


def test_the_asset_shows_the_pictures_in_its_metadata(sample_warehouse: Path, tmp_path):
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(sample_warehouse, warehouse)
    result = dg.materialize(
        [warehouse_report],
        resources={"paths": NewsPaths(raw_dir=str(tmp_path), warehouse_path=str(warehouse))},
    )
    metadata = result.asset_materializations_for_node("warehouse_report")[0].metadata
    for name in PICTURES:
        markdown = metadata[name.removesuffix(".png")].value
        assert markdown.startswith(f"![{name}](data:image/png;base64,")
        data = base64.b64decode(markdown.removeprefix(f"![{name}](data:image/png;base64,").removesuffix(")"))
        assert data == (tmp_path / "warehouse" / "reports" / name).read_bytes()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert metadata["snapshot_id"].value == con.sql("SELECT snapshot_id FROM snapshots").fetchall()[0][0]


def test_a_report_that_cannot_be_drawn_does_not_fail_the_run(tmp_path):
    warehouse = tmp_path / "warehouse" / "news.duckdb"  # never published: nothing to read
    result = dg.materialize(
        [warehouse_report],
        resources={"paths": NewsPaths(raw_dir=str(tmp_path), warehouse_path=str(warehouse))},
    )
    assert result.success
    metadata = result.asset_materializations_for_node("warehouse_report")[0].metadata
    assert "news.duckdb" in metadata["error"].value
    assert not (tmp_path / "warehouse" / "reports" / SALIENCE_PNG).exists()


def test_loading_the_definitions_does_not_import_matplotlib():
    # Every CLI command and step process loads the definitions; only the report step should pay for matplotlib.
    import subprocess
    import sys

    code = "import sys, assets.definitions; print('matplotlib' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert shown.stdout.strip() == "False"


# --- Korean and Japanese names: a CJK fallback font, or romanized labels, never empty boxes ---------------------

CJK_ENTITIES = {"name": ["기무라 유카", "清水明子", "Japan"], "type": ["person", "person", "place"]}


def _drawing_warnings(figure) -> tuple[bytes, list[str]]:
    """``figure`` drawn to PNG, with the "Glyph … missing from font(s)" warnings drawing it raised."""
    import warnings

    from pipeline.reports.figures import render_png

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_png(figure)
    return png, [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _cjk_figure():
    """The co-occurrence picture of three entities, a Hangul and a kanji name among them: its y labels, PNG and
    missing-glyph warnings."""
    import polars as pl

    from pipeline.reports.figures import cooccurrence_figure

    entities = pl.DataFrame({"rank": [1, 2, 3], "entity_id": ["a", "b", "c"], **CJK_ENTITIES})
    pairs = pl.DataFrame({"entity_a": [1, 1, 2, 3], "entity_b": [1, 2, 2, 3], "documents": [2, 1, 1, 1]})
    figure = cooccurrence_figure(entities, pairs)
    png, missing = _drawing_warnings(figure)
    return [text.get_text() for text in figure.axes[0].get_yticklabels()], png, missing


def test_hangul_and_kanji_labels_are_drawn_with_an_installed_cjk_font():
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    from pipeline.reports import fonts

    if not fonts.cjk_families():
        pytest.skip(
            f"no CJK font installed (none of {', '.join(fonts.CJK_FAMILIES)}): apt-get install fonts-wqy-zenhei"
        )
    labels, png, missing = _cjk_figure()
    assert labels == ["1. 기무라 유카 (person)", "2. 清水明子 (person)", "3. Japan (place)"]
    assert missing == [] and png[:8] == PNG_SIGNATURE
    # Every character of a name is in the base font or in a fallback font's own file (no default substituted).
    for name in CJK_ENTITIES["name"]:
        for char in name.replace(" ", ""):
            assert any(fonts.has_glyphs(family, char) for family in fonts.font_families()), char
    # The control: DejaVu Sans alone has none of these glyphs and warns, so the checks above can fail.
    assert not fonts.has_glyphs(fonts.BASE_FAMILY, "가漢か")
    with rc_context({"font.family": [fonts.BASE_FAMILY]}):
        alone = Figure()
        alone.text(0.5, 0.5, CJK_ENTITIES["name"][0])
        assert _drawing_warnings(alone)[1]


def test_without_a_cjk_font_the_labels_are_romanized(monkeypatch):
    from pipeline.reports import fonts

    monkeypatch.setattr(fonts, "cjk_families", lambda: ())  # a machine with no CJK font
    assert fonts.font_families() == ["DejaVu Sans"] and fonts.romanized_labels()
    labels, _, missing = _cjk_figure()
    assert labels == ["1. Gimura Yuka (person)", "2. ???? (person)", "3. Japan (place)"]
    assert missing == []


def test_romanized_names_spell_hangul_and_kana():
    from pipeline.reports.romanize import romanize

    assert [
        romanize(name)
        for name in ("기무라 유카", "독도", "한국어", "しみず あきこ", "マッチャ", "ソウル高裁")
    ] == [
        "Gimura Yuka",
        "Dokdo",
        "Hangukeo",
        "Shimizu Akiko",
        "Matcha",
        "Souru??",
    ]
    assert romanize("Lee Jae-myung (person)") == "Lee Jae-myung (person)"


def test_the_html_report_says_once_when_names_were_romanized(sample_warehouse: Path, tmp_path, monkeypatch):
    from pipeline.reports import fonts, write

    monkeypatch.setattr(fonts, "cjk_families", lambda: ())
    monkeypatch.setattr(write, "_names_in_cjk", lambda tables: True)  # the samples name no one in Hangul
    page = (write_reports(sample_warehouse, tmp_path).folder / REPORT_HTML).read_text(encoding="utf-8")
    assert page.count("romanized") == 1 and "fonts-wqy-zenhei" in page
    monkeypatch.undo()
    page = (write_reports(sample_warehouse, tmp_path).folder / REPORT_HTML).read_text(encoding="utf-8")
    assert "romanized" not in page
