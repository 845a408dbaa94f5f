"""Which file is which table: the bundled files, the Directorate's folders, the
names and formats the loader accepts or refuses with a hint."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from etl.errors import EtlError
from etl.schema import SPECS, FileSpec

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
# Letters (Latin or Greek: offices name files in Greek), digits, space and ._()- only.
_SAFE_NAME = re.compile(
    r"^[A-Za-z0-9\u0370-\u03ff\u1f00-\u1fff][A-Za-z0-9\u0370-\u03ff\u1f00-\u1fff ._()-]{0,120}$"
)
OFFICE_LOCK_PREFIX = "~$"  # Excel/Word write ~$name.xlsx next to a workbook while it is open
# READMEs, and the files Windows and macOS leave in folders (thumbnail caches, folder settings)
IGNORED_NAMES = re.compile(
    r"^((readme|license|licence)(\..*)?|thumbs\.db|ehthumbs(_vista)?\.db|desktop\.ini)$",
    re.IGNORECASE,
)
OTHER_FORMATS = {
    ".xls": "an old Excel file (.xls)",
    ".xlsm": "an Excel workbook with macros (.xlsm)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "an Apple Numbers file",
}


# Extra recognisers (e.g. Eurostat SDMX-CSV) register here: (predicate, loader).
Recogniser = tuple[Callable[[Path], bool], Callable[[Path], pd.DataFrame]]
RECOGNISERS: list[Recogniser] = []


def spec_for_file(path: Path) -> FileSpec | None:
    stem = path.stem.lower()
    for spec in sorted(SPECS, key=lambda s: -len(s.name)):
        if stem == spec.name or re.match(rf"^{re.escape(spec.name)}[_\- .]", stem):
            return spec
    return None


def discover(raw_dir: Path, input_dirs: Iterable[Path] = ()) -> dict[str, list[Path]]:
    """Map each spec name to its files: bundled first, then the Directorate's folders."""
    found: dict[str, list[Path]] = {s.name: [] for s in SPECS}
    for spec in SPECS:
        for suffix in SUPPORTED_SUFFIXES:
            candidate = raw_dir / f"{spec.name}{suffix}"
            if candidate.is_file():
                found[spec.name].append(candidate)
        if spec.bundled_required and not found[spec.name]:
            raise EtlError(f"the bundled data has no {spec.name}.csv", file=raw_dir)
    for folder in input_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise EtlError("input folder not found", file=folder)
        for path in sorted(folder.iterdir()):
            name = path.name
            suspicious = ".." in name or "\\" in name
            if not suspicious and (
                name.startswith((".", OFFICE_LOCK_PREFIX))
                or IGNORED_NAMES.match(name)
                or path.is_dir()
            ):
                continue  # hidden and system files, Excel's lock file, READMEs
            if suspicious or not _SAFE_NAME.match(name):
                raise EtlError(
                    "unsupported characters in the file name",
                    file=path,
                    value=name,
                    hint="Use letters (Latin or Greek), digits, '_', '-' and '.'",
                )
            if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
                raise EtlError(
                    "the file is a link to a place outside the input folder",
                    file=path,
                    hint="Copy the file into the folder instead",
                )
            suffix = path.suffix.lower()
            if suffix in OTHER_FORMATS:
                raise EtlError(
                    f"this is {OTHER_FORMATS[suffix]}, which the atlas does not read",
                    file=path,
                    hint="Open it in Excel and 'Save As' Excel Workbook (.xlsx) or CSV UTF-8",
                )
            spec = spec_for_file(path)
            if spec is None or suffix not in SUPPORTED_SUFFIXES:
                if any(rec(path) for rec, _ in RECOGNISERS):
                    continue
                names = ", ".join(f"{s.name}.csv" for s in SPECS)
                raise EtlError(
                    "file name does not match any table",
                    file=path,
                    hint=f"Name it after its table, e.g. {names}",
                )
            found[spec.name].append(path)
    return found
