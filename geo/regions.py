"""The 13 regions of Greece (NUTS-2 2021): the single source of truth for codes and names.

Every other module joins on ``Region.code`` (NUTS-2). Names are for display only.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str  # NUTS-2 2021, e.g. "EL54"
    iso: str  # ISO 3166-2, e.g. "GR-D" (Attica is GR-I)
    name_el: str  # official short Greek name, nominative
    name_en: str  # English name used by the Ministry and Eurostat
    ne_code: str  # Natural Earth admin-1 `region_code` (HASC-like), used only by geo/build


REGIONS: tuple[Region, ...] = (
    Region("EL30", "GR-I", "Αττική", "Attica", "GR-AT"),
    Region("EL41", "GR-K", "Βόρειο Αιγαίο", "North Aegean", "GR-AN"),
    Region("EL42", "GR-L", "Νότιο Αιγαίο", "South Aegean", "GR-AS"),
    Region("EL43", "GR-M", "Κρήτη", "Crete", "GR-CR"),
    Region(
        "EL51", "GR-A", "Ανατολική Μακεδονία και Θράκη", "Eastern Macedonia and Thrace", "GR-MT"
    ),  # noqa: E501
    Region("EL52", "GR-B", "Κεντρική Μακεδονία", "Central Macedonia", "GR-MC"),
    Region("EL53", "GR-C", "Δυτική Μακεδονία", "Western Macedonia", "GR-MW"),
    Region("EL54", "GR-D", "Ήπειρος", "Epirus", "GR-EP"),
    Region("EL61", "GR-E", "Θεσσαλία", "Thessaly", "GR-TS"),
    Region("EL62", "GR-F", "Ιόνια Νησιά", "Ionian Islands", "GR-II"),
    Region("EL63", "GR-G", "Δυτική Ελλάδα", "Western Greece", "GR-GW"),
    Region("EL64", "GR-H", "Στερεά Ελλάδα", "Central Greece", "GR-GC"),
    Region("EL65", "GR-J", "Πελοπόννησος", "Peloponnese", "GR-PP"),
)

REGION_CODES: tuple[str, ...] = tuple(r.code for r in REGIONS)
NATIONAL_CODE = "EL"  # Greece as a whole, for national figures in the same tables
BY_CODE: dict[str, Region] = {r.code: r for r in REGIONS}


# --- Name lookup -------------------------------------------------------------------------
# Known spellings are DATA: add a spelling here, never a branch in the code below. Every
# entry is normalised with `normalize_name`, so accents, case, final sigma, punctuation,
# "&"/"and"/"και"/"kai" and prefixes such as "Περιφέρεια"/"Region of" need no variants.
# Greek genitives ("Ηπείρου") are listed because the official names use them
# ("Περιφέρεια Ηπείρου").
# Deliberately absent: "Macedonia"/"Μακεδονία" and "Aegean" (three and two regions), and
# "Kentriki Ellada"/"Κεντρική Ελλάδα", which is the NUTS-1 area EL6, not Central Greece (EL64).
REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "EL30": (
        "Attiki",
        "Attikí",
        "Attika",
        "Attikis",
        "Αττικής",
        "Attica Region",
        "Περιφέρεια Αττικής",
        "Attique",
    ),
    "EL41": (
        "North Aegean",
        "Northern Aegean",
        "North Aegean Islands",
        "Voreio Aigaio",
        "Vorio Aigaio",
        "Vóreio Aigaío",
        "Voreiou Aigaiou",
        "Βορείου Αιγαίου",
        "Βόρειο Αιγαίο",
        "Β. Αιγαίου",
        "Β. Αιγαίο",
        "Βορ. Αιγαίο",
        "Βορ. Αιγαίου",
        "ΠΒΑ",
        "Π.Β.Α.",
    ),
    "EL42": (
        "South Aegean",
        "Southern Aegean",
        "South Aegean Islands",
        "Notio Aigaio",
        "Nótio Aigaío",
        "Notiou Aigaiou",
        "Νοτίου Αιγαίου",
        "Ν. Αιγαίου",
        "Ν. Αιγαίο",
        "Νοτ. Αιγαίο",
        "Νοτ. Αιγαίου",
        "ΠΝΑ",
        "Π.Ν.Α.",
    ),
    "EL43": ("Kriti", "Kríti", "Kritis", "Krete", "Kreta", "Κρήτης", "Crete Region"),
    "EL51": (
        "East Macedonia and Thrace",
        "Eastern Macedonia and Thrace",
        "Anatoliki Makedonia kai Thraki",
        "Anatolikí Makedonía kai Thráki",
        "Anatoliki Makedonia Thraki",
        "Anatolikis Makedonias kai Thrakis",
        "Ανατολικής Μακεδονίας και Θράκης",
        "Ανατ. Μακεδονίας και Θράκης",
        "Ανατ. Μακεδονία και Θράκη",
        "Α. Μακεδονίας και Θράκης",
        "Α. Μακεδονία και Θράκη",
        "Αν. Μακεδονία και Θράκη",
        "Αν. Μακεδονίας και Θράκης",
        "Ανατ. Μακεδονία - Θράκη",
        "Αν. Μακεδονία - Θράκη",
        "Α.Μ.Θ.",
        "ΑΜ-Θ",
        "ΠΑΜΘ",
        "Π.Α.Μ.Θ.",
        "ΑΜΘ",
        "AMTh",
        "Macedonia East and Thrace",
        # Greek Thrace lies wholly in this region (Evros, Rhodope, Xanthi); the Asylum
        # Service's "Regional Asylum Office of Thrace" uses the bare name.
        "Thrace",
        "Thraki",
        "Θράκη",
        "Θράκης",
    ),
    "EL52": (
        "Central Macedonia",
        "Centre Macedonia",
        "Centre-Macedonia",
        "Kentriki Makedonia",
        "Kentrikí Makedonía",
        "Kentrikis Makedonias",
        "Κεντρικής Μακεδονίας",
        "Κεντρ. Μακεδονίας",
        "Κ. Μακεδονίας",
        "Κ. Μακεδονία",
        "Κεντρ. Μακεδονία",
        "Κεν. Μακεδονία",
        "Κεν. Μακεδονίας",
        "Κ.Μ.",
        "Π.Κ.Μ.",
        "ΠΚΜ",
    ),
    "EL53": (
        "West Macedonia",
        "Western Macedonia",
        "Dytiki Makedonia",
        "Dytikí Makedonía",
        "Dytikis Makedonias",
        "Δυτικής Μακεδονίας",
        "Δ. Μακεδονίας",
        "Δ. Μακεδονία",
        "Δυτ. Μακεδονία",
        "Δυτ. Μακεδονίας",
        "Δ.Μ.",
        "ΠΔΜ",
        "Π.Δ.Μ.",
    ),
    "EL54": (
        "Epiros",
        "Epeiros",
        "Ipeiros",
        "Ípeiros",
        "Ipiros",
        "Ipeirou",
        "Ηπείρου",
        "Épire",
    ),
    "EL61": ("Thessalia", "Thessalía", "Thessalias", "Θεσσαλίας", "Thessalie"),
    "EL62": (
        "Ionian Islands",
        "Ionia Nisia",
        "Ionia Nisiá",
        "Ionioi Nisoi",
        "Ionion Nison",
        "Ionion Nision",
        "Ιονίων Νήσων",
        "Ιονίων Νησιών",
        "Ιόνιοι Νήσοι",
        "Ιον. Νήσοι",
        "Ιον. Νήσων",
        "Ιόνια Νησιά",
        "ΠΙΝ",
        "Π.Ι.Ν.",
        "Ionian",
    ),
    "EL63": (
        "West Greece",
        "Western Greece",
        "Dytiki Ellada",
        "Dytikí Elláda",
        "Dytiki Ellas",
        "Dytikis Elladas",
        "Dytikis Ellados",
        "Δυτικής Ελλάδας",
        "Δυτικής Ελλάδος",
        "Δυτική Ελλάς",
        "Δ. Ελλάδας",
        "Δ. Ελλάδος",
        "Δ. Ελλάδα",
        "Δυτ. Ελλάδα",
        "Δυτ. Ελλάδας",
        "Δυτ. Ελλάδος",
        "Δ.Ε.",
        "ΠΔΕ",
        "Π.Δ.Ε.",
    ),
    "EL64": (
        "Central Greece",
        "Sterea Ellada",
        "Stereá Elláda",
        "Sterea Ellas",
        "Sterea Hellas",
        "Stereas Elladas",
        "Stereas Ellados",
        "Στερεάς Ελλάδας",
        "Στερεάς Ελλάδος",
        "Στερεά Ελλάς",
        "Στ. Ελλάδας",
        "Στ. Ελλάδος",
        "Στ. Ελλάδα",
        "Στερ. Ελλάδα",
        "Στερ. Ελλάδας",
        "Στ.Ε.",
        "ΠΣΕ",
        "Π.Σ.Ε.",
    ),
    "EL65": (
        "Peloponnesus",
        "Peloponnisos",
        "Pelopónnisos",
        "Peloponnesos",
        "Peloponnisou",
        "Πελοποννήσου",
        "Péloponnèse",
        "Peloponnese Region",
    ),
}

# Greece as a whole: accepted by `area_code` only, never by `region_code`.
NATIONAL_ALIASES: tuple[str, ...] = (
    "EL",
    "GR",
    "GRC",
    "Greece",
    "Hellas",
    "Hellenic Republic",
    "Ellada",
    "Elláda",
    "Ellas",
    "Ελλάδα",
    "Ελλάς",
    "Ελληνική Δημοκρατία",
    "national",
    "Greece (national)",
    "Whole country",
)

# A totals row as offices write it under a table of regions: never a region; the loader
# checks it against the rows above and does not load it. Greece as a whole, written as a
# national figure, is NATIONAL_ALIASES above.
TOTAL_NAMES: tuple[str, ...] = (
    "ΣΥΝΟΛΟ",
    "Σύνολο",
    "Γενικό Σύνολο",
    "Σύνολο Επικράτειας",
    "Σύνολο Χώρας",
    "Σύνολο Ελλάδας",
    "Total",
    "Totals",
    "Grand total",
    "Greece total",
    "Total Greece",
)

# Names that fit more than one region: refused, with every region they could mean.
AMBIGUOUS_NAMES: dict[str, tuple[str, ...]] = {
    "Μακεδονία": ("EL51", "EL52", "EL53"),
    "Μακεδονίας": ("EL51", "EL52", "EL53"),
    "Macedonia": ("EL51", "EL52", "EL53"),
    "Makedonia": ("EL51", "EL52", "EL53"),
    "Αιγαίο": ("EL41", "EL42"),
    "Αιγαίου": ("EL41", "EL42"),
    "Aegean": ("EL41", "EL42"),
    "Aigaio": ("EL41", "EL42"),
}

# NUTS-2 codes before NUTS 2013 (same boundaries, renumbered) and their "GR" spelling, as in
# Eurostat tables before 2013 and in GeoNames' "ESYE" admin-1 codes.
LEGACY_CODES: dict[str, str] = {
    "EL11": "EL51",
    "EL12": "EL52",
    "EL13": "EL53",
    "EL14": "EL61",
    "EL21": "EL54",
    "EL22": "EL62",
    "EL23": "EL63",
    "EL24": "EL64",
    "EL25": "EL65",
    "GR11": "EL51",
    "GR12": "EL52",
    "GR13": "EL53",
    "GR14": "EL61",
    "GR21": "EL54",
    "GR22": "EL62",
    "GR23": "EL63",
    "GR24": "EL64",
    "GR25": "EL65",
    "GR30": "EL30",
    "GR41": "EL41",
    "GR42": "EL42",
    "GR43": "EL43",
    "ESYE11": "EL51",
    "ESYE12": "EL52",
    "ESYE13": "EL53",
    "ESYE14": "EL61",
    "ESYE21": "EL54",
    "ESYE22": "EL62",
    "ESYE23": "EL63",
    "ESYE24": "EL64",
    "ESYE25": "EL65",
    "ESYE31": "EL30",
    "ESYE41": "EL41",
    "ESYE42": "EL42",
    "ESYE43": "EL43",
    # Natural Earth's admin-1 `iso_3166_2` for Attica predates the 2010 revision (GR-I).
    "GR-A1": "EL30",
}


def _plain(text: str) -> str:
    """No accents, casefolded (a final ς is then σ, as every σ)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return plain.replace("ς", "σ")  # casefold already does this; kept for clarity


def affix_keys(words: tuple[str, ...]) -> tuple[str, ...]:
    """Affixes in the form the key has when they are stripped (``_plain``): written as a
    person writes them ("δημος", "Νομός"), they would never match ("δημοσ")."""
    return tuple(_plain(w) for w in words)


# Words that introduce or follow a name without being part of it (compared with the key:
# affix_keys). Longest first, so "περιφερειακη ενοτητα" is removed before "περιφερεια".
NAME_PREFIXES: tuple[str, ...] = affix_keys(
    (
        "αιρετη περιφερεια",
        "περιφερειακη ενοτητα",
        "περιφερεια",
        "περιφ",
        "περ",
        "π ε",
        "πε",
        "π",
        "regional unit of",
        "regional unit",
        "region of",
        "region",
        "the",
        "periferiaki enotita",
        "perifereiaki enotita",
        "periferia",
        "perifereia",
        "dimos",
        "δημος",
        "municipality of",
        "municipality",
        "nomos",
        "νομος",
        "nomarchia",
        "νομαρχια",
        "prefecture of",
        "prefecture",
    )
)
NAME_SUFFIXES: tuple[str, ...] = affix_keys(
    ("regional unit", "region", "municipality", "prefecture", "περιφερεια")
)
_CONNECTORS = frozenset({"and", "kai", "και", "&"})
_NON_WORD = re.compile(r"[^\w&]+")


class UnknownRegionError(ValueError):
    """A name that is none of the 13 regions; `.candidates` holds the closest codes."""

    def __init__(
        self, name: str, candidates: tuple[str, ...], *, what: str = "region", note: str = ""
    ) -> None:
        self.name = name
        self.candidates = candidates
        shown = ", ".join(f"{BY_CODE[c].name_en} ({c})" if c in BY_CODE else c for c in candidates)
        hint = f"; closest: {shown}" if candidates else "; no close match"
        super().__init__(f"unknown {what} {name!r}{hint}{note}")


class AmbiguousRegionError(UnknownRegionError):
    """A name that fits several regions ("Μακεδονία"): `.candidates` holds all of them."""

    def __init__(self, name: str, candidates: tuple[str, ...]) -> None:
        self.name = name
        self.candidates = candidates
        shown = ", ".join(f"{BY_CODE[c].name_en} ({c})" for c in candidates)
        ValueError.__init__(self, f"ambiguous region name {name!r}; it could be: {shown}")


def candidate_label(code: str, like: str = "") -> str:
    """A region as a person reads it, in the language of `like` (the text they wrote):
    "Κεντρική Μακεδονία (EL52)" for Greek text, "Central Macedonia (EL52)" otherwise."""
    region = BY_CODE[code]
    greek = any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in like)
    return f"{region.name_el if greek else region.name_en} ({code})"


def normalize_name(text: str) -> str:
    """A comparison key: no accents, casefolded, one space between words, no connectors
    ("and", "και", "&"), no administrative prefix ("Περιφέρεια", "Region of", "Δήμος")."""
    plain = _plain(text)
    words = [w for w in _NON_WORD.split(plain.replace("&", " & ")) if w]
    words = [w for w in words if w not in _CONNECTORS]
    return strip_affixes(" ".join(words), NAME_PREFIXES, NAME_SUFFIXES)


def strip_affixes(key: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...]) -> str:
    """``key`` without the leading ``prefixes`` and trailing ``suffixes`` (whole words,
    repeatedly: "δημοσ νησου ψαρων" → "νησου ψαρων"); the affixes in key form
    (``affix_keys``)."""
    changed = True
    while changed and key:
        changed = False
        for prefix in prefixes:
            if key.startswith(prefix + " "):
                key, changed = key[len(prefix) + 1 :], True
        for suffix in suffixes:
            if key.endswith(" " + suffix):
                key, changed = key[: -len(suffix) - 1], True
    return key


def _build_index(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, names in entries.items():
        for name in names:
            key = normalize_name(name)
            if not key:
                raise ValueError(f"alias {name!r} normalises to nothing")
            if index.setdefault(key, code) != code:
                raise ValueError(f"alias {name!r} maps to both {index[key]} and {code}")
    return index


def _region_entries() -> dict[str, tuple[str, ...]]:
    return {r.code: (r.name_el, r.name_en, *REGION_ALIASES.get(r.code, ())) for r in REGIONS}


_REGION_INDEX: dict[str, str] = _build_index(_region_entries())
_CODE_INDEX: dict[str, str] = {
    **{r.code: r.code for r in REGIONS},
    **{r.iso: r.code for r in REGIONS},
    **{r.ne_code: r.code for r in REGIONS},
    **LEGACY_CODES,
}
_NATIONAL_KEYS = frozenset(normalize_name(n) for n in NATIONAL_ALIASES)
_TOTAL_KEYS = frozenset(normalize_name(n) for n in TOTAL_NAMES)
_AMBIGUOUS: dict[str, tuple[str, ...]] = {normalize_name(k): v for k, v in AMBIGUOUS_NAMES.items()}


def _code_key(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).upper()


def is_region_code(text: object) -> bool:
    """True for one of the 13 NUTS-2 codes exactly as stored ("EL54"), not for names."""
    return isinstance(text, str) and text in BY_CODE


def closest_regions(name: str, limit: int = 3) -> tuple[str, ...]:
    """Codes of the regions whose known names are closest to `name` (best first)."""
    key = normalize_name(name)
    matches = difflib.get_close_matches(key, list(_REGION_INDEX), n=20, cutoff=0.5)
    codes: list[str] = []
    for match in matches:
        code = _REGION_INDEX[match]
        if code not in codes:
            codes.append(code)
    return tuple(codes[:limit])


def region_code(name: str) -> str:
    """The NUTS-2 code of one of the 13 regions from any known spelling of its name or
    code (NUTS-2 current or pre-2013, ISO 3166-2, Natural Earth). Greece as a whole is
    rejected: use `area_code` where national rows are allowed.

    >>> region_code("Περιφέρεια Ηπείρου"), region_code("gr-i"), region_code("Sterea Ellada")
    ('EL54', 'EL30', 'EL64')
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownRegionError(str(name), ())
    code = _CODE_INDEX.get(_code_key(name))
    if code is not None:
        return code
    key = normalize_name(name)
    if key in _REGION_INDEX:
        return _REGION_INDEX[key]
    if key in _AMBIGUOUS:
        raise AmbiguousRegionError(name, _AMBIGUOUS[key])
    note = ""
    if _code_key(name) == NATIONAL_CODE or key in _NATIONAL_KEYS:
        note = " (Greece as a whole is not a region: use area_code)"
    raise UnknownRegionError(name, closest_regions(name), note=note)


def area_code(name: str) -> str:
    """Like `region_code`, but "Greece"/"Ελλάδα"/"EL" give NATIONAL_CODE."""
    if isinstance(name, str) and (
        _code_key(name) == NATIONAL_CODE or normalize_name(name) in _NATIONAL_KEYS
    ):
        return NATIONAL_CODE
    try:
        return region_code(name)
    except AmbiguousRegionError:
        raise
    except UnknownRegionError as err:
        raise UnknownRegionError(name, err.candidates, what="region or national area") from None


def is_total_name(name: object) -> bool:
    """True for a totals row label ("ΣΥΝΟΛΟ", "Σύνολο Επικράτειας", "Total")."""
    return isinstance(name, str) and normalize_name(name) in _TOTAL_KEYS


def region_name(code: str, lang: str = "en") -> str:
    """Display name of a region (or of Greece for NATIONAL_CODE) in "el" or "en"."""
    if lang not in ("el", "en"):
        raise ValueError(f"lang must be 'el' or 'en', not {lang!r}")
    if code == NATIONAL_CODE:
        return "Ελλάδα" if lang == "el" else "Greece"
    region = BY_CODE.get(region_code(code)) if isinstance(code, str) else None
    if region is None:
        raise UnknownRegionError(str(code), ())
    return region.name_el if lang == "el" else region.name_en


def known_region_names() -> dict[str, str]:
    """Every normalised spelling known to `region_code`, mapped to its code (a copy)."""
    return dict(_REGION_INDEX)
