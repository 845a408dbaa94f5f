"""Claims audit (issue #12): every region's profile and brief, in both languages, on the
bundled data and on the SYNTHETIC truthful-statement cases. Each stated change, trend,
difference and rank is traced back to observations of one series with non-overlapping
periods; no office holder past the end of the term (or after resigning) is shown as current;
where no single figure is the latest, the others are shown beside it (tests/atlas/claims.py).
"""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from atlas import brief, queries
from atlas.views import profile as pv
from geo.regions import REGION_CODES
from tests.atlas import claims

LANGS = ("el", "en")


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def run_audit(run, codes, *, with_brief: bool) -> claims.Audit:
    audit = claims.Audit()
    obs = claims.observations(run)
    on = queries.reference_date(run)
    for code in codes:
        for lang in LANGS:
            view = pv.profile_view(run, code, lang)
            claims.audit_view(view, obs, audit)
            text = pdf_text(brief.build_brief(view)) if with_brief else ""
            claims.audit_governor(view, run, on, audit, text)
            if text:
                claims.audit_brief_text(text, view, audit)
    return audit


def test_bundled_profiles_and_briefs_state_only_what_the_data_supports(bundled_run):
    audit = run_audit(bundled_run, REGION_CODES, with_brief=True)
    assert audit.failures == []
    assert audit.checked > 500  # ranks, changes, governors, overlaps of 13 regions × 2
    # the audit does see statements of each kind (it would catch a wrong one)
    assert any("Rank" in c or "Κατάταξη" in c for c in audit.claims)
    assert any("since 2011" in c for c in audit.claims)
    assert any("Κατάταξη" in c for c in audit.claims)
    assert any("σε σύγκριση με: 2011" in c for c in audit.claims)


def test_cases_profiles_and_briefs_state_only_what_the_data_supports(cases_run):
    audit = run_audit(cases_run, REGION_CODES, with_brief=True)
    assert audit.failures == []


def test_the_audit_catches_a_false_change_and_rank(cases_run):
    """The audit is not vacuous: an invented trend, a '1 of 1' rank and a resigned governor
    shown as current are each reported."""
    obs = claims.observations(cases_run)
    view = pv.profile_view(cases_run, "EL30", "en")
    hosted = next(t for t in view.tiles if t.key == "hosted")
    hosted.lines.append("−993 (−11.5%) since 22 Oct 2016")  # two sources: not comparable
    hosted.lines.append("Rank: 1 of 1")
    audit = claims.Audit()
    claims.audit_view(view, obs, audit)
    assert any("hosted" in f and "change" in f for f in audit.failures)
    assert any("rank 1 of 1" in f for f in audit.failures)

    # case 1 of #12: a trend between the year-only 2022 and August 2022 (they overlap)
    view = pv.profile_view(cases_run, "EL41", "en")
    share = next(t for t in view.tiles if t.key == "reception_share")
    share.lines.append("+0.32 percentage points since Aug 2022 (1.21%)")
    share.lines.append("up 0.32 since last year")  # a wording the audit cannot trace
    audit = claims.Audit()
    claims.audit_view(view, obs, audit)
    assert any("not before" in f or "no figure of the same series" in f for f in audit.failures)
    assert any("cannot trace" in f for f in audit.failures)

    # an older figure as the headline while a later one exists
    view = pv.profile_view(cases_run, "EL30", "en")
    hosted = next(t for t in view.tiles if t.key == "hosted")
    older = sorted(
        p for p in obs[(obs.region_code == "EL30") & (obs.indicator_id == "hosted")]["period"] if p
    )[0]
    hosted.period = claims.i18n.fmt_partial(older, "en")
    hosted.lines = [ln for ln in hosted.lines if "alongside" not in ln]
    audit = claims.Audit()
    claims.audit_view(view, obs, audit)
    assert any("a later figure exists" in f for f in audit.failures)

    gov = dataclasses.replace(  # the view is frozen: a copy with another governor
        pv.profile_view(cases_run, "EL52", "en"), governor=pv.Item("Governor C", "term 2024-2028")
    )
    audit = claims.Audit()
    claims.audit_governor(gov, cases_run, queries.reference_date(cases_run), audit)
    assert audit.failures and "not in office" in audit.failures[0]


@pytest.mark.parametrize("lang", LANGS)
def test_overlapping_periods_shown_side_by_side_in_the_cases(cases_run, lang):
    """North Aegean: 2022-08 and the year-only 2022 overlap: no single latest, no change."""
    obs = claims.observations(cases_run)
    view = pv.profile_view(cases_run, "EL41", lang)
    audit = claims.Audit()
    claims.audit_view(view, obs, audit)
    assert audit.failures == []
    assert audit.checked >= 1
