"""`newsetl`: run the asset graph, and read, compare and query the warehouse it publishes.

Exit codes: 0 success; 1 the run failed (a stage raised or a blocking check failed); 2 bad usage or a missing
input (unknown document or snapshot, no warehouse yet, unreadable file); 3 another run held the warehouse for
longer than `run --wait` allowed (nothing was run).
"""

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from pipeline.core.integrity import WarehouseDamaged  # light: no DuckDB or Polars at import

#: When the user started waiting (the interpreter's own start-up aside): `run` reports its time from here.
STARTED = time.perf_counter()

EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3

EPILOG = """examples:
  newsetl run                         materialize every asset over raw/ into warehouse/news.duckdb
  newsetl run --raw data/in --warehouse /tmp/news.duckdb
  newsetl snapshots                   list published snapshots
  newsetl diff previous latest        documents and tags that changed between two snapshots (ids, unique
                                      prefixes, latest, previous)
  newsetl show 1a2b3c4d5e6f7a8b       one document: text, metadata, tags and every cleaning edit
  newsetl clean raw/article.txt --edits
  newsetl sentences raw/article.txt   one sentence per line (or '-' for standard input)
  newsetl sql "SELECT outlet, count(*) FROM documents GROUP BY outlet"
  newsetl rebuild                     restore news.duckdb and the snapshot log from warehouse/snapshots

environment: NEWSETL_RAW_DIR (default raw), NEWSETL_WAREHOUSE (default warehouse/news.duckdb),
             DAGSTER_HOME (when set, runs are recorded in that Dagster instance and show in the UI),
             NEWSETL_WORKERS (clean-stage worker processes; default the machine's cores),
             NEWSETL_CACHE_DIR (derived word lists),
             NEWSETL_EXECUTOR (in_process or multiprocess: how every run executes steps; multiprocess is --processes),
             NEWSETL_MAX_FILE_MB (default 20: a larger raw file is quarantined unread),
             NEWSETL_MAX_DOCUMENT_MB (default 2: a document with a larger text is quarantined),
             NEWSETL_RUN_WAIT (default 600: seconds `run` waits for another run on the warehouse, then exits 3)."""


def _warehouse_arg(args) -> Path:
    return Path(args.warehouse or os.environ.get("NEWSETL_WAREHOUSE", "warehouse/news.duckdb"))


def _checked_path(args) -> Path:
    """The warehouse file, present and matching its publish record (pipeline/core/integrity.py); WarehouseDamaged
    otherwise, which main() reports with exit code 2."""
    from pipeline.core.integrity import check_file

    path = _warehouse_arg(args)
    if not path.exists():
        snapshots = path.parent / "snapshots"
        if snapshots.is_dir() and any(snapshots.glob("snapshot_id=*")):
            raise _UsageError(f"no warehouse at {path}, but snapshots are on disk: run `newsetl rebuild`")
        raise _UsageError(f"no warehouse at {path}: run `newsetl run` first")
    check_file(path, deep=False)
    return path


def _connect(args):
    """A read-only connection to a checked warehouse whose snapshot log reads."""
    import duckdb

    from pipeline.core.integrity import connect_checked

    path = _checked_path(args)
    return connect_checked(path, lambda: duckdb.connect(str(path), read_only=True))


class _UsageError(Exception):
    pass


def _print_frame(frame, as_json: bool, full: bool = False) -> None:
    if as_json:
        print(json.dumps(frame.to_dicts(), default=str, ensure_ascii=False, indent=1))
        return
    from newsetl.render import table

    print(table(frame, full=full))


def cmd_run(args) -> int:
    if args.raw:
        os.environ["NEWSETL_RAW_DIR"] = str(args.raw)
    if args.warehouse:
        os.environ["NEWSETL_WAREHOUSE"] = str(args.warehouse)
    from assets.settings import executor_kind, raw_dir, warehouse_path  # environment only: no Dagster import
    from newsetl.instance import use_instance
    from newsetl.interrupts import stopping_on_signals
    from pipeline.infra.run_lock import WarehouseInUse, default_wait_s, run_lock
    from pipeline.ingest.manifest import describe_raw

    use_instance()  # the checkout's Dagster instance, so the run shows in the UI (newsetl/instance.py)
    try:
        processes = args.processes or executor_kind() == "multiprocess"
    except ValueError as error:
        raise _UsageError(str(error)) from None

    def waiting(message: str) -> None:
        if not args.json:
            print(f"newsetl: {message} (up to {wait:.0f}s; --wait to change)", file=sys.stderr, flush=True)

    wait = default_wait_s() if args.wait is None else args.wait
    try:
        # The whole run holds the warehouse (staging, caches, publish): a second run on it waits, then gives up
        # with EXIT_BUSY, and never publishes another run's tables as its own (pipeline/infra/run_lock.py).
        # Ctrl-C / SIGTERM stop the run within seconds from here on, waiting and hashing included.
        with stopping_on_signals(), run_lock(warehouse_path(), wait_s=wait, on_wait=waiting):
            try:
                manifest = describe_raw(raw_dir())
            # raw/ missing or unlistable, or a limit variable that is nonsense: set-up, not a failed run.
            except (OSError, ValueError) as error:
                raise _UsageError(str(error)) from None
            outcome = _run_holding_the_warehouse(args, processes, manifest)
    except WarehouseInUse as error:
        if args.json:
            print(json.dumps({"success": False, "busy": True, "failures": [str(error)]}, indent=1))
        else:
            print(f"newsetl: {error}", file=sys.stderr)
        return EXIT_BUSY
    if args.json:
        print(json.dumps(outcome, default=str, indent=1))
    elif not args.quiet or not outcome["success"]:
        print(_summary_text(outcome))
    return EXIT_OK if outcome["success"] else EXIT_RUN_FAILED


def _run_holding_the_warehouse(args, processes: bool, manifest) -> dict:
    """raw/ is read once (``manifest``): the freshness check needs its hash, the observation the run records its
    files and changes."""
    from pipeline.ingest.manifest import manifest_sha256

    version = manifest_sha256(manifest)
    outcome = None if args.force else _up_to_date(version)
    if outcome is None:
        if not (
            args.quiet or args.json
        ):  # importing Dagster and the graph takes seconds: say what is happening
            print("starting Dagster …", file=sys.stderr, flush=True)
        from newsetl.runner import run_pipeline

        outcome = run_pipeline(
            quiet=args.quiet or args.json,
            processes=processes,
            raw_manifest=manifest,
            handle_signals=False,  # cmd_run's own block handles them
        )
    return outcome


def _up_to_date(raw_version: str) -> dict | None:
    """The outcome of a run that need not happen: raw/ and the code are what the current snapshot was built from."""
    import time

    from assets.settings import warehouse_path  # environment only: no Dagster import
    from newsetl.freshness import current_snapshot_if_fresh

    started = time.perf_counter()
    warehouse = warehouse_path()
    row = current_snapshot_if_fresh(raw_version, warehouse)
    if row is None:
        return None
    summary = {key: value for key, value in row.items() if key.startswith("n_") or key == "snapshot_id"}
    summary |= {
        "message": f"nothing changed: snapshot {row['snapshot_id']} already holds this data "
        "(raw/ and the code are what it was built from; --force to run anyway)",
        "warehouse": str(warehouse.resolve()),
        "created": False,
    }
    return {"success": True, "failures": [], "summary": summary, "seconds": time.perf_counter() - started,
            "run_id": None, "up_to_date": True}  # fmt: skip


def _summary_text(outcome: dict) -> str:
    if not outcome["success"]:
        lines = ["run FAILED: nothing was published; the previous snapshot stays current."]
        lines += [f"  - {failure}" for failure in outcome["failures"]]
        return "\n".join(lines)
    s = outcome["summary"]
    rows = [
        ("files in", s["n_files"]),
        ("documents", s["n_documents"]),
        ("quarantined", s["n_quarantined"]),
        ("duplicates", s["n_duplicates"]),
        ("sentences", s["n_sentences"]),
        ("entity mentions", s["n_entity_mentions"]),
        ("issue mentions", s["n_issue_mentions"]),
        ("snapshot", s["snapshot_id"]),
    ]
    width = max(len(label) for label, _ in rows)
    body = "\n".join(f"  {label:<{width}}  {value}" for label, value in rows)
    waited = time.perf_counter() - STARTED  # what the user waited, start-up and hashing included
    return f"{s['message']} in {waited:.1f}s\n{body}\n  warehouse: {s['warehouse']}"


def cmd_snapshots(args) -> int:
    with _connect(args) as con:
        frame = con.sql(
            "SELECT snapshot_id, created_at, n_files, n_documents, n_quarantined, n_duplicates, n_sentences, "
            "code_version FROM snapshots ORDER BY created_at"
        ).pl()
    _print_frame(frame, args.json, args.full)
    return EXIT_OK


def cmd_diff(args) -> int:
    from newsetl.diffview import SnapshotNotFound, diff_payload, render_diff, resolve_snapshot
    from pipeline.warehouse.diff import diff_snapshots

    with _connect(args) as con:
        try:
            old, new = resolve_snapshot(con, args.old), resolve_snapshot(con, args.new)
            result = diff_snapshots(con, old, new)
        except SnapshotNotFound as error:
            raise _UsageError(str(error)) from None
        except KeyError as error:
            raise _UsageError(error.args[0]) from None
        text = None if args.json else render_diff(con, result, full=args.full)
        payload = diff_payload(con, result) if args.json else None
    if args.json:
        print(json.dumps(payload, default=str, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(text)
    return EXIT_OK


def cmd_show(args) -> int:
    with _connect(args) as con:
        doc = con.sql("SELECT * FROM documents WHERE doc_id = ?", params=[args.doc_id]).pl()
        if not doc.height:
            raise _UsageError(f"no document {args.doc_id!r} in the current snapshot")
        issues = con.sql(
            "SELECT issue_id, n_mentions, round(salience, 3) AS salience FROM doc_issues WHERE doc_id = ? "
            "ORDER BY salience DESC",
            params=[args.doc_id],
        ).pl()
        entities = con.sql(
            "SELECT m.entity_id, e.name, count(*) AS mentions, list(DISTINCT m.surface) AS surfaces "
            "FROM entity_mentions m JOIN entities e USING (entity_id) WHERE doc_id = ? "
            "GROUP BY ALL ORDER BY mentions DESC, m.entity_id",
            params=[args.doc_id],
        ).pl()
        edits = con.sql(
            "SELECT edit_idx, step, rule, before, after, char_start, confidence FROM cleaning_edits "
            "WHERE doc_id = ? ORDER BY edit_idx",
            params=[args.doc_id],
        ).pl()
    row = doc.row(0, named=True)
    if args.json:
        payload = {
            **row,
            "issues": issues.to_dicts(),
            "entities": entities.to_dicts(),
            "edits": edits.to_dicts(),
        }
        print(json.dumps(payload, default=str, ensure_ascii=False, indent=1))
        return EXIT_OK
    from newsetl.showview import render_document

    print(render_document(row, issues, entities, edits, full=args.full))
    return EXIT_OK


def _clean_path(path_arg: str):
    from pipeline.clean.articles import clean_records
    from pipeline.ingest.records import read_records

    if path_arg == "-":
        data, name = sys.stdin.buffer.read(), "stdin.txt"
    else:
        path = Path(path_arg)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise _UsageError(f"cannot read {path}: {error.strerror or error}") from None
        name = path.name
    records, rejected = read_records(name, hashlib.sha256(data).hexdigest(), data)
    articles, empty = clean_records(records)
    return articles, [*rejected, *empty]


def cmd_clean(args) -> int:
    articles, rejected = _clean_path(args.path)
    for q in rejected:
        where = "" if q.record is None else f" record {q.record}"
        print(f"quarantined{where}: {q.reason}: {q.detail}", file=sys.stderr)
    for article in articles:
        if args.json:
            payload = {
                "doc_id": article.record.doc_id,
                "title": article.cleaned.title,
                "outlet": article.cleaned.outlet,
                "byline": article.cleaned.byline,
                "dateline": article.cleaned.dateline,
                "published_date": article.cleaned.published_date,
                "published_time": article.cleaned.published_time,
                "published_utc_offset": article.cleaned.published_utc_offset,
                "spin_score": article.spin_score,
                "text": article.text,
                "edits": [dataclasses.asdict(edit) for edit in article.edits],
            }
            print(json.dumps(payload, default=str, ensure_ascii=False, indent=1))
            continue
        print(article.text)
        if args.edits:
            print(f"\n--- {len(article.edits)} edits ---")
            for edit in article.edits:
                print(f"[{edit.step}:{edit.rule} @{edit.char_start} conf={edit.confidence:.2f}] "
                      f"{edit.before!r} -> {edit.after!r}")  # fmt: skip
    return EXIT_OK if articles else EXIT_USAGE


def cmd_sentences(args) -> int:
    from pipeline.clean.articles import articles_frame
    from pipeline.segment.paragraphs import paragraphs_frame
    from pipeline.segment.sentences import sentences_frame

    articles, rejected = _clean_path(args.path)
    for q in rejected:
        print(f"quarantined: {q.reason}: {q.detail}", file=sys.stderr)
    if not articles:
        return EXIT_USAGE
    sentences = sentences_frame(paragraphs_frame(articles_frame(articles)))
    for text in sentences["text"]:
        print(text.replace("\n", " "))
    return EXIT_OK


def cmd_sql(args) -> int:
    import duckdb

    from newsetl.sandbox import QueryRefused, check_query, open_for_queries, snapshots_dir

    try:
        check_query(args.query)  # before opening: a refused statement never reaches the database
    except QueryRefused as error:
        raise _UsageError(f"refused: {error}") from None
    except duckdb.Error as error:  # the parser's own error: a syntax error
        raise _UsageError(f"query failed: {error}") from None
    from pipeline.core.integrity import connect_checked

    path = _checked_path(args)  # the checks every read command makes (present, intact) ...
    with connect_checked(
        path, lambda: open_for_queries(path)
    ) as con:  # ... on the one, sandboxed, connection
        try:
            frame = con.sql(args.query).pl()
        except duckdb.PermissionException as error:
            raise _UsageError(
                f"refused: {error}; `newsetl sql` reads the warehouse's tables and the snapshot Parquet "
                f"under {snapshots_dir(path)}, nothing else"
            ) from None
        except duckdb.Error as error:
            raise _UsageError(f"query failed: {error}") from None
    if args.markdown:
        from newsetl.tables import markdown_table

        print(markdown_table(frame))
    else:
        _print_frame(frame, args.json, args.full)
    return EXIT_OK


def cmd_rebuild(args) -> int:
    from pipeline.warehouse.rebuild import NothingToRebuild, rebuild_warehouse
    from pipeline.warehouse.store import WarehouseBusy

    try:
        result = rebuild_warehouse(_warehouse_arg(args))
    except (NothingToRebuild, ValueError) as error:
        raise _UsageError(str(error)) from None
    except WarehouseBusy as error:
        print(f"newsetl: {error}", file=sys.stderr)
        return EXIT_BUSY
    if args.json:
        payload = dataclasses.asdict(result) | {"message": result.message, "warehouse": str(result.warehouse)}
        print(json.dumps(payload, default=str, indent=1))
    else:
        print(result.message)
        for sha256 in result.missing_raw[:10]:
            print(f"  raw file missing from the raw store: {sha256}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsetl",
        description="A dataset-versioned news ETL: raw scrapes -> cleaned, tagged, validated DuckDB snapshots.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_text: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
        p.set_defaults(func=func)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        return p

    p = add("run", cmd_run, "Materialize every asset (the Dagster graph, in-process) and publish a snapshot.",
            "newsetl run --raw raw --warehouse warehouse/news.duckdb")  # fmt: skip
    p.add_argument("--raw", type=Path, help="raw landing folder (default: $NEWSETL_RAW_DIR or raw)")
    p.add_argument(
        "--warehouse", type=Path, help="warehouse file (default: $NEWSETL_WAREHOUSE or warehouse/news.duckdb)"
    )
    p.add_argument("--quiet", action="store_true", help="print nothing unless the run fails")
    p.add_argument(
        "--force",
        action="store_true",
        help="run even when raw/ and the code are unchanged since the last snapshot",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=None,
        metavar="SECONDS",
        help="when another run is using the same warehouse, wait this long for it, then exit with code 3 "
        "(default: $NEWSETL_RUN_WAIT or 600; 0 refuses at once)",
    )
    p.add_argument(
        "--processes",
        action="store_true",
        help="run every step in a process of its own, one at a time (Dagster's multiprocess executor): "
        "slower to start, but memory is bounded by the largest step; for large corpora "
        "(the same as NEWSETL_EXECUTOR=multiprocess)",
    )

    for name, func, help_text, example in (
        ("snapshots", cmd_snapshots, "List published snapshots, oldest first.", "newsetl snapshots"),
        ("diff", cmd_diff, "Documents added, removed or changed, and tag changes, between two snapshots.",
         "newsetl diff 20260101T0000 latest   (unique prefixes, latest, previous; no ids: previous latest)"),
        ("show", cmd_show, "One document of the current snapshot: text, metadata, tags and cleaning edits.",
         "newsetl show 1a2b3c4d5e6f7a8b"),
        ("sql", cmd_sql, "Run a read-only SQL query against the current warehouse and print the result.",
         'newsetl sql "SELECT language, count(*) FROM documents GROUP BY 1"'),
    ):  # fmt: skip
        p = add(name, func, help_text, example)
        p.add_argument(
            "--warehouse",
            type=Path,
            help="warehouse file (default: $NEWSETL_WAREHOUSE or warehouse/news.duckdb)",
        )
        p.add_argument("--full", action="store_true", help="wrap long values instead of cutting them short")
        if name == "diff":
            p.add_argument("old", nargs="?", default="previous",
                           help="the earlier snapshot: an id, a unique prefix of one, latest or previous "
                           "(default: previous)")  # fmt: skip
            p.add_argument("new", nargs="?", default="latest",
                           help="the later snapshot, the same way (default: latest)")  # fmt: skip
        elif name == "show":
            p.add_argument("doc_id")
        elif name == "sql":
            p.add_argument("query")
            p.add_argument("--markdown", action="store_true", help="print the result as a Markdown table")

    p = add("clean", cmd_clean, "Clean one raw file and print the result (no warehouse involved).",
            "newsetl clean raw/004_ce80a095a2018a15.txt --edits")  # fmt: skip
    p.add_argument("path", help="a raw file (.txt, .json, .jsonl) or - for standard input")
    p.add_argument("--edits", action="store_true", help="also list every edit the cleaner made")

    p = add("sentences", cmd_sentences, "Clean one raw file and print one sentence per line.",
            "newsetl sentences raw/000_24727959cc5582db.txt")  # fmt: skip
    p.add_argument("path", help="a raw file or - for standard input")

    p = add("rebuild", cmd_rebuild,
            "Restore the warehouse file and the whole snapshot log from the snapshots on disk (when the file is "
            "missing, truncated or damaged); atomic, and waits for a publish in progress.",
            "newsetl rebuild --warehouse warehouse/news.duckdb")  # fmt: skip
    p.add_argument(
        "--warehouse", type=Path, help="warehouse file (default: $NEWSETL_WAREHOUSE or warehouse/news.duckdb)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `newsetl show … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (_UsageError, WarehouseDamaged) as error:
        print(f"newsetl: {error}", file=sys.stderr)
        return EXIT_USAGE
