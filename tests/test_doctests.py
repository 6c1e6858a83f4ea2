"""Every example in a `pipeline` module's docstrings runs, in every module: found, not listed by hand."""

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import pipeline

MODULES = sorted(info.name for info in pkgutil.walk_packages(pipeline.__path__, prefix="pipeline."))


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_a_modules_docstrings_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, report=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
    if ">>> " in Path(module.__file__).read_text(encoding="utf-8"):
        assert result.attempted > 0, f"{name} writes examples that doctest does not find"


def test_most_modules_carry_examples() -> None:
    finder = doctest.DocTestFinder()
    with_examples = [
        name for name in MODULES if any(test.examples for test in finder.find(importlib.import_module(name)))
    ]
    assert len(with_examples) >= 30, with_examples
