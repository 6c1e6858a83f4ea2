"""The raw landing folder as data: a manifest of (path, content hash), and a content-addressed copy of every byte.

The manifest's hash is the data version of `raw/`: it changes exactly when a file is added, changed or removed,
so Dagster can mark everything downstream stale, and a snapshot records which raw bytes it was built from.
Raw bytes are copied into a content-addressed store so any snapshot can be rebuilt after `raw/` has moved on.

Every path under `raw/` gets one manifest row, whatever it is: only regular files are opened (a FIFO or a device
would block or never end), a folder that cannot be listed is a row of its own, a file over the size limit is
hashed but not read into memory, and a name that is not valid UTF-8 is given a readable one (`readable_name`)
while the file is still read by its real bytes.
"""

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polars as pl

from pipeline.core.constants import QuarantineReason
from pipeline.core.limits import FILE_VARIABLE, Limits, limits_from_env, over_limit_detail

MANIFEST_SCHEMA = {
    "source_path": pl.String,
    "sha256": pl.String,  # null when the path was not read (see skip_reason)
    "size_bytes": pl.Int64,
    "skip_reason": pl.String,
    "skip_detail": pl.String,
    "disk_path": pl.String,  # the path's own bytes, escaped, when they are not valid UTF-8
}
_HASH_CHUNK = 1 << 20
#: Opening never waits (a FIFO without a writer would block forever) and never follows a link swapped in
#: after the listing; the descriptor is then checked to be a regular file before a byte is read.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class SkippedPath:
    """A path under `raw/` that is not read at all (and why) — reported, never silently dropped."""

    source_path: str
    reason: QuarantineReason
    detail: str


@dataclass(frozen=True)
class RawFile:
    """A regular file under `raw/`: its readable ``source_path`` and the ``path`` its bytes are read from."""

    source_path: str
    path: Path
    disk_path: str | None  # escaped real path when ``source_path`` had to be made readable, else None


class NotRegularFileError(OSError):
    """The path is a FIFO, socket or device (or became one after it was listed)."""


# --- names that are not valid UTF-8 ----------------------------------------------------------------------------


def _korean_or_cjk(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or _cjk(char)


def _japanese_or_cjk(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff" or _cjk(char)


def _cjk(char: str) -> bool:
    # Ideographs, CJK punctuation and full-width ASCII; not half-width katakana, which is what EUC-KR bytes read
    # as Shift_JIS look like.
    return "\u4e00" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff5e"


#: Legacy encodings a Korea/Japan scrape's file names are written in, and the characters a real name in each
#: is made of. Tried in order; strict codecs, so a wrong one usually fails outright rather than reads as noise.
_NAME_ENCODINGS = (("euc_kr", "EUC-KR", _korean_or_cjk), ("shift_jis", "Shift_JIS", _japanese_or_cjk))


def escape_name(raw: bytes) -> str:
    r"""A name's bytes as valid UTF-8 text: undecodable bytes as ``\xNN``, a backslash doubled (so it reverses).

    >>> escape_name(b"caf\xe9\\x.txt")
    'caf\\xe9\\\\x.txt'
    """
    return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def unescape_name(escaped: str) -> bytes:
    """The bytes ``escape_name`` was given."""
    out = bytearray()
    text = escaped.encode("utf-8")
    i = 0
    while i < len(text):
        if text[i : i + 2] == b"\\\\":
            out.append(0x5C)
            i += 2
        elif text[i : i + 2] == b"\\x":
            out.append(int(text[i + 2 : i + 4], 16))
            i += 4
        else:
            out.append(text[i])
            i += 1
    return bytes(out)


def readable_name(name: str) -> tuple[str, str | None]:
    """A valid UTF-8 name for a name as the OS lists it (undecodable bytes as surrogate escapes), and how it was
    made: ``None`` for a name that is valid already, the legacy encoding it reads as (EUC-KR, Shift_JIS), or
    ``"escaped"`` (``escape_name``) when it reads as neither."""
    try:
        name.encode("utf-8")
        return name, None
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    for codec, label, plausible in _NAME_ENCODINGS:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if text.encode(codec) == raw and all((c.isascii() and c.isprintable()) or plausible(c) for c in text):
            return text, label
    return escape_name(raw), "escaped"


def _readable_names(names: Iterable[str]) -> dict[str, str]:
    """Readable names for the entries of one folder, never two alike: a name that is valid UTF-8 keeps its own,
    and a made-up one that would repeat another falls back to the escaped form, then to a numbered one."""
    names = sorted(names)
    taken = {n for n in names if readable_name(n)[1] is None}
    result = {n: n for n in taken}
    for name in (n for n in names if n not in result):
        readable, _ = readable_name(name)
        escaped = escape_name(os.fsencode(name))
        candidates = [readable, escaped, *(f"{escaped}~{k}" for k in range(2, len(names) + 3))]
        result[name] = next(c for c in candidates if c not in taken)
        taken.add(result[name])
    return result


# --- listing ---------------------------------------------------------------------------------------------------


def _is_hidden(relative: PurePosixPath) -> bool:
    # Editors and sync tools drop dot-files (".DS_Store", ".~lock") into landing folders; they are not scrapes.
    return any(part.startswith(".") for part in relative.parts)


def _kind_of(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((kind for test, kind in kinds if test(mode)), f"not a regular file (mode {oct(mode)})")


def list_raw(raw_dir: Path) -> tuple[list[RawFile], list[SkippedPath]]:
    """Every regular file under ``raw_dir`` (nothing is opened), and every other path with why it is not read.

    Symlinks are never followed (a link could point anywhere on the machine); FIFOs, sockets and devices are not
    files; a folder that cannot be listed is reported instead of silently missing. Dot-files are ignored.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    files: list[RawFile] = []
    skipped: list[SkippedPath] = []
    # (real folder, its readable path relative to raw_dir, whether any part of that path was renamed)
    pending: list[tuple[str, PurePosixPath, bool]] = [(os.fspath(raw_dir), PurePosixPath(), False)]
    while pending:
        folder, relative, renamed = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            if not relative.parts:
                raise OSError(f"raw folder cannot be listed: {raw_dir}: {error.strerror or error}") from error
            detail = f"the folder cannot be listed: {error.strerror or error}"
            skipped.append(SkippedPath(relative.as_posix(), QuarantineReason.UNREADABLE, detail))
            continue
        readable = _readable_names(entry.name for entry in entries)
        for entry in entries:
            path = relative / readable[entry.name]
            renamed_here = renamed or readable[entry.name] != entry.name
            if _is_hidden(path) or path == PurePosixPath("README.md"):
                continue
            skip = _skip_of(entry)
            if skip is not None:
                skipped.append(SkippedPath(path.as_posix(), *skip))
            elif entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, path, renamed_here))
            else:
                disk = (
                    escape_name(os.fsencode(os.path.relpath(entry.path, raw_dir))) if renamed_here else None
                )
                files.append(RawFile(path.as_posix(), Path(entry.path), disk))
    return sorted(files, key=lambda f: f.source_path), skipped


def _skip_of(entry: os.DirEntry) -> tuple[QuarantineReason, str] | None:
    """Why ``entry`` is not read (a link, a FIFO, a socket, a device, a vanished path), or None."""
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        return QuarantineReason.UNREADABLE, str(error.strerror or error)
    if stat.S_ISLNK(mode):
        return QuarantineReason.SYMLINK, "symbolic links are not followed"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return QuarantineReason.NOT_REGULAR, f"{_kind_of(mode)}, not a regular file: never opened"


# --- reading ---------------------------------------------------------------------------------------------------


def open_regular(path: Path | str):
    """``path`` opened for binary reading, only if it is a regular file (it is checked after opening, so a file
    replaced by a FIFO after it was listed is refused too, not waited on)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(f"{_kind_of(mode)}, not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def sha256_file(path: Path) -> str:
    with open_regular(path) as handle:
        return _digest(handle, keep_up_to=0)[0]


def _digest(handle, keep_up_to: int) -> tuple[str, int, bytes | None]:
    """SHA-256 and size of what ``handle`` reads, and the bytes themselves when there are at most
    ``keep_up_to`` of them (a larger file is hashed a chunk at a time, never held)."""
    digest = hashlib.sha256()
    chunks: list[bytes] | None = []
    size = 0
    while chunk := handle.read(_HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if chunks is not None and size <= keep_up_to:
            chunks.append(chunk)
        else:
            chunks = None
    return digest.hexdigest(), size, None if chunks is None else b"".join(chunks)


def build_manifest(
    raw_dir: Path, store_dir: Path | None = None, limits: Limits | None = None
) -> pl.DataFrame:
    """One row per path under ``raw_dir``: the SHA-256 and size of every regular file, or why a path was not
    read (``skip_reason``). With ``store_dir``, every file within the size limit is kept there under its hash.

    The hash is of the bytes this pass actually read (a file rewritten during the run is described by what was
    processed). A file over ``limits.max_file_bytes`` is hashed and listed with ``file_too_large``, never held.
    """
    limits = limits or limits_from_env()
    files, skipped = list_raw(raw_dir)
    rows: list[tuple] = [(s.source_path, None, None, str(s.reason), s.detail, None) for s in skipped]
    keep_up_to = limits.max_file_bytes if store_dir is not None else 0
    for raw_file in files:
        try:
            with open_regular(raw_file.path) as handle:
                sha256, size, data = _digest(handle, keep_up_to)
        except NotRegularFileError as error:
            rows.append(
                (raw_file.source_path, None, None, str(QuarantineReason.NOT_REGULAR), str(error),
                 raw_file.disk_path)
            )  # fmt: skip
            continue
        except OSError as error:
            rows.append(
                (raw_file.source_path, None, None, str(QuarantineReason.UNREADABLE),
                 str(error.strerror or error), raw_file.disk_path)
            )  # fmt: skip
            continue
        reason = detail = None
        if size > limits.max_file_bytes:
            reason = str(QuarantineReason.FILE_TOO_LARGE)
            detail = over_limit_detail("the file", size, limits.max_file_bytes, FILE_VARIABLE) + ": not read"
        elif store_dir is not None and data is not None:
            store_bytes(store_dir, sha256, data)
        rows.append((raw_file.source_path, sha256, size, reason, detail, raw_file.disk_path))
    return pl.DataFrame(rows, schema=MANIFEST_SCHEMA, orient="row").sort("source_path")


def describe_raw(raw_dir: Path, limits: Limits | None = None) -> pl.DataFrame:
    """The manifest of ``raw_dir`` as it is now, without copying anything: what observation hashes."""
    return build_manifest(raw_dir, None, limits)


def raw_version(raw_dir: Path) -> str:
    """The data version of ``raw_dir`` as it is now: the hash of its manifest (every file is read once)."""
    return manifest_sha256(describe_raw(raw_dir))


def manifest_sha256(manifest: pl.DataFrame) -> str:
    """The data version of a raw folder: a hash over its sorted (path, content hash) pairs."""
    digest = hashlib.sha256()
    columns = [c for c in ("source_path", "sha256", "skip_reason") if c in manifest.columns]
    for values in manifest.sort("source_path").select(columns).iter_rows():
        digest.update(("\0".join(str(v) for v in values) + "\n").encode())
    return digest.hexdigest()


def store_path(store_dir: Path, sha256: str) -> Path:
    return Path(store_dir) / sha256[:2] / sha256


def store_bytes(store_dir: Path, sha256: str, data: bytes) -> Path:
    """Keep ``data`` under its hash; written to a temporary name first so a crash never leaves half a blob."""
    target = store_path(store_dir, sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{sha256}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target
