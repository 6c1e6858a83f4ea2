"""Which news organisation a page says it is from: mastheads, copyright lines, agency credits and the domains
and notices of known sites (``data/outlets.json``).

A page names outlets in two ways. Its own name (a masthead such as "THE ASAHI SHIMBUN", a copyright line such
as "© Japan Today/AFP") says whose page it is; a credit ("SEOUL (Reuters) -", "(서울=연합뉴스)", "【ソウル共同】",
"Source: Reuters") says where the story came from. `pipeline.clean.page_metadata` weighs them; this module only reads
names. Portals (NAVER, Yahoo!, livedoor) carry other outlets' stories: their names are mastheads but never
outlets.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from pipeline.reference import DATA_DIR

# Anchored at the start of an address, so a long run of letters without "@" is scanned once, not once a letter.
_EMAIL_DOMAIN_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,})", re.IGNORECASE)
# Starts only where a token starts (not inside "a.a.a…"): from every position inside a long dotted run the
# repeated group rescans the rest of it, which is quadratic in the run's length.
_URL_DOMAIN_RE = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.)?((?:[\w-]+\.)+(?:com|net|org|kr|jp|cn|uk)\b)", re.I
)
#: Words a site adds to its name in a masthead ("KBS 뉴스", "産経ニュース", "NHK WORLD-JAPAN News").
_GENERIC_SUFFIXES = (
    "news",
    "online",
    "digital",
    "web",
    "뉴스",
    "닷컴",
    "ニュース",
    "オンライン",
    "デジタル",
    "電子版",
)
#: Decoration around a masthead or credit: copyright signs, brackets, separators.
_DECORATION = "©ⓒⒸ()（）[]【】<>〈〉「」|/-–—:：·•,. "
_COPYRIGHT_RE = re.compile(
    r"©|ⓒ|Ⓒ|\(c\)|copyright|all rights reserved|저작권자|무단\s*전재|무단전재|無断(?:で)?(?:転載|複製)|著作権",
    re.IGNORECASE,
)
#: A credit line naming a story's source: "Source: Reuters/dy", "TBS NEWS DIG Powered by JNN", "제공=연합뉴스".
_SOURCE_RE = re.compile(
    r"^(?:source|sources|출처|제공|提供|出典|配信元)\s*[:：=]\s*(?P<who>.+)$", re.IGNORECASE
)
_POWERED_RE = re.compile(r"^(?P<who>.+?)\s+(?:powered by|via)\s+\S.*$", re.IGNORECASE)


@cache
def _data() -> dict:
    return json.loads((DATA_DIR / "outlets.json").read_text(encoding="utf-8"))


def _outlets() -> tuple[dict, ...]:
    return tuple(_data()["outlets"])


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _case_sensitive(alias: str) -> bool:
    """Short capital aliases (AP, KBS, NHK) are words elsewhere when lower-cased ("ap", "kbs" in a URL)."""
    return len(alias) <= 4 and alias.isascii() and alias.isupper()


@cache
def _alias_table() -> tuple[tuple[re.Pattern, str | None], ...]:
    """(pattern, outlet name or None for a portal), longest alias first so "Nikkei Asia" beats "Nikkei"."""
    entries = [(alias, outlet["name"]) for outlet in _outlets() for alias in outlet.get("aliases", ())]
    entries += [(portal, None) for portal in _data().get("portals", ())]
    table = []
    for alias, name in sorted(entries, key=lambda entry: len(entry[0]), reverse=True):
        text = re.escape(unicodedata.normalize("NFKC", alias)).replace(r"\ ", r"\s+")
        # Latin names end at word boundaries; Korean and Japanese names run into particles ("연합뉴스에").
        before = r"(?<![A-Za-z0-9])" if alias[:1].isascii() else ""
        after = r"(?![A-Za-z0-9])" if alias[-1:].isascii() else ""
        flags = 0 if _case_sensitive(alias) else re.IGNORECASE
        table.append((re.compile(before + text + after, flags), name))
    return tuple(table)


@cache
def _masthead_keys() -> dict[str, str | None]:
    keys: dict[str, str | None] = {}
    for outlet in _outlets():
        for alias in outlet.get("aliases", ()):
            if not _case_sensitive(alias):
                keys.setdefault(_key(alias.strip(_DECORATION)), outlet["name"])
    for portal in _data().get("portals", ()):
        keys.setdefault(_key(portal.strip(_DECORATION)), None)
    return keys


@cache
def _short_aliases() -> dict[str, str]:
    return {alias: o["name"] for o in _outlets() for alias in o.get("aliases", ()) if _case_sensitive(alias)}


def masthead(line: str) -> tuple[bool, str | None]:
    """Whether the whole line is a site's name, and the outlet it names (None for a portal).

    >>> masthead("THE ASAHI SHIMBUN"), masthead("KBS 뉴스"), masthead("NAVER 뉴스")
    ((True, 'The Asahi Shimbun'), (True, 'KBS'), (True, None))
    >>> masthead("Asahi Shimbun reporters visited the mine")
    (False, None)
    """
    stripped = line.strip(_DECORATION)
    if not stripped or len(stripped) > 60:
        return False, None
    if stripped in _short_aliases():
        return True, _short_aliases()[stripped]
    key = _key(stripped)
    keys = _masthead_keys()
    for _ in range(len(_GENERIC_SUFFIXES)):
        if key in keys:
            return True, keys[key]
        suffix = next((s for s in _GENERIC_SUFFIXES if key.endswith(s) and len(key) > len(s)), None)
        if suffix is None:
            break
        key = key[: -len(suffix)].rstrip(" -")
    return False, None


#: A paper's founding year: "Since 1922", "Est. 1889", "Founded in 1945", "1945년 창간", "創刊1872年".
_FOUNDED_RE = re.compile(
    r"\b(?:since|est\.?|established|founded)(?:\s+in)?\s+(?:1[6-9]|20)\d{2}\b"
    r"|(?<!\d)(?:1[6-9]|20)\d{2}\s*년\s*창간|創刊\s*(?:1[6-9]|20)\d{2}",
    re.IGNORECASE,
)
#: What only a paper calls itself: "Japan's National Daily", "The Newspaper of Record".
_SELF_DESCRIPTION_RE = re.compile(r"\b(?:national daily|(?:news)?paper of record)\b", re.IGNORECASE)
#: A paper's name for itself in title case, a noun phrase ending in what it is: "Korea's Global Voice", "Asia's
#: Leading English Daily", "The Nation's Newspaper"; read only beside a masthead, where no headline stands.
_PAPER_PHRASE_RE = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w.-]*['’]s\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:Daily|Newspaper|Paper|Voice|Weekly)"
)
#: Words that make a clause, which a tagline never is: auxiliaries, pronouns, "to".
_CLAUSE_WORDS = frozenset("is are was were be been will would has have had to we you they it i".split())
#: Words ending in "s" that are no verbs: a headline's "Finds", "Marks", "Says" are.
_NOT_VERBS = frozenset("news times its us this".split())
_MAX_TAGLINE_WORDS = 8


def is_tagline(line: str, *, beside_masthead: bool = False) -> bool:
    """Whether a line is a masthead's tagline, never a headline: short, no verb, and a founding year ("Since
    1922") or what only a paper calls itself ("National Daily", "Newspaper of record"); beside a masthead also a
    paper's name for itself ("Korea's Global Voice").

    >>> is_tagline("Japan's National Daily Since 1922"), is_tagline("Since 1945")
    (True, True)
    >>> is_tagline("Korea's Global Voice", beside_masthead=True), is_tagline("Korea's Global Voice")
    (True, False)
    >>> is_tagline("Korea Herald marks 70 years since 1953"), is_tagline("Seoul Finds Its Voice", beside_masthead=True)
    (False, False)
    """
    text = " ".join(line.split())
    if not text or len(text.split()) > _MAX_TAGLINE_WORDS or text.endswith((".", "?", "!", ":", "。", "다")):
        return False
    founded = _FOUNDED_RE.search(text) is not None
    if not is_name_phrase(_FOUNDED_RE.sub(" ", text)):
        return False
    if founded or _SELF_DESCRIPTION_RE.search(text) is not None:
        return True
    return beside_masthead and _PAPER_PHRASE_RE.fullmatch(text) is not None


def is_name_phrase(text: str) -> bool:
    """Short and without a verb, as a paper's name or tagline reads: no word of a clause and no word shaped like
    a headline's verb ("Marks", "agreed"); possessives pass.

    >>> is_name_phrase("The Daily Planet"), is_name_phrase("Planet Marks Jubilee")
    (True, False)
    """
    if len(text.split()) > _MAX_TAGLINE_WORDS:
        return False
    for word in (word.strip(",;'’\"") for word in text.split()):
        lower = word.casefold()
        if lower in _CLAUSE_WORDS or (len(lower) > 4 and lower.endswith("ed")):
            return False
        if lower.endswith("s") and not lower.endswith(("ss", "ous", "'s", "’s")) and lower not in _NOT_VERBS:
            return False
    return True


def named_outlets(text: str) -> list[str | None]:
    """Outlets (None for a portal) named in ``text``, in the order they are written, each once.

    >>> named_outlets("© Japan Today/AFP"), named_outlets("Copyright ⓒ Aju Business Daily & www.ajunews.com")
    (['Japan Today', 'AFP'], ['AJU Press'])
    """
    text = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, int, str | None]] = []
    for pattern, name in _alias_table():
        for match in pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), name))
    names: list[str | None] = []
    for _, _, name in sorted(found, key=lambda item: item[0]):
        if name not in names:
            names.append(name)
    return names


def first_outlet(text: str) -> str | None:
    """The first outlet (not portal) named in ``text``."""
    return next((name for name in named_outlets(text) if name is not None), None)


def is_copyright_line(line: str) -> bool:
    """A copyright or reprint notice, in any of the three languages."""
    return _COPYRIGHT_RE.search(line) is not None


def copyright_outlet(line: str) -> str | None:
    """The outlet a copyright line names first: "© Japan Today/AFP" is Japan Today's page."""
    return first_outlet(line) if is_copyright_line(line) else None


def source_credit(line: str) -> str | None:
    """The outlet a credit line gives as the story's source: "Source: Reuters/dy", "TBS NEWS DIG Powered by JNN".

    >>> source_credit("Source: Reuters/dy"), source_credit("TBS NEWS DIG Powered by JNN")
    ('Reuters', 'TBS')
    """
    stripped = line.strip()
    if len(stripped) > 80:
        return None
    for pattern in (_SOURCE_RE, _POWERED_RE):
        match = pattern.match(stripped)
        if match is not None:
            return outlet_at_start(match["who"])
    return None


#: A prompt asking the reader to back the site: "오마이뉴스를 응원해 주세요", "Support The Guardian", "東京新聞を購読".
_SUPPORT_RE = re.compile(r"응원|후원|구독|\bsupport\b|\bsubscribe\b|\bdonate\b|購読|支援", re.IGNORECASE)
_MAX_PROMPT_CHARS = 120


def support_outlet(line: str) -> str | None:
    """The outlet a support or subscription prompt names: a site asks its readers to back itself.

    >>> support_outlet("기사가 마음에 드셨다면 오마이뉴스를 응원해 주세요"), support_outlet("오마이뉴스 기자")
    ('OhmyNews', None)
    """
    stripped = line.strip()
    if len(stripped) > _MAX_PROMPT_CHARS or _SUPPORT_RE.search(stripped) is None:
        return None
    return first_outlet(stripped)


def outlet_at_start(text: str) -> str | None:
    """The outlet whose name opens ``text`` (after decoration): a credit names its source first."""
    text = unicodedata.normalize("NFKC", text).lstrip(_DECORATION)
    for pattern, name in _alias_table():
        if name is not None and pattern.match(text):
            return name
    return None


@cache
def _notice_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), o["name"]) for o in _outlets() for pattern in o["patterns"])


def detect_outlet(chrome_lines: Iterable[str]) -> str | None:
    """The outlet whose site fingerprints (domains, notices) appear in a page's chrome; None when none or several.

    Domains (an editor's e-mail address, a site URL) are stronger evidence than notice patterns, so a domain
    match settles the question before patterns are consulted; of two matching domains the more specific wins
    (koreajoongangdaily.joongang.co.kr over joongang.co.kr).
    """
    lines = list(chrome_lines)
    domains = {
        domain.casefold()
        for line in lines
        for pattern in (_EMAIL_DOMAIN_RE, _URL_DOMAIN_RE)
        for domain in pattern.findall(line)
    }
    by_domain: set[str] = set()
    for domain in domains:
        matches = [
            (len(own), outlet["name"])
            for outlet in _outlets()
            for own in outlet["domains"]
            if domain == own or domain.endswith("." + own)
        ]
        if matches:
            by_domain.add(max(matches)[1])
    if by_domain:
        return by_domain.pop() if len(by_domain) == 1 else None
    by_pattern = {name for pattern, name in _notice_patterns() if any(pattern.search(line) for line in lines)}
    return by_pattern.pop() if len(by_pattern) == 1 else None
