"""SYNTHETIC files a Directorate administrator would upload, for the data upload tests.

Every figure here is invented for testing and labelled SYNTHETIC; none is real data. The
indicator, its source and its values exist only in these files.
"""

from __future__ import annotations

import io
import zipfile

REGION_CODES = (
    "EL30", "EL41", "EL42", "EL43", "EL51", "EL52", "EL53",
    "EL54", "EL61", "EL62", "EL63", "EL64", "EL65",
)  # fmt: skip
INDICATOR = "test_upload_synthetic"
NAME_EN = "SYNTHETIC upload test indicator"
NAME_EL = "SYNTHETIC δοκιμαστικός δείκτης φόρτωσης"
OBS_HEADER = "region,indicator,period,value,unit,source_id,confidence,note"


def sources_csv() -> bytes:
    return (
        "source_id,publisher,title,url,reference_date,licence,notes\n"
        f"{INDICATOR},SYNTHETIC test publisher,SYNTHETIC upload test,,2024,test only,SYNTHETIC\n"
    ).encode()


def indicators_csv() -> bytes:
    return (
        "indicator_id,name_el,name_en,unit,kind,description_el,description_en\n"
        f"{INDICATOR},{NAME_EL},{NAME_EN},persons,count,SYNTHETIC,SYNTHETIC\n"
    ).encode()


def base_values() -> dict[str, int]:
    """One SYNTHETIC value per region: 1000, 1100, … (distinct, so classes are stable)."""
    return {code: 1000 + 100 * i for i, code in enumerate(REGION_CODES)}


def observations_csv(values: dict[str, object], period: str = "2024") -> bytes:
    rows = [
        f"{code},{INDICATOR},{period},{value},persons,{INDICATOR},high,SYNTHETIC"
        for code, value in values.items()
    ]
    return (OBS_HEADER + "\n" + "\n".join(rows) + "\n").encode()


def first_upload(values: dict[str, object] | None = None) -> list[tuple[str, bytes]]:
    """The three files of a first upload: source, indicator, values (name, bytes)."""
    return [
        ("sources_upload.csv", sources_csv()),
        ("indicators_upload.csv", indicators_csv()),
        ("observations_upload.csv", observations_csv(values or base_values())),
    ]


def xlsx_bomb(inflated_mb: int) -> bytes:
    """A tiny zip whose one member inflates to ``inflated_mb`` MB of zeros (SYNTHETIC)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated_mb):
                fh.write(chunk)
    return buf.getvalue()


OTHER_SOURCE = f"{INDICATOR}_other"


def second_upload() -> list[tuple[str, bytes]]:
    """After :func:`first_upload`: a file that adds the period 2025 (EL42's a count under the
    disclosure threshold), the 2024 file again with EL30 revised (1000 → 1050) and EL41 from
    another source (SYNTHETIC), and the sources file naming that source."""
    values = base_values()
    values["EL30"] = 1050
    rows = [
        f"{code},{INDICATOR},2024,{value},persons,"
        f"{OTHER_SOURCE if code == 'EL41' else INDICATOR},high,SYNTHETIC"
        for code, value in values.items()
    ]
    sources = sources_csv().decode() + (
        f"{OTHER_SOURCE},SYNTHETIC other publisher,SYNTHETIC other test,,2025,test only,SYNTHETIC\n"
    )
    newer = {"EL30": 1200, "EL41": 1300, "EL42": 3}
    return [
        ("sources_upload.csv", sources.encode()),
        ("observations_upload.csv", (OBS_HEADER + "\n" + "\n".join(rows) + "\n").encode()),
        ("observations_2025_upload.csv", observations_csv(newer, period="2025")),
    ]
