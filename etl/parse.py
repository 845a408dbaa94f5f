"""Cell parsers, as SQL that DuckDB runs once per distinct value of a column.

A million-row column usually holds a few hundred distinct texts, so each check runs on those,
and only the values that fail are looked up again to find every line they are on. Periods
are parsed in Python (few distinct values; the rules live in ``atlas.periods``), numbers and
text in SQL (any number of distinct values).

Each check is ``(message, hint, predicate)``; the predicate is SQL over ``t``, the cell with
surrounding white space removed (NULL when empty). The first check that holds is the
problem reported for a value, in the order listed, as the loader has always reported them.

The ``check_text``/``parse_numbers``/… functions at the end run the same SQL over a pandas
Series indexed by line; the tests use them to exercise the parsers one cell at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from atlas.periods import partial_date
from etl.errors import EtlError

MAX_CELL_CHARS = 2_000  # longer cells are almost always a paste accident, not data

# What Python's str.strip() removes (str.isspace): the loader has always trimmed these.
WHITESPACE = (
    " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
WHITESPACE_SQL = WHITESPACE.replace("'", "''")

# Greek files (';'-delimited) write 1.234.567,5; international files write 1234567.5.
# [0-9], not \d: full-width or Arabic-Indic digits must not pass as numbers.
INTL_NUMBER = r"[+-]?([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
GREEK_NUMBER = r"[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?"
# In a ','-file '1.500' is 1.5 to a computer and 1500 to a Greek reader.
DOT_GROUPS = r"[+-]?[0-9]{1,3}(\.[0-9]{3})+"
MANY_DOT_GROUPS = r"[+-]?[0-9]{1,3}(\.[0-9]{3}){2,}(,[0-9]+)?"  # 1.234.567: never a decimal
PERCENT_SUFFIX = r"\s*%"
# Day first, as Greeks write dates: 17/3/2024, 31.03.2024; a month: 3/2024.
_GREEK_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", re.ASCII)
_GREEK_MONTH = re.compile(r"^(\d{1,2})[/.](\d{4})$", re.ASCII)
DATE_FORMATS = "YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD or D/M/YYYY"

QUALIFIERS = {
    "": "=",
    "=": "=",
    "<": "<",
    "<=": "<=",
    "≤": "<=",
    ">": ">",
    ">=": ">=",
    "≥": ">=",
    "~": "~",
    "≈": "~",
    "about": "~",
    "range": "range",
}
TRUTHY = ("true", "yes", "1", "ναι")
FALSY = ("false", "no", "0", "όχι", "οχι")


@dataclass(frozen=True)
class Check:
    message: str
    hint: str | None
    predicate: str  # SQL over t (trimmed text, NULL when empty)


def sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def clean(expr: str) -> str:
    """The cell as the checks see it: no surrounding white space; '' becomes NULL."""
    return f"nullif(trim({expr}, '{WHITESPACE_SQL}'), '')"


def text_checks(*, required: bool) -> list[Check]:
    checks = [Check("a value is required here", None, "t is null")] if required else []
    return checks + [
        Check(
            f"cell longer than {MAX_CELL_CHARS:,} characters",
            None,
            f"length(t) > {MAX_CELL_CHARS}",
        ),
        Check(
            "text starts like a spreadsheet formula (=, +, -, @)",
            "Remove the leading character or write the text without it",
            r"regexp_matches(t, '^[=+@]|^-[^0-9.\s]')",
        ),
        Check(
            "text contains HTML markup", "Plain text only", r"regexp_matches(t, '<\s*[/!a-zA-Z]')"
        ),
    ]


def url_check() -> Check:
    return Check(
        "not a web address",
        "Start addresses with http:// or https://",
        r"not list_bool_and(list_transform(string_split_regex(t, '\s+;\s+'), "
        r"lambda x: x = '' or regexp_full_match(x, 'https?://\S+')))",
    )


def enum_check(allowed: list[str]) -> Check:
    values = ", ".join(sql_str(a) for a in allowed)
    return Check(
        "unexpected value", "Use one of: " + ", ".join(allowed), f"lower(t) not in ({values})"
    )


def id_check() -> Check:
    return Check(
        "identifier may only contain letters, digits, '_', '.' and '-'",
        None,
        r"not regexp_full_match(t, '[A-Za-z0-9][A-Za-z0-9_.\-]*')",
    )


def _number_body(t: str, percent_ok: bool, nbsp: bool = True) -> str:
    body = f"replace({t}, chr(160), '')" if nbsp else t
    return f"regexp_replace({body}, '{PERCENT_SUFFIX}$', '')" if percent_ok else body


def number_value(t: str, *, greek: bool, percent_ok: bool = False, nbsp: bool = True) -> str:
    """SQL turning the trimmed text ``t`` into a DOUBLE (after the checks passed);
    ``nbsp``/``percent_ok`` False leave out steps no value of the column needs."""
    body = _number_body(t, percent_ok, nbsp)
    if greek:
        body = f"replace(replace({body}, '.', ''), ',', '.')"
    return f"try_cast({body} as double)"


def number_checks(
    *,
    greek: bool,
    required: bool,
    non_negative: bool,
    count: bool = False,
    percent_ok: bool = False,
) -> list[Check]:
    pattern = GREEK_NUMBER if greek else INTL_NUMBER
    if percent_ok:
        pattern = f"({pattern})({PERCENT_SUFFIX})?"
    body = _number_body("t", False)
    value = number_value("t", greek=greek, percent_ok=percent_ok)
    hint = (
        "Greek format expected in this ';'-separated file: 1.234,5"
        if greek
        else "Write numbers like 1234.5 (no thousands separators)"
    )
    checks = [Check("a number is required here", None, "t is null")] if required else []
    checks += [
        Check("not a number", hint, f"not regexp_full_match({body}, '{pattern}')"),
        Check("not a number", None, f"t is not null and ({value} is null or isnan({value}))"),
    ]
    if count and not greek:
        checks.append(
            Check(
                "ambiguous number: '.' followed by three digits is a thousands separator "
                "to a Greek reader (1.500 = 1500) and a decimal point to a computer (1.5)",
                "Write the count without a separator (1500), or save the file with ';' "
                "separators and Greek numbers, as Greek Excel does",
                f"regexp_full_match({body}, '{DOT_GROUPS}')",
            )
        )
    checks.append(Check("number is not finite", None, f"isinf({value})"))
    if non_negative:
        checks.append(Check("must not be negative", None, f"{value} < 0"))
    if count:
        checks.append(
            Check(
                "a count must be a whole number",
                "Counts of persons, places, sites or applications have no fractional part",
                f"{value} <> floor({value})",
            )
        )
    return checks


def qualifier_check() -> Check:
    keys = ", ".join(sql_str(k) for k in QUALIFIERS)
    return Check(
        "unknown qualifier",
        "Use one of: (empty), =, <, <=, >, >=, ~, range",
        f"coalesce(t, '') not in ({keys})",
    )


def qualifier_value(t: str) -> str:
    whens = " ".join(f"when {sql_str(k)} then {sql_str(v)}" for k, v in QUALIFIERS.items())
    return f"case coalesce({t}, '') {whens} end"


def bool_check() -> Check:
    words = ", ".join(sql_str(w) for w in (*TRUTHY, *FALSY))
    return Check("not a yes/no value", "Use true or false", f"lower(t) not in ({words})")


def bool_value(t: str) -> str:
    truthy = ", ".join(sql_str(w) for w in TRUTHY)
    falsy = ", ".join(sql_str(w) for w in FALSY)
    return (
        f"case when lower({t}) in ({truthy}) then true when lower({t}) in ({falsy}) then false end"
    )


def case_code(checks: list[Check]) -> str:
    """SQL giving the 1-based number of the first check that holds (NULL: all pass)."""
    if not checks:
        return "null::integer"
    whens = " ".join(
        f"when coalesce({c.predicate}, false) then {i}" for i, c in enumerate(checks, 1)
    )
    return f"case {whens} end"


# --- periods ------------------------------------------------------------------------------------


def parse_period(text: str) -> tuple[str, date | None, date | None, str]:
    """(the period as stored, first day, last day, precision) of a cell, accepting the ISO
    forms and dates as Greeks write them, day first (17/3/2024, 31.03.2024, 3/2024).
    Raises ValueError with the reason."""
    m = _GREEK_DAY.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        text = f"{year:04d}-{month:02d}-{day:02d}"
        if not 1 <= month <= 12:
            raise ValueError("no such month")
    else:
        m = _GREEK_MONTH.match(text)
        if m:
            month, year = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise ValueError("no such month")
            text = f"{year:04d}-{month:02d}"
    try:
        start, end, precision, _, _ = partial_date(text)
    except ValueError as exc:
        if str(exc).startswith("not a date"):
            raise ValueError(f"not a date: use {DATE_FORMATS}") from None
        raise
    return text, start, end, precision


# --- one column at a time, for tests and small inputs ---------------------------------------


def _run_checks(series: pd.Series, checks: list[Check], ctx: dict, outputs: dict[str, str]):
    """Run ``checks`` over a Series (index = line) in DuckDB; raise the first problem as
    the loader would, else return a frame of ``outputs`` (SQL over t)."""
    frame = pd.DataFrame(
        {"line": series.index.astype("int64"), "v": series.astype(object).where(series.notna())}
    )
    frame["v"] = frame["v"].map(lambda x: None if x is None else str(x))
    con = duckdb.connect()
    try:
        con.register("cells", frame)
        code = case_code(checks)
        bad = con.execute(
            f"select line, v, code from (select line, v, {code} as code from "
            f"(select line, v, {clean('v')} as t from cells)) where code is not null "
            "order by code, line limit 1"
        ).fetchall()
        if bad:
            bad = bad[0]
            check = checks[bad[2] - 1]
            value = bad[1].strip() if isinstance(bad[1], str) else bad[1]
            raise EtlError(
                check.message,
                file=ctx.get("file"),
                line=int(bad[0]),
                column=ctx.get("column"),
                value=value,
                hint=check.hint,
            )
        select = ", ".join(f"{sql} as {name}" for name, sql in outputs.items())
        out = con.execute(
            f"select line, {select} from (select line, {clean('v')} as t from cells) order by line"
        ).df()
    finally:
        con.close()
    return out.set_index("line")


def check_text(series: pd.Series, ctx: dict, *, required: bool) -> pd.Series:
    out = _run_checks(series, text_checks(required=required), ctx, {"text": "t"})["text"]
    return out.set_axis(series.index)


def parse_numbers(
    series: pd.Series,
    ctx: dict,
    *,
    greek: bool,
    required: bool,
    non_negative: bool,
    count: bool = False,
    percent_ok: bool = False,
) -> pd.Series:
    checks = number_checks(
        greek=greek,
        required=required,
        non_negative=non_negative,
        count=count,
        percent_ok=percent_ok,
    )
    value = number_value("t", greek=greek, percent_ok=percent_ok)
    out = _run_checks(series, checks, ctx, {"value": value})["value"].astype("float64")
    return out.set_axis(series.index)


def parse_qualifiers(series: pd.Series, ctx: dict) -> pd.Series:
    out = _run_checks(series, [qualifier_check()], ctx, {"q": qualifier_value("t")})["q"]
    return out.set_axis(series.index)


def parse_bools(series: pd.Series, ctx: dict) -> pd.Series:
    out = _run_checks(series, [bool_check()], ctx, {"b": bool_value("t")})["b"]
    return out.set_axis(series.index).map(lambda v: None if pd.isna(v) else bool(v))


def parse_partial_dates(series: pd.Series, ctx: dict, *, required: bool) -> pd.DataFrame:
    """Columns ``<col>``, ``<col>_start``, ``<col>_end``, ``<col>_precision``."""
    name = ctx["column"]
    s = series.fillna("").astype(str).str.strip()
    rows = []
    for line, text in s.items():
        if not text:
            if required:
                raise EtlError("a date is required here", line=int(line), **_where(ctx))
            rows.append((None, None, None, None))
            continue
        try:
            rows.append(parse_period(text))
        except ValueError as exc:
            raise EtlError(str(exc), line=int(line), value=text, **_where(ctx)) from None
    cols = [name, f"{name}_start", f"{name}_end", f"{name}_precision"]
    return pd.DataFrame(rows, index=s.index, columns=cols)


def _where(ctx: dict) -> dict:
    return {"file": ctx.get("file"), "column": ctx.get("column")}
