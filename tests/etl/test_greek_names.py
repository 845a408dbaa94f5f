"""Greek forms of the names in data/raw (issue 25): a Greek public body cited as a source has
its official Greek name (`publisher_el`), so Greek pages and the Greek brief never cite it in
English."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"

# English names of Greek public bodies (ministries, municipalities, regions, ELSTAT)
GREEK_PUBLIC_BODY = re.compile(
    r"^(Ministry of|Municipality of|Region of|Hellenic Statistical Authority)"
)


def _sources() -> pd.DataFrame:
    return pd.read_csv(RAW / "sources.csv", dtype=str, keep_default_na=False)


def test_greek_public_bodies_have_their_greek_name():
    frame = _sources()
    public = frame[frame["publisher"].str.match(GREEK_PUBLIC_BODY)]
    assert len(public) >= 10
    missing = public.loc[public["publisher_el"] == "", ["source_id", "publisher"]]
    assert missing.empty, missing.to_string()


def test_greek_publisher_names_are_greek():
    frame = _sources()
    named = frame[frame["publisher_el"] != ""]
    # the name itself is in Greek (an acronym or web address in brackets may stay as given)
    heads = named["publisher_el"].str.replace(r"\s*\([^)]*\)", "", regex=True)
    not_greek = named[~heads.str.contains(r"^[\u0370-\u03ff\u1f00-\u1fff \-]+$", regex=True)]
    assert not_greek.empty, not_greek[["source_id", "publisher_el"]].to_string()
    by_id = dict(zip(frame["source_id"], frame["publisher_el"], strict=True))
    assert by_id["eskees_2023_09_03_aegean"] == "Υπουργείο Προστασίας του Πολίτη (ESKEES)"
    assert by_id["dad_sem_page"].startswith("Δήμος Δάφνης-Υμηττού")
    assert by_id["elefsina_semp_call"].startswith("Δήμος Ελευσίνας")
