"""Placeholder until its issue lands: says so honestly, shows no figures."""

from atlas import ui

ui.guarded(lambda: ui.coming("nav.reception"))()
