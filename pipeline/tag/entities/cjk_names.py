"""Names in Korean and Japanese copy that the gazetteer does not know, found only beside a cue.

Korean and Japanese have no capitals, so a name is taken only where a cue vouches for it (``cues`` explains
the order when cues disagree); nothing is guessed from a common noun:

* **Korean people**: a name just before a title or honorific (박철희 주일대사, 양현 씨, 기무라 유카 교사),
  with at most three country, institution or "former" words between (이쿠이나 아키코 외무성 정무관,
  이원덕 국민대 교수, 문희상 전 국회의장) and perhaps an age (홍길동(45) 씨), or just after a role noun
  (원고 최말순은). The name is either
  Korean-shaped (one word of two or three syllables opening with a family name: 박철희) or a Japanese name
  written in Hangul (two words whose syllables end in no consonant but ㄴ or ㅅ, as kana transcribe:
  이치카와 게이이치); both must be rare words (wordfreq), so 정부 대변인 ("government spokesman") is no name.
* **Japanese people**: three or four kanji just before an honorific or title (井上洋子共同代表, 清水明子さん,
  李容洙さん), or katakana words joined by ・ before one (ユン・ソンニョル氏). Two kanji are a family name
  alone (石破首相): titles by date resolve those (``roles``).
* **Organizations** by head noun: a Korean word ending in 부, 청, 위원회, 대사관, 법원, 대학 ... with the guards
  of ``korean_bodies`` (방위사업청, 주오사카 총영사관), or a quoted phrase ending in one ('조세이 탄광 물비상을
  역사에 새기는 모임'); a Japanese run of kanji and katakana ending in 省, 庁, 高裁, 委員会 ... (ソウル高裁,
  厚生労働省).

A find that is a known alias, or contains one as a person's name, is left to the gazetteer.
"""

import math
import re
from functools import cache

from pipeline.core.constants import EntityType
from pipeline.tag.entities.korean_bodies import korean_bodies, korean_universities
from pipeline.tag.entities.spans import NameSpan

_PERSON = EntityType.PERSON.value
_ORG = EntityType.ORGANIZATION.value

# -- Korean -------------------------------------------------------------------------------------------------
#: The commonest Korean family names (over 95% of people), one syllable, and the two-syllable ones.
KOREAN_FAMILY_SYLLABLES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 "
    "우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 "
    "맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부".split()
)
KOREAN_DOUBLE_FAMILY = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문")
#: Country initials that make compounds (한일 외교장관, 한미일 정상): two or three of them are no name.
_COUNTRY_INITIALS = frozenset("한일미중북러")
#: Titles and honorifics that follow a name in Korean copy.
KOREAN_TITLES = (
    "씨", "기자", "특파원", "대통령", "총리", "장관", "차관", "대사", "대변인", "교수", "의원", "대표", "위원장",
    "회장", "사장", "실장", "국장", "정무관", "외무상", "방위상", "관방장관", "지사", "교사", "변호사", "할머니",
    "할아버지", "선수", "감독", "총재", "사무총장", "원장", "이사장", "여사", "부위원장", "총영사", "판사", "검사",
    # offices of agencies, research centres, cities and parties (청장, 센터장, 서울시장, 최고위원, 연구위원)
    "청장", "처장", "차장", "본부장", "센터장", "소장", "단장", "총장", "학장", "군수", "의장", "위원", "연구원",
    "비서관", "보좌관", "수석", "주석", "특사", "참사관", "영사", "부장", "과장", "팀장", "시장", "이사", "고문",
    "작가", "평론가", "앵커", "코치",
    # Japan's ministers as Korean copy writes them (재무상, 경제산업상, 문부과학상)
    "재무상", "경제산업상", "경산상", "법무상", "문부과학상", "후생노동상", "농림수산상", "국토교통상", "환경상",
    "총무상", "부흥상", "디지털상", "경제재생상", "경제안보상", "담당상",
)  # fmt: skip
#: Titles that are also common words alone (시장 a market, 이사 a move, 고문 torture, 수석 top, 연구원 the job
#: of many): a name takes them only with an office written onto them (서울시장, 대표이사, 정책고문).
_KO_BARE_AMBIGUOUS = frozenset(
    ("시장", "이사", "고문", "수석", "연구원", "위원", "영사", "부장", "과장", "의장")
)
#: A title word may carry its office before it, in one word: 주일대사, 공동대표, 국가안전보장국장.
_KO_TITLE = re.compile(rf"[가-힣]*(?:{'|'.join(sorted(KOREAN_TITLES, key=len, reverse=True))})")
#: An age between a name and its title: 홍길동(45) 씨, 김철수(52)씨.
_AGE = re.compile(r"\s?\(\d{1,3}(?:세)?\)\s?")
#: Words that may stand between a name and its title: a country, or an institution (외무성, 주일).
_KO_BETWEEN = re.compile(
    r"(?:일본|한국|미국|중국|북한|주일|주한|전|현|신임|당시|초대|차기|前"
    # an institution (외무성, 국민대, 세종연구소, 일본은행, 아산정책연구원) or a department of one (국제학부)
    r"|[가-힣]{2,}(?:성|부|청|처|원|회|당|실|국|대|소|터|행|단|관|교|학|보|과|팀))"
)
_KO_ORG_HEADS = (
    "위원회", "협의회", "협회", "연맹", "재단", "법원", "고법", "지법", "검찰청", "경찰청", "연구소", "모임",
    "본부", "연대", "노동성", "과학성", "산업성", "교통성", "수산성",
)  # fmt: skip
#: Generic committees ("the organizing committee", "the standing committee") are no one body's name.
_GENERIC_ORG_STEMS = (
    "실행",
    "상임",
    "특별",
    "운영",
    "조직",
    "준비",
    "심사",
    "実行",
    "常任",
    "特別",
    "運営",
    "組織",
    "準備",
)
_QUOTED_ORG = re.compile(rf"['‘“\"]([^'’”\"\n]{{2,40}}(?:{'|'.join(_KO_ORG_HEADS)}|会))['’”\"]")
_HANGUL_WORD = re.compile(r"[가-힣]+")
#: Kana transcribed in Hangul end a syllable in no consonant, or in ㄴ (ん) and ㅅ (っ), and have the vowels
#: a, i, u, e, o, wa, ya, yu, yo and ㅡ (스, 쓰): 것, 어, 는 are no kana.
_KANA_FINALS = {0, 4, 19}
_KANA_VOWELS = {0, 2, 5, 8, 9, 12, 13, 17, 18, 20}
#: Above this Zipf frequency a Korean word is a common word, not part of a name.
_KO_COMMON_NAME = 3.0
_KO_COMMON_KANA_WORD = 4.0

# -- Japanese -----------------------------------------------------------------------------------------------
JAPANESE_TITLES = (
    "さん", "氏", "様", "さま", "容疑者", "被告", "共同代表", "代表", "会長", "社長", "議員", "知事", "市長",
    "町長", "教授", "准教授", "記者", "弁護士", "大使", "首相", "外相", "長官", "大臣", "官房長官", "総裁",
    "委員長", "学芸員", "監督", "選手", "理事長", "事務局長", "大統領", "元首相", "前首相", "総理", "官房",
)  # fmt: skip
_KANJI = r"[\u4e00-\u9fff々]"
_JA_TITLE = "|".join(sorted(JAPANESE_TITLES, key=len, reverse=True))
_JA_TITLE_AT = re.compile(_JA_TITLE)
#: A name and its title, or its affiliation and title after a middle dot (鈴木一郎・東京大学教授).
_JA_KANJI_NAME = re.compile(
    rf"(?<!{_KANJI})({_KANJI}{{3,4}})(?:・([\u4e00-\u9fff々ァ-ヺー]{{2,15}}?))?(?:{_JA_TITLE})"
)
_JA_KATAKANA_NAME = re.compile(rf"(?<![ァ-ヺー・])([ァ-ヺー]{{1,8}}(?:・[ァ-ヺー]{{1,8}})+)(?:{_JA_TITLE})")
#: A kanji run ending here is a place, a body or a modifier, never a person's given name.
_JA_NOT_NAME_END = set("県府都道市町村区省庁党会社局部課院所国州元前現新故副同当")
#: A listed Japanese word at least this frequent (Zipf) is a word, not a full name (full names are not listed).
_JA_COMMON_NAME = 1.5
_JA_NOT_NAME_START = set("同両各本当全元前現新故副")
_JA_ORG_HEADS = (
    "省",
    "庁",
    "高裁",
    "地裁",
    "最高裁",
    "裁判所",
    "委員会",
    "協議会",
    "協会",
    "連盟",
    "財団",
    "研究所",
    # missions, universities, hospitals and other bodies (駐大阪韓国総領事館, 早稲田大学, ソウル大学病院)
    "大使館",
    "総領事館",
    "領事館",
    "大学校",
    "大学",
    "病院",
    "機構",
    "連合会",
)
#: Words before a university's or hospital's head that make it a kind, not a name (国立大学, 大学病院).
_JA_GENERIC_BODIES = frozenset("国立 私立 公立 女子 短期 総合 大学 地方 各地 市内 県内 都内 近くの".split())
#: After 大学 or 病院 these make a person or a part: 大学生 (a student), 大学院 (its graduate school).
_JA_HEAD_TAILS = "生院側内"
_JA_ORG = re.compile(
    rf"(?<![\u4e00-\u9fff々ァ-ヺー])[\u4e00-\u9fff々ァ-ヺー]{{1,12}}(?:{'|'.join(_JA_ORG_HEADS)})"
)


@cache
def _frequencies(language: str) -> dict[str, float]:
    # The word list itself: wordfreq's zipf_frequency would tokenize Japanese with MeCab, which is not installed.
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language)


def _zipf(word: str, language: str) -> float:
    freq = _frequencies(language).get(word, 0.0)
    return math.log10(freq * 1e9) if freq else 0.0


def _ko_zipf(word: str) -> float:
    return _zipf(word, "ko")


def _korean_shape(word: str) -> bool:
    """박철희, 남궁민: a family name and a one- or two-syllable given name, and no common word."""
    family = 2 if word[:2] in KOREAN_DOUBLE_FAMILY else 1
    return (
        2 <= len(word) <= 2 + family
        and (family == 2 or word[0] in KOREAN_FAMILY_SYLLABLES)
        and _ko_zipf(word) < _KO_COMMON_NAME
        and not set(word) <= _COUNTRY_INITIALS
    )


def _kana_shape(word: str) -> bool:
    """이치카와, 게이이치: kana in Hangul, every syllable open or closed in ㄴ/ㅅ, and no common word."""
    return (
        2 <= len(word) <= 5
        and all((ord(c) - 0xAC00) % 28 in _KANA_FINALS for c in word)
        and all((ord(c) - 0xAC00) // 28 % 21 in _KANA_VOWELS for c in word)
        and not word.endswith("는")
        and _ko_zipf(word) < _KO_COMMON_KANA_WORD
    )


def _korean_people(text: str, known: frozenset[str]) -> list[NameSpan]:
    words = [(m.start(), m.end(), m.group(0)) for m in _HANGUL_WORD.finditer(text)]
    found = []
    for k, (start, _, word) in enumerate(words):
        bare = word[: len(word) - _particle_length(word)] or word
        title = _KO_TITLE.fullmatch(bare)
        if not title or k == 0 or bare in _KO_BARE_AMBIGUOUS:
            continue
        j = k - 1
        while j > 0 and k - j <= 3 and _KO_BETWEEN.fullmatch(words[j][2]) and not _kana_shape(words[j][2]):
            j -= 1
        last = words[j]
        gap = text[last[1] : start]
        if re.search(r"[^\s가-힣]", gap) and not (j == k - 1 and _AGE.fullmatch(gap)):
            continue  # a name never runs across punctuation to its title, but for an age: 홍길동(45) 씨
        first = words[j - 1] if j > 0 and text[words[j - 1][1] : last[0]] == " " else None
        if first and _kana_shape(first[2]) and _kana_shape(last[2]):
            span = (first[0], last[1])
        elif _korean_shape(last[2]) and not (len(last[2]) == 2 and last[2][1] == "모"):  # 김모: anonymized
            span = (last[0], last[1])
        else:
            continue
        name = text[span[0] : span[1]]
        if name not in known and not any(w in known for w in name.split()):
            found.append(NameSpan(span[0], span[1], _PERSON, "korean_title"))
    return found


#: Role nouns that stand before a Korean name (유족 양현은, 원고 이용수는): only a three-syllable Korean-shaped
#: name counts after them, and only followed by a particle or the end of the word.
KOREAN_ROLES_BEFORE = ("유족", "원고", "피고", "피고인", "피해자", "생존자", "희생자", "대변인")
_KO_ROLE_NAME = re.compile(
    rf"(?<![가-힣])(?:{'|'.join(KOREAN_ROLES_BEFORE)}) (([가-힣]{{3}})(?:은|는|이|가|과|와|의|도|을|를)?)(?![가-힣])"
)
_KO_PARTICLE_END = re.compile(r"[은는이가과와의도을를]$")


def _korean_people_after_role(text: str, known: frozenset[str]) -> list[NameSpan]:
    found = []
    for m in _KO_ROLE_NAME.finditer(text):
        word, name = m.group(1), m.group(2)
        # The whole word, or the name less a particle, may be a common word: 민주주의, 장관은.
        common = _ko_zipf(word) >= _KO_COMMON_NAME or (
            _KO_PARTICLE_END.search(name) and _ko_zipf(name[:-1]) >= _KO_COMMON_NAME
        )
        if not common and _korean_shape(name) and name not in known:
            found.append(NameSpan(m.start(2), m.end(2), _PERSON, "korean_role"))
    return found


def _particle_length(word: str) -> int:
    for particle in ("에게", "께서", "으로", "이다", "였다", "은", "는", "이", "가", "과", "와", "의", "에", "도", "을",
                     "를", "로", "만"):  # fmt: skip
        if word.endswith(particle) and _KO_TITLE.fullmatch(word[: -len(particle)]):
            return len(particle)
    return 0


def _korean_organizations(text: str, known: frozenset[str]) -> list[NameSpan]:
    found = [NameSpan(m.start(1), m.end(1), _ORG, "quoted_institution") for m in _QUOTED_ORG.finditer(text)]
    for span in sorted(
        korean_bodies(text, known, _ko_zipf) + korean_universities(text, known, _ko_zipf),
        key=lambda s: s.start,
    ):
        name = text[span.start : span.end]
        before = text[: span.start].rsplit(" ", 2)
        if len(before) > 1 and before[-1] == "" and _kana_shape(before[-2]) and _kana_shape(name):
            continue  # 가토 가쓰노부: a Japanese given name ending in 부 after a family name, not a ministry
        if not name.startswith(_GENERIC_ORG_STEMS) and not any(s.start <= span.start < s.end for s in found):
            found.append(span)
    return found


def _institution(name: str, known: frozenset[str], shortest: int) -> bool:
    """A new body's name: long enough, not known, not a generic committee, not a known place and a known body
    (中国外務省 is China and a foreign ministry)."""
    if len(name) < shortest or name in known or name.startswith(_GENERIC_ORG_STEMS):
        return False
    return not any(name[:i] in known and name[i:] in known for i in range(1, len(name)))


def _japanese_people(text: str, known: frozenset[str]) -> list[NameSpan]:
    found = []
    for m in _JA_KANJI_NAME.finditer(text):
        name = m.group(1)
        if name[-1] in _JA_NOT_NAME_END or name[0] in _JA_NOT_NAME_START or any(k in name for k in known):
            continue
        if any(_JA_TITLE_AT.match(text, m.start(1) + i) for i in range(2, len(name))):
            continue  # 高市総理大臣, 木原官房長官: a family name and a longer title
        if _zipf(name, "ja") >= _JA_COMMON_NAME:
            continue  # 北朝鮮代表, 弁護士さん: a common word, not a name
        body = m.group(2)
        if body and not (body in known or any(h in body for h in _JA_ORG_HEADS)):
            continue  # 安全保障・外交委員長 lists two fields; 鈴木一郎・東京大学教授 names a person of a body
        found.append(NameSpan(m.start(1), m.end(1), _PERSON, "japanese_title"))
    for m in _JA_KATAKANA_NAME.finditer(text):
        if m.group(1) not in known:
            found.append(NameSpan(m.start(1), m.end(1), _PERSON, "japanese_title"))
    return found


def _japanese_organizations(text: str, known: frozenset[str]) -> list[NameSpan]:
    found = []
    for m in _JA_ORG.finditer(text):
        name = m.group(0)
        head = next(h for h in sorted(_JA_ORG_HEADS, key=len, reverse=True) if name.endswith(h))
        if name[: -len(head)] in _JA_GENERIC_BODIES or text[m.end() : m.end() + 1] in tuple(_JA_HEAD_TAILS):
            continue
        if _institution(name, known, 3) and name[0] not in _JA_NOT_NAME_START and not name.endswith("省庁"):
            found.append(NameSpan(m.start(), m.end(), _ORG, "institution_word"))
    return found


def cjk_names(text: str, known: frozenset[str] = frozenset()) -> list[NameSpan]:
    """People and organizations of one Korean or Japanese sentence, each vouched for by a cue, in order.

    ``known``: the gazetteer's non-Latin aliases (their finds are left to the gazetteer).

    >>> [text[s.start : s.end] for text in ["박철희 주일대사와 유족 9명은"] for s in cjk_names(text)]
    ['박철희']
    """
    if re.search(r"[가-힣]", text):
        spans = _korean_people(text, known) + _korean_people_after_role(text, known)
        spans += _korean_organizations(text, known)
    else:
        spans = _japanese_people(text, known) + _japanese_organizations(text, known)
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[NameSpan] = []
    for span in spans:  # the first, longest find wins where two overlap
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept
