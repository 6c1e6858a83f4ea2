"""Derive ``pipeline/reference/data/despin_synonyms.tsv.gz`` from WordNet 3.x and wordfreq (offline, committed script).

The de-spinner must run on machines without Debian's ``wordnet-base``, so its knowledge of which words are
thesaurus neighbours is derived here once and shipped. A row says: a spinner that met ``original`` could
have written ``spun`` (they share a WordNet synset), and ``original`` is the more common word in general
English (wordfreq Zipf), so a de-spinner reading ``spun`` may consider putting ``original`` back.
Inflected forms are paired slot by slot (plural with plural, past with past) with regular morphology; a
generated form wordfreq has never seen ("taked") is dropped rather than guessed.

Run:  .venv/bin/python -m tools.build_despin_lexicon [--wordnet /usr/share/wordnet]
"""

import argparse
import gzip
import re
from pathlib import Path

from wordfreq import zipf_frequency

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "pipeline" / "reference" / "data" / "despin_synonyms.tsv.gz"
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
# An original below this is not news vocabulary; a spun form below MIN_SPUN is not a real word form.
MIN_ORIGINAL_ZIPF = 3.0
MIN_SPUN_ZIPF = 1.0
# Originals rarer than the spun word are kept down to this margin: the document context may still
# show them ("profit" spun to "gain" in an article that says "profit" elsewhere).
MAX_ZIPF_LOSS = 1.0
# Function words and light verbs share synsets with many content words in WordNet ("cost" ~ "be",
# "hold" ~ "have"), but no spinner writes "cost" for "be": they are never candidate originals.
FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being am it its
    this that these those he she they we you i his her their our your my me him them us not no so than then
    there here who which what when where why how all any each some can could will would shall should may
    might must do does did done doing has have had having get gets got go goes went gone going up down out
    off over one ones two first last back good well very just also only even still see take make come give
    put set let like""".split()
)
# The verbs of reporting are news copy's commonest words and a spinner's favourite swap ("said" ->
# "stated"); regular morphology cannot spell their past.
IRREGULAR_PAST = {"say": "said", "tell": "told"}
_PLAIN = re.compile(r"^[a-z]+$")
_VOWEL = set("aeiou")


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in _VOWEL:
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> list[str]:
    if word.endswith("e"):
        return [word + "d"]
    if word.endswith("y") and word[-2:-1] not in _VOWEL:
        return [word[:-1] + "ied"]
    return [word + "ed", word + word[-1] + "ed"]


def _gerund(word: str) -> list[str]:
    if word.endswith("e") and not word.endswith("ee"):
        return [word[:-1] + "ing"]
    return [word + "ing", word + word[-1] + "ing"]


def _best(forms: list[str]) -> str | None:
    """The generated spelling English actually uses, or None when wordfreq knows none of them."""
    scored = [(zipf_frequency(f, "en"), f) for f in forms]
    zipf, form = max(scored)
    return form if zipf >= MIN_SPUN_ZIPF else None


def _abbreviates(short: str, long: str) -> bool:
    """'pct' for 'percent', 'govt' for 'government': a wire abbreviation, not a spinner's synonym."""
    if len(short) >= len(long) or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def inflections(lemma: str, pos: str) -> dict[str, str]:
    """Slot -> surface form, regular morphology only."""
    slots: dict[str, str | None] = {"base": lemma}
    if pos == "n":
        slots["plural"] = _best([_plural(lemma)])
    elif pos == "v":
        slots["third"] = _best([_plural(lemma)])
        slots["past"] = IRREGULAR_PAST.get(lemma) or _best(_past(lemma))
        slots["gerund"] = _best(_gerund(lemma))
    return {slot: form for slot, form in slots.items() if form}


def synsets(wordnet: Path) -> list[tuple[str, list[str]]]:
    """(pos, single-word lower-case lemmas) for every synset with at least two of them."""
    out = []
    heads: dict[str, list[str]] = {}
    similar: dict[str, list[str]] = {}
    for name in sorted(set(POS_FILES.values())):
        for line in (wordnet / f"data.{name}").read_text(encoding="utf-8").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            pos, count = fields[2], int(fields[3], 16)
            lemmas = _lemmas(fields, count)
            if len(lemmas) > 1:
                out.append(("a" if pos == "s" else pos, lemmas))
            if name == "adj":
                heads[fields[0]] = lemmas
                n_pointers = int(fields[4 + 2 * count])
                pointers = fields[5 + 2 * count : 5 + 2 * count + 4 * n_pointers]
                similar[fields[0]] = [
                    pointers[i + 1] for i in range(0, len(pointers), 4) if pointers[i] == "&"
                ]
    # Adjective clusters: a spinner's thesaurus lists a head adjective's satellites as synonyms
    # ("strong" / "muscular"), so WordNet's similar-to links count as neighbours too.
    for offset, targets in similar.items():
        for target in targets:
            cluster = list(dict.fromkeys(heads[offset] + heads.get(target, [])))
            if len(cluster) > 1:
                out.append(("a", cluster))
    return out


def _lemmas(fields: list[str], count: int) -> list[str]:
    lemmas = [re.sub(r"\(.*\)$", "", w).lower() for w in fields[4 : 4 + 2 * count : 2]]
    return list(dict.fromkeys(w for w in lemmas if _PLAIN.match(w)))


def build(wordnet: Path) -> list[tuple[str, str, str, float, float]]:
    pairs: dict[tuple[str, str], tuple[str, float, float]] = {}
    zipf: dict[str, float] = {}
    for pos, lemmas in synsets(wordnet):
        forms = {lemma: inflections(lemma, pos) for lemma in lemmas}
        for original in lemmas:
            for spun in lemmas:
                if spun == original:
                    continue
                for slot, o_form in forms[original].items():
                    s_form = forms[spun].get(slot)
                    if not s_form or s_form == o_form:
                        continue
                    for f in (o_form, s_form):
                        if f not in zipf:
                            zipf[f] = zipf_frequency(f, "en")
                    if (
                        len(o_form) < 3
                        or o_form in FUNCTION_WORDS
                        or original in FUNCTION_WORDS
                        or _abbreviates(s_form, o_form)
                    ):
                        continue
                    if zipf[o_form] < MIN_ORIGINAL_ZIPF or zipf[o_form] < zipf[s_form] - MAX_ZIPF_LOSS:
                        continue
                    key = (s_form, o_form)
                    if key not in pairs:
                        pairs[key] = (pos, zipf[s_form], zipf[o_form])
    return sorted((s, o, pos, zs, zo) for (s, o), (pos, zs, zo) in pairs.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()
    rows = build(args.wordnet)
    header = (
        "# Derived by tools/build_despin_lexicon.py from WordNet 3.0 (Princeton University, see\n"
        "# WORDNET_LICENSE beside this file) and wordfreq Zipf frequencies. Columns: spun, original, pos,\n"
        "# zipf_spun, zipf_original.\n"
    )
    body = header + "".join(f"{s}\t{o}\t{pos}\t{zs:.2f}\t{zo:.2f}\n" for s, o, pos, zs, zo in rows)
    # mtime=0 so rebuilding from the same WordNet gives the same bytes (a clean git diff).
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(body.encode("utf-8"))
    print(f"{len(rows)} pairs -> {OUT.relative_to(REPO)} ({OUT.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
