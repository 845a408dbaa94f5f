"""Periods as the data writes them: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``--MM-DD``.

One pure module (no pandas, no Streamlit) used by the ETL, when it reads files, and by the
app, when it formats a period: a partial date keeps its precision and no year is invented.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

MIN_YEAR, MAX_YEAR = 1900, 2100  # plausible range for any date in this domain

# re.ASCII: \d would also match Arabic-Indic or full-width digits.
_PARTIAL_DATE = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$", re.ASCII)


def partial_date(text: str) -> tuple[date | None, date | None, str, int | None, int | None]:
    """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``--MM-DD``.

    Returns (first day, last day, precision, month, day); raises ValueError."""
    m = _PARTIAL_DATE.match(text)
    if not m:
        raise ValueError("not a date: use YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD")
    y, mo, d, nm, nd = m.groups()
    if nm is not None:
        month, day = int(nm), int(nd)
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            raise ValueError("no such day")
        return None, None, "day_no_year", month, day
    year = int(y)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year outside {MIN_YEAR}-{MAX_YEAR}")
    if mo is None:
        return date(year, 1, 1), date(year, 12, 31), "year", None, None
    month = int(mo)
    if not 1 <= month <= 12:
        raise ValueError("no such month")
    last = calendar.monthrange(year, month)[1]
    if d is None:
        return date(year, month, 1), date(year, month, last), "month", month, None
    day = int(d)
    if not 1 <= day <= last:
        raise ValueError("no such day")
    return date(year, month, day), date(year, month, day), "day", month, day
