"""The profile's lines: programmes (and what links them to the region), visits and events,
who holds office on the data's reference date, reception sites, asylum offices and municipal
items — each with its own date and sources."""

from __future__ import annotations

from datetime import date

import pandas as pd

from atlas import i18n, labels
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import profile as q
from atlas.queries import programmes as qprog
from atlas.views.common import NO_PERIOD, as_given
from atlas.views.figures import ids, nan, qual
from atlas.views.profile.model import Item

HOLDING = ("in_office", "unconfirmed")  # governors_on statuses of a current holder


# --- formatting helpers ----------------------------------------------------------------------


def _value_text(value: object, qualifier: object, lang: str, unit: str | None = None) -> str:
    """A number stored as text (municipal items) in the reader's format, its qualifier kept
    ('>1.500'); other text as is."""
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    return i18n.fmt_value(number, lang, unit=unit, qualifier=qual(qualifier), disclose=False)


def _label(key: str, lang: str, fallback: object) -> str:
    """A data code shown through the colleague areas' tables when they have it."""
    return t(key, lang) if i18n.has(key) else str(fallback)


def _dates(start: object, end: object, lang: str) -> str:
    a, b = as_given(start, lang), as_given(end, lang)
    if a and b:
        return f"{a} – {b}"
    if a:
        return t("profile.since", lang, start=a)
    if b:
        return t("profile.until", lang, end=b)
    return t("profile.dates_not_stated", lang)


# --- programmes, events, governor, reception ----------------------------------------------------


def _status(p: pd.Series, lang: str) -> str:
    """'σε αναστολή από Ιανουάριος 2024': the status and since when it holds (as sourced)."""
    status = _label(f"status.{p['status']}", lang, p["status"])
    since = as_given(p["status_date_text"], lang)
    if since and p["status"] in ("suspended", "completed"):
        return t("profile.status_since", lang, status=status, date=since)
    if since and p["status"] == "active":
        return t("profile.status_as_of", lang, status=status, date=since)
    return status


def _link_text(rows: pd.DataFrame, lang: str) -> str:
    """What links a programme to the region: where it is documented as operating there,
    'documented in the region: …'; other links are said for what they are (one event, one
    briefing), and alone they are 'no documented presence', never 'present'."""
    operates = rows[rows["presence"].fillna(False).astype(bool)]
    parts = []
    for kind in ("event", "visit"):
        of_kind = rows[rows["link_kind"] == kind]
        if of_kind.empty:
            continue
        named = [
            f"{title}, {as_given(d, lang, short=True) or t('common.undated', lang)}"
            for title, d in zip(labels.local(of_kind, "title", lang), of_kind["reference_date"])
        ]
        names = "; ".join(dict.fromkeys(named))
        parts.append(t(f"profile.link_{kind}", lang, n=len(of_kind), names=names))
    links = "; ".join(parts)
    if operates.empty:
        return t("profile.no_presence", lang, links=links) if links else ""
    # 'Town with a HELIOS learning centre — Katerini', '… — Kilkis' → one line per kind
    places: dict[str, list[str]] = {}
    for title in labels.local(operates, "title", lang):
        what, _, where = str(title).partition(" — ")
        places.setdefault(what, [])
        if where and where not in places[what]:
            places[what].append(where)
    titles = "; ".join(f"{w}: {', '.join(p)}" if p else w for w, p in places.items())
    text = t("profile.operates", lang, titles=titles)
    return f"{text}; {t('profile.also_linked', lang, links=links)}" if links else text


def programme_items(run: Runner, code: str, lang: str) -> list[Item]:
    links = qprog.programme_regions(run)
    links = links[links["region_code"] == code]
    coverage = q.region_coverage(run, code)
    pids = sorted(set(links["programme_id"]) | set(coverage["programme_id"]))
    if not pids:
        return []
    progs = qprog.programmes(run)
    progs = progs[progs["programme_id"].isin(pids)]
    items = []
    for _, p in progs.iterrows():
        pid = p["programme_id"]
        detail = f"{_status(p, lang)} · {_dates(p['start_text'], p['end_text'], lang)}"
        sources = ids(p["source_id"], p["status_source_id"])
        mine = links[links["programme_id"] == pid]
        linked = _link_text(mine, lang)
        if linked:
            detail += " · " + linked
            sources += ids(*mine["source_id"])
        extra = []
        for c in coverage[coverage["programme_id"] == pid].itertuples(index=False):
            metric = labels.local(c, "metric_name", lang) or c.metric
            value = i18n.fmt_value(
                c.value, lang, unit=c.unit, qualifier=qual(c.qualifier), value_high=c.value_high
            )
            extra.append(f"{metric}: {value} ({as_given(c.period, lang, missing=NO_PERIOD)})")
            sources += ids(c.source_id)
        items.append(
            Item(labels.local(p, "name", lang), detail, list(dict.fromkeys(sources)), extra)
        )
    return items


def visit_text(status: object, date_text: object, lang: str) -> str:
    """'17 Νοεμβρίου (η πηγή δεν δίνει έτος) · ενημερώθηκε'; a scheduled visit without a
    date: 'scheduled, date not given' (never 'not yet')."""
    when = as_given(date_text, lang)
    if status == "planned" and not when:
        return t("visit.scheduled_no_date", lang)
    label = _label(f"visit.{status}", lang, status)
    return f"{when} · {label}" if when else f"{label} · {t('visit.date_not_given', lang)}"


def event_items(run: Runner, code: str, lang: str) -> list[Item]:
    """Visits of the briefing tour, then events held in the region (newest first)."""
    items = []
    for v in qprog.region_visit(run, code).itertuples(index=False):
        prog = labels.local(v, "programme_name", lang)
        purpose = labels.local(v, "purpose", lang)
        detail = visit_text(v.status, v.date_text, lang)
        if isinstance(purpose, str) and purpose:
            detail += f" · {purpose}"
        items.append(
            Item(
                t("profile.visit_title", lang, programme=prog or v.programme_id),
                detail,
                ids(v.source_id),
            )
        )
    ev = qprog.region_events(run, code)
    ev = ev.sort_values(["start_date", "event_id"], ascending=[False, True], na_position="last")
    for e in ev.itertuples(index=False):
        title = labels.local(e, "title", lang)
        parts = [as_given(e.start_text, lang) or t("common.undated", lang)]
        if isinstance(e.place, str) and e.place:
            slug = "".join(c if c.isalnum() else "_" for c in e.place.lower()).strip("_")
            parts.append(_label(f"place.{slug}", lang, e.place))
        if isinstance(e.process, str):
            parts.append(_label(f"process.{e.process}", lang, e.process))
        items.append(Item(title, " · ".join(parts), ids(e.source_id)))
    return items


def _term(g: pd.Series, lang: str) -> str:
    detail = t("profile.term", lang, term=g["term"])
    if isinstance(g["party"], str) and g["party"]:
        detail += f" · {labels.term('party', g['party'], lang)}"
    return detail


def governor_item(run: Runner, code: str, lang: str, on: date | None) -> Item | None:
    """Who holds office on ``on`` (the data's reference date), by the validity rules of
    ``queries.profile.governors_on``: the holder (unconfirmed ones say so); else, plainly,
    that the last recorded holder resigned (or left) and no successor is recorded — never
    the old holder as governor. Without a reference date nothing is claimed about office."""
    if on is None:
        return None
    df = q.governors_on(run, on, code)
    if df.empty:
        return None
    on_text = i18n.fmt_date(on, lang)
    holders = df[df["status_on_date"].isin(HOLDING)]
    if len(holders):
        g = holders.iloc[0]
        extra = []
        if g["status_on_date"] == "unconfirmed":
            # said calmly, in the page's language; the data's note (English only, the
            # team's words) is shown on English pages, never untranslated on a Greek one
            note = g["status_note"] if isinstance(g["status_note"], str) else ""
            note = note if lang == "en" else ""
            extra.append(t("profile.unconfirmed", lang) + (f" ({note})" if note else ""))
        name = labels.local(g, "name", lang)
        return Item(
            name,
            _term(g, lang) + " · " + t("profile.on_date", lang, date=on_text),
            ids(g["source_id"]),
            extra,
        )
    g = df.iloc[0]  # the latest recorded row (valid_from desc)
    name = labels.local(g, "name", lang)
    status = g["status_on_date"]
    sources = ids(g["source_id"], g["end_source_id"])
    if status in ("ended", "end_date_not_known"):
        event = _label(f"governor.end_{g['end_event']}", lang, g["end_event"])
        if status == "ended":
            when = as_given(g["end_date_text"], lang)
            title = t("profile.governor_ended", lang, event=event, date=when)
        else:
            title = t("profile.governor_end_undated", lang, event=event, date=on_text)
        return Item(title, f"{name} · {_term(g, lang)}", sources)
    if status == "term_ended":
        title = t("profile.governor_term_ended", lang, date=on_text)
        return Item(title, f"{name} · {_term(g, lang)}", sources)
    if status == "not_yet":
        return None
    title = t("profile.governor_validity_unknown", lang, name=name)  # validity_not_known
    return Item(title, _term(g, lang), sources)


def _site_figure(value, qualifier, basis, date_text, status, other, lang: str, what: str) -> str:
    """'δυναμικότητα 400 (προγραμματισμένη, 19/03/2016)': each figure with its own date; a
    planned capacity says so; 'up to' (≤) kept; overlapping dates shown side by side."""
    if nan(value):
        return t(f"profile.site_{what}_none", lang)
    unit = "persons" if what == "occupancy" else None  # a capacity counts places
    shown = i18n.fmt_value(value, lang, unit=unit, qualifier=qual(qualifier))
    when = as_given(date_text, lang)
    if basis == "planned":
        when = f"{t('profile.planned', lang)}, {when}"
    text = t(f"profile.site_{what}", lang, value=shown, date=when)
    if status == "overlap" and isinstance(other, str) and other:
        others = ", ".join(as_given(x.strip(), lang) for x in other.split(";") if x.strip())
        text += " " + t("profile.site_other_dates", lang, dates=others)
    return text


def reception_items(run: Runner, code: str, lang: str) -> list[Item]:
    """Reception sites (the latest capacity and the latest occupancy, each with its own date),
    asylum offices and municipal items: facts for the annex and the page, each with its own
    date and source."""
    items = []
    for s in q.region_sites(run, code).itertuples(index=False):
        name = labels.local(s, "name", lang)
        parts = (
            [labels.term("site_type", s.site_type, lang)] if isinstance(s.site_type, str) else []
        )
        if isinstance(s.municipality, str):
            parts.append(s.municipality)
        srcs = ids(s.source_id)
        if not (nan(s.latest_capacity) and nan(s.latest_occupancy)):
            parts.append(
                _site_figure(
                    s.latest_capacity,
                    s.latest_capacity_qualifier,
                    s.latest_capacity_basis,
                    s.latest_capacity_date_text,
                    s.latest_capacity_status,
                    s.latest_capacity_other_dates,
                    lang,
                    "capacity",
                )
            )
            parts.append(
                _site_figure(
                    s.latest_occupancy,
                    s.latest_occupancy_qualifier,
                    None,
                    s.latest_occupancy_date_text,
                    s.latest_occupancy_status,
                    s.latest_occupancy_other_dates,
                    lang,
                    "occupancy",
                )
            )
            srcs += ids(s.latest_capacity_source_id, s.latest_occupancy_source_id)
        items.append(
            Item(t("profile.site", lang, name=name), " · ".join(parts), list(dict.fromkeys(srcs)))
        )
    for a in q.region_asylum_offices(run, code).itertuples(index=False):
        when = as_given(a.status_date, lang)
        items.append(
            Item(
                labels.greek_or(a, "office", lang),
                " · ".join(x for x in (a.seat, when) if isinstance(x, str) and x),
                ids(a.source_id),
            )
        )
    for m in q.region_municipal_items(run, code).itertuples(index=False):
        item = labels.local(m, "item_name", lang) or m.item
        value = ""
        if not nan(m.value) and str(m.value).lower() != "yes":
            unit = "percent" if m.unit == "percent" else None
            value = ": " + _value_text(m.value, m.value_qualifier, lang, unit)
        when = as_given(m.reference_date, lang, missing=NO_PERIOD)
        name = labels.greek_or(m, "municipality", lang)
        items.append(Item(f"{name} — {item}{value}", when, ids(m.source_id)))
    return items
