"""The Dagster wiring of newsetl (the pure library is ``pipeline``)."""

import warnings

# Dagster flags the beta APIs these modules use (observable sources, data versions) on import and at run time.
# Filtering here, before any asset module loads, covers every process that loads the code location: `newsetl run`,
# its step processes under --processes, and the UI's.
warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
