"""A masthead's tagline ("Japan's National Daily Since 1922", "Korea's Global Voice", "Since 1945") is page
furniture: never the title, removed with the masthead as an edit, and no headline that merely mentions a year or a
voice is taken for one (issue #21, the held-out Mainichi miss)."""

import pytest

from pipeline.clean.scrape import clean_text
from pipeline.core.constants import CleanStep
from pipeline.reference.outlets import is_tagline

_LEAD = (
    "SEOUL (Kyodo) -- South Korea will send a government delegation to this year's memorial for workers at the "
    "Sado gold mine, the Foreign Ministry said Thursday."
)
_BODY = (
    _LEAD,
    "The ministry said it had received assurances that the ceremony would acknowledge the hardships of laborers.",
)
_HEADLINE = "South Korea to send delegation to Sado mine memorial"


def _removed(article) -> dict[str, str]:
    return {edit.before.strip(): edit.rule for edit in article.edits if edit.step is CleanStep.CHROME}


@pytest.mark.parametrize(
    ("header", "outlet"),
    [
        (["The Mainichi", "Japan's National Daily Since 1922"], "The Mainichi"),
        (["The Korea Herald", "Korea's Global Voice"], "The Korea Herald"),
        (["Korea's Global Voice", "The Korea Herald"], "The Korea Herald"),  # above the masthead too
        (["Hankook Ilbo", "Since 1954"], "Hankook Ilbo"),
        (["The Mainichi", "Japan's National Daily", "Since 1922"], "The Mainichi"),  # one tagline, two lines
        (["한국일보", "1954년 창간"], "Hankook Ilbo"),
        # An outlet no list knows: its founding year or "newspaper of record" still marks the tagline.
        (["The Daily Planet", "Est. 1938"], None),
        (["The Gazette", "The Newspaper of Record"], None),
    ],
)
def test_a_tagline_is_never_the_title_and_goes_with_the_masthead(
    header: list[str], outlet: str | None
) -> None:
    article = clean_text("\n".join([*header, _HEADLINE, "January 15, 2026", *_BODY]))
    assert article.title == _HEADLINE
    assert article.outlet == (outlet or "Kyodo News")  # an unknown masthead leaves the lead's credit
    removed = _removed(article)
    taglines = [line for line in header if is_tagline(line, beside_masthead=True)]
    assert taglines and all(removed.get(line) == "masthead" for line in taglines)
    assert not any(line in article.text for line in taglines)
    assert _HEADLINE in article.text


@pytest.mark.parametrize(
    "headline",
    [
        "Korea Herald marks 70 years since 1953",  # a verb: reporting about a year
        "Seoul Finds Its Voice",  # ends like a tagline, but "Finds" is a verb
        "National daily newspapers lose readers",
        "Leaders meet in Seoul since the summit",
        "Since 1945, a divided peninsula has waited",  # a full sentence, not a slogan
    ],
)
def test_a_headline_beside_the_masthead_stays_the_title(headline: str) -> None:
    article = clean_text("\n".join(["The Korea Herald", headline, "January 15, 2026", *_BODY]))
    assert article.title == headline
    assert headline in article.text and headline not in _removed(article)


def test_a_paper_phrase_is_a_tagline_only_beside_a_masthead() -> None:
    """ "Korea's Global Voice" alone over the story is the page's only headline-shaped line: its title."""
    article = clean_text("\n".join(["Korea's Global Voice", "January 15, 2026", *_BODY]))
    assert article.title == "Korea's Global Voice"
    assert (is_tagline("Korea's Global Voice"), is_tagline("Korea's Global Voice", beside_masthead=True)) == (
        False,
        True,
    )


def test_a_tagline_below_the_headline_is_left_alone() -> None:
    """Only the page's top is the masthead's place: lower down the words are the article's."""
    article = clean_text("\n".join(["The Mainichi", _HEADLINE, "Since 1922", *_BODY]))
    assert article.title == _HEADLINE
    assert "Since 1922" not in _removed(article)


@pytest.mark.parametrize(
    "line",
    [
        "Japan's National Daily Since 1922",
        "Since 1945",
        "Founded in 1889",
        "創刊1872年",
        "The Newspaper of Record",
        "Asia's Newspaper of Record",
    ],
)
def test_tagline_shapes(line: str) -> None:
    assert is_tagline(line)


@pytest.mark.parametrize(
    "line",
    [
        "South Korea to send delegation to Sado mine memorial",
        "Newspaper of record cuts 200 jobs",
        "Since 1945, the two Koreas have been divided.",
        "The talks have continued since 1965 with few results for the families",
        "Japan's national daily was founded in 1922",
    ],
)
def test_lines_that_are_not_taglines(line: str) -> None:
    assert not is_tagline(line, beside_masthead=True)
