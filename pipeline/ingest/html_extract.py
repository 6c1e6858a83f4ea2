"""HTML page -> article: the body as plain text (one paragraph per line) and the metadata the page declares.

trafilatura does the extraction. Its defaults keep reader comments and related-link lists; on the Zyte
article-extraction benchmark (`bench/html_extraction.py`, 100 pages, mean token F1 of the extracted body) the
settings chosen here measured:

- defaults 0.939; ``include_comments=False`` 0.955 (comment threads are not the article);
- that plus ``favor_precision=True`` 0.967 (drops teasers and link lists; recall 0.988 -> 0.984), against
  0.957 with ``favor_recall=True``; dropping tables lost recall (0.950), so tables stay.
- ``favor_recall=True`` is a second pass only when the precise one keeps under 50 words: a safety net for
  sparse pages (it fired on none of the benchmark's 100 pages, so it costs nothing there).

Paragraphs are separated by "\\n", so the clean stage (`pipeline.clean.scrape`) turns each one into a block, and
its chrome rules get a second look at every line trafilatura kept.

HTML bytes are decoded by `pipeline.ingest.decode.decode_bytes` like any file: charset-normalizer already reads a
``<meta charset>`` declaration first (its "preemptive" behaviour), and a sniffer of our own changed no result
on pages in eight legacy encodings (EUC-KR, Shift_JIS, EUC-JP, GB2312, Big5, KOI8-R, Latin-1, cp1252), short
or long.
"""

import datetime as dt
import re
from dataclasses import dataclass

import trafilatura

from pipeline.core.constants import CleanStep
from pipeline.core.edits import Edit

#: Rule names recorded on the extraction edit: which trafilatura pass produced the body.
RULE_EXTRACT_PRECISION = "html_article_precision"
RULE_EXTRACT_RECALL = "html_article_recall"

#: A body shorter than this (in words) from the precise pass is retried with the recall pass.
_RETRY_BELOW_WORDS = 50
#: Fewer words than this is a teaser, an error page or a link list, not an article.
_MIN_ARTICLE_WORDS = 20
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class HtmlArticle:
    """The article found in one HTML page. Fields the page does not declare are None, never guessed."""

    text: str  # the body: paragraphs (and headings, list items) separated by "\n"
    title: str | None
    byline: str | None
    published: dt.date | None
    outlet: str | None
    url: str | None
    rule: str  # which extraction pass produced ``text`` (RULE_EXTRACT_*)

    def document_text(self) -> str:
        """The headline (when the page has one) above the body: the layout of a text scrape."""
        return self.text if self.title is None else f"{self.title}\n{self.text}"

    def edit(self, html: str) -> Edit:
        """The extraction as one explained edit: the whole page in, the headline and body out."""
        text = self.document_text()
        before = f"<html page: {len(html):,} characters of markup, page chrome and text>"
        after = f"<article text: {len(text):,} characters in {text.count(chr(10)) + 1} lines>"
        return Edit(CleanStep.EXTRACT, self.rule, before, after, 0)


def extract_article(html: str, url: str | None = None) -> HtmlArticle | None:
    """The article body and metadata of one page, or None when the page holds no article.

    >>> page = "<html><head><title>Leaders meet</title></head><body><nav>Home | World</nav><article>"
    >>> page += "<p>" + "Seoul and Tokyo agreed to meet again. " * 6 + "</p></article></body></html>"
    >>> article = extract_article(page)
    >>> article.title, article.text.startswith("Seoul and Tokyo"), "Home" in article.text
    ('Leaders meet', True, False)
    """
    document = _extract(html, url, favor_precision=True)
    rule = RULE_EXTRACT_PRECISION
    if document is None or _words(document.text) < _RETRY_BELOW_WORDS:
        retry = _extract(html, url, favor_recall=True)
        if retry is not None and _words(retry.text) > _words(document.text if document else ""):
            document, rule = retry, RULE_EXTRACT_RECALL
    if document is None or _words(document.text) < _MIN_ARTICLE_WORDS:
        return None
    return HtmlArticle(
        text=_paragraphs(document.text),
        title=_clean(document.title),
        byline=_clean(document.author),
        published=_date(document.date),
        outlet=_outlet(document.sitename, document.hostname),
        url=_clean(document.url) or url,
        rule=rule,
    )


def _extract(html: str, url: str | None, **mode: bool) -> trafilatura.settings.Document | None:
    return trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_images=False, **mode
    )


def _paragraphs(text: str) -> str:
    """One paragraph per line: blank lines and stray spacing inside a line are trafilatura's, not the page's."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _words(text: str | None) -> int:
    """Words as `documents.n_words` counts them: Japanese and Chinese without spaces count characters."""
    return max(len(text.split()), len(_CJK_RE.findall(text))) if text else 0


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _outlet(sitename: str | None, hostname: str | None) -> str | None:
    """The declared site name; trafilatura falls back to the host name, which is a guess, not an outlet name."""
    name = _clean(sitename)
    if name is None or (hostname and name.casefold().removeprefix("www.") == hostname.casefold()):
        return None
    return name
