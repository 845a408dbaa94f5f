"""One translation table (Greek and English) and locale-aware formatting via Babel.

The table lives in ``atlas/locales/*.toml`` (one file per area of the app, merged into one
table; a key may be defined only once). Greek is the default language.
"""

from __future__ import annotations

import math
import re
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from atlas.config import DISCLOSURE_THRESHOLD
from atlas.periods import partial_date

LANGS = ("el", "en")
DEFAULT_LANG = "el"
LOCALES = {"el": "el_GR", "en": "en_GB"}
LOCALES_DIR = Path(__file__).parent / "locales"


class MissingTranslation(KeyError):
    pass


def _flatten(prefix: str, node: dict, out: dict[str, dict[str, str]], origin: str) -> None:
    if set(node) & set(LANGS) and all(isinstance(v, str) for v in node.values()):
        if prefix in out:
            raise ValueError(f"translation key {prefix!r} defined twice ({origin})")
        out[prefix] = node
        return
    for key, child in node.items():
        if not isinstance(child, dict):
            raise ValueError(f"{origin}: {prefix}.{key} must have el and en entries")
        _flatten(f"{prefix}.{key}" if prefix else key, child, out, origin)


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            _flatten("", tomllib.load(fh), out, path.name)
    return out


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def other_lang(lang: str | None) -> str:
    """English for a Greek reader, Greek for an English one."""
    return LANGS[1 - LANGS.index(norm_lang(lang))]


def t(key: str, lang: str, **kwargs: object) -> str:
    """Translate ``key``; ``{name}`` placeholders are filled from kwargs, and ICU-style plural
    blocks ``{n, plural, one {# δομή} other {# δομές}}`` agree with the number ``n``."""
    try:
        text = table()[key][norm_lang(lang)]
    except KeyError:
        raise MissingTranslation(key) from None
    if "plural," in text:
        text = select_plurals(text, norm_lang(lang), kwargs)
    return text.format(**kwargs) if kwargs else text


# --- plurals (ICU MessageFormat subset: {name, plural, =0 {…} one {…} other {…}}) --------------

_PLURAL_START = re.compile(r"\{\s*(\w+)\s*,\s*plural\s*,")
_BRANCH = re.compile(r"\s*(=\d+|zero|one|two|few|many|other)\s*\{")


def _closing(text: str, start: int) -> int:
    """Index of the '}' that closes the '{' at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced braces in {text!r}")


def _as_number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    digits = re.sub(r"[^\d,.\-]", "", str(value))
    # a formatted figure ('1.234' in Greek, '1,234' in English): only its size matters here
    digits = (
        digits.replace(".", "").replace(",", "") if re.search(r"[.,]\d{3}\b", digits) else digits
    )
    return float(digits.replace(",", ".") or "nan")


def plural_category(value: object, lang: str) -> str:
    """CLDR plural category of ``value`` in ``lang`` (Babel): 'one' or 'other' for el/en."""
    from babel import Locale

    number = _as_number(value)
    if math.isnan(number):
        return "other"
    return Locale.parse(LOCALES[norm_lang(lang)]).plural_form(abs(number))


def select_plurals(text: str, lang: str, values: dict) -> str:
    """Replace each plural block with the branch that agrees with its number ('#' inside a
    branch stands for the number as passed)."""
    while (m := _PLURAL_START.search(text)) is not None:
        end = _closing(text, m.start())
        name, body = m.group(1), text[m.end() : end]
        branches: dict[str, str] = {}
        pos = 0
        while (b := _BRANCH.match(body, pos)) is not None:
            close = _closing(body, b.end() - 1)
            branches[b.group(1)] = body[b.end() : close]
            pos = close + 1
        if body[pos:].strip() or "other" not in branches:
            raise ValueError(f"malformed plural block in {text!r}")
        value = values[name]
        exact = f"={int(_as_number(value))}" if _as_number(value).is_integer() else None
        chosen = branches.get(exact) if exact in branches else None
        if chosen is None:
            chosen = branches.get(plural_category(value, lang), branches["other"])
        text = text[: m.start()] + chosen.replace("#", "{" + name + "}") + text[end + 1 :]
    return text


def has(key: str) -> bool:
    return key in table()


# --- numbers ---------------------------------------------------------------------------


def fmt_number(value: float | int | None, lang: str, decimals: int | None = None) -> str:
    """1.234.567 in Greek, 1,234,567 in English; ``decimals`` fixes the fraction digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.no_data", lang)
    locale = LOCALES[norm_lang(lang)]
    if decimals is None:  # up to 2 decimals, without trailing zeros (7.2, not 7.20)
        pattern = "#,##0" if abs(value) >= 100 else "#,##0.##"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def number_symbols(lang: str) -> tuple[str, str]:
    """(decimal mark, thousands separator): (',', '.') in Greek, ('.', ',') in English."""
    locale = LOCALES[norm_lang(lang)]
    return get_decimal_symbol(locale), get_group_symbol(locale)


def plotly_separators(lang: str) -> str:
    """plotly's ``separators`` layout setting: decimal mark, then thousands separator."""
    return "".join(number_symbols(lang))


def smart_decimals(values: list[float]) -> int:
    """Enough decimals to tell the values apart, at most 2 (rates, shares)."""
    finite = [abs(v) for v in values if v is not None and not math.isnan(v)]
    if not finite:
        return 0
    if all(float(v).is_integer() for v in finite):
        return 0
    top = max(finite)
    return 0 if top >= 100 else (1 if top >= 10 else 2)


# The one place that says which qualifiers are plain figures (exact '=' or approximate '~'):
# they are classed, ranked and compared; every other qualifier is a bound ('<0.29', '≥1500').
PLAIN_QUALIFIERS = ("=", "~")


def is_suppressed(value: float | None, unit: str | None, qualifier: str | None = "=") -> bool:
    """A person count too small to publish (disclosure control, docs/disclosure-control.md)."""
    return (
        unit == "persons"
        and (qualifier or "=") in PLAIN_QUALIFIERS
        and value is not None
        and not (isinstance(value, float) and math.isnan(value))
        and 0 < value < DISCLOSURE_THRESHOLD
    )


QUALIFIER_SYMBOL = {"=": "", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "~": "≈"}


def fmt_value(
    value: float | None,
    lang: str,
    *,
    unit: str | None = None,
    qualifier: str = "=",
    value_high: float | None = None,
    decimals: int | None = None,
    disclose: bool = True,
) -> str:
    """A figure as a person reads it: qualifier, number, unit; '<5' for small person counts."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.no_data", lang)
    if disclose and is_suppressed(value, unit, qualifier):
        return f"<{fmt_number(DISCLOSURE_THRESHOLD, lang)}"
    number = fmt_number(value, lang, decimals)
    if qualifier == "range" and value_high is not None:
        number = f"{number}–{fmt_number(value_high, lang, decimals)}"
    else:
        symbol = QUALIFIER_SYMBOL.get(qualifier or "=", "")
        number = f"{symbol}{number}"
    return f"{number}{unit_suffix(unit, lang)}"


def fmt_signed(
    value: float | None, lang: str, *, unit: str | None = None, decimals: int | None = None
) -> str:
    """A change with its sign, as a printed change reads: '+11,0 %', '−27,0 %' (a true minus
    sign), '0 %' for no change."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.no_data", lang)
    number = fmt_number(abs(value), lang, decimals)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number}{unit_suffix(unit, lang)}"


_BOUND_KEYS = {
    "<": "bound.below",
    "<=": "bound.up_to",
    ">": "bound.above",
    ">=": "bound.at_least",
    "~": "bound.about",
    "range": "bound.range",
}


def bound_label(
    qualifier: str,
    value: float,
    value_high: float | None,
    lang: str,
    *,
    unit: str | None = None,
    decimals: int | None = None,
) -> str:
    """'below 0.29 %' / 'κάτω από 0,29 %': how a bound reads in a legend or sentence."""
    x = fmt_number(value, lang, decimals) + unit_suffix(unit, lang)
    if qualifier == "range" and value_high is not None:
        y = fmt_number(value_high, lang, decimals) + unit_suffix(unit, lang)
        return t("bound.range", lang, low=x, high=y)
    key = _BOUND_KEYS.get(qualifier)
    return t(key, lang, x=x) if key else x


def unit_suffix(unit: str | None, lang: str) -> str:
    if unit == "percent":
        return " %" if norm_lang(lang) == "el" else "%"
    if unit and has(f"unit.{unit}"):
        return f" {t(f'unit.{unit}', lang)}"
    return ""


# --- dates -------------------------------------------------------------------------------


def fmt_date(
    value: date | None,
    lang: str,
    precision: str = "day",
    *,
    month: int | None = None,
    day: int | None = None,
) -> str:
    """17/11/2022 in Greek, 17 Nov 2022 in English; month/year precision shown as such."""
    locale = LOCALES[norm_lang(lang)]
    if precision == "day_no_year" and month and day:
        return format_skeleton("MMMMd", date(2000, month, day), locale=locale)
    if value is None:
        return t("common.undated", lang)
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return format_skeleton("yMMMM", value, locale=locale)
    pattern = "dd/MM/y" if norm_lang(lang) == "el" else "d MMM y"
    return format_date(value, format=pattern, locale=locale)


def fmt_partial(text: str | None, lang: str) -> str:
    """Format a partial date as written in the data (YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD, or a
    range A/B shown as 'A – B', each end at its own precision). No text (None, '', NaN from a
    DataFrame: the source gives no date) reads "undated"."""
    if not isinstance(text, str) or not text:
        return t("common.undated", lang)
    try:
        start, _, precision, month, day = partial_date(text)
    except ValueError:
        return text
    if precision == "range":
        first, _, last = text.partition("/")
        return f"{fmt_partial(first, lang)} – {fmt_partial(last, lang)}"
    return fmt_date(start, lang, precision, month=month, day=day)
