"""Find a collection's files on disk, or download them once into the user cache.

Look-up order for every file (the first copy whose SHA-256 matches wins):

1. ``data_dir`` given by the caller: ``data_dir/<name>/``, then ``data_dir/`` itself;
2. ``$SCRATCH_DATA/<name>/``. Files lying directly in ``$SCRATCH_DATA`` are *not* used:
   MNIST and Fashion-MNIST share file names, so only the sub-directory says which is which;
3. ``/usr/share/datasets/<name>/`` (datasets only; Debian's ``dataset-fashion-mnist``
   installs Fashion-MNIST there);
4. the user cache, ``$SCRATCH_CACHE/<name>/`` if ``SCRATCH_CACHE`` is set, else
   ``platformdirs.user_cache_dir("scratch")/<name>/``.

A file found nowhere is downloaded with pooch into the cache, trying the mirrors in
order. pooch writes to a temporary file and renames it only once the hash matches, and a
cached file whose hash is wrong is fetched again. Setting ``SCRATCH_OFFLINE=1`` turns
downloads off. When a file cannot be had, :class:`DatasetNotFoundError` says which files
are missing, where we looked, which mirrors failed and how to provide them.
"""

from __future__ import annotations

import hashlib
import os
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scratch.datasets.sources import Collection, FileSpec, collection

SYSTEM_DATA_DIR = Path("/usr/share/datasets")
CONNECT_TIMEOUT = 5.0  # seconds; offline machines should fail fast, not hang
READ_TIMEOUT = 60.0


class DatasetNotFoundError(FileNotFoundError):
    """Files that are neither on disk nor downloadable; the message says how to fix it."""

    def __init__(
        self, message: str, missing: list[str], searched: list[Path], how_to_get: str = ""
    ) -> None:
        super().__init__(message)
        self.missing = missing
        self.searched = searched
        self.how_to_get = how_to_get  # the remedy in one line, e.g. for a skipped test


def cache_dir() -> Path:
    """Root of the download cache: ``$SCRATCH_CACHE`` or the platform's user cache."""
    override = os.environ.get("SCRATCH_CACHE")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("scratch"))


def offline() -> bool:
    """Whether ``SCRATCH_OFFLINE`` forbids downloads (any value but empty, 0, false, no)."""
    return os.environ.get("SCRATCH_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


def search_dirs(coll: Collection, data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Directories searched for ``coll``'s files, in order; the cache is always last."""
    dirs: list[Path] = []
    if data_dir is not None:
        dirs += [Path(data_dir) / coll.name, Path(data_dir)]
    root = os.environ.get("SCRATCH_DATA")
    if root:
        dirs.append(Path(root).expanduser() / coll.name)
    if coll.system_dir:
        dirs.append(SYSTEM_DATA_DIR / coll.name)
    dirs.append(cache_dir() / coll.name)
    return list(dict.fromkeys(dirs))  # the same directory twice would be searched twice


def sha256sum(path: Path) -> str:
    """SHA-256 of a file. Computed afresh each time (about 0.1 s for 30 MB): a remembered
    value could miss a file rewritten within the file system's timestamp resolution."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Lookup:
    """Result of searching for one file: the good copy, and copies rejected by hash."""

    spec: FileSpec
    path: Path | None = None
    rejected: list[Path] = field(default_factory=list)


def candidates(
    coll: Collection, name: str, data_dir: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Every copy of ``name`` in the search directories, in look-up order, unverified."""
    copies = [directory / name for directory in search_dirs(coll, data_dir)]
    return [path for path in copies if path.is_file()]


def locate(coll: Collection, name: str, data_dir: str | os.PathLike[str] | None = None) -> Lookup:
    """Search the directories for ``name``; never downloads."""
    found = Lookup(coll.files[name])
    for candidate in candidates(coll, name, data_dir):
        if sha256sum(candidate) == found.spec.sha256:
            found.path = candidate
            return found
        found.rejected.append(candidate)
    return found


def fetch(
    name: str,
    files: Iterable[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
) -> dict[str, Path]:
    """Paths of ``files`` of collection ``name`` (all of them by default), downloading
    whatever is missing unless ``download`` is false or ``SCRATCH_OFFLINE`` is set."""
    coll = collection(name)
    wanted = list(coll.files) if files is None else list(files)
    lookups = [locate(coll, f, data_dir) for f in wanted]
    for lookup in lookups:
        _warn_rejected(coll, lookup)
    missing = [lookup.spec for lookup in lookups if lookup.path is None]
    if offline():
        download = False
    failures: list[str] = []
    if missing and download:
        failures = _download_all(coll, missing, lookups)
    still_missing = [lookup for lookup in lookups if lookup.path is None]
    if still_missing:
        raise _not_found(coll, still_missing, data_dir, failures, download)
    return {lookup.spec.name: lookup.path for lookup in lookups if lookup.path is not None}


def _warn_rejected(coll: Collection, lookup: Lookup) -> None:
    # A wrong file in the cache is simply replaced; elsewhere it is the user's, so say so.
    cache = cache_dir() / coll.name
    for path in lookup.rejected:
        if path.parent != cache:
            warnings.warn(
                f"ignoring {path}: its SHA-256 is not that of {coll.title} {lookup.spec.name}",
                UserWarning,
                stacklevel=3,
            )


def _download_all(coll: Collection, missing: list[FileSpec], lookups: list[Lookup]) -> list[str]:
    """Download each missing file into the cache; return what went wrong, per mirror."""
    unreachable: set[str] = set()  # mirrors that refused a connection: skip for the rest
    failures: list[str] = []
    by_name = {lookup.spec.name: lookup for lookup in lookups}
    for spec in missing:
        for mirror in coll.mirrors:
            if mirror in unreachable:
                continue
            path, error = _download(coll, spec, mirror)
            if error is None:
                by_name[spec.name].path = path
                break
            failures.append(f"{mirror}{spec.remote_path}: {_reason(error)}")
            if _is_unreachable(error):
                unreachable.add(mirror)
    return failures


def _is_unreachable(error: Exception) -> bool:
    import requests

    return isinstance(error, requests.ConnectionError | requests.Timeout)


def _download(
    coll: Collection, spec: FileSpec, mirror: str
) -> tuple[Path | None, Exception | None]:
    import pooch

    downloader = pooch.HTTPDownloader(
        progressbar=sys.stderr.isatty(), timeout=(CONNECT_TIMEOUT, READ_TIMEOUT)
    )
    try:
        path = pooch.retrieve(
            mirror + spec.remote_path,
            known_hash=f"sha256:{spec.sha256}",
            fname=spec.name,
            path=cache_dir() / coll.name,
            downloader=downloader,
        )
    except Exception as exc:  # network, HTTP status, hash mismatch, disk: try the next mirror
        return None, exc
    return Path(path), None


def _reason(exc: Exception) -> str:
    if _is_unreachable(exc):
        # requests wraps urllib3's error; its innermost reason is the informative part.
        inner = getattr(exc.args[0], "reason", None) if exc.args else None
        cause = type(inner).__name__ if isinstance(inner, Exception) else type(exc).__name__
        return f"cannot connect ({cause})"
    text = " ".join(str(exc).split())
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _not_found(
    coll: Collection,
    missing: list[Lookup],
    data_dir: str | os.PathLike[str] | None,
    failures: list[str],
    downloaded: bool,
) -> DatasetNotFoundError:
    dirs = search_dirs(coll, data_dir)
    lines = [f"{coll.title}: missing {', '.join(lookup.spec.name for lookup in missing)}"]
    lines.append("Looked in (in order):")
    lines += [f"  {d}{'' if d.is_dir() else '  (does not exist)'}" for d in dirs]
    for lookup in missing:
        lines += [f"  ignored {p}: wrong SHA-256" for p in lookup.rejected]
    if downloaded:
        lines.append("Download failed:")
        lines += [f"  {failure}" for failure in failures]
    else:
        lines.append("Downloads are off (download=False or SCRATCH_OFFLINE is set).")
    lines += [
        "To provide the files, do one of:",
        f"  - with internet access, run `scratch data fetch {coll.name}`: it downloads them into "
        f"{cache_dir() / coll.name} (copy that directory to a machine without internet);",
    ]
    if coll.debian_package:
        lines.append(f"  - on Debian/Ubuntu, `apt-get install {coll.debian_package}`;")
    lines += [
        f"  - put them in <dir>/{coll.name}/ and set SCRATCH_DATA=<dir>;",
        "  - pass data_dir=<directory holding them> to the loader.",
    ]
    names = [lookup.spec.name for lookup in missing]
    return DatasetNotFoundError("\n".join(lines), names, dirs, coll.how_to_get())
