"""Dagster-partition prototype (issue #22 part 3): why newsetl's per-document assets are not Dagster partitions.

A toy graph shaped like newsetl's (toy.py) with its per-document assets as static partitions, and three scripts
that reproduce what the prototype measured in dagster 1.13: a run costs more with every asset-partition it records
(overhead.py), the lineage graph never shows a partitioned asset stale (staleness.py), and a launch without a
partition fails unless the job carries the whole range (launch.py). The UI findings ("Materialize all" opens
the partition dialog with nothing selected) are in README.md. They support the decision not to partition
newsetl's assets; docs/scaling.md cites the figures.
"""
