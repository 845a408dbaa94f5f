"""The claims audit (issue #12): what the profile and the brief *say* about figures, checked
against the observations themselves, not against the marts' own verdicts.

A statement found in the rendered text is traced back to observations of ``stg_observations``
(region, indicator, period, value, qualifier, series) and checked with ``atlas.periods``:

- a **change** or **trend** ("+7,000 (+0.9%) since 2011", "… percentage points since …",
  "previous figure of the same series: …") must be between the tile's figure and an earlier
  figure of the same series whose period ends before the tile's starts, and its number must
  be their difference;
- a **rank** ("Rank: 2 of 13") must count the regions with a plain figure of the same
  indicator, period and series — at least 3 — and place the region where its value puts it;
- where no single figure is the latest (several figures no other is known to follow), the
  tile must show the others beside the headline, with their periods;
- an **office holder** whose term had ended, or who had resigned, by the data's date is never
  shown as the governor; a resignation is said with "successor not recorded" when no one else
  holds the office.

The brief may only repeat statements the profile view makes (checked line by line above), and
every rank it prints has n >= 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from atlas import i18n
from atlas.periods import Period, frontier, valid_on

RANK = re.compile(r"(?:Rank|Κατάταξη): (\d+) (?:of|από) (\d+)")
CHANGE = re.compile(r"([+−]?[\d.,]+) \(([+−]?[\d.,]+ ?%)\) (?:since|σε σύγκριση με:) (.+)$")
CHANGE_PP = re.compile(
    r"([+−]?[\d.,]+) (?:percentage points since|ποσοστιαίες μονάδες σε σύγκριση με:) (.+?) \("
)
PREVIOUS = re.compile(
    r"(?:previous figure of the same series|προηγούμενη τιμή της ίδιας σειράς): .+ \((.+)\)$"
)
# in flattened PDF text: the number pair of a change, a rank
CHANGE_IN_TEXT = re.compile(r"(?<![\w.,])([+−]?[\d.,]+) \(([+−]?[\d.,]+ ?%)\)")
# anything that reads like a change or a rank: each must be one of the forms above (a new
# wording would otherwise pass unchecked)
CHANGE_LIKE = re.compile(
    r"[+−][\d.,]+ (?:\(|percentage|ποσοστιαίες)|\bsince\b|σε σύγκριση με|previous figure"
    r"|προηγούμενη τιμή"
)
RANK_LIKE = re.compile(r"\b(?:Rank|Κατάταξη)\b")
RESIGNED = ("successor not recorded", "διάδοχος δεν έχει καταγραφεί")


@dataclass
class Audit:
    """What was checked, and what failed (empty = every claim holds)."""

    checked: int = 0
    failures: list[str] = field(default_factory=list)
    claims: set[str] = field(default_factory=set)  # the statements found valid (for the brief)

    def fail(self, where: str, text: str) -> None:
        self.failures.append(f"{where}: {text}")


def observations(run) -> pd.DataFrame:
    return run(
        """select region_code, indicator_id, coalesce(period, '') as period, value, qualifier,
                  series_key, confidence
           from stg_observations where region_code <> 'EL'
           order by region_code, indicator_id, period""",
        [],
    )


def _plain(q: object) -> bool:
    return (q if isinstance(q, str) and q else "=") in ("=", "~")


def _number(text: str, lang: str) -> float:
    """'−5.095' (Greek) / '−5,095' (English) / '+0,9 %' → float (the sign is U+2212)."""
    t = text.replace("−", "-").replace("%", "").strip()
    thousands, decimal = (".", ",") if lang == "el" else (",", ".")
    return float(t.replace(thousands, "").replace(decimal, "."))


def _period_named(rows: pd.DataFrame, shown: str, lang: str) -> pd.DataFrame:
    return rows[[i18n.fmt_partial(p, lang) == shown.strip() for p in rows["period"]]]


def audit_view(view, obs: pd.DataFrame, audit: Audit) -> None:
    """Check every tile of a ``ProfileView`` (its lines as the page and the brief show them)."""
    mine = obs[obs["region_code"] == view.code]
    lang = view.lang
    for tile in view.tiles:
        rows = mine[mine["indicator_id"] == tile.key]
        if rows.empty:
            continue  # density: a derived figure, says what it is computed from
        where = f"{view.code}/{lang}/{tile.key}"
        periods = [Period.parse(p or None) for p in rows["period"]]
        match = _period_named(rows, tile.period, lang) if tile.dated else rows[rows["period"] == ""]
        audit.checked += 1
        if match.empty:
            audit.fail(where, f"headline period {tile.period!r} is not a period of the data")
            continue
        head = match.iloc[0]
        head_period = Period.parse(head["period"] or None)
        # latest: the headline is a figure no other is known to follow, and every other such
        # figure is shown beside it
        on_front = frontier(periods)
        if not any(rows.iloc[i]["period"] == head["period"] for i in on_front):
            audit.fail(where, f"headline {head['period']} but a later figure exists")
        front = [rows.iloc[i] for i in on_front]
        others = [r for r in front if r["period"] != head["period"]]
        text = " · ".join(tile.lines)
        for other in others:
            audit.checked += 1
            label = i18n.fmt_partial(other["period"], lang) if other["period"] else ""
            if label and f"({label})" not in text:
                audit.fail(where, f"no single latest, but {other['period']} is not shown beside")
        for line in tile.lines:
            _audit_line(line, rows, head, head_period, obs, view.code, where, lang, audit)


def _audit_line(line, rows, head, head_period, obs, code, where, lang, audit) -> None:
    same_series = rows[rows["series_key"] == head["series_key"]]
    m = CHANGE.search(line) or CHANGE_PP.search(line) or PREVIOUS.search(line)
    if not m and CHANGE_LIKE.search(line):
        audit.checked += 1
        audit.fail(where, f"a change-like statement the audit cannot trace: {line!r}")
    if not RANK.search(line) and RANK_LIKE.search(line):
        audit.checked += 1
        audit.fail(where, f"a rank-like statement the audit cannot trace: {line!r}")
    if m:
        audit.checked += 1
        shown_period = m.groups()[-1]
        prev = _period_named(same_series, shown_period, lang)
        if prev.empty:
            audit.fail(where, f"change against {shown_period!r}: no figure of the same series")
            return
        p = prev.iloc[0]
        if not Period.parse(p["period"] or None).before(head_period):
            audit.fail(where, f"change against {p['period']} which is not before {head['period']}")
            return
        if m.re is not PREVIOUS:
            diff = _number(m.group(1), lang)
            want = float(head["value"]) - float(p["value"])
            if abs(diff - want) > max(0.011, abs(want) * 0.001):
                audit.fail(where, f"change {diff} ≠ {want} ({head['period']} − {p['period']})")
                return
        audit.claims.add(line)
    r = RANK.search(line)
    if r:
        audit.checked += 1
        rank, n = int(r.group(1)), int(r.group(2))
        peers = obs[
            (obs["indicator_id"] == head["indicator_id"])
            & (obs["period"] == head["period"])
            & (obs["series_key"] == head["series_key"])
            & obs["value"].notna()
            & obs["qualifier"].map(_plain)
        ]
        better = int((peers["value"] > head["value"]).sum())
        if n < 3 or n != len(peers) or rank != better + 1 or code not in set(peers["region_code"]):
            audit.fail(where, f"rank {rank} of {n}: {len(peers)} comparable, {better} above")
            return
        audit.claims.add(r.group(0))


def holders_on(run, code: str, on: date) -> tuple[list[str], list[str]]:
    """(names valid on ``on``, names not valid on ``on``) by ``atlas.periods.valid_on``."""
    g = run(
        """select name_en, name_el, confirmed, valid_from_text, valid_to_text, end_event,
                  end_date_text from governors where region_code = ? order by term""",
        [code],
    )
    valid, not_valid = [], []
    for r in g.itertuples(index=False):
        status = valid_on(
            on,
            Period.parse(r.valid_from_text),
            Period.parse(r.valid_to_text),
            end_event=r.end_event if isinstance(r.end_event, str) else None,
            end_date=Period.parse(r.end_date_text) if isinstance(r.end_date_text, str) else None,
            confirmed=bool(r.confirmed),
        )
        names = [x for x in (r.name_en, r.name_el) if isinstance(x, str) and x]
        (valid if status in ("in_office", "unconfirmed") else not_valid).extend(names)
    return valid, [n for n in not_valid if n not in valid]


ENDED_SAID = (
    *RESIGNED,
    "recorded term has ended",
    "θητεία έχει λήξει",
    "is not known",
    "άγνωστο ποιος",
)


def audit_governor(view, run, on: date, audit: Audit, brief_text: str = "") -> None:
    """No holder past ``valid_to`` (or after resigning) is shown as the governor; where
    nobody holds the office, the text says how the last term ended."""
    valid, ended = holders_on(run, view.code, on)
    where = f"{view.code}/{view.lang}/governor"
    g = view.governor
    audit.checked += 1
    if g is not None and g.title in ended:
        audit.fail(where, f"{g.title} shown as governor but not in office on {on}")
    if g is not None and valid and g.title not in valid:
        audit.fail(where, f"governor shown as {g.title!r}, valid on {on}: {valid}")
    named = g is not None and any(n in f"{g.title} {g.detail}" for n in ended)
    if named and not valid and not any(p in g.title for p in ENDED_SAID):
        audit.fail(where, f"an ended holder is named without saying so: {g.title}")
    flat = " ".join(brief_text.split())
    if flat and not valid and any(n in flat for n in ended):
        audit.checked += 1
        if not any(p in flat for p in ENDED_SAID):
            audit.fail(where, "the brief names an ended holder without saying so")


def audit_brief_text(text: str, view, audit: Audit) -> None:
    """The brief states no change or rank the (audited) view does not, and no rank below 3."""
    where = f"{view.code}/{view.lang}/brief"
    flat = " ".join(text.split())
    shown = " ".join(" · ".join(t.lines) for t in view.tiles)
    for m in RANK.finditer(flat):
        audit.checked += 1
        if int(m.group(2)) < 3 or m.group(0) not in audit.claims:
            audit.fail(where, f"rank {m.group(0)!r} not an audited claim")
    for m in CHANGE_IN_TEXT.finditer(flat):
        audit.checked += 1
        if m.group(0) not in shown or not any(m.group(0) in c for c in audit.claims):
            audit.fail(where, f"change {m.group(0)!r} not an audited claim")
