"""Where a batch's releases are and where their results go: listing the input folder, naming
the outputs, and refusing folders that would overwrite or hide releases."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from ..errors import InputError, OutputError
from ..ingest import HTML_SUFFIXES, TEXT_SUFFIXES
from .report import REPORT_NAME

SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES


def check_output(out_dir: Path) -> None:
    """Create `out_dir` and prove it is writable, or raise a clear `OutputError`."""
    hint = "choose a folder you can write to with -o/--output"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir}: {exc.strerror or exc}", hint=hint) from None
    if not out_dir.is_dir():
        raise OutputError(f"the output path {out_dir} is not a folder", hint=hint)
    try:
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder {out_dir}: {exc.strerror or exc}", hint=hint) from None


@dataclass(frozen=True, slots=True)
class Listing:
    """Release files to read, and report rows (path, status, reason) for what cannot be read:
    folders that cannot be listed, pipes and devices, links that leave the input folder."""

    releases: list[Path]
    rows: list[tuple[Path, str, str]]


def scan_releases(input_dir: Path, out_dir: Path | None = None, glob: str | None = None,
                  follow_links: bool = False) -> Listing:
    """Release files under `input_dir`, sorted, relative to it.

    Hidden files and folders and anything inside `out_dir` (when it lies inside `input_dir`)
    are left out. `glob` is matched against the path relative to `input_dir` in `/` form,
    where `*` also crosses folders: `*.html`, `2024/*`, `*/pressemitteilungen/*.txt`.
    Only regular files are read: a pipe would block the run and a device never ends. A link
    to a file outside `input_dir` is not followed unless `follow_links`, so a link to
    `/etc/passwd` does not end up in the output.
    """
    if not input_dir.exists():
        raise InputError(f"{input_dir}: no such folder")
    if not input_dir.is_dir():
        raise InputError(f"{input_dir} is not a folder", hint="use `summariser summarise` for one file")
    skip = out_dir.resolve() if out_dir is not None else None
    root = input_dir.resolve()
    found: list[Path] = []
    rows: list[tuple[Path, str, str]] = []

    def unreadable(exc: OSError) -> None:
        relative = Path(exc.filename).relative_to(input_dir) if exc.filename else Path(".")
        rows.append((relative, "failed", f"folder cannot be read: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(input_dir, onerror=unreadable):
        # Hidden folders (.git, .summariser) and the output folder are not descended into.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and Path(folder, d).resolve() != skip)
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            relative = Path(folder, name).relative_to(input_dir)
            if glob and not fnmatchcase(relative.as_posix(), glob):
                continue
            problem = _not_readable_release(Path(folder, name), root, follow_links)
            if problem:
                rows.append((relative, "skipped", problem))
            else:
                found.append(relative)
    return Listing(sorted(found, key=lambda p: p.as_posix()), sorted(rows, key=lambda r: r[0].as_posix()))


def _not_readable_release(path: Path, root: Path, follow_links: bool) -> str | None:
    """Why `path` is not read as a release, or None."""
    try:
        if path.is_symlink() and not follow_links:
            target = path.resolve()
            if not target.is_relative_to(root):
                return "a link to a file outside the input folder; use --follow-links to read it"
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken link"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"
        return f"{kind}, not a regular file"
    return None


def check_overlap(input_dir: Path, out_dir: Path, releases: list[Path]) -> None:
    """Refuse an output folder whose results would land on releases, or hide some of them.

    `-o` the input folder itself would overwrite each `NAME.md` release with its own summary;
    an output folder inside the input folder that already holds releases of its own would
    silently leave them out (the output folder is never read as input).
    """
    hint = "choose an output folder outside the input folder with -o/--output"
    source, target = input_dir.resolve(), out_dir.resolve()
    if source == target:
        raise InputError(f"the output folder {out_dir} is the input folder: results would overwrite releases", hint=hint)
    if target.is_relative_to(source) and target.is_dir() and not _made_by_us(target):
        hidden = scan_releases(target).releases
        if hidden:
            raise InputError(
                f"the output folder {out_dir} lies inside the input folder and holds {len(hidden)} "
                f"release(s) of its own (such as {hidden[0].as_posix()}), which would be left out",
                hint=hint,
            )
    inputs = {(source / rel).resolve() for rel in releases}
    for rel, stem in output_stems(releases).items():
        for suffix in (".md", ".json"):
            out = (target / stem.parent / (stem.name + suffix)).resolve()
            if out in inputs:
                raise InputError(f"the result {out} of {rel.as_posix()} would overwrite a release", hint=hint)


def _made_by_us(folder: Path) -> bool:
    return (folder / REPORT_NAME).is_file()  # written by every run, before and after each group


def output_stems(releases: list[Path]) -> dict[Path, Path]:
    """`sub/name.txt` -> `sub/name` (then `.md` and `.json` are added).

    Where two releases in one folder share a name (`a.txt`, `a.html`) both keep their suffix
    (`a.txt.json`, `a.html.json`), and a top-level release named `report` never takes the
    run report's place. Names that would still meet (`b.txt` beside `b.html` and `b.txt.txt`;
    or names differing only in case, one file on some file systems) get `~2`, `~3`, ...
    """
    by_stem: dict[Path, list[Path]] = {}
    for rel in releases:
        by_stem.setdefault(rel.parent / rel.stem, []).append(rel)
    stems = {}
    for stem, rels in by_stem.items():
        clash = len(rels) > 1 or stem == Path(Path(REPORT_NAME).stem)
        for rel in rels:
            stems[rel] = rel.parent / rel.name if clash else stem
    taken: set[str] = {Path(REPORT_NAME).stem}
    unique: dict[Path, Path] = {}
    for rel in sorted(stems, key=lambda p: p.as_posix()):
        base = stem = stems[rel]
        number = 1
        while stem.as_posix().casefold() in taken:
            number += 1
            stem = base.with_name(f"{base.name}~{number}")
        taken.add(stem.as_posix().casefold())
        unique[rel] = stem
    return unique
