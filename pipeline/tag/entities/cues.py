"""The words around and inside a name that say what it names: a person, an organization or a place.

A discovered name's type comes from these cues, not from a list's guess (``name_finder`` for Latin script,
``cjk_names`` for Korean and Japanese). Where cues disagree the order is fixed, most specific first:

1. a **person cue** beside the name (a title or honorific before it, "said" or an apposition naming a role
   after it; 씨, 기자, 대통령, さん, 氏, 首相 after a Korean or Japanese name) makes it a person, even when its last
   word is also a town ("Keiichi Ichikawa, secretary general of ...") or a head word that is a family name
   ("Grace Park said");
2. otherwise the name's own **head word** decides: an institution word makes an organization
   (Secretariat, Committee, 위원회, 省, 高裁), a place word a place ("Nara Park", 新潟県);
3. a **place cue** ("in", "at", "near" before the name) only settles a name whose head word is both a
   place word and a family name ("near Nara Park"); it never makes a person's shape a place, because
   "at" and "in" also stand before people ("in Kim's view").
"""

import re

from pipeline.reference.name_lexicon import ORG_HEADS

#: Lower-case words that join two names in one run; they hold inside an organization's name ("Institute for
#: Far Eastern Studies", "Reconciliation and Healing Foundation") and split anything else ("Lee and Ishiba").
JOINERS = ("and", "for", "&")

#: Institution words the shared list lacks; an organization's name ends in one ("National Security Secretariat").
EXTRA_ORG_HEADS = frozenset("Secretariat Directorate Inspectorate Tribunal Prosecutors Command Guard".split())
ORGANIZATION_HEADS = ORG_HEADS | EXTRA_ORG_HEADS

#: Words that end a place's name and are also family names ("Nara Park" the place, "Grace Park" the person).
PLACE_HEADS_NAMES = frozenset("Park Hill Hills Field Beach Valley Wood Woods Island".split())
#: Words that end a place's name ("Niigata Prefecture", "Shandong Peninsula").
PLACE_HEADS = PLACE_HEADS_NAMES | frozenset(
    "Prefecture Province Peninsula Islands Bay River Strait County District Mountains Coast".split()
)
#: A preposition of place just before a name.
PLACE_CUE_BEFORE = re.compile(r"\b(?:in|at|near|around|outside|inside|across)\s+(?:the\s+)?$")

#: News agencies and photo credits: a name never runs across one ("Korean Peninsula Yonhap News Agency" is a
#: caption's last words and its credit).
CREDIT_WORDS = frozenset("Yonhap Kyodo Reuters AFP AP EPA Newsis News1 Xinhua Jiji Getty Bloomberg".split())

ROLE = (
    r"(?:professor|researcher|analyst|adviser|advisor|minister|spokesperson|spokesman|spokeswoman|director|"
    r"chairman|chairwoman|president|lawmaker|ambassador|envoy|governor|mayor|official|expert|scholar|fellow|"
    r"editor|reporter|correspondent|lecturer|economist|chief|head|leader|member|senior|coach|manager|"
    r"striker|player|captain|champion|son|daughter|wife|husband|father|mother|brother|sister|secretary|"
    r"representative|curator)"
)
_HONORIFIC = rf"{ROLE}|[Pp]rofessor|Prof\.|Dr\.|Mr\.|Ms\.|Mrs\."
PERSON_CUE_BEFORE = re.compile(rf"(?:\b(?:said|says|told|according to|by|{_HONORIFIC})[ ,]+)$")
#: Only an honorific is a person's before the name: "said", "by" and roles ("European champion Borussia
#: Dortmund") also stand before a team or a company.
STRONG_PERSON_CUE_BEFORE = re.compile(r"(?:\b(?:[Pp]rofessor|Prof\.|Dr\.|Mr\.|Ms\.|Mrs\.) )$")
_APPOSITION = (
    rf"\s*,\s+(?:a|an|the|who)\s+(?:[\w-]+\s+){{0,3}}{ROLE}\b"
    # a bare apposition naming an office: "Keiichi Ichikawa, secretary general of Japan's ..."
    rf"|\s*,\s+(?:[a-z-]+\s+){{0,2}}{ROLE}(?:\s+general)?\s+(?:of|at|for)\b"
)
_SPEECH = (
    r"\s*,?\s+(?:said|says|told|added|explained|noted|argued|warned|wrote)\b|\s+\((?:[A-Z][a-z]+|[A-Z]{3})\)"
)
#: Sports verbs follow players and teams alike: a cue for a name with no other reading only.
_SPORT = r"\s*,?\s+(?:scored|won|beat|finished)\b"
PERSON_CUE_AFTER = re.compile(rf"^(?:{_APPOSITION}|{_SPEECH}|{_SPORT})")
#: Companies say things too ("Texaco Canada said"): only an apposition naming a person's office is strong.
STRONG_PERSON_CUE_AFTER = re.compile(rf"^(?:{_APPOSITION})")


def person_cued(text: str, start: int, end: int, *, strong: bool = False) -> bool:
    """Whether a person cue stands just before or just after ``text[start:end]``; ``strong`` keeps only
    the cues no team or company shares: an honorific before, an apposition naming an office after."""
    before, after = (
        (STRONG_PERSON_CUE_BEFORE, STRONG_PERSON_CUE_AFTER)
        if strong
        else (PERSON_CUE_BEFORE, PERSON_CUE_AFTER)
    )
    return bool(before.search(text[:start]) or after.match(text[end:]))


def place_cued(text: str, start: int) -> bool:
    """Whether a preposition of place stands just before ``text[start:]``."""
    return bool(PLACE_CUE_BEFORE.search(text[:start]))
