"""Finding names in text: people, organizations, places and facilities, by shape, lists and neighbours.

A recognizer for the names a gazetteer cannot list (``pipeline.tag.entities.discover`` turns what it finds into
entities). It reads each run of capitalized words (``Czech President Vaclav Havel``, ``Bank of Japan``,
``Min Jeong-hun``) and decides what it is, most specific evidence first:

1. **Known names** — gazetteer aliases keep their entity's type; GeoNames places are places
   (``pipeline.reference.name_lexicon``). Longest match wins, so "New York" is not "York".
2. **Organizations** — the run ends in an institution word (``… University``, ``… Party``, ``… Ltd``,
   ``… United``) or reads ``<institution word> of …`` (``Bank of Japan``); a name run ending in a city is a
   club or company (``Bayer Leverkusen``); a capitalized acronym in ordinary text (``FIFA``) is an
   organization unless it names a country. A run ending in ``Stadium``, ``Shrine``, ``Mine`` is a facility.
3. **People** — two to four words where the first is a known given name, the last a known family name, the run
   has the shape of a romanized Korean or Japanese name (``Cho Jin-goo``, ``Takuya Takagi``), an initial leads
   (``M. Waugh``), or a person cue stands beside it: a title before (``President``, ``Dr.``), or a verb or
   apposition after (``said``, ``, a professor at``).
4. **The same document** — once "Salem Bitar" is a person, a later lone "Bitar" (or "BITAR") is that person too.

Leading titles, nationalities and sentence-initial words ("The", "But") are peeled off first; titles count as
person cues. Where cues disagree, ``pipeline.tag.entities.cues`` says which wins (an honorific or an office
apposition makes "Keiichi Ichikawa" a person though Ichikawa is a town; a place word makes "near Nara Park" a
place). A name joined by a hyphen to an organization's name is part of it ("Japan-Korea Cooperation
Committee"), and a news agency's name ends a run (a caption's credit). A sentence written in capitals (a headline, a dateline) yields only known names: capitals hide
the shape every other rule reads. Every span carries the rule that produced it, so a wrong find can be traced
to its evidence.
"""

import re

from pipeline.core.constants import KOREAN_NAME_PATTERN, EntityType
from pipeline.reference.name_lexicon import (
    CALENDAR_WORDS,
    FACILITY_HEADS,
    PLACE_ACRONYMS,
    PLACE_OPENERS,
    TITLES,
    commonness,
    demonyms,
    family_names,
    given_names,
    major_places,
    place_names,
    region_names,
)
from pipeline.tag.entities.cues import (
    CREDIT_WORDS,
    JOINERS,
    ORGANIZATION_HEADS,
    PLACE_HEADS,
    PLACE_HEADS_NAMES,
    person_cued,
    place_cued,
)
from pipeline.tag.entities.organizations import organization_span
from pipeline.tag.entities.spans import NameSpan, join_compounds

_LOWER = "a-zà-öø-ÿ"
# A hyphen continues a word only in lower case ("Jae-myung"), so "Japan-South Korea" is two places. A
# possessive stays on its word here and is judged in context: "King's College" is one name, "Japan's
# Sankei Shimbun" two.
_WORD = rf"[A-Z][{_LOWER}]*(?:[A-Z][{_LOWER}]+)*(?:-[{_LOWER}]+|['’][A-Z]?[{_LOWER}]{{2,}})*(?:['’]s\b)?"
_POSSESSIVE = re.compile(r"['’]s$")
_COMPOUND = re.compile(rf"(.+)-[{_LOWER}]+$")
_CAPITALS = r"[A-Z]{2,}(?:-[A-Z]{2,})*(?![A-Za-z])"
_DOTTED = r"(?:[A-Z]\.){2,}"
_INITIAL = r"[A-Z]\."
_TOKEN = rf"(?:{_DOTTED}|{_CAPITALS}|{_INITIAL}|{_WORD})"
#: Lower-case words that may sit inside a name ("Bank of Japan", "Vincent van Gogh", "Osama bin Laden").
_CONNECTORS = ("of", "the", "van", "von", "der", "den", "de", "da", "di", "del", "della", "du", "bin", "ibn")
_LINKS = "|".join((*_CONNECTORS, *JOINERS))
_PARTICLES = "|".join(c for c in _CONNECTORS if c not in ("of", "the"))
# At most one linking word between capitals ("of the" and "van der" count as one); "and the" ends a run.
_LINK = rf"(?:(?:of|for)[ \u00a0](?:the[ \u00a0])?|(?:and|&)[ \u00a0]|(?:{_PARTICLES})[ \u00a0](?:(?:der|den)[ \u00a0])?)"
_RUN = re.compile(rf"(?<![\w.]){_TOKEN}(?:[ \u00a0]{_LINK}?{_TOKEN})*")
_TOKEN_RE = re.compile(rf"{_TOKEN}|(?<!\S)(?:{_LINKS})(?!\S)")
_KOREAN_NAME = re.compile(KOREAN_NAME_PATTERN)

#: One romanized Japanese word: morae of Hepburn romanization ("Takagi", "Yanagimoto", "Masayuki", "Hattori").
_JAPANESE_WORD = re.compile(
    r"(?:(?:[kgsztdnhbpmrfjwy]|sh|ch|ts|[kgnhbpmr]y)?[aiueo]|n(?![aiueoy])|[kstp](?=[kstp]))+"
)
#: Above this Zipf frequency, the last word of a two-word run is a common noun ("Rose Bowl", "China Steel").
_COMMON_LAST = 3.5
#: Longest run of capitals read as an acronym; longer ones are shouted words.
_MAX_ACRONYM = 6
#: A word more common than this (Zipf, lower-cased) that opens a run is a sentence opener, not a name.
_COMMON_OPENER = 4.0


_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")


def _is_caps_sentence(text: str) -> bool:
    upper, lower = len(_ASCII_UPPER.findall(text)), len(_ASCII_LOWER.findall(text))
    return upper + lower >= 3 and upper >= 0.7 * (upper + lower)


class NameFinder:
    """Finds names in the sentences of one document at a time; ``known`` maps gazetteer aliases to types."""

    def __init__(self, known: dict[str, str] | None = None):
        self.known = dict(known or {})
        self.given = given_names()
        self.family = family_names()
        self.places = place_names()
        self.demonyms = demonyms()
        self.regions = region_names()
        self.major_places = major_places()
        # A known person's family or given name opening a run ending in a town is that person and the town
        # ("the Takaichi Nara summit"), not a company.
        self.known_person_words = {
            word
            for alias, kind in self.known.items()
            if kind == EntityType.PERSON and " " in alias
            for word in (alias.split()[0], alias.split()[-1])
        }
        self.max_known_tokens = max((len(k.split()) for k in [*self.known, *self.places]), default=1)

    # -- one document --------------------------------------------------------------------------------------
    def find(self, sentences: list[str]) -> list[list[NameSpan]]:
        """Spans per sentence of one document, in order; later lone surnames use earlier full names."""
        found = [self._sentence(text) for text in sentences]
        people: set[str] = set()
        for text, spans in zip(sentences, found, strict=True):
            for s in spans:
                words = text[s.start : s.end].split()
                if s.type == EntityType.PERSON and len(words) > 1 and s.rule != "same_document":
                    people.add(words[-1])
                    if commonness(words[0]) < _COMMON_LAST and not words[0].endswith("."):
                        people.add(words[0])  # sports copy calls "Wasim Akram" "Wasim"
        if people:
            found = [self._lone_names(t, spans, people) for t, spans in zip(sentences, found, strict=True)]
        return found

    def _lone_names(self, text: str, spans: list[NameSpan], people: set[str]) -> list[NameSpan]:
        caps = _is_caps_sentence(text)
        # A lone word this document used as a person's name is that person, even where GeoNames knows a
        # town of the same name ("Cairns", "Vaughan") — unless the gazetteer itself says otherwise.
        kept = [s for s in spans if not (s.rule == "known" and self._geo_only(text, s, people))]
        taken = [(s.start, s.end) for s in kept]
        extra = [
            NameSpan(m.start(), m.end(), EntityType.PERSON.value, "same_document")
            for m in re.finditer(r"\b[A-Z][\w'’-]+\b", text)
            if (m.group(0).title() if caps else m.group(0)) in people
            and not any(a < m.end() and m.start() < b for a, b in taken)
        ]
        return sorted([*kept, *extra], key=lambda s: s.start) if extra else spans

    def _geo_only(self, text: str, span: NameSpan, people: set[str]) -> bool:
        word = text[span.start : span.end]
        return word in people and word not in self.known and word in self.places

    # -- one sentence --------------------------------------------------------------------------------------
    def _sentence(self, text: str) -> list[NameSpan]:
        caps = _is_caps_sentence(text)
        spans: list[NameSpan] = []
        for run in _RUN.finditer(text):
            tokens = [
                (m.start() + run.start(), m.end() + run.start()) for m in _TOKEN_RE.finditer(run.group(0))
            ]
            for part in self._split(text, tokens):
                spans.extend(self._known_only(text, part) if caps else self._run(text, part))
        return join_compounds(text, spans)

    def _split(self, text: str, tokens: list) -> list[list]:
        """Cut a run where a known name is used as a modifier: "Japan's Sankei Shimbun" (possessive) and
        "Japan-funded Reconciliation …" (compound adjective); possessives come off the end of every part."""
        parts, current = [], []
        for start, end in tokens:
            word = text[start:end]
            if (
                word in CREDIT_WORDS and current
            ):  # "... Korean Peninsula Yonhap News Agency": a caption's credit
                parts.append(current)
                current = []
            compound = _COMPOUND.match(word)
            if compound and self._lookup(compound.group(1)):
                parts.append(current)
                current = []
                continue
            possessive = _POSSESSIVE.search(word)
            if possessive:
                current.append((start, end - 2))
                owner = text[current[0][0] : end - 2]
                # A known name or a person's ("Robert Kilroy-Silk's Veritas Party") owns what follows.
                if (
                    self._lookup(owner)
                    or self._lookup(word[:-2])
                    or (" " in owner and owner.split()[0] in self.given)
                ):
                    parts.append(current)
                    current = []
                else:
                    current[-1] = (start, end)  # "King's College": the possessive is part of the name
                continue
            current.append((start, end))
        parts.append(current)
        for part in parts:
            if part and _POSSESSIVE.search(text[part[-1][0] : part[-1][1]]):
                part[-1] = (part[-1][0], part[-1][1] - 2)
        return [p for p in parts if p]

    def _lookup(self, phrase: str) -> str | None:
        if phrase in self.known:
            return self.known[phrase]
        if phrase in self.places:
            return EntityType.PLACE.value
        return None

    def _longest_known(self, text: str, tokens: list, i: int, fold: bool = False) -> tuple[int, str] | None:
        """(end token index, type) of the longest known name starting at token ``i``."""
        for j in range(min(len(tokens), i + self.max_known_tokens), i, -1):
            phrase = text[tokens[i][0] : tokens[j - 1][1]]
            kind = self._lookup(phrase.title() if fold else phrase)
            if kind:
                return j, kind
        return None

    def _known_only(self, text: str, tokens: list) -> list[NameSpan]:
        spans, i = [], 0
        while i < len(tokens):
            hit = self._longest_known(text, tokens, i, fold=True)
            if hit and hit[0] == i + 1 and hit[1] == EntityType.PLACE:
                word = text[tokens[i][0] : tokens[i][1]].title()
                if (
                    word not in self.major_places
                    and word not in self.known
                    and commonness(word) >= _COMMON_LAST
                ):
                    hit = None  # "SURPRISE" is a word before it is a town in Arizona
            if hit:
                spans.append(NameSpan(tokens[i][0], tokens[hit[0] - 1][1], hit[1], "known"))
                i = hit[0]
            else:
                i += 1
        return spans

    def _run(self, text: str, tokens: list) -> list[NameSpan]:
        words = [text[a:b] for a, b in tokens]
        # Peel titles and sentence openers off the front; a title is a person cue for what follows.
        # Common words are peeled only where the sentence starts: mid-sentence capitals mean a name
        # ("Real Madrid", "Red Cross").
        opens_sentence = not re.search(r"[\w,;]", text[: tokens[0][0]])
        titled, i = False, 0
        while i < len(tokens) and self._longest_known(text, tokens, i) is None:
            w = words[i]
            if w in TITLES or w.rstrip(".") in TITLES:
                titled = True
            elif (
                w in _CONNECTORS
                or w in JOINERS
                or w in ("A", "An", "The", "And", "But", "Or")
                or (
                    i == 0
                    and opens_sentence
                    and commonness(w) >= _COMMON_OPENER
                    and w not in self.given
                    and not (w.isupper() and len(w) > 1)
                )
            ):
                pass
            else:
                break
            i += 1
        while tokens[i:] and words[len(tokens) - 1] in (*_CONNECTORS, *JOINERS):  # never end on "of"
            tokens, words = tokens[:-1], words[:-1]
        tokens, words = tokens[i:], words[i:]
        if not tokens:
            return []
        org = organization_span(text, tokens, words, self._lookup, self.given, self.known)
        if org is None:
            return self._segments(text, tokens, words, titled)
        before = [k for k, t in enumerate(tokens) if t[1] <= org.start]
        while before and words[before[-1]] in (*JOINERS, *_CONNECTORS):
            before.pop()
        head = self._run(text, tokens[: len(before)]) if before else []
        return [*head, org]

    def _segments(self, text: str, tokens: list, words: list[str], titled: bool) -> list[NameSpan]:
        spans, rest, i = [], [], 0
        while i < len(tokens):
            if words[i] in ("of", "the", *JOINERS):
                spans += self._leftover(text, tokens, rest, titled)
                rest, i = [], i + 1
                continue
            if words[i] in TITLES and i + 1 < len(tokens):
                # Words before a title qualify it ("German Chancellor", "Treasury Under Secretary"): not a name.
                rest, titled, i = [], True, i + 1
                continue
            hit = self._longest_known(text, tokens, i)
            # A town's name opening a person's name is the person ("Paris Hilton", "Salem Bitar"); a country's
            # only if it is a given name too ("Jordan Henderson").
            as_given = (
                rest == []
                and hit is not None
                and hit[0] == i + 1
                and i + 1 < len(tokens)
                and (words[i] in self.given or words[i] not in self.regions)
                and words[i + 1] not in self.places
                and words[i + 1] not in ORGANIZATION_HEADS
                and words[i + 1] not in FACILITY_HEADS
                and (words[i + 1] in self.family or commonness(words[i + 1]) < 3.0)
            )
            run_ends = hit is not None and (
                hit[0] == len(tokens) or words[hit[0]] in (*JOINERS, *_CONNECTORS)
            )
            if hit and not as_given and rest and not titled and run_ends and hit[1] == "place":
                ending = self._ending_in_place(text, tokens, words, rest, i, hit[0])
                if ending:
                    spans.append(ending)
                    rest, i = [], hit[0]
                    continue
            if hit and not as_given:
                spans += self._leftover(text, tokens, rest, titled)
                spans.append(NameSpan(tokens[i][0], tokens[hit[0] - 1][1], hit[1], "known"))
                rest, titled, i = [], False, hit[0]
                continue
            rest.append(i)
            i += 1
        spans += self._leftover(text, tokens, rest, titled)
        return spans

    def _ending_in_place(self, text: str, tokens: list, words: list[str], rest: list[int], i: int, end: int):
        """A run of names ending in a town: a person ("Ken Livingstone", "Keiichi Ichikawa, secretary general
        of ...") or a club or company ("Bayer Leverkusen", "Dynamo Moscow"), or neither ("South West
        Edinburgh", "Stalin's Russia"). A person cue beside it outweighs the town (see ``cues``)."""
        first = words[rest[0]]
        if (
            (len(first) < 2 or (len(first) == 2 and not first.isupper()))
            or first in PLACE_OPENERS
            or first in self.demonyms
            or (len(rest) == 1 and first in self.known_person_words)
            or any(_POSSESSIVE.search(words[k]) for k in rest)
        ):
            return None
        if first in self.given:
            if len(rest) == 1 and i + 1 == end and words[i] not in self.regions:
                return NameSpan(tokens[rest[0]][0], tokens[end - 1][1], EntityType.PERSON.value, "given_name")
            return None
        start, stop = tokens[rest[0]][0], tokens[end - 1][1]
        if person_cued(text, start, stop, strong=True):
            return NameSpan(start, stop, EntityType.PERSON.value, "person_cue")
        if (
            len(rest) == 1
            and i + 1 == end
            and words[i]
            not in self.known  # "Kinki Nippon": a name the gazetteer lists (Japan) ends a company's
            and self._japanese_shape(words[rest[0]], words[i])
        ):
            return NameSpan(start, stop, EntityType.PERSON.value, "japanese_name_shape")
        return NameSpan(start, stop, EntityType.ORGANIZATION.value, "name_with_place")

    @staticmethod
    def _japanese_shape(*words: str) -> bool:
        return all(len(w) >= 4 and commonness(w) < 3.0 and _JAPANESE_WORD.fullmatch(w.lower()) for w in words)

    def _leftover(self, text: str, tokens: list, idx: list[int], titled: bool) -> list[NameSpan]:
        if not idx:
            return []
        words = [text[tokens[k][0] : tokens[k][1]] for k in idx]
        if words[0] in self.demonyms or " ".join(words[:2]) in self.demonyms:  # "South Korean Kim …"
            drop = 1 if words[0] in self.demonyms else 2
            return self._leftover(text, tokens, idx[drop:], titled)
        start, end = tokens[idx[0]][0], tokens[idx[-1]][1]
        if any(w in CALENDAR_WORDS for w in words):
            return []
        if len(words) > 1 and words[-1] in ORGANIZATION_HEADS | FACILITY_HEADS:  # a body inside a longer run
            kind = EntityType.ORGANIZATION if words[-1] in ORGANIZATION_HEADS else EntityType.FACILITY
            return [NameSpan(start, end, kind.value, "institution_word")]
        if len(words) == 1:
            w = words[0]
            if w in PLACE_ACRONYMS:
                return [NameSpan(start, end, EntityType.PLACE.value, "known")]
            if w.isupper() and 1 < len(w) <= _MAX_ACRONYM:
                if self._lookup(w.title()) == EntityType.PLACE:  # a dateline's "NARA, Japan"
                    return [NameSpan(start, end, EntityType.PLACE.value, "known")]
                return [NameSpan(start, end, EntityType.ORGANIZATION.value, "acronym")]
            if titled and commonness(w) < _COMMON_OPENER:
                return [NameSpan(start, end, EntityType.PERSON.value, "title")]
            return []
        if len(words) > 4 or any(w.isupper() and len(w) > 1 or _POSSESSIVE.search(w) for w in words):
            return []
        if (
            len(words) >= 3
            and words[0] not in self.given
            and words[0] not in self.family
            and words[1] in self.given
        ):
            return self._leftover(text, tokens, idx[1:], titled)  # "Argentine Abel Balbo"
        name = text[start:end]
        person = EntityType.PERSON.value
        if self._place_word(text, start, end, words):
            return [NameSpan(start, end, EntityType.PLACE.value, "place_word")]
        if _KOREAN_NAME.fullmatch(name):
            return [NameSpan(start, end, person, "korean_name_shape")]
        if titled:
            return [NameSpan(start, end, person, "title")]
        if words[0] in PLACE_OPENERS:
            return []  # "West Indies", "North Sumatra": a region the lists do not know, not a person
        if len(words[0]) == 2 and words[0].endswith(".") and not words[-1].endswith("."):
            return [NameSpan(start, end, person, "initial")]  # "M. Waugh"
        if len(words) > 3:  # four capitalized words with no title or cue are rarely one person
            return self._cued(text, start, end)
        last_is_name = words[-1] in self.family or commonness(words[-1]) < _COMMON_LAST
        if words[0] in self.given and words[0] not in PLACE_OPENERS and last_is_name:
            return [NameSpan(start, end, person, "given_name")]
        if (
            words[-1] in self.family
            and words[0] not in PLACE_OPENERS
            and (words[0] in self.given or commonness(words[0]) < _COMMON_LAST)
        ):
            return [NameSpan(start, end, person, "family_name")]
        # "the Chosei Tanko": a name's shape after "the" is a thing's name (a mine, a ship), not a person's.
        if len(words) == 2 and self._japanese_shape(*words) and not re.search(r"\bthe\s+$", text[:start]):
            return [NameSpan(start, end, person, "japanese_name_shape")]
        return self._cued(text, start, end)

    def _place_word(self, text: str, start: int, end: int, words: list[str]) -> bool:
        """A name ending in a place word ("Niigata Prefecture"); where that word is also a family name ("Nara
        Park", "Grace Park") only with no person cue, no given name first, and a place cue before it."""
        if words[-1] not in PLACE_HEADS or person_cued(text, start, end):
            return False
        return words[-1] not in PLACE_HEADS_NAMES or (words[0] not in self.given and place_cued(text, start))

    def _cued(self, text: str, start: int, end: int) -> list[NameSpan]:
        if person_cued(text, start, end):
            return [NameSpan(start, end, EntityType.PERSON.value, "person_cue")]
        return []
