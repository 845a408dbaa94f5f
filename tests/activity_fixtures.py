"""Write the SYNTHETIC activity reports of tests/fixtures/activities (deterministic)."""

from __future__ import annotations

import csv
from pathlib import Path

from atlas.activity_template import COLUMNS

HERE = Path(__file__).parent / "fixtures" / "activities"
HEADER = list(COLUMNS)  # the template's columns, in its order
PARTNERS = [
    ("synthetic_ngo_alpha", "ΣΥΝΘΕΤΙΚΗ ΜΚΟ Άλφα", "SYNTHETIC NGO Alpha", "ngo"),
    ("synthetic_ngo_beta", "ΣΥΝΘΕΤΙΚΗ ΜΚΟ Βήτα", "SYNTHETIC NGO Beta", "ngo"),
    ("synthetic_city_gamma", "ΣΥΝΘΕΤΙΚΟΣ Δήμος Γάμμα", "SYNTHETIC City Gamma", "municipality"),
]
# partner → (activity, sector, programme, [(region, municipality)], months)
PLANS = {
    "synthetic_ngo_alpha": (
        "greek_course",
        "language",
        "",
        [("EL30", "Αθηναίων"), ("EL30", "Πειραιώς"), ("EL52", "Θεσσαλονίκης")],
        ["2025-01", "2025-02", "2025-03", "2025-05"],
    ),
    "synthetic_ngo_beta": (
        "legal_counselling",
        "legal",
        "",
        [("EL54", "Ιωαννιτών"), ("EL63", ""), ("EL52", "Θεσσαλονίκης")],
        ["2025-02", "2025-03"],
    ),
    "synthetic_city_gamma": (
        "community_activities",
        "social_inclusion",
        "",
        [("EL51", "Κομοτηνής")],
        ["2025-01", "2025-03"],
    ),
}


def rows(partner: str) -> list[list[str]]:
    activity, sector, programme, places, months = PLANS[partner]
    out = []
    for p, (region, municipality) in enumerate(places):
        for m, month in enumerate(months):
            reached = (2 + 13 * p + 17 * m + 5 * len(partner)) % 60  # some below 5 (disclosure)
            out.append(
                [
                    partner,
                    programme,
                    activity,
                    sector,
                    "persons_reached",
                    region,
                    municipality,
                    month,
                    str(reached),
                    "2024-09",
                    "",
                    "ongoing",
                    "SYNTHETIC",
                ]
            )
            out.append(
                [
                    partner,
                    programme,
                    activity,
                    sector,
                    "sessions_held",
                    region,
                    municipality,
                    month,
                    str(2 + p + m),
                    "2024-09",
                    "",
                    "ongoing",
                    "SYNTHETIC",
                ]
            )
    return out


def main() -> None:
    with open(HERE / "partners.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["partner_id", "name_el", "name_en", "kind", "url"])
        for pid, el, en, kind in PARTNERS:
            w.writerow([pid, el, en, kind, ""])
    for pid, *_ in PARTNERS:
        with open(HERE / f"activity_reports_{pid}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(HEADER)
            w.writerows(rows(pid))


if __name__ == "__main__":
    main()
