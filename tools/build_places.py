"""Write pipeline/reference/data/places.json: the places, sites and government bodies a reader of Japan-Korea
coverage meets, in English, Korean and Japanese spellings (issue #23).

The tables below are the source; places.json is their output, merged into the gazetteer by
``pipeline.reference.gazetteer`` and never edited by hand (tests/test_places.py regenerates and compares). The
hand-reviewed ``gazetteer.json`` keeps its own entries, notes and roles: this tool adds entities, it never changes
one of those (an id or alias already there stops it with the clash named).

Word rules decide which spellings may stand alone (see ``pipeline.reference.gazetteer``): a one-token Latin alias
matches case-sensitively, a Hangul alias as a whole word (particles and a few suffixes allowed), a kanji or kana
alias that starts a kanji word (not 東日本) and ends before 語/人/字, a katakana alias as a whole katakana word
(シリア is not in シリアル). So a bare name is an alias only where it is not also a common word or a surname:
"Niigata", 新潟 and 니가타 are, while Ishikawa, 石川 and 이시카와 (a frequent family name) only come with their
"Prefecture"/県/현; 인도 (India, also "handover"), 수단 (Sudan, "means"), タイ (Thailand, also a tie: 首位タイ,
タイ記録), カイロ (Cairo, also a hand warmer) and Jordan/Georgia/Chad (given names) are left out, and short
kanji country marks (米, 英, 豪) are never aliases.

Run:  .venv/bin/python -m tools.build_places
"""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.reference.gazetteer import alias_is_case_sensitive  # noqa: E402
from pipeline.text.phrase_match import normalize_phrase  # noqa: E402

DATA = REPO / "pipeline" / "reference" / "data"
OUT = DATA / "places.json"
HAND = DATA / "gazetteer.json"

# ---------------------------------------------------------------- Japan's 47 prefectures
# (slug, English, Japanese full name, Korean full name, bare): ``bare`` lists the scripts whose short form (the
# name without Prefecture/県/현) is an alias: e English, j kanji, k Hangul. Left out where the short form is a
# surname (Chiba, Ishikawa, Nagano, Miyazaki, Kagawa ...) or a word: 宮城 (the palace), 大分 (considerably),
# 군마 (war horse), 기후 (climate), 고치 (to fix), 시가 (market price), 사가 and Saga, Kochi (the Indian city).
# Tokyo, Hokkaido, Fukushima, Yamaguchi, Shimane, Nara and Okinawa are in gazetteer.json already.
# fmt: off
PREFECTURES: list[tuple[str, str, str, str, str]] = [
    ("aomori", "Aomori", "青森県", "아오모리현", "ejk"),
    ("iwate", "Iwate", "岩手県", "이와테현", "ejk"),
    ("miyagi", "Miyagi", "宮城県", "미야기현", ""),
    ("akita", "Akita", "秋田県", "아키타현", ""),
    ("yamagata", "Yamagata", "山形県", "야마가타현", ""),
    ("ibaraki", "Ibaraki", "茨城県", "이바라키현", "ejk"),
    ("tochigi", "Tochigi", "栃木県", "도치기현", "ejk"),
    ("gunma", "Gunma", "群馬県", "군마현", "ej"),
    ("saitama", "Saitama", "埼玉県", "사이타마현", "ejk"),
    ("chiba", "Chiba", "千葉県", "지바현", ""),
    ("kanagawa", "Kanagawa", "神奈川県", "가나가와현", "ejk"),
    ("niigata", "Niigata", "新潟県", "니가타현", "ejk"),
    ("toyama", "Toyama", "富山県", "도야마현", ""),
    ("ishikawa", "Ishikawa", "石川県", "이시카와현", ""),
    ("fukui", "Fukui", "福井県", "후쿠이현", ""),
    ("yamanashi", "Yamanashi", "山梨県", "야마나시현", ""),
    ("nagano", "Nagano", "長野県", "나가노현", ""),
    ("gifu", "Gifu", "岐阜県", "기후현", "ej"),
    ("shizuoka", "Shizuoka", "静岡県", "시즈오카현", "ejk"),
    ("aichi", "Aichi", "愛知県", "아이치현", "ejk"),
    ("mie", "Mie", "三重県", "미에현", ""),
    ("shiga", "Shiga", "滋賀県", "시가현", "j"),
    ("kyoto", "Kyoto", "京都府", "교토부", ""),
    ("osaka", "Osaka", "大阪府", "오사카부", ""),
    ("hyogo", "Hyogo", "兵庫県", "효고현", "ejk"),
    ("wakayama", "Wakayama", "和歌山県", "와카야마현", "ejk"),
    ("tottori", "Tottori", "鳥取県", "돗토리현", "ejk"),
    ("okayama", "Okayama", "岡山県", "오카야마현", "ejk"),
    ("hiroshima", "Hiroshima", "広島県", "히로시마현", ""),
    ("tokushima", "Tokushima", "徳島県", "도쿠시마현", "ejk"),
    ("kagawa", "Kagawa", "香川県", "가가와현", ""),
    ("ehime", "Ehime", "愛媛県", "에히메현", "ejk"),
    ("kochi", "Kochi", "高知県", "고치현", "j"),
    ("fukuoka", "Fukuoka", "福岡県", "후쿠오카현", "ejk"),
    ("saga", "Saga", "佐賀県", "사가현", "j"),
    ("nagasaki", "Nagasaki", "長崎県", "나가사키현", ""),
    ("kumamoto", "Kumamoto", "熊本県", "구마모토현", "ejk"),
    ("oita", "Oita", "大分県", "오이타현", "ek"),
    ("miyazaki", "Miyazaki", "宮崎県", "미야자키현", ""),
    ("kagoshima", "Kagoshima", "鹿児島県", "가고시마현", "ejk"),
]

# ---------------------------------------------------------------- Japanese cities
# The 20 designated cities, the prefectural capitals and the places of this coverage. (slug, English,
# kanji with 市/町, Hangul with 시/정, bare): the bare name goes to the prefecture when both share it (Niigata
# is the prefecture, 新潟市 the city), so those cities answer to "X City"/X市/X시 only. Tokyo, Osaka, Kyoto,
# Hiroshima, Nagasaki and Ube are in gazetteer.json.
CITIES: list[tuple[str, str, str, str, str]] = [
    # 나하 is left out: 나하고 ("with me") would read as Naha plus a particle.
    ("sapporo", "Sapporo", "札幌市", "삿포로시", "ejk"),
    ("aomori_city", "Aomori City", "青森市", "아오모리시", ""),
    ("morioka", "Morioka", "盛岡市", "모리오카시", "jk"),
    ("sendai", "Sendai", "仙台市", "센다이시", "ejk"),
    ("akita_city", "Akita City", "秋田市", "아키타시", ""),
    ("yamagata_city", "Yamagata City", "山形市", "야마가타시", ""),
    ("fukushima_city", "Fukushima City", "福島市", "후쿠시마시", ""),
    ("mito", "Mito", "水戸市", "미토시", "ejk"),
    ("utsunomiya", "Utsunomiya City", "宇都宮市", "우쓰노미야시", ""),
    ("maebashi", "Maebashi", "前橋市", "마에바시시", "ejk"),
    ("saitama_city", "Saitama City", "さいたま市", "사이타마시", ""),
    ("chiba_city", "Chiba City", "千葉市", "지바시", ""),
    ("yokohama", "Yokohama", "横浜市", "요코하마시", "ejk"),
    ("kawasaki", "Kawasaki City", "川崎市", "가와사키시", ""),
    ("sagamihara", "Sagamihara", "相模原市", "사가미하라시", "ejk"),
    ("niigata_city", "Niigata City", "新潟市", "니가타시", ""),
    ("toyama_city", "Toyama City", "富山市", "도야마시", ""),
    ("kanazawa", "Kanazawa City", "金沢市", "가나자와시", ""),
    ("fukui_city", "Fukui City", "福井市", "후쿠이시", ""),
    ("kofu", "Kofu", "甲府市", "고후시", "ejk"),
    ("nagano_city", "Nagano City", "長野市", "나가노시", ""),
    ("gifu_city", "Gifu City", "岐阜市", "기후시", ""),
    ("shizuoka_city", "Shizuoka City", "静岡市", "시즈오카시", ""),
    ("hamamatsu", "Hamamatsu", "浜松市", "하마마쓰시", "ejk"),
    ("nagoya", "Nagoya", "名古屋市", "나고야시", "ejk"),
    ("otsu", "Otsu", "大津市", "오쓰시", "ek"),
    ("sakai", "Sakai City", "堺市", "사카이시", ""),
    ("kobe", "Kobe", "神戸市", "고베시", "ejk"),
    ("wakayama_city", "Wakayama City", "和歌山市", "와카야마시", ""),
    ("nara_city", "Nara City", "奈良市", "나라시", ""),
    ("tottori_city", "Tottori City", "鳥取市", "돗토리시", ""),
    ("matsue", "Matsue", "松江市", "마쓰에시", "ek"),
    ("okayama_city", "Okayama City", "岡山市", "오카야마시", ""),
    ("yamaguchi_city", "Yamaguchi City", "山口市", "야마구치시", ""),
    ("shimonoseki", "Shimonoseki", "下関市", "시모노세키시", "ejk"),
    ("tokushima_city", "Tokushima City", "徳島市", "도쿠시마시", ""),
    ("takamatsu", "Takamatsu City", "高松市", "다카마쓰시", ""),
    ("matsuyama", "Matsuyama City", "松山市", "마쓰야마시", ""),
    ("kochi_city", "Kochi City", "高知市", "고치시", ""),
    ("kitakyushu", "Kitakyushu", "北九州市", "기타큐슈시", "ejk"),
    ("fukuoka_city", "Fukuoka City", "福岡市", "후쿠오카시", ""),
    ("saga_city", "Saga City", "佐賀市", "사가시", ""),
    ("kumamoto_city", "Kumamoto City", "熊本市", "구마모토시", ""),
    ("oita_city", "Oita City", "大分市", "오이타시", ""),
    ("miyazaki_city", "Miyazaki City", "宮崎市", "미야자키시", ""),
    ("kagoshima_city", "Kagoshima City", "鹿児島市", "가고시마시", ""),
    ("naha", "Naha", "那覇市", "나하시", "ej"),
    ("sado_city", "Sado City", "佐渡市", "사도시", ""),
]

# ---------------------------------------------------------------- everything else, written out
# (id, name, aliases[, note]); the type is the id's prefix.
ENTRIES: list[tuple] = [
    # Japanese islands and regions of these stories.
    ("place:tsushima", "Tsushima", ["Tsushima", "Tsushima Island", "対馬", "쓰시마", "대마도"],
     "대마도 is the Korean name of the island. Not 津島, a different place and a surname."),
    ("place:ikaruga", "Ikaruga", ["Ikaruga", "Ikaruga Town", "斑鳩町", "斑鳩", "이카루가"]),
    ("place:nara_park", "Nara Park", ["Nara Park", "奈良公園", "나라공원", "나라 공원"]),
    # Bare 関西 and 関東 stand in company and army names (関西電力, 関東軍, the Kwantung Army): regions only with 地方.
    ("place:kyushu", "Kyushu", ["Kyushu", "九州", "규슈"]),
    ("place:shikoku", "Shikoku", ["Shikoku", "四国", "시코쿠"]),
    ("place:honshu", "Honshu", ["Honshu", "本州", "혼슈"]),
    ("place:kansai", "Kansai", ["Kansai", "Kansai region", "関西地方", "간사이"]),
    ("place:kanto", "Kanto", ["Kanto", "Kanto region", "関東地方", "간토"]),
    # Japan's regions; bare 東北 is "northeast" (東北アジア) and 中部 "central", so those need 地方.
    ("place:chugoku", "Chugoku region", ["Chugoku region", "Chugoku", "中国地方", "주고쿠 지방", "주고쿠지방"],
     "中国地方 is a region of Japan, not China: the longer alias wins over 中国."),
    ("place:tohoku", "Tohoku", ["Tohoku", "Tohoku region", "東北地方", "도호쿠", "도호쿠 지방"]),
    ("place:hokuriku", "Hokuriku", ["Hokuriku", "Hokuriku region", "北陸", "北陸地方", "호쿠리쿠"]),
    # Disputed and strategic islands, bases and sites of security coverage.
    ("place:senkaku_islands", "Senkaku Islands", ["Senkaku Islands", "Senkakus", "Senkaku", "Diaoyu Islands",
     "Diaoyu", "尖閣諸島", "尖閣", "釣魚島", "센카쿠 열도", "센카쿠열도", "센카쿠", "댜오위다오"],
     "One disputed place under its Japanese and Chinese names."),
    ("place:northern_territories", "Northern Territories", ["Northern Territories", "Southern Kurils",
     "South Kuril Islands", "北方領土", "북방영토", "남쿠릴열도", "남쿠릴 열도"],
     "The four islands Japan claims and Russia holds; the Kuril chain as a whole is another entry."),
    ("place:kuril_islands", "Kuril Islands", ["Kuril Islands", "Kurile Islands", "Kurils", "千島列島", "쿠릴열도",
     "쿠릴 열도"]),
    ("place:sakhalin", "Sakhalin", ["Sakhalin", "사할린", "サハリン", "樺太"]),
    ("place:yonaguni", "Yonaguni", ["Yonaguni", "Yonaguni Island", "与那国島", "与那国", "요나구니"]),
    ("place:yokosuka", "Yokosuka", ["Yokosuka", "横須賀", "横須賀市", "요코스카"]),
    ("place:henoko", "Henoko", ["Henoko", "辺野古", "헤노코"]),
    ("place:yeonpyeong_island", "Yeonpyeong Island", ["Yeonpyeong Island", "Yeonpyeong", "연평도", "延坪島"]),
    ("place:baengnyeong_island", "Baengnyeong Island", ["Baengnyeong Island", "Baengnyeong", "백령도",
     "白翎島"]),
    ("place:kaesong", "Kaesong", ["Kaesong", "개성시", "開城"], "Bare 개성 is 'individuality'."),
    ("place:wonsan", "Wonsan", ["Wonsan", "원산", "元山"]),
    ("place:sinuiju", "Sinuiju", ["Sinuiju", "신의주", "新義州"]),
    ("place:honam", "Honam", ["Honam", "호남", "호남권"], "The southwestern region of Korean politics."),
    ("place:yeongnam", "Yeongnam", ["Yeongnam", "영남", "영남권", "嶺南"],
     "The southeastern region of Korean politics."),
    # Korea's 17 first-level divisions. Seoul, Busan, Incheon and Jeju are in gazetteer.json.
    ("place:daegu", "Daegu", ["Daegu", "Taegu", "대구", "대구시", "대구광역시", "大邱", "テグ"],
     "Hangul 대구 is also the cod; accepted, the city is far more frequent in news."),
    ("place:gwangju", "Gwangju", ["Gwangju", "Kwangju", "광주", "광주광역시", "光州", "光州広域市", "クァンジュ"],
     "The metropolitan city; 광주시 in Gyeonggi Province is another place and is not an alias."),
    ("place:daejeon", "Daejeon", ["Daejeon", "Taejon", "대전시", "대전광역시", "大田広域市", "テジョン"],
     "Bare 대전 (also 'world war', 2차 대전) and 大田 (Ota in Japan, a surname) are left out."),
    ("place:ulsan", "Ulsan", ["Ulsan", "울산", "울산광역시", "蔚山", "ウルサン"]),
    ("place:sejong", "Sejong City", ["Sejong City", "Sejong Special Self-Governing City", "세종시",
     "세종특별자치시", "世宗市"], "Bare Sejong is the king (and the Sejong Institute)."),
    ("place:gyeonggi", "Gyeonggi Province", ["Gyeonggi Province", "Gyeonggi", "Gyeonggi-do", "경기도", "京畿道"],
     "Bare 경기 is 'economy' or 'match'."),
    ("place:gangwon", "Gangwon Province", ["Gangwon Province", "Gangwon", "Gangwon-do", "강원도", "강원",
     "강원특별자치도", "江原道"]),
    ("place:north_chungcheong", "North Chungcheong Province", ["North Chungcheong Province", "North Chungcheong",
     "Chungcheongbuk-do", "충청북도", "충북", "忠清北道"]),
    ("place:south_chungcheong", "South Chungcheong Province", ["South Chungcheong Province", "South Chungcheong",
     "Chungcheongnam-do", "충청남도", "충남", "忠清南道"]),
    ("place:north_jeolla", "North Jeolla Province", ["North Jeolla Province", "North Jeolla", "Jeollabuk-do",
     "Jeonbuk State", "전라북도", "전북", "전북특별자치도", "全羅北道"]),
    ("place:south_jeolla", "South Jeolla Province", ["South Jeolla Province", "South Jeolla", "Jeollanam-do",
     "전라남도", "전남", "全羅南道"]),
    ("place:north_gyeongsang", "North Gyeongsang Province", ["North Gyeongsang Province", "North Gyeongsang",
     "Gyeongsangbuk-do", "경상북도", "경북", "慶尚北道"]),
    ("place:south_gyeongsang", "South Gyeongsang Province", ["South Gyeongsang Province", "South Gyeongsang",
     "Gyeongsangnam-do", "경상남도", "경남", "慶尚南道"]),
    # Korean cities of this coverage.
    ("place:suwon", "Suwon", ["Suwon", "수원", "수원시"]),
    ("place:changwon", "Changwon", ["Changwon", "창원", "창원시", "昌原"]),
    ("place:pohang", "Pohang", ["Pohang", "포항", "포항시", "浦項"]),
    ("place:andong", "Andong", ["Andong", "안동", "안동시", "安東"]),
    # Historical states and polities of history coverage.
    ("place:baekje", "Baekje", ["Baekje", "Paekche", "백제", "百済"]),
    ("place:silla", "Silla", ["Silla", "신라", "新羅"]),
    ("place:goguryeo", "Goguryeo", ["Goguryeo", "Koguryo", "고구려", "高句麗"]),
    ("place:gaya", "Gaya confederacy", ["Gaya confederacy", "伽耶", "加耶"],
     "Bare Gaya (an Indian city) and 가야 ('must go') are left out."),
    ("place:goryeo", "Goryeo", ["Goryeo", "Goryeo Dynasty", "고려왕조", "高麗王朝"],
     "Bare 고려 is also 'consideration' (고려해) and bare 高麗 is in 高麗大学 (Korea University)."),
    ("place:joseon", "Joseon", ["Joseon", "Joseon Dynasty", "Joseon dynasty", "Joseon Kingdom", "조선왕조",
     "조선시대", "朝鮮王朝", "李氏朝鮮"],
     "Bare 조선 is also shipbuilding and bare 朝鮮 is Korea in general; neither is an alias."),
    ("place:korean_empire", "Korean Empire", ["Korean Empire", "대한제국", "大韓帝国"]),
    ("place:empire_of_japan", "Empire of Japan", ["Empire of Japan", "Imperial Japan", "대일본제국",
     "大日本帝国"]),
    ("place:manchukuo", "Manchukuo", ["Manchukuo", "만주국", "満州国", "満洲国"]),
    ("place:manchuria", "Manchuria", ["Manchuria", "만주", "満州", "満洲"]),
    ("place:yamato", "Yamato", ["Yamato", "Yamato court", "야마토", "大和朝廷", "ヤマト王権", "大和政権"],
     "Bare 大和 (companies, a battleship, place names) is left out."),
    # World regions.
    ("place:southeast_asia", "Southeast Asia", ["Southeast Asia", "South-East Asia", "동남아시아", "동남아",
     "東南アジア"]),
    ("place:middle_east", "Middle East", ["Middle East", "중동", "中東"]),
    ("place:europe", "Europe", ["Europe", "유럽", "ヨーロッパ", "欧州"]),
    ("place:africa", "Africa", ["Africa", "아프리카", "アフリカ"]),
    ("place:central_asia", "Central Asia", ["Central Asia", "중앙아시아", "中央アジア"]),
    ("place:latin_america", "Latin America", ["Latin America", "중남미", "남미", "中南米", "南米"]),
    ("place:south_china_sea", "South China Sea", ["South China Sea", "남중국해", "南シナ海"]),
    ("place:yellow_sea", "Yellow Sea", ["Yellow Sea", "West Sea", "서해", "黄海"]),
    ("place:gaza", "Gaza Strip", ["Gaza Strip", "Gaza", "가자지구", "ガザ地区"]),
    ("place:hong_kong", "Hong Kong", ["Hong Kong", "홍콩", "香港"]),
    ("place:macau", "Macau", ["Macau", "Macao", "마카오", "マカオ"]),
]

# ---------------------------------------------------------------- countries
# (slug, name, English aliases, Korean, Japanese). Demonyms are never aliases. Left out: Jordan, Georgia and
# Chad in English (given names); 인도 (also handover, 범죄인 인도), 수단 (means), 가나 (a verb ending), 그리스
# (in 그리스도, Christ); タイ (a tie in sport: 首位タイ, タイ記録, which no word boundary tells from Thailand);
# Oman (오만, arrogance). シリア and チリ are whole katakana words (not シリアル, チリソース).
COUNTRIES: list[tuple[str, str, list[str], list[str], list[str]]] = [
    ("canada", "Canada", ["Canada"], ["캐나다"], ["カナダ"]),
    ("mexico", "Mexico", ["Mexico"], ["멕시코"], ["メキシコ"]),
    ("brazil", "Brazil", ["Brazil"], ["브라질"], ["ブラジル"]),
    ("argentina", "Argentina", ["Argentina"], ["아르헨티나"], ["アルゼンチン"]),
    ("chile", "Chile", ["Chile"], ["칠레"], ["チリ"]),
    ("peru", "Peru", ["Peru"], ["페루"], ["ペルー"]),
    ("colombia", "Colombia", ["Colombia"], ["콜롬비아"], ["コロンビア"]),
    ("venezuela", "Venezuela", ["Venezuela"], ["베네수엘라"], ["ベネズエラ"]),
    ("cuba", "Cuba", ["Cuba"], ["쿠바"], ["キューバ"]),
    ("united_kingdom", "United Kingdom", ["United Kingdom", "Britain", "Great Britain", "UK", "U.K."], ["영국"],
     ["イギリス", "英国"]),
    ("france", "France", ["France"], ["프랑스"], ["フランス"]),
    ("germany", "Germany", ["Germany"], ["독일"], ["ドイツ"]),
    ("italy", "Italy", ["Italy"], ["이탈리아"], ["イタリア"]),
    ("spain", "Spain", ["Spain"], ["스페인"], ["スペイン"]),
    ("portugal", "Portugal", ["Portugal"], ["포르투갈"], ["ポルトガル"]),
    ("netherlands", "Netherlands", ["Netherlands", "the Netherlands"], ["네덜란드"], ["オランダ"]),
    ("belgium", "Belgium", ["Belgium"], ["벨기에"], ["ベルギー"]),
    ("switzerland", "Switzerland", ["Switzerland"], ["스위스"], ["スイス"]),
    ("austria", "Austria", ["Austria"], ["오스트리아"], ["オーストリア"]),
    ("ireland", "Ireland", ["Ireland"], ["아일랜드"], ["アイルランド"]),
    ("poland", "Poland", ["Poland"], ["폴란드"], ["ポーランド"]),
    ("czech_republic", "Czech Republic", ["Czech Republic", "Czechia"], ["체코"], ["チェコ"]),
    ("hungary", "Hungary", ["Hungary"], ["헝가리"], ["ハンガリー"]),
    ("romania", "Romania", ["Romania"], ["루마니아"], ["ルーマニア"]),
    ("greece", "Greece", ["Greece"], [], ["ギリシャ"]),
    ("sweden", "Sweden", ["Sweden"], ["스웨덴"], ["スウェーデン"]),
    ("norway", "Norway", ["Norway"], ["노르웨이"], ["ノルウェー"]),
    ("finland", "Finland", ["Finland"], ["핀란드"], ["フィンランド"]),
    ("denmark", "Denmark", ["Denmark"], ["덴마크"], ["デンマーク"]),
    ("belarus", "Belarus", ["Belarus"], ["벨라루스"], ["ベラルーシ"]),
    ("vatican", "Vatican City", ["Vatican City", "Vatican", "Holy See"], ["바티칸", "교황청"],
     ["バチカン", "ローマ教皇庁"]),
    ("turkey", "Turkey", ["Turkey", "Türkiye", "Turkiye"], ["튀르키예", "터키"], ["トルコ"]),
    ("iran", "Iran", ["Iran"], ["이란"], ["イラン"]),
    ("iraq", "Iraq", ["Iraq"], ["이라크"], ["イラク"]),
    ("israel", "Israel", ["Israel"], ["이스라엘"], ["イスラエル"]),
    ("palestine", "Palestine", ["Palestine"], ["팔레스타인"], ["パレスチナ"]),
    ("syria", "Syria", ["Syria"], ["시리아"], ["シリア"]),
    ("lebanon", "Lebanon", ["Lebanon"], ["레바논"], ["レバノン"]),
    ("jordan", "Hashemite Kingdom of Jordan", ["Hashemite Kingdom of Jordan", "Kingdom of Jordan"], ["요르단"],
     ["ヨルダン"]),
    ("saudi_arabia", "Saudi Arabia", ["Saudi Arabia"], ["사우디아라비아", "사우디"], ["サウジアラビア", "サウジ"]),
    ("united_arab_emirates", "United Arab Emirates", ["United Arab Emirates", "UAE"], ["아랍에미리트"],
     ["アラブ首長国連邦"]),
    ("qatar", "Qatar", ["Qatar"], ["카타르"], ["カタール"]),
    ("kuwait", "Kuwait", ["Kuwait"], ["쿠웨이트"], ["クウェート"]),
    ("yemen", "Yemen", ["Yemen"], ["예멘"], ["イエメン"]),
    ("egypt", "Egypt", ["Egypt"], ["이집트"], ["エジプト"]),
    ("libya", "Libya", ["Libya"], ["리비아"], ["リビア"]),
    ("algeria", "Algeria", ["Algeria"], ["알제리"], ["アルジェリア"]),
    ("morocco", "Morocco", ["Morocco"], ["모로코"], ["モロッコ"]),
    ("nigeria", "Nigeria", ["Nigeria"], ["나이지리아"], ["ナイジェリア"]),
    ("ghana", "Ghana", ["Ghana"], [], ["ガーナ"]),
    ("kenya", "Kenya", ["Kenya"], ["케냐"], ["ケニア"]),
    ("ethiopia", "Ethiopia", ["Ethiopia"], ["에티오피아"], ["エチオピア"]),
    ("tanzania", "Tanzania", ["Tanzania"], ["탄자니아"], ["タンザニア"]),
    ("sudan", "Sudan", ["Sudan"], [], ["スーダン"]),
    ("south_africa", "South Africa", ["South Africa", "Republic of South Africa"], ["남아프리카공화국", "남아공"],
     ["南アフリカ", "南アフリカ共和国"]),
    ("india", "India", ["India"], [], ["インド"]),
    ("pakistan", "Pakistan", ["Pakistan"], ["파키스탄"], ["パキスタン"]),
    ("afghanistan", "Afghanistan", ["Afghanistan"], ["아프가니스탄"], ["アフガニスタン"]),
    ("bangladesh", "Bangladesh", ["Bangladesh"], ["방글라데시"], ["バングラデシュ"]),
    ("sri_lanka", "Sri Lanka", ["Sri Lanka"], ["스리랑카"], ["スリランカ"]),
    ("nepal", "Nepal", ["Nepal"], ["네팔"], ["ネパール"]),
    ("kazakhstan", "Kazakhstan", ["Kazakhstan"], ["카자흐스탄"], ["カザフスタン"]),
    ("uzbekistan", "Uzbekistan", ["Uzbekistan"], ["우즈베키스탄"], ["ウズベキスタン"]),
    ("mongolia", "Mongolia", ["Mongolia"], ["몽골"], ["モンゴル"]),
    ("vietnam", "Vietnam", ["Vietnam", "Viet Nam"], ["베트남"], ["ベトナム"]),
    ("thailand", "Thailand", ["Thailand"], ["태국"], []),
    ("cambodia", "Cambodia", ["Cambodia"], ["캄보디아"], ["カンボジア"]),
    ("laos", "Laos", ["Laos"], ["라오스"], ["ラオス"]),
    ("myanmar", "Myanmar", ["Myanmar", "Burma"], ["미얀마"], ["ミャンマー"]),
    ("malaysia", "Malaysia", ["Malaysia"], ["말레이시아"], ["マレーシア"]),
    ("singapore", "Singapore", ["Singapore"], ["싱가포르"], ["シンガポール"]),
    ("indonesia", "Indonesia", ["Indonesia"], ["인도네시아"], ["インドネシア"]),
    ("philippines", "Philippines", ["Philippines", "the Philippines"], ["필리핀"], ["フィリピン"]),
    ("brunei", "Brunei", ["Brunei"], ["브루나이"], ["ブルネイ"]),
    ("timor_leste", "Timor-Leste", ["Timor-Leste", "East Timor"], ["동티모르"], ["東ティモール"]),
    ("australia", "Australia", ["Australia"], ["호주", "오스트레일리아"], ["オーストラリア", "豪州"]),
    ("new_zealand", "New Zealand", ["New Zealand"], ["뉴질랜드"], ["ニュージーランド"]),
]

# ---------------------------------------------------------------- capitals and cities of world news
# (slug, name, English aliases, Korean, Japanese). カイロ is left out (also a hand warmer); ローマ is not Rome
# before 字, 数字, 教皇 or 法王 (romaji, Roman numerals, the Pope: KANJI_STOP_TAIL).
WORLD_CITIES: list[tuple[str, str, list[str], list[str], list[str]]] = [
    ("phnom_penh", "Phnom Penh", ["Phnom Penh"], ["프놈펜"], ["プノンペン"]),
    ("bangkok", "Bangkok", ["Bangkok"], ["방콕"], ["バンコク"]),
    ("hanoi", "Hanoi", ["Hanoi"], ["하노이"], ["ハノイ"]),
    ("ho_chi_minh_city", "Ho Chi Minh City", ["Ho Chi Minh City", "Saigon"], ["호찌민", "호치민"],
     ["ホーチミン"]),
    ("manila", "Manila", ["Manila"], ["마닐라"], ["マニラ"]),
    ("jakarta", "Jakarta", ["Jakarta"], ["자카르타"], ["ジャカルタ"]),
    ("kuala_lumpur", "Kuala Lumpur", ["Kuala Lumpur"], ["쿠알라룸푸르"], ["クアラルンプール"]),
    ("vientiane", "Vientiane", ["Vientiane"], ["비엔티안"], ["ビエンチャン"]),
    ("ulaanbaatar", "Ulaanbaatar", ["Ulaanbaatar", "Ulan Bator"], ["울란바토르"], ["ウランバートル"]),
    ("taipei", "Taipei", ["Taipei"], ["타이베이"], ["台北"]),
    ("new_delhi", "New Delhi", ["New Delhi"], ["뉴델리"], ["ニューデリー"]),
    ("moscow", "Moscow", ["Moscow"], ["모스크바"], ["モスクワ"]),
    ("vladivostok", "Vladivostok", ["Vladivostok"], ["블라디보스토크"], ["ウラジオストク"]),
    ("kyiv", "Kyiv", ["Kyiv", "Kiev"], ["키이우", "키예프"], ["キーウ", "キエフ"]),
    ("london", "London", ["London"], ["런던"], ["ロンドン"]),
    ("paris", "Paris", ["Paris"], ["파리"], ["パリ"]),
    ("berlin", "Berlin", ["Berlin"], ["베를린"], ["ベルリン"]),
    ("rome", "Rome", ["Rome"], ["로마"], ["ローマ"]),
    ("brussels", "Brussels", ["Brussels"], ["브뤼셀"], ["ブリュッセル"]),
    ("geneva", "Geneva", ["Geneva"], ["제네바"], ["ジュネーブ"]),
    ("the_hague", "The Hague", ["The Hague"], ["헤이그"], ["ハーグ"]),
    ("new_york", "New York", ["New York", "New York City"], ["뉴욕"], ["ニューヨーク"]),
    ("ottawa", "Ottawa", ["Ottawa"], ["오타와"], ["オタワ"]),
    ("canberra", "Canberra", ["Canberra"], ["캔버라"], ["キャンベラ"]),
    ("tehran", "Tehran", ["Tehran"], ["테헤란"], ["テヘラン"]),
    ("jerusalem", "Jerusalem", ["Jerusalem"], ["예루살렘"], ["エルサレム"]),
    ("riyadh", "Riyadh", ["Riyadh"], ["리야드"], ["リヤド"]),
    ("cairo", "Cairo", ["Cairo"], ["카이로"], []),
    ("ankara", "Ankara", ["Ankara"], ["앙카라"], ["アンカラ"]),
    ("johannesburg", "Johannesburg", ["Johannesburg"], ["요하네스버그"], ["ヨハネスブルク"]),
    ("mexico_city", "Mexico City", ["Mexico City"], ["멕시코시티"], ["メキシコシティ"]),
]

# ---------------------------------------------------------------- facilities
FACILITIES: list[tuple] = [
    # Temples, shrines and palaces.
    ("facility:horyu_ji", "Horyu-ji", ["Horyu-ji", "Horyuji", "Horyu-ji Temple", "Horyuji Temple",
     "Horyu Temple", "法隆寺", "호류지", "호류사"]),
    ("facility:todai_ji", "Todai-ji", ["Todai-ji", "Todaiji", "Todai-ji Temple", "Todaiji Temple", "Todai Temple",
     "東大寺", "도다이지"]),
    ("facility:kofuku_ji", "Kofuku-ji", ["Kofuku-ji", "Kofukuji", "Kofuku-ji Temple", "興福寺", "고후쿠지"]),
    ("facility:yakushi_ji", "Yakushi-ji", ["Yakushi-ji", "Yakushiji", "Yakushi-ji Temple", "薬師寺", "야쿠시지"]),
    ("facility:kasuga_taisha", "Kasuga Taisha", ["Kasuga Taisha", "Kasuga Grand Shrine", "春日大社",
     "가스가타이샤"]),
    ("facility:kiyomizu_dera", "Kiyomizu-dera", ["Kiyomizu-dera", "Kiyomizudera", "清水寺", "기요미즈데라"]),
    ("facility:kinkaku_ji", "Kinkaku-ji", ["Kinkaku-ji", "Kinkakuji", "Golden Pavilion", "金閣寺", "긴카쿠지"]),
    ("facility:ise_grand_shrine", "Ise Grand Shrine", ["Ise Grand Shrine", "Ise Jingu", "Ise Shrine", "伊勢神宮",
     "이세신궁"]),
    ("facility:meiji_jingu", "Meiji Shrine", ["Meiji Shrine", "Meiji Jingu", "明治神宮", "메이지신궁"]),
    ("facility:izumo_taisha", "Izumo Taisha", ["Izumo Taisha", "Izumo Grand Shrine", "出雲大社", "이즈모타이샤"]),
    ("facility:itsukushima_shrine", "Itsukushima Shrine", ["Itsukushima Shrine", "厳島神社", "이쓰쿠시마 신사"]),
    ("facility:bulguksa", "Bulguksa", ["Bulguksa", "Bulguksa Temple", "불국사", "仏国寺"]),
    ("facility:seokguram", "Seokguram", ["Seokguram", "Seokguram Grotto", "석굴암", "石窟庵"]),
    ("facility:gyeongbokgung", "Gyeongbokgung", ["Gyeongbokgung", "Gyeongbokgung Palace", "경복궁", "景福宮"]),
    ("facility:changdeokgung", "Changdeokgung", ["Changdeokgung", "Changdeokgung Palace", "창덕궁", "昌徳宮"]),
    ("facility:jongmyo", "Jongmyo Shrine", ["Jongmyo Shrine", "Jongmyo", "종묘", "宗廟"]),
    ("facility:imperial_palace_tokyo", "Tokyo Imperial Palace", ["Tokyo Imperial Palace", "皇居", "고쿄"]),
    ("facility:yushukan", "Yushukan", ["Yushukan", "遊就館", "유슈칸"]),
    ("facility:chidorigafuchi", "Chidorigafuchi National Cemetery", ["Chidorigafuchi National Cemetery",
     "Chidorigafuchi", "千鳥ケ淵戦没者墓苑", "千鳥ヶ淵戦没者墓苑", "지도리가후치"]),
    # Museums and memorials.
    ("facility:nara_national_museum", "Nara National Museum", ["Nara National Museum", "奈良国立博物館",
     "나라국립박물관", "나라 국립박물관"]),
    ("facility:tokyo_national_museum", "Tokyo National Museum", ["Tokyo National Museum", "東京国立博物館",
     "도쿄국립박물관"]),
    ("facility:kyoto_national_museum", "Kyoto National Museum", ["Kyoto National Museum", "京都国立博物館",
     "교토국립박물관"]),
    ("facility:national_museum_of_korea", "National Museum of Korea", ["National Museum of Korea",
     "국립중앙박물관", "国立中央博物館"]),
    ("facility:gyeongju_national_museum", "Gyeongju National Museum", ["Gyeongju National Museum",
     "국립경주박물관", "国立慶州博物館"]),
    ("facility:buyeo_national_museum", "Buyeo National Museum", ["Buyeo National Museum", "국립부여박물관",
     "国立扶余博物館"]),
    ("facility:hiroshima_peace_memorial_museum", "Hiroshima Peace Memorial Museum",
     ["Hiroshima Peace Memorial Museum", "広島平和記念資料館", "히로시마 평화기념자료관"]),
    ("facility:atomic_bomb_dome", "Atomic Bomb Dome", ["Atomic Bomb Dome", "Genbaku Dome",
     "Hiroshima Peace Memorial", "原爆ドーム", "원폭 돔", "원폭돔"]),
    ("facility:nagasaki_atomic_bomb_museum", "Nagasaki Atomic Bomb Museum", ["Nagasaki Atomic Bomb Museum",
     "長崎原爆資料館", "나가사키 원폭자료관"]),
    ("facility:korean_atomic_bomb_memorial", "Memorial to Korean Victims of the Atomic Bomb",
     ["Memorial to Korean Victims of the Atomic Bomb", "Monument in Memory of the Korean Victims of the A-bomb",
      "韓国人原爆犠牲者慰霊碑", "한국인 원폭 희생자 위령비"]),
    ("facility:forced_mobilization_museum", "National Memorial Museum of Forced Mobilization under Japanese "
     "Occupation", ["National Memorial Museum of Forced Mobilization under Japanese Occupation",
                    "국립일제강제동원역사관", "일제강제동원역사관",
                    "国立日帝強制動員歴史館"]),
    ("facility:independence_hall", "Independence Hall of Korea", ["Independence Hall of Korea", "독립기념관",
     "独立記念館"]),
    ("facility:seodaemun_prison", "Seodaemun Prison", ["Seodaemun Prison", "Seodaemun Prison History Hall",
     "서대문형무소", "서대문형무소역사관", "西大門刑務所"]),
    ("facility:war_memorial_of_korea", "War Memorial of Korea", ["War Memorial of Korea", "전쟁기념관"]),
    ("facility:seoul_national_cemetery", "Seoul National Cemetery", ["Seoul National Cemetery",
     "국립서울현충원", "서울현충원", "国立ソウル顕忠院"]),
    # Mines and sites of forced labour.
    ("facility:matsushiro_underground_headquarters", "Matsushiro Underground Imperial Headquarters",
     ["Matsushiro Underground Imperial Headquarters", "Matsushiro Imperial Headquarters", "松代大本営",
      "마쓰시로 대본영"]),
    ("facility:miike_coal_mine", "Miike coal mine", ["Miike coal mine", "Mitsui Miike coal mine", "三池炭鉱",
     "미이케 탄광"]),
    # Military and nuclear sites.
    ("facility:kaesong_industrial_complex", "Kaesong Industrial Complex", ["Kaesong Industrial Complex",
     "Kaesong industrial park", "개성공단", "開城工業団地"]),
    ("facility:yongbyon", "Yongbyon nuclear complex", ["Yongbyon nuclear complex",
     "Yongbyon Nuclear Scientific Research Center", "Yongbyon", "영변 핵시설", "영변", "寧辺"]),
    ("facility:punggye_ri", "Punggye-ri nuclear test site", ["Punggye-ri nuclear test site", "Punggye-ri",
     "풍계리 핵실험장", "풍계리", "豊渓里"]),
    ("facility:sohae", "Sohae Satellite Launching Station", ["Sohae Satellite Launching Station", "Sohae",
     "Tongchang-ri", "서해위성발사장", "서해 위성발사장", "동창리", "東倉里"]),
    ("facility:kadena_air_base", "Kadena Air Base", ["Kadena Air Base", "Kadena", "嘉手納基地", "嘉手納",
     "가데나 기지", "가데나 공군기지", "가데나"]),
    ("facility:futenma", "Marine Corps Air Station Futenma", ["Marine Corps Air Station Futenma",
     "Futenma Air Station", "Futenma", "普天間飛行場", "普天間基地", "普天間", "후텐마 기지", "후텐마"]),
    ("facility:osan_air_base", "Osan Air Base", ["Osan Air Base", "오산 공군기지", "오산공군기지",
     "烏山空軍基地"], "Bare 오산 is also 'miscalculation'."),
    # Airports of the big cities.
    ("facility:narita_airport", "Narita International Airport", ["Narita International Airport",
     "Narita Airport", "成田空港", "成田国際空港", "나리타공항", "나리타 공항", "나리타국제공항"]),
    ("facility:haneda_airport", "Haneda Airport", ["Haneda Airport", "Tokyo International Airport",
     "羽田空港", "하네다공항", "하네다 공항"]),
    ("facility:kansai_airport", "Kansai International Airport", ["Kansai International Airport",
     "Kansai Airport", "関西国際空港", "関西空港", "関空", "간사이공항", "간사이 공항", "간사이국제공항"]),
    ("facility:chubu_airport", "Chubu Centrair International Airport", ["Chubu Centrair International Airport",
     "Chubu Centrair", "Centrair", "中部国際空港", "주부국제공항"]),
    ("facility:fukuoka_airport", "Fukuoka Airport", ["Fukuoka Airport", "福岡空港", "후쿠오카공항",
     "후쿠오카 공항"]),
    ("facility:new_chitose_airport", "New Chitose Airport", ["New Chitose Airport", "新千歳空港",
     "신치토세공항"]),
    ("facility:incheon_airport", "Incheon International Airport", ["Incheon International Airport",
     "Incheon Airport", "인천국제공항", "인천공항", "仁川国際空港", "仁川空港"]),
    ("facility:gimpo_airport", "Gimpo International Airport", ["Gimpo International Airport", "Gimpo Airport",
     "김포국제공항", "김포공항", "金浦空港", "金浦国際空港"]),
    ("facility:gimhae_airport", "Gimhae International Airport", ["Gimhae International Airport",
     "Gimhae Airport", "김해국제공항", "김해공항", "金海空港"]),
    ("facility:jeju_airport", "Jeju International Airport", ["Jeju International Airport", "Jeju Airport",
     "제주국제공항", "제주공항", "済州空港"]),
]

# ---------------------------------------------------------------- government bodies of Japan and Korea
# English names as the governments write them, then the usual short forms. An English name two governments
# share ("Ministry of Justice", "National Police Agency", "Ministry of Education") is only an alias with the
# country attached; a Korean or Japanese name is the home country's ministry (교육부 is Seoul's, 文部科学省
# Tokyo's). Bare initials shared with other countries (MOFA, NSC, NSS, MOF) are left out.
GOVERNMENT: list[tuple] = [
    # Japan: the cabinet and its secretariats.
    ("organization:cabinet_office_japan", "Cabinet Office of Japan", ["Cabinet Office of Japan",
     "Japan's Cabinet Office", "Japanese Cabinet Office", "内閣府", "내각부"]),
    ("organization:cabinet_secretariat_japan", "Cabinet Secretariat of Japan", ["Cabinet Secretariat of Japan",
     "Cabinet Secretariat", "Japan's Cabinet Secretariat", "内閣官房", "내각관방"]),
    ("organization:national_security_secretariat_japan", "National Security Secretariat",
     ["National Security Secretariat", "Japan's National Security Secretariat", "国家安全保障局",
      "국가안전보장국", "일본 국가안전보장국"]),
    ("organization:nsc_japan", "National Security Council of Japan", ["National Security Council of Japan",
     "Japan's National Security Council", "Japanese National Security Council", "国家安全保障会議",
     "日本版NSC", "일본 국가안전보장회의"]),
    # Japan: the ministries (Foreign Affairs, Defense and METI are in gazetteer.json).
    ("organization:mic_japan", "Ministry of Internal Affairs and Communications",
     ["Ministry of Internal Affairs and Communications", "総務省", "총무성"]),
    ("organization:moj_japan", "Ministry of Justice of Japan", ["Ministry of Justice of Japan",
     "Japanese Ministry of Justice", "Japan's Justice Ministry", "Japanese Justice Ministry", "法務省",
     "법무성", "일본 법무성"]),
    ("organization:mof_japan", "Ministry of Finance of Japan", ["Ministry of Finance of Japan",
     "Japanese Ministry of Finance", "Japan's Finance Ministry", "Japanese Finance Ministry", "財務省",
     "재무성", "일본 재무성"]),
    ("organization:mext", "Ministry of Education, Culture, Sports, Science and Technology",
     ["Ministry of Education, Culture, Sports, Science and Technology", "MEXT", "Japan's Education Ministry",
      "Japanese Education Ministry", "Japanese Ministry of Education", "文部科学省", "文科省", "문부과학성",
      "문부성", "일본 문부과학성"]),
    ("organization:mhlw", "Ministry of Health, Labour and Welfare", ["Ministry of Health, Labour and Welfare",
     "Ministry of Health, Labor and Welfare", "MHLW", "Japan's Health Ministry", "Japanese Health Ministry",
     "Japan's Labor Ministry", "厚生労働省", "厚労省", "후생노동성", "일본 후생노동성"]),
    ("organization:maff", "Ministry of Agriculture, Forestry and Fisheries",
     ["Ministry of Agriculture, Forestry and Fisheries", "MAFF", "Japan's Agriculture Ministry",
      "農林水産省", "農水省", "농림수산성"]),
    ("organization:mlit", "Ministry of Land, Infrastructure, Transport and Tourism",
     ["Ministry of Land, Infrastructure, Transport and Tourism", "MLIT", "Japan's Transport Ministry",
      "国土交通省", "国交省", "국토교통성"]),
    ("organization:moe_japan", "Ministry of the Environment of Japan", ["Ministry of the Environment of Japan",
     "Japan's Environment Ministry", "Japanese Environment Ministry", "環境省", "환경성"]),
    # Japan: agencies, forces, courts and the central bank.
    ("organization:imperial_household_agency", "Imperial Household Agency", ["Imperial Household Agency",
     "宮内庁", "궁내청"]),
    ("organization:npa_japan", "National Police Agency of Japan", ["National Police Agency of Japan",
     "Japan's National Police Agency", "Japanese National Police Agency", "警察庁", "일본 경찰청"]),
    ("organization:immigration_services_agency", "Immigration Services Agency of Japan",
     ["Immigration Services Agency of Japan", "Immigration Services Agency", "出入国在留管理庁", "入管庁",
      "출입국재류관리청"]),
    ("organization:agency_for_cultural_affairs", "Agency for Cultural Affairs", ["Agency for Cultural Affairs",
     "文化庁", "문화청"]),
    ("organization:fisheries_agency", "Fisheries Agency of Japan", ["Fisheries Agency of Japan",
     "Japan's Fisheries Agency", "Fisheries Agency", "水産庁", "수산청"]),
    ("organization:japan_meteorological_agency", "Japan Meteorological Agency", ["Japan Meteorological Agency",
     "気象庁", "일본 기상청"]),
    ("organization:joint_staff_japan", "Joint Staff of Japan", ["Joint Staff of Japan", "Japan's Joint Staff",
     "Joint Staff Office", "統合幕僚監部", "통합막료감부"]),
    ("organization:jmsdf", "Japan Maritime Self-Defense Force", ["Japan Maritime Self-Defense Force",
     "Maritime Self-Defense Force", "MSDF", "JMSDF", "海上自衛隊", "海自", "해상자위대"]),
    ("organization:jasdf", "Japan Air Self-Defense Force", ["Japan Air Self-Defense Force",
     "Air Self-Defense Force", "ASDF", "JASDF", "航空自衛隊", "空自", "항공자위대"]),
    ("organization:jgsdf", "Japan Ground Self-Defense Force", ["Japan Ground Self-Defense Force",
     "Ground Self-Defense Force", "GSDF", "JGSDF", "陸上自衛隊", "陸自", "육상자위대"]),
    ("organization:supreme_court_japan", "Supreme Court of Japan", ["Supreme Court of Japan",
     "Japan's Supreme Court", "Japanese Supreme Court", "最高裁判所", "最高裁", "최고재판소", "일본 최고재판소"]),
    ("organization:bank_of_japan", "Bank of Japan", ["Bank of Japan", "BOJ", "BoJ", "日本銀行", "日銀",
     "일본은행"]),
    # Korea: the presidency's security staff.
    ("organization:national_security_office_korea", "National Security Office", ["National Security Office",
     "South Korea's National Security Office", "국가안보실", "国家安保室", "韓国国家安保室"],
     "The presidential office's security staff; Japan's counterpart is the National Security Secretariat."),
    ("organization:nsc_korea", "National Security Council of South Korea", ["National Security Council of "
     "South Korea", "South Korea's National Security Council", "South Korean National Security Council",
     "국가안전보장회의", "韓国国家安全保障会議"],
     "Korean 국가안전보장회의 is Seoul's council; Japan's is written 国家安全保障会議 or 일본 국가안전보장회의."),
    # Korea: the ministries (Foreign Affairs, National Defense, Unification and MOTIE are in gazetteer.json).
    ("organization:moef_korea", "Ministry of Economy and Finance", ["Ministry of Economy and Finance",
     "South Korea's Finance Ministry", "MOEF", "기획재정부", "기재부", "企画財政部"],
     "Split on 2 January 2026 into the Ministry of Finance and Economy and the Ministry of Planning and Budget."),
    ("organization:mofe_korea", "Ministry of Finance and Economy", ["Ministry of Finance and Economy",
     "재정경제부", "재경부", "財政経済部"]),
    ("organization:moe_korea", "Ministry of Education of South Korea", ["Ministry of Education of South Korea",
     "South Korea's Education Ministry", "South Korean Education Ministry", "Korean Education Ministry",
     "교육부", "韓国教育部"]),
    ("organization:msit", "Ministry of Science and ICT", ["Ministry of Science and ICT", "MSIT",
     "과학기술정보통신부", "과기정통부", "科学技術情報通信部"]),
    ("organization:moj_korea", "Ministry of Justice of South Korea", ["Ministry of Justice of South Korea",
     "South Korea's Justice Ministry", "South Korean Justice Ministry", "법무부", "韓国法務部"]),
    ("organization:mois", "Ministry of the Interior and Safety", ["Ministry of the Interior and Safety",
     "MOIS", "행정안전부", "행안부", "行政安全部"]),
    ("organization:mpva", "Ministry of Patriots and Veterans Affairs", ["Ministry of Patriots and Veterans "
     "Affairs", "국가보훈부", "보훈부", "国家報勲部"]),
    ("organization:mcst", "Ministry of Culture, Sports and Tourism", ["Ministry of Culture, Sports and Tourism",
     "MCST", "문화체육관광부", "문체부", "文化体育観光部"]),
    ("organization:mafra", "Ministry of Agriculture, Food and Rural Affairs", ["Ministry of Agriculture, "
     "Food and Rural Affairs", "MAFRA", "농림축산식품부", "농식품부", "農林畜産食品部"]),
    ("organization:mohw", "Ministry of Health and Welfare", ["Ministry of Health and Welfare", "MOHW",
     "보건복지부", "복지부", "保健福祉部"]),
    ("organization:moel", "Ministry of Employment and Labor", ["Ministry of Employment and Labor", "MOEL",
     "고용노동부", "노동부", "雇用労働部"]),
    ("organization:mogef", "Ministry of Gender Equality and Family", ["Ministry of Gender Equality and Family",
     "여성가족부", "여가부", "성평등가족부", "女性家族部"], "성평등가족부 since October 2025, English name unchanged."),
    ("organization:molit", "Ministry of Land, Infrastructure and Transport", ["Ministry of Land, "
     "Infrastructure and Transport", "MOLIT", "국토교통부", "국토부", "国土交通部"]),
    ("organization:mof_korea", "Ministry of Oceans and Fisheries", ["Ministry of Oceans and Fisheries",
     "해양수산부", "해수부", "韓国海洋水産部"]),
    ("organization:mss_korea", "Ministry of SMEs and Startups", ["Ministry of SMEs and Startups",
     "중소벤처기업부", "중기부", "中小ベンチャー企業部"]),
    ("organization:me_korea", "Ministry of Environment of South Korea", ["Ministry of Environment of South Korea",
     "South Korea's Environment Ministry", "환경부", "韓国環境部"],
     "Reorganized as the Ministry of Climate, Energy and Environment in October 2025."),
    ("organization:mcee_korea", "Ministry of Climate, Energy and Environment", ["Ministry of Climate, Energy "
     "and Environment", "기후에너지환경부", "기후부"]),
    # Korea: forces, police, courts, heritage, the central bank.
    ("organization:jcs_korea", "Joint Chiefs of Staff", ["Joint Chiefs of Staff", "JCS",
     "South Korea's Joint Chiefs of Staff", "South Korean Joint Chiefs of Staff", "합동참모본부", "합참",
     "韓国軍合同参謀本部", "合同参謀本部"],
     "Bare 'Joint Chiefs of Staff' is Seoul's in this coverage; the U.S. body answers to its longer names."),
    ("organization:jcs_us", "U.S. Joint Chiefs of Staff", ["U.S. Joint Chiefs of Staff", "US Joint Chiefs of "
     "Staff", "United States Joint Chiefs of Staff", "미 합참", "미 합동참모본부", "米統合参謀本部"]),
    ("organization:knpa", "Korean National Police Agency", ["Korean National Police Agency",
     "Korea National Police Agency", "South Korea's National Police Agency", "KNPA", "경찰청", "韓国警察庁"],
     "Bare 'National Police Agency' is Japan's or Korea's: not an alias of either."),
    ("organization:supreme_prosecutors_office", "Supreme Prosecutors' Office", ["Supreme Prosecutors' Office",
     "Supreme Prosecutors Office", "대검찰청", "대검", "大検察庁"]),
    ("organization:constitutional_court_korea", "Constitutional Court of Korea", ["Constitutional Court of Korea",
     "South Korea's Constitutional Court", "Korean Constitutional Court", "헌법재판소", "헌재", "憲法裁判所"]),
    ("organization:seoul_high_court", "Seoul High Court", ["Seoul High Court", "서울고등법원", "서울고법",
     "ソウル高裁", "ソウル高等法院"]),
    ("organization:seoul_central_district_court", "Seoul Central District Court",
     ["Seoul Central District Court", "서울중앙지방법원", "서울중앙지법", "ソウル中央地裁", "ソウル中央地方法院"]),
    ("organization:korea_heritage_service", "Korea Heritage Service", ["Korea Heritage Service",
     "Cultural Heritage Administration", "국가유산청", "문화재청", "国家遺産庁"],
     "문화재청 until May 2024, then 국가유산청."),
    ("organization:bank_of_korea", "Bank of Korea", ["Bank of Korea", "BOK", "BoK", "한국은행", "한은",
     "韓国銀行"]),
    ("organization:northeast_asian_history_foundation", "Northeast Asian History Foundation",
     ["Northeast Asian History Foundation", "동북아역사재단", "東北アジア歴史財団"]),
    # Korea: the audit board, the offices (처), agencies (청) and commissions of the central government. Korean
    # copy names them bare; the frequent ones are also common-looking words the head-noun rule of
    # pipeline/tag/entities/korean_bodies.py leaves alone, so they are listed. Kanji only where Japan has no
    # body of the same name (国税庁, 公正取引委員会 are Japan's).
    ("organization:bai_korea", "Board of Audit and Inspection", ["Board of Audit and Inspection",
     "Board of Audit and Inspection of Korea", "감사원", "韓国監査院"]),
    ("organization:opc_korea", "Office for Government Policy Coordination", ["Office for Government Policy "
     "Coordination", "국무조정실", "国務調整室"]),
    ("organization:mpm_korea", "Ministry of Personnel Management", ["Ministry of Personnel Management",
     "인사혁신처", "人事革新処"]),
    ("organization:moleg_korea", "Ministry of Government Legislation", ["Ministry of Government Legislation",
     "법제처", "法制処"]),
    ("organization:mfds_korea", "Ministry of Food and Drug Safety", ["Ministry of Food and Drug Safety",
     "식품의약품안전처", "식약처", "食品医薬品安全処"]),
    ("organization:pss_korea", "Presidential Security Service", ["Presidential Security Service",
     "대통령경호처", "경호처", "大統領警護処"]),
    ("organization:nts_korea", "National Tax Service", ["National Tax Service", "South Korea's National Tax "
     "Service", "국세청", "韓国国税庁"]),
    ("organization:kcs_korea", "Korea Customs Service", ["Korea Customs Service", "관세청", "韓国関税庁"]),
    ("organization:pps_korea", "Public Procurement Service", ["Public Procurement Service", "조달청", "韓国調達庁"]),
    ("organization:statistics_korea", "Statistics Korea", ["Statistics Korea", "통계청", "韓国統計庁"]),
    ("organization:mma_korea", "Military Manpower Administration", ["Military Manpower Administration",
     "병무청", "兵務庁"]),
    ("organization:dapa_korea", "Defense Acquisition Program Administration", ["Defense Acquisition Program "
     "Administration", "DAPA", "방위사업청", "방사청", "防衛事業庁"]),
    ("organization:kfs_korea", "Korea Forest Service", ["Korea Forest Service", "산림청", "韓国山林庁"]),
    ("organization:kipo_korea", "Korean Intellectual Property Office", ["Korean Intellectual Property Office",
     "KIPO", "특허청", "韓国特許庁"]),
    ("organization:kma_korea", "Korea Meteorological Administration", ["Korea Meteorological Administration",
     "기상청", "韓国気象庁"], "Bare 기상청 in Korean copy is Seoul's; Japan's is 일본 기상청."),
    ("organization:nfa_korea", "National Fire Agency", ["National Fire Agency", "소방청", "韓国消防庁"]),
    ("organization:rda_korea", "Rural Development Administration", ["Rural Development Administration",
     "농촌진흥청", "농진청", "農村振興庁"]),
    ("organization:kdca_korea", "Korea Disease Control and Prevention Agency", ["Korea Disease Control and "
     "Prevention Agency", "KDCA", "질병관리청", "질병청", "疾病管理庁"]),
    ("organization:oka_korea", "Overseas Koreans Agency", ["Overseas Koreans Agency", "재외동포청",
     "在外同胞庁"]),
    ("organization:kasa_korea", "Korea AeroSpace Administration", ["Korea AeroSpace Administration",
     "Korea Aerospace Administration", "우주항공청", "宇宙航空庁"]),
    ("organization:kcc_korea", "Korea Communications Commission", ["Korea Communications Commission",
     "방송통신위원회", "방통위", "放送通信委員会"]),
    ("organization:kftc_korea", "Korea Fair Trade Commission", ["Korea Fair Trade Commission", "KFTC",
     "공정거래위원회", "공정위", "韓国公正取引委員会"]),
    ("organization:fsc_korea", "Financial Services Commission", ["Financial Services Commission",
     "금융위원회", "금융위", "金融委員会"]),
    ("organization:fss_korea", "Financial Supervisory Service", ["Financial Supervisory Service",
     "금융감독원", "금감원", "金融監督院"]),
    ("organization:acrc_korea", "Anti-Corruption and Civil Rights Commission", ["Anti-Corruption and Civil "
     "Rights Commission", "국민권익위원회", "권익위", "国民権益委員会"]),
    ("organization:nssc_korea", "Nuclear Safety and Security Commission", ["Nuclear Safety and Security "
     "Commission", "원자력안전위원회", "원안위", "韓国原子力安全委員会"]),
    ("organization:pipc_korea", "Personal Information Protection Commission", ["Personal Information "
     "Protection Commission", "개인정보보호위원회", "개인정보위", "韓国個人情報保護委員会"]),
    ("organization:nhrck", "National Human Rights Commission of Korea", ["National Human Rights Commission of "
     "Korea", "국가인권위원회", "인권위", "国家人権委員会"]),
    ("organization:nec_korea", "National Election Commission", ["National Election Commission",
     "중앙선거관리위원회", "중앙선관위", "선관위", "中央選挙管理委員会"]),
    ("organization:cio_korea", "Corruption Investigation Office for High-ranking Officials",
     ["Corruption Investigation Office for High-ranking Officials", "고위공직자범죄수사처", "공수처",
      "高位公職者犯罪捜査処"]),
    # North Korea's foreign ministry, so 북한 외무성 is not Japan's (bare 외무성 is Tokyo's in Korean copy).
    ("organization:mofa_north_korea", "Ministry of Foreign Affairs of North Korea",
     ["Ministry of Foreign Affairs of North Korea", "North Korean Foreign Ministry",
      "North Korea's Foreign Ministry", "북한 외무성", "북 외무성", "北朝鮮外務省", "北朝鮮の外務省"]),
    # International bodies a reader meets beside these.
    ("organization:european_union", "European Union", ["European Union", "EU", "유럽연합", "欧州連合"]),
    ("organization:new_york_times", "The New York Times", ["The New York Times", "New York Times",
     "뉴욕타임스", "ニューヨーク・タイムズ"], "So the paper's name is not a mention of New York."),
    ("organization:interpol", "Interpol", ["Interpol", "INTERPOL", "International Criminal Police Organization",
     "인터폴", "国際刑事警察機構"]),
    ("organization:international_court_of_justice", "International Court of Justice",
     ["International Court of Justice", "ICJ", "국제사법재판소", "国際司法裁判所"]),
]


# fmt: on


def prefecture_entries() -> list[dict]:
    """Each prefecture: "X Prefecture", the kanji and Hangul full names, and the short forms ``bare`` allows."""
    out = []
    for slug, en, ja, ko, bare in PREFECTURES:
        suffix = {"都": "Metropolis", "府": "Prefecture", "県": "Prefecture"}[ja[-1]]
        aliases = [f"{en} {suffix}", ja, ko]
        aliases += [en] * ("e" in bare) + [ja[:-1]] * ("j" in bare) + [ko[:-1]] * ("k" in bare)
        out.append(_entry(f"place:{slug}_prefecture", f"{en} {suffix}", aliases))
    return out


def city_entries() -> list[dict]:
    """Each city: its English name ("X City" when the bare name is the prefecture's), 市/町 and 시/정 forms."""
    out = []
    for slug, en, ja, ko, bare in CITIES:
        short = en.removesuffix(" City")
        aliases = [en, f"{short} City", ja, ko]
        aliases += [short] * ("e" in bare) + [ja[:-1]] * ("j" in bare) + [ko[:-1]] * ("k" in bare)
        out.append(_entry(f"place:{slug}", en, aliases))
    return out


def world_entries() -> list[dict]:
    """Countries and world cities: English, Korean and Japanese aliases in that order."""
    return [
        _entry(f"place:{slug}", name, [*en, *ko, *ja])
        for table in (COUNTRIES, WORLD_CITIES)
        for slug, name, en, ko, ja in table
    ]


def written_entries() -> list[dict]:
    """ENTRIES, FACILITIES and GOVERNMENT as records."""
    return [_entry(row[0], row[1], row[2], *row[3:]) for row in (*ENTRIES, *FACILITIES, *GOVERNMENT)]


def _entry(entity_id: str, name: str, aliases: list[str], note: str | None = None) -> dict:
    unique = list(dict.fromkeys(aliases))  # "X City" twice when the English name already says City
    record = {"entity_id": entity_id, "type": entity_id.split(":")[0], "name": name, "aliases": unique}
    if note:
        record["note"] = note
    return record


def build() -> dict:
    """The places.json document, checked against the hand-written gazetteer: new ids, no shared alias."""
    entities = prefecture_entries() + city_entries() + world_entries() + written_entries()
    check(entities, json.loads(HAND.read_text(encoding="utf-8"))["entities"])
    return {
        "version": 1,
        "description": (
            "Generated by tools/build_places.py (do not edit by hand): prefectures, provinces, cities, "
            "countries, historical states, sites and government bodies of Japan-Korea coverage, merged into "
            "the gazetteer by pipeline.reference.gazetteer. Same fields and rules as gazetteer.json."
        ),
        "entities": entities,
    }


def check(entities: list[dict], hand: list[dict]) -> None:
    """Raise naming every id used twice and every alias that would name two entities."""
    problems = []
    seen_ids = {e["entity_id"] for e in hand}
    for e in entities:
        if e["entity_id"] in seen_ids:
            problems.append(f"id {e['entity_id']} is used twice")
        seen_ids.add(e["entity_id"])
    owner: dict[str, str] = {}
    for e in hand + entities:
        for alias in e["aliases"]:
            plain = normalize_phrase(alias)
            key = plain if alias_is_case_sensitive(alias, e.get("case_sensitive", False)) else plain.lower()
            if owner.setdefault(key, e["entity_id"]) != e["entity_id"]:
                problems.append(f"alias {alias!r} names {owner[key]} and {e['entity_id']}")
    if problems:
        raise ValueError("places tables clash with the gazetteer:\n" + "\n".join(problems))


def render() -> str:
    """places.json's text, as written (one entity per line keeps diffs readable)."""
    doc = build()
    lines = [json.dumps(e, ensure_ascii=False) for e in doc["entities"]]
    head = json.dumps({k: doc[k] for k in ("version", "description")}, ensure_ascii=False, indent=1)
    return head[:-2] + ',\n "entities": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(build()['entities'])} entities")


if __name__ == "__main__":
    main()
