"""Korean and Japanese credits: a reporter's signature line ("김진아 기자", "도쿄=김현서 특파원", "ソウル=清水大輔",
"（北川舞）") and the bracket that opens a lead ("(서울=연합뉴스) 김진아 기자 =", "【ソウル共同】").

A credit counts only when its name reads as a person's: a Korean name starts with a common family name ("취재
기자" is a phrase), a Japanese one with a kanji ("ソウル" is a place). `pipeline.clean.metadata` reads English credits and
calls these for the other two languages.
"""

import re
import unicodedata

from pipeline.reference.outlets import masthead, outlet_at_start

__all__ = [
    "EMAIL",
    "LEAD_REACH",
    "cjk_credit_place",
    "japanese_credit",
    "korean_credit",
    "lead_credit",
    "signin_credit",
]

#: An e-mail address, which pages in every language print after a credit.
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
#: A lead's credit and dateline open it; nothing further in is read for them.
LEAD_REACH = 120

#: Korean reporters sign as "이름 기자" or "이름 특파원"; their names are two to four syllables.
_KO_ROLE = r"(?:선임기자|수석기자|객원기자|인턴기자|기자|특파원|논설위원|통신원)"
_KO_CREDIT_RE = re.compile(
    rf"(?:^|(?<=[\s=/\]\)]))(?P<name>[가-힣]{{2,4}})\s?(?P<role>{_KO_ROLE})(?![가-힣])"
)
#: Common Korean family names: a name credit starts with one ("김진아"), a phrase ("취재 기자") does not.
_KO_SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구"
    " 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모"
    " 탁 국 어 은 편 용 예 경 봉 사 부 황보 남궁 제갈 선우 독고 사공 서문".split()
)
_KO_NAMES = r"[가-힣]{2,4}(?:\s?[·,]\s?[가-힣]{2,4}){0,3}"
_KO_STANDALONE_RE = re.compile(
    rf"^(?:(?P<outlet>\S{{2,12}})\s+)?(?:(?P<place>[가-힣]{{1,8}})\s*[=/]\s*)?(?P<credit>{_KO_NAMES}\s?{_KO_ROLE})"
    rf"(?:\s*[\[<(]?{EMAIL}[\]>)]?)?\s*(?:\|.*)?$"
)
#: A desk signing for its reporter: "[디지털뉴스국 길나영 인턴기자]" (a newsroom's bureau, department or team).
_KO_DESK_RE = re.compile(r"^[가-힣A-Za-z]{1,10}(?:국|부|팀|센터|본부)$")
#: A column's "글 : 리 소테쓰" (text by): the writer's name as written, often a foreign name in Hangul.
#: The writer's affiliation may follow, set off by two spaces: "글 : 리 소테쓰  일본 류코쿠대학 교수".
_KO_TEXT_BY_RE = re.compile(
    r"^(?:글|글·사진|사진·글)\s*[:：]\s*(?P<name>[가-힣]{1,5}(?:\s[가-힣]{1,6}){0,2})(?:\s{2,}[^\s:：].{1,40})?$"
)
#: A broadcast report's sign-in closing the anchor's lead: "강청완 기자가 전해드립니다.", "박예린 기자가 보도합니다."
_KO_SIGNIN_RE = re.compile(
    r"(?:^|(?<=[\s.]))(?P<name>[가-힣]{2,4})\s?(?P<role>기자|특파원)가\s?"
    r"(?:전해\s?드립니다|보도합니다|취재했습니다|전합니다|알아봤습니다)\.?$"
)
#: A live report's handover: the anchor's question opening with the reporter's name ("김수영 기자, 조금 전 … 있었다고요?").
_KO_HANDOVER_RE = re.compile(r"^(?P<name>[가-힣]{2,4})\s?(?P<role>기자|특파원),\s.{4,160}\?$")
#: OhmyNews signs its writers as "박성우(ppssww)": a name and a user id, under the headline.
_KO_USER_ID_RE = re.compile(r"^(?P<name>[가-힣]{2,4})\s?\([A-Za-z0-9_.-]{2,20}\)$")

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KATAKANA = "\u30a0-\u30ff"
#: Japanese credits: "ソウル=清水大輔", "（北川舞）", "山田太郎記者".
_JA_PLACE_NAME_RE = re.compile(rf"^(?P<place>[{_CJK}]{{1,8}})\s*[=＝]\s*(?P<name>[{_CJK}]{{2,7}})$")
_JA_PAREN_NAME_RE = re.compile(rf"^[（(](?P<name>[{_CJK}]{{2,7}})[）)]$")
_JA_REPORTER_RE = re.compile(rf"^(?P<name>[{_CJK}]{{2,7}}\s?(?:記者|特派員|編集委員|論説委員))$")
#: Bracketed tags that open Japanese stories and are no place: "【速報】", "【独自】", "【詳報】".
_JA_TAG_RE = re.compile(
    r"速報|独自|詳報|解説|動画|写真|特集|更新|号外|社説|コラム|中継|図解|続報|訂正|追記|まとめ|最新|注目|会見|全文|寄稿|経済|政治|社会|国際"
)
#: Parenthesised words that are not people: photo notes, ends of stories, desks.
_JA_NOT_NAMES_RE = re.compile(
    r"写真|動画|資料|撮影|図|終わり|了$|続く|部$|局$|課$|班$|社$|室$|版$|委員会|政府|会議"
)

#: A lead's bracketed credit: "(서울=연합뉴스) 김진아 기자 =", "[아시아경제 도쿄=권혜민 특파원]", "【ソウル共同】".
_KO_LEAD_RE = re.compile(
    r"^\s*[\(\[［【]\s*(?:(?P<outlet>[^=\]\)］】]*?)\s+)?(?P<place>[가-힣A-Za-z]{1,10})\s*=\s*(?P<rest>[^\]\)］】]*?)"
    r"\s*[\)\]］】]\s*(?P<after>[가-힣]{2,4}\s?" + _KO_ROLE + r"\s*=)?"
)
_JA_LEAD_RE = re.compile(r"^\s*【(?P<inner>[^】]{2,24})】")
#: Without a place, a Korean lead's bracket names the outlet and the reporter: "[이데일리 김윤지 기자]".
_KO_OUTLET_LEAD_RE = re.compile(
    rf"^\s*\[(?P<outlet>[^\]\s=]{{2,12}})\s+(?P<credit>{_KO_NAMES}\s?{_KO_ROLE})\]"
)
#: Reuters's Japanese dateline: "［ソウル　１５日　ロイター］ -" (read after NFKC: "[ソウル 15日 ロイター]").
_JA_WIRE_LEAD_RE = re.compile(r"^\s*\[(?P<place>[^\s\]\d]{1,12})\s+\d{1,2}日\s+(?P<agency>[^\]\s]{2,12})\]")


def korean_credit(text: str, *, bare_names: bool = False) -> str | None:
    """The credit of a standalone Korean credit line, role included; ``bare_names`` also takes OhmyNews's
    "박성우(ppssww)" (a name and a user id, which only a page's header makes a byline).

    >>> korean_credit("도쿄=김현서 특파원 kim.hyunseo@joongang.co.kr"), korean_credit("취재 기자")
    ('김현서 특파원', None)
    """
    if text[:1] == "[" and text[-1:] == "]":  # a credit set in brackets on its own line
        text = text[1:-1].strip()
    if (match := _KO_TEXT_BY_RE.match(text)) is not None:
        return match["name"]
    if (match := _KO_STANDALONE_RE.match(text)) is not None and _korean_prefix_ok(match):
        credit = match["credit"]
        return credit if _is_korean_name(credit) else None
    if bare_names and (match := _KO_USER_ID_RE.match(text)) and _is_korean_name(match["name"]):
        return match["name"]
    return None


def text_by_credit(line: str) -> str | None:
    """The writer a column's "글 :" line names, an affiliation set off by two spaces left out.

    >>> text_by_credit("글 : 리 소테쓰  일본 류코쿠대학 교수")
    '리 소테쓰'
    """
    match = _KO_TEXT_BY_RE.match(line)
    return match["name"] if match is not None else None


def signin_credit(paragraph: str) -> str | None:
    """The reporter a broadcast anchor hands over to at the end of a paragraph ("… 강청완 기자가 전해드립니다.")
    or by name in a question ("김수영 기자, 조금 전 브리핑이 있었다고요?").

    >>> signin_credit("일본 정부가 입장을 밝혔습니다. 강청완 기자가 전해드립니다."), signin_credit("기자가 보도합니다.")
    ('강청완 기자', None)
    """
    match = _KO_SIGNIN_RE.search(paragraph.strip()) or _KO_HANDOVER_RE.match(paragraph.strip())
    if match is None or not _is_korean_name(match["name"]):
        return None
    return f"{match['name']} {match['role']}"


def _is_korean_name(credit: str) -> bool:
    names = re.split(r"\s?[·,]\s?", re.sub(_KO_ROLE + "$", "", credit).strip())
    return all(name[:1] in _KO_SURNAMES or name[:2] in _KO_SURNAMES for name in names)


def _korean_prefix_ok(match: re.Match) -> bool:
    """Only an outlet's or a desk's name stands before a Korean credit ("CBS노컷뉴스 홍영선 기자", "디지털뉴스국 길나영
    인턴기자"); other words make a sentence."""
    return (
        match["outlet"] is None
        or _KO_DESK_RE.match(match["outlet"]) is not None
        or outlet_at_start(match["outlet"]) is not None
        or masthead(match["outlet"])[0]
    )


def japanese_credit(text: str, *, bare_names: bool = False) -> str | None:
    """The name a Japanese credit line gives ("ソウル=清水大輔", "（北川舞）", "山田太郎記者"); ``bare_names`` also
    takes a line that is only a name ("浅井ひろし"), which only a page's header makes a byline.

    >>> japanese_credit("ソウル=清水大輔"), japanese_credit("（写真）")
    ('清水大輔', None)
    """
    for pattern in (_JA_PLACE_NAME_RE, _JA_PAREN_NAME_RE, _JA_REPORTER_RE):
        match = pattern.match(text)
        if match is not None and _is_japanese_name(match["name"]):
            return match["name"]
    if bare_names and re.fullmatch(rf"[{_CJK}]{{2,4}}\s?[{_CJK}]{{1,4}}", text) and _is_japanese_name(text):
        return text
    return None


def _is_japanese_name(name: str) -> bool:
    bare = re.sub(r"\s?(?:記者|特派員|編集委員|論説委員)$", "", name)
    # A family name is written in kanji; katakana opens a place or a loanword, not a Japanese name.
    return (
        2 <= len(bare) <= 7
        and re.match(r"[\u4e00-\u9fff]", bare) is not None
        and _JA_NOT_NAMES_RE.search(bare) is None
        and not masthead(bare)[0]
    )


def cjk_credit_place(text: str) -> str | None:
    """The place a Korean or Japanese credit line puts before the name: "도쿄=박민서 특파원", "ソウル=清水大輔".

    >>> cjk_credit_place("도쿄/이정민 특파원 jmlee@hani.co.kr"), cjk_credit_place("이민석 기자")
    ('도쿄', None)
    """
    if (match := _KO_STANDALONE_RE.match(text)) is not None:
        credited = _korean_prefix_ok(match) and _is_korean_name(match["credit"])
        return match["place"] if credited else None
    if (match := _JA_PLACE_NAME_RE.match(text)) is not None and _is_japanese_name(match["name"]):
        return match["place"]
    return None


def lead_credit(paragraph: str) -> tuple[str | None, str | None, str | None]:
    """(outlet, place, byline) a lead states in its opening bracket: "(서울=연합뉴스) 김진아 기자 =",
    "[아시아경제 도쿄=권혜민 특파원]", "【ソウル共同】", "【ソウル＝中村健】", "【ソウル木村真理】".

    >>> lead_credit("(서울=연합뉴스) 김진아 기자 = 한국과 일본 정부가 다음 달")
    ('Yonhap News Agency', '서울', '김진아 기자')
    >>> lead_credit("【ソウル共同】韓国政府は14日")
    ('Kyodo News', 'ソウル', None)
    """
    paragraph = paragraph[:LEAD_REACH]
    if (match := _KO_LEAD_RE.match(paragraph)) is not None:
        outlet = outlet_at_start(match["outlet"] or "") or outlet_at_start(match["rest"])
        credit = _KO_CREDIT_RE.search(match["rest"]) or (
            _KO_CREDIT_RE.search(match["after"]) if match["after"] else None
        )
        byline = credit.group().strip() if credit and _is_korean_name(credit.group()) else None
        return outlet, match["place"], byline
    if (match := _KO_OUTLET_LEAD_RE.match(paragraph)) is not None and _is_korean_name(match["credit"]):
        return outlet_at_start(match["outlet"]), None, match["credit"]
    if (match := _JA_LEAD_RE.match(paragraph)) is not None:
        return _japanese_bracket(match["inner"])
    if (match := _JA_WIRE_LEAD_RE.match(unicodedata.normalize("NFKC", paragraph))) is not None:
        return outlet_at_start(match["agency"]), match["place"], None
    return None, None, None


def _japanese_bracket(inner: str) -> tuple[str | None, str | None, str | None]:
    inner = inner.strip()
    if (split := re.match(r"^(?P<place>[^=＝]{1,10})[=＝](?P<name>.+)$", inner)) is not None:
        name = split["name"].strip()
        return None, split["place"].strip(), name if _is_japanese_name(name) else None
    # "ソウル共同", "ワシントン時事": a place, then the agency's short name.
    for agency, outlet in (("共同", "Kyodo News"), ("時事", "Jiji Press")):
        if inner.endswith(agency) and len(inner) > len(agency):
            return outlet, inner[: -len(agency)], None
    # Mainichi's "ソウル木村真理": a foreign place in katakana, then the reporter's name in kanji.
    if split := re.match(
        rf"^(?P<place>[{_KATAKANA}]{{2,10}})(?P<name>[\u4e00-\u9fff][{_CJK}]{{1,6}})$", inner
    ):
        return None, split["place"], split["name"] if _is_japanese_name(split["name"]) else None
    if _JA_TAG_RE.search(inner) is None and re.fullmatch(rf"[{_CJK}]{{1,8}}", inner):
        return None, inner, None  # a regional paper's "【奈良】": the place alone
    return None, None, None
