"""Pictures and a self-contained HTML report of the published warehouse (the top layer: it only reads)."""
