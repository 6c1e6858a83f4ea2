"""Derived word lists kept between processes: the same value as building them, and never a reason to fail."""

import pickle

from pipeline.core.user_cache import stored
from pipeline.reference import name_lexicon


def test_stored_lists_equal_freshly_built_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path))
    for function in (name_lexicon.place_names, name_lexicon.region_names, name_lexicon.demonyms):
        function.cache_clear()
        first = function()  # built and stored
        function.cache_clear()
        assert function() == first == function.__wrapped__.build()
    stored_names = {path.name.rsplit("-", 1)[0] for path in tmp_path.glob("*.pickle")}
    assert {"place_names", "region_names", "demonyms"} <= stored_names


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
