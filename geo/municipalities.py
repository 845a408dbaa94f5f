"""The 332 municipalities of Greece (Kleisthenis, 2019 on) + Mount Athos: reference data.

One row per ELSTAT 2021 municipality code in `geo/data/municipalities.csv`: `code` (ELSTAT
2021, four digits, e.g. "3701"), `name_el` (the official name as in "Δήμος Πατρέων", i.e. the
genitive, accented), `name_en` (the usual Latin/English name, nominative), `region_code`
(NUTS-2, see geo.regions), `nuts3_code` (NUTS-3 2021) and `aliases` (other spellings, e.g. the
Greek nominative "Πάτρα"). The codes and Greek names are those of the ELSTAT census 2021
provisional results (data/raw/municipal_population.csv; a test checks
every row against it); the Latin names and aliases are editorial spellings for lookup and
display, not data.

Codes are the 2021 list: they differ from the 2011 (Kallikratis) list for some municipalities
(1402 was Voio in 2011 and is Velventos in 2021). Never join a 2011-coded file by code alone.

    >>> resolve("Δήμος Πατρέων"), resolve("patras"), resolve("3701")
    ('3701', '3701', '3701')
    >>> resolve("Ηρακλείου", region_code="EL43")
    '7101'
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo import regions as _regions
from geo.regions import BY_CODE, UnknownRegionError, affix_keys, normalize_name, strip_affixes

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"
COLUMNS: tuple[str, ...] = ("code", "name_el", "name_en", "region_code")
MOUNT_ATHOS_CODE = "9901"  # self-governing, not a municipality; in EL52 (Chalkidiki, EL527)

# Words before or after a municipality's name that are not part of it (compared in key
# form: geo.regions.affix_keys). Longest first.
_PREFIXES: tuple[str, ...] = affix_keys(
    ("δήμος", "δήμου", "δήμο", "δ", "dimos", "dimou", "municipality of", "municipality")
    + ("city of", "the")
)
_SUFFIXES: tuple[str, ...] = affix_keys(("municipality", "δήμος"))
_QUALIFIER = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<inside>[^()]*)\)\s*$")

# Greek → Latin (close to ELOT 743), used only to index transliterated spellings.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("ου", "ou"),
    ("αυ", "av"),
    ("ευ", "ev"),
    ("μπ", "b"),
    ("ντ", "nt"),
    ("γγ", "ng"),
    ("γκ", "gk"),
    ("τσ", "ts"),
    ("τζ", "tz"),
)
_LETTERS: dict[str, str] = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψωσ",
        "a v g d e z i th i k l m n x o p r s t y f ch ps o s".split(),
        strict=True,
    )
)
# A looser key for Latin spellings: the usual variants of one Greek sound fall together
# ("Heraklion", "Iraklio", "Irakleio" → one key). Used only when the exact key fails, and
# only when it points at one municipality.
_LOOSE: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("ph", "f"),
    ("th", "t"),
    ("ch", "h"),
    ("kh", "h"),
    ("x", "ks"),
    ("ps", "ps"),
    ("c", "k"),
    ("b", "v"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("ai", "e"),
    ("ei", "i"),
    ("oi", "i"),
    ("ea", "ia"),
    ("eo", "io"),
    ("on", "o"),
    ("os", "o"),
    ("as", "a"),
    ("is", "i"),
    ("es", "e"),
)


class UnknownMunicipalityError(ValueError):
    """No municipality is called `text`; `.suggestions` holds the closest names, each as
    "name (code, region)" in the script of the text (Greek or Latin)."""

    def __init__(self, text: str, suggestions: list[str], *, note: str = "") -> None:
        self.text = text
        self.suggestions = suggestions
        hint = f"; closest: {'; '.join(suggestions)}" if suggestions else "; no close match"
        super().__init__(f"unknown municipality {text!r}{note}{hint}")


class AmbiguousMunicipalityError(ValueError):
    """`text` names several municipalities (Ηρακλείου: Crete and Attica); `.candidates`
    holds their codes. Give the region or the ELSTAT code to choose."""

    def __init__(self, text: str, candidates: list[str]) -> None:
        self.text = text
        self.candidates = candidates
        shown = "; ".join(label(c, like=text) for c in candidates)
        super().__init__(
            f"ambiguous municipality {text!r}: it could be {shown}; "
            "give the region or the ELSTAT code"
        )


def municipalities() -> pd.DataFrame:
    """The 333 rows (332 municipalities + Mount Athos): code, name_el, name_en, region_code,
    nuts3_code, sorted by code (a copy)."""
    return _frame()[[*COLUMNS, "nuts3_code"]].copy()


@lru_cache(maxsize=1)
def _frame() -> pd.DataFrame:
    frame = pd.read_csv(MUNICIPALITIES_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.sort_values("code", ignore_index=True)


@lru_cache(maxsize=1)
def _rows() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _frame().to_dict("records")}


def is_municipality_code(text: object) -> bool:
    """True for an ELSTAT 2021 municipality code exactly as stored ("0101")."""
    return isinstance(text, str) and text in _rows()


def municipality_name(code: str, lang: str = "el") -> str:
    """Display name: the Greek official form ("Πατρέων") or the Latin one ("Patras")."""
    if lang not in ("el", "en"):
        raise ValueError(f"lang must be 'el' or 'en', not {lang!r}")
    row = _rows().get(code)
    if row is None:
        raise UnknownMunicipalityError(str(code), [])
    return row["name_el"] if lang == "el" else row["name_en"]


def municipality_region(code: str) -> str:
    """NUTS-2 code of the region a municipality lies in."""
    row = _rows().get(code)
    if row is None:
        raise UnknownMunicipalityError(str(code), [])
    return row["region_code"]


def label(code: str, like: str = "") -> str:
    """ "Ηρακλείου (7101, Κρήτη)" for Greek `like` text, "Heraklion (7101, Crete)" otherwise."""
    row = _rows()[code]
    region = BY_CODE[row["region_code"]]
    if _is_greek(like):
        return f"{row['name_el']} ({code}, {region.name_el})"
    return f"{row['name_en']} ({code}, {region.name_en})"


def transliterate(text: str, *, literal: bool = False) -> str:
    """A Latin spelling of Greek text (close to ELOT 743), after normalisation; `literal`
    writes letter by letter ("Παγγαίου" → "paggaiou", not "pangaiou"; "μπ" → "mp")."""
    key = normalize_name(text)
    for greek, latin in _DIGRAPHS:
        if not literal or greek in ("ου", "αυ", "ευ"):
            key = key.replace(greek, latin)
    return "".join(_LETTERS.get(ch, ch) for ch in key)


def _key(text: str) -> str:
    return strip_affixes(normalize_name(text), _PREFIXES, _SUFFIXES)


def _loose(key: str) -> str:
    latin = transliterate(key) if _is_greek(key) else key
    latin = latin.replace(" ", "")
    for old, new in _LOOSE:
        latin = latin.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", latin)


def _is_greek(text: str) -> bool:
    return any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in str(text))


def _spellings(row: dict[str, str]) -> list[str]:
    aliases = [a for a in row["aliases"].split(";") if a.strip()]
    greek = [row["name_el"], *(a for a in aliases if _is_greek(a))]
    latin = [transliterate(g, literal=literal) for g in greek for literal in (False, True)]
    return [*greek, row["name_en"], *aliases, *latin]


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    exact: dict[str, list[str]] = {}
    loose: dict[str, list[str]] = {}
    for code, row in _rows().items():
        for spelling in _spellings(row):
            key = _key(spelling)
            if not key:
                raise ValueError(f"{code}: spelling {spelling!r} normalises to nothing")
            for index, k in ((exact, key), (loose, _loose(key))):
                codes = index.setdefault(k, [])
                if code not in codes:
                    codes.append(code)
    return (
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in loose.items()},
    )


def _code_of(text: str) -> str | None:
    plain = re.sub(r"\s+", "", text)
    if plain.isdigit() and 3 <= len(plain) <= 4:
        plain = plain.zfill(4)  # a spreadsheet drops the leading zero of "0101"
        return plain if plain in _rows() else None
    return None


def _region_of(text: str) -> str | None:
    try:
        return _regions.region_code(text)
    except UnknownRegionError:
        return None


def resolve(text: str, region_code: str | None = None) -> str:
    """The ELSTAT 2021 code of the municipality named `text`: a Greek name (genitive as in
    "Δήμος Πατρέων", or a known nominative "Πάτρα"), a Latin name ("Patras", "Patreon") or
    the code itself ("3701", "101" for "0101"). Accents, case, "Δήμος"/"Municipality of" and
    punctuation do not matter. A region (NUTS-2 code or any region name geo.regions knows)
    chooses among homonyms; it may also be given in brackets: "Ηρακλείου (Αττική)".

    Raises AmbiguousMunicipalityError when the name fits several municipalities and no
    region tells them apart, UnknownMunicipalityError (with suggestions) otherwise, also
    when the named municipality is not in the given region.
    """
    if not isinstance(text, str) or not text.strip():
        raise UnknownMunicipalityError(str(text), [])
    region = _given_region(region_code)
    name = text.strip()
    code = _code_of(name)
    if code is None:
        match = _QUALIFIER.match(name)
        if match and region is None and (inside := _region_of(match["inside"])) is not None:
            name, region = match["name"], inside
        codes = _lookup(name)
        if not codes and match:  # "Irakleio (Attica)" is itself a known spelling
            codes = _lookup(text)
        if not codes and match:
            # "Souli (Paramythia)": the name, with a town or note in brackets
            codes = _lookup(match["name"])
    else:
        codes = (code,)
    if not codes:
        raise UnknownMunicipalityError(text, suggestions(text, region))
    if region is not None:
        inside_region = tuple(c for c in codes if _rows()[c]["region_code"] == region)
        if not inside_region:
            where = BY_CODE[region].name_el if _is_greek(text) else BY_CODE[region].name_en
            raise UnknownMunicipalityError(
                text, suggestions(text, region), note=f" in {where} ({region})"
            )
        codes = inside_region
    if len(codes) > 1:
        raise AmbiguousMunicipalityError(text, list(codes))
    return codes[0]


def _given_region(region: str | None) -> str | None:
    if region is None or (isinstance(region, str) and not region.strip()):
        return None
    return _regions.region_code(region) if isinstance(region, str) else None


def _lookup(text: str) -> tuple[str, ...]:
    exact, loose = _indexes()
    key = _key(text)
    if key in exact:
        return exact[key]
    found = loose.get(_loose(key), ()) if key else ()
    return found if len(found) == 1 else ()  # a loose key never decides between two


def suggestions(text: str, region: str | None = None, limit: int = 5) -> list[str]:
    """Labels of the municipalities whose names are closest to `text` (best first), within
    `region` when given."""
    exact, _ = _indexes()
    key = _key(str(text))
    keys = [
        k
        for k, codes in exact.items()
        if region is None or any(_rows()[c]["region_code"] == region for c in codes)
    ]
    found: list[str] = []
    for match in difflib.get_close_matches(key, keys, n=20, cutoff=0.6):
        for code in exact[match]:
            if code not in found and (region is None or _rows()[code]["region_code"] == region):
                found.append(code)
    return [label(c, like=str(text)) for c in found[:limit]]
