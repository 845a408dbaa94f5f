"""Integration Atlas app layer: config, db, queries, charts, maps, ui, i18n, export."""
