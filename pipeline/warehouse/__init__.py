"""Publishing: snapshots, the dataset hash, rebuilds and diffs."""
