"""The header row checked against the table's spec (misplaced, missing or unknown
columns)."""

from __future__ import annotations

from pathlib import Path

from etl.errors import EtlError
from etl.readers.formats import normalise_header
from etl.schema import FileSpec


def _looks_like_header(cells: list[str], spec: FileSpec) -> bool:
    names = {normalise_header(c) for c in cells}
    return len(names & set(spec.column_names)) >= min(2, len(spec.column_names))


def check_header(path: Path, rows: list[list[str]], spec: FileSpec) -> list[str]:
    """Normalised header names (trailing empty ones dropped); refuses a title row above
    the header, repeated, unknown and missing columns."""
    header = list(rows[0]) if rows else []
    if not _looks_like_header(header, spec):
        for i, row in enumerate(rows[1:], start=2):
            if _looks_like_header(row, spec):
                shown = " ".join(str(c).strip() for c in header if str(c).strip())
                raise EtlError(
                    f"the first row must be the header, but here it is a title (the header "
                    f"is on line {i})",
                    file=path,
                    line=1,
                    value=shown,
                    hint=f"Delete the {i - 1} row(s) above the header",
                )
    names = [normalise_header(c) for c in header]
    while names and names[-1] == "":
        names.pop()
    repeated = [c for i, c in enumerate(names) if c and c in names[:i]]
    if repeated:
        raise EtlError(
            f"column '{repeated[0]}' appears twice in the header",
            file=path,
            line=1,
            column=repeated[0],
        )
    hint = f"{spec.name} files have the columns: {', '.join(spec.column_names)}"
    if spec.renamed:
        _check_template_header(path, names, spec)
    nameless = [i for i, name in enumerate(names, start=1) if name == ""]
    unknown = [c for c in names if c and c not in spec.column_names]
    missing = [c for c in spec.required_columns if c not in names]
    if nameless:
        raise EtlError(
            f"column {nameless[0]} has no name in the header", file=path, line=1, hint=hint
        )
    for wrong, message in (
        (unknown, "unknown column '{}'"),
        (missing, "required column '{}' is missing"),
    ):
        if wrong:
            raise EtlError(message.format(wrong[0]), file=path, line=1, column=wrong[0], hint=hint)
    return names


def _check_template_header(path: Path, names: list[str], spec: FileSpec) -> None:
    """A file from an older template (or another 3W sheet): every renamed and missing column
    in one message."""
    renamed = dict(spec.renamed)
    moved = [(c, renamed[c]) for c in names if c in renamed and renamed[c] not in names]
    unknown = [c for c in names if c and c not in spec.column_names and c not in renamed]
    given = set(names) | {new for _, new in moved}
    missing = [c for c in spec.column_names if c not in given]
    if not (moved or unknown or missing):
        return
    parts = []
    if moved:
        parts.append("renamed: " + ", ".join(f"'{old}' is now '{new}'" for old, new in moved))
    if missing:
        parts.append("missing: " + ", ".join(f"'{c}'" for c in missing))
    if unknown:
        parts.append("not in the template: " + ", ".join(f"'{c}'" for c in unknown))
    raise EtlError(
        "the columns are not those of the current template (an older version?): "
        + "; ".join(parts),
        file=path,
        line=1,
        column=(moved[0][0] if moved else (missing or unknown)[0]),
        hint="Download the current template from the Activities page and copy the rows into it",
    )
