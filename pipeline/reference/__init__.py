"""Reference data and its readers: the gazetteer, outlets, name lists (``data/``)."""

from pathlib import Path

#: The reviewed data files (gazetteer, outlets, taxonomy, spinner tables, the boilerplate model).
DATA_DIR = Path(__file__).parent / "data"
