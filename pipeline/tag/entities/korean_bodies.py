"""Korean organizations the gazetteer does not know, found by their head noun: 방위사업청, 주오사카 총영사관.

A Korean body's name is a body and a head noun written as one word (국토안보부, 질병관리청, 한국관광공사,
서울중앙지검, 와세다대학); a particle may follow it (방위사업청은 -> 방위사업청). The head noun alone is not enough,
because common nouns end the same way (정부, 지도부, 연구원 the job, 공원, 식당, 근처), so a find must pass:

* a **body** of at least two syllables before the head (정부, 일부 and 요청 have one), and for a ministry of
  two (상무부) a country before it (중국 상무부): alone, 사회부 and 공안부 are a desk or a division;
* no **common ending**: a word that ends in a listed common noun (행정부, 책임연구원, 대학병원, 요청) is that noun;
* **rarity**: a word frequent in Korean text (wordfreq Zipf >= 3) is a common word (사무처, 집행부); the
  frequent bodies (감사원, 국세청) are gazetteer entries instead, with their English names;
* for 공사 and 공단, which are also "construction" and "industrial park", a public founder at the start
  (한국관광공사, 국민연금공단).

A university's short name (국민대, 한국외국어대) has the shape of common words (시대, 세대, 최대): it is taken only
before a professor, a president or students, which vouch for it (``korean_universities``).

A country or a "stationed in" word just before the name belongs to it: 중국 상무부, 주한 중국대사관,
주오사카 총영사관 (a mission's head needs one: 총영사관 alone names no mission). A name the gazetteer knows, or
one made of two names it knows (중국외교부), is left to the gazetteer so it keeps its canonical entity.
"""

import re

from pipeline.core.constants import EntityType
from pipeline.tag.entities.spans import NameSpan
from pipeline.text.phrase_match import KOREAN_PARTICLES

_ORG = EntityType.ORGANIZATION.value

#: Head nouns of a body's name, with the fewest syllables the body before them needs (0: the head may stand
#: alone after a mission word, 총영사관).
HEADS: dict[str, int] = {
    # government: ministries, offices, agencies, services
    "부": 2, "처": 2, "청": 2, "조정실": 2, "비서실": 2, "안보실": 2, "경호실": 2, "위원회": 2, "본부": 2,
    "연구원": 2, "진흥원": 2, "개발원": 2, "평가원": 2, "문화원": 2, "정보원": 2, "과학원": 2,
    "학술원": 2, "기술원": 2, "관리원": 2, "노동성": 2, "과학성": 2, "산업성": 2, "교통성": 2, "수산성": 2,
    # missions abroad
    "대사관": 0, "총영사관": 0, "영사관": 0, "대표부": 0,
    # courts and prosecutors
    "법원": 2, "고법": 2, "지법": 2, "지검": 2, "고검": 2, "검찰청": 2, "재판소": 2,
    # parties
    "당": 2,
    # public corporations, associations, foundations, civic groups
    "공사": 2, "공단": 2, "재단": 2, "협회": 2, "협의회": 2, "연합회": 2, "회의소": 2, "연맹": 2, "연대": 2,
    "모임": 2, "연구소": 2, "적십자사": 2, "노총": 2, "학회": 2,
    # universities, hospitals, companies, papers
    "대학교": 2, "대학": 2, "병원": 2, "그룹": 2, "전자": 2, "자동차": 2, "중공업": 2, "제철": 2, "항공": 2,
    "은행": 2, "증권": 2, "건설": 2, "화학": 2, "물산": 2, "일보": 2, "신문": 2,
}  # fmt: skip
#: Heads that name a mission abroad: with nothing before them, a 주X word must precede (주오사카 총영사관).
MISSION_HEADS = ("대사관", "총영사관", "영사관", "대표부")
#: Heads that also mean "construction" / "industrial park": the body must open with a public founder.
PUBLIC_HEADS = ("공사", "공단")
PUBLIC_FOUNDERS = ("한국", "대한", "국민", "국립", "국가", "근로", "서울", "부산", "인천", "경기", "제주")

#: Common nouns ending in a head: a word that is one of these, or ends in one of the longer ones, is no body.
COMMON_ENDINGS = frozenset(
    # -부: parts, sides, branches and the leadership, not ministries
    "정부 내부 외부 일부 전부 세부 상부 하부 간부 여부 부부 신부 주부 농부 어부 기부 거부 승부 장부 피부 복부 "
    "학부 국부 대부 치부 환부 급부 각부 안부 지부 동부 서부 남부 북부 중부 지도부 수뇌부 집행부 행정부 입법부 "
    "사법부 중심부 도심부 사령부 참모부 "
    # -처: places and ways, not offices
    "근처 상처 대처 조처 출처 거처 연락처 거래처 판매처 사용처 공급처 수출처 납품처 문의처 피난처 은신처 안식처 "
    "구입처 투자처 수요처 도피처 접수처 발주처 행선처 "
    # -청: requests and town halls
    "요청 신청 초청 방청 경청 감청 도청 시청 구청 군청 관청 재요청 "
    # -당: rooms, parties in general
    "정당 야당 여당 신당 식당 성당 강당 서당 사당 법당 본당 회당 전당 예배당 경로당 공회당 해당 상당 담당 "
    "적당 부당 집권당 소수당 다수당 거대당 중앙당 시도당 지역당 원내당 "
    # -원 and others: jobs and generic bodies
    "책임연구원 선임연구원 수석연구원 객원연구원 초빙연구원 전임연구원 방문연구원 박사후연구원 주임연구원 "
    "대학병원 종합병원 요양병원 동물병원 상급병원 전문병원 정신병원 공공병원 민간병원 치과병원 한방병원 "
    "개인병원 중소병원 거점병원 지역병원 협력병원 "
    "국립대학 사립대학 전문대학 지방대학 명문대학 일반대학 "
    "중앙은행 시중은행 지방은행 국책은행 상업은행 투자은행 저축은행 인터넷은행 외국은행 "
    "전기자동차 수소자동차 자율주행자동차 친환경자동차 중고자동차 수입자동차 국산자동차 미래자동차 "
    "저가항공 민간항공 국제항공 국내항공 "
    "일간신문 지역신문 종합신문 경제신문 스포츠신문 대학신문 "
    "이사회 조직위원회 분과위원회 전문위원회 소위원회 비상대책위원회 진상조사위원회 "
    "산업공단 작전본부 대책본부 수사본부 사업본부 영업본부 중앙본부 지역본부 지방본부 현지본부 "
    "소비자단체 시민연대 국제연대 한미연대 한일연대 "
    .split()
)  # fmt: skip
#: Two-syllable common endings no body's name ends in (명동성당, 서울시청, 재요청), unlike 전부 (행정안전부).
COMMON_TAILS = tuple(
    "학부 정당 성당 식당 강당 서당 법당 본당 회당 전당 근처 상처 출처 거처 요청 신청 초청 방청 시청 구청 "
    "군청 도청 관청".split()
)
#: East, west, south, north, central: a region (경기북부, 동남부), not a ministry; 노동부 (labour) is the one
#: ministry ending so.
_REGION = re.compile(r"(?<!노)[동서남북중]부$")
#: Above this Zipf frequency a word is a common word, not a new body's name.
COMMON_WORD_ZIPF = 3.0
#: Words before a name that are part of it: a country, or "stationed in" a country (주한, 주일) or a city the
#: gazetteer knows (주오사카).
_OWNER = re.compile(
    r"한국|일본|미국|중국|북한|러시아|대만|영국|프랑스|독일|캐나다|호주|유엔|우크라이나|주[한일미중러영]"
)

_PARTICLES = sorted(KOREAN_PARTICLES, key=len, reverse=True)
_HEADS = sorted(HEADS, key=len, reverse=True)
_WORD = re.compile(r"(?<![A-Za-z가-힣])(?:[A-Z]{2,4})?[가-힣]+")


def _stems(word: str) -> list[str]:
    """The word itself, then the word less each particle it may end in, longest particle first."""
    return [word] + [word[: -len(p)] for p in _PARTICLES if word.endswith(p) and len(word) > len(p)]


def _head(stem: str) -> str | None:
    return next((h for h in _HEADS if stem.endswith(h)), None)


def _common(stem: str, zipf) -> bool:
    if stem in COMMON_ENDINGS or stem.endswith(COMMON_TAILS) or _REGION.search(stem):
        return True
    if any(stem.endswith(c) for c in COMMON_ENDINGS if len(c) >= 3):
        return True
    return zipf(stem) >= COMMON_WORD_ZIPF


def korean_bodies(text: str, known: frozenset[str], zipf) -> list[NameSpan]:
    """Organizations of one Korean sentence by their head noun, in order; ``known`` holds the gazetteer's
    non-Latin aliases, ``zipf(word)`` a word's frequency in Korean text.

    >>> from pipeline.tag.entities.cjk_names import _ko_zipf
    >>> [("주한 중국대사관은 방위사업청과 협의했다"[s.start : s.end]) for s in korean_bodies("주한 중국대사관은 방위사업청과 협의했다", frozenset(), _ko_zipf)]
    ['주한 중국대사관', '방위사업청']
    """
    found = []
    words = list(_WORD.finditer(text))
    for k, m in enumerate(words):
        stem = next((s for s in _stems(m.group(0)) if _head(s)), None)
        if stem is None:
            continue
        head = _head(stem)
        body = stem[: -len(head)]
        owner = words[k - 1] if k and text[words[k - 1].end() : m.start()] == " " else None
        if owner and not (
            _OWNER.fullmatch(owner.group(0)) or owner.group(0)[0] == "주" and owner.group(0)[1:] in known
        ):
            owner = None
        if (
            stem in known
            or owner
            and text[owner.start() : m.start() + len(stem)] in known
            or any(stem[:i] in known and stem[i:] in known for i in range(1, len(stem)))
        ):
            continue  # the gazetteer's (외교부), or two names it knows (중국외교부)
        if len(body) < HEADS[head] or not body and owner is None:
            continue
        if head == "부" and len(body) == 2 and owner is None:
            continue  # 사회부, 공안부 are a paper's desk or a prosecutors' division; 중국 상무부 is a ministry
        if head in PUBLIC_HEADS and not body.startswith(PUBLIC_FOUNDERS):
            continue
        # A mission with its country or city is specific however common the word (주오사카 총영사관).
        if _common(stem, zipf) and not (owner and head in MISSION_HEADS and stem not in COMMON_ENDINGS):
            continue
        start = owner.start() if owner else m.start()
        found.append(NameSpan(start, m.start() + len(stem), _ORG, "institution_word"))
    return found


#: A university's short name (국민대, 한국외국어대) is also the shape of common words (시대, 세대, 최대): it
#: counts only before an academic title or a university's people, which vouch for it.
_UNIVERSITY_SHORT = re.compile(
    r"(?<![가-힣])([가-힣]{2,6}대)(?= (?:[가-힣]+ )?(?:명예|석좌|특임|객원|연구|부|조)?"
    r"(?:교수|총장|학장|연구팀|연구진|교수팀|학생|재학생|졸업생)(?![가-힣]{2}))"
)
_NOT_UNIVERSITY = frozenset(
    "현대 근대 고대 최대 확대 반대 기대 절대 상대 신세대 구세대 새시대 신시대".split()
)
#: Generations and eras (청년세대, 디지털시대); 연세대 is three syllables.
_ERA = re.compile(r"[가-힣]{2,}(?:세대|시대)$")


def korean_universities(text: str, known: frozenset[str], zipf) -> list[NameSpan]:
    """Universities by their short name before a professor, a president or students (한국외국어대 교수);
    a frequent word is left to the gazetteer (연세대) or is no university (청와대).

    >>> from pipeline.tag.entities.cjk_names import _ko_zipf
    >>> [s.start for s in korean_universities("김민수 부경대 교수는 말했다", frozenset(), _ko_zipf)]
    [4]
    """
    return [
        NameSpan(m.start(1), m.end(1), _ORG, "university_before_title")
        for m in _UNIVERSITY_SHORT.finditer(text)
        if m.group(1) not in known
        and m.group(1) not in _NOT_UNIVERSITY
        and not _ERA.match(m.group(1))
        and zipf(m.group(1)) < COMMON_WORD_ZIPF
    ]
