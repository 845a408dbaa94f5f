"""The value objects every view is made of, so that every page renders them the same way.

- ``Choice``: one widget choice (key, label, options and their labels, default): views say
  what can be chosen, ``atlas.ui`` draws it and keeps it in the session and the URL.
- ``Table``: one frame and a column spec. The spec says which columns the screen shows (with
  their headers in the reader's language and how to format them) and which go into the CSV
  (under their stable English names). Adding a column is one ``Column`` line.
- ``Export``: one download: a file name and a maker that produces its bytes when asked for.
  Makers are ``functools.partial`` of module-level functions, so an ``Export`` pickles (it
  can be cached across sessions) and heavy libraries load only when a file is made.
- ``MapSpec``: a ``ChoroplethSpec`` plus the point layers, notes and caption of one map.
- ``Chart``: a plotly figure maker (an ``atlas.charts`` builder and its inputs) with a text
  alternative.

No Streamlit and no heavy import here: ``atlas.ui`` draws these, tests read them directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from atlas import export

if TYPE_CHECKING:
    from atlas.classify import ChoroplethSpec

MIME = {"csv": "text/csv", "png": "image/png", "pdf": "application/pdf"}


@dataclass(frozen=True)
class Choice:
    """One choice a page offers (a selectbox, or a radio): ``name`` is the widget key and
    the URL parameter; ``fmt`` turns an option into its label in the reader's language."""

    name: str
    label: str
    options: tuple[str, ...]
    fmt: Callable[[str], str] = str
    default: str | None = None
    radio: bool = False

    @property
    def first(self) -> str | None:
        """The option a widget starts from without a session or a URL: the default when it
        is offered, else the first option (None without options)."""
        if self.default in self.options:
            return self.default
        return self.options[0] if self.options else None


@dataclass(frozen=True)
class Column:
    """One column of a ``Table``: a field of its frame, shown under ``header`` (reader's
    language; None = not on screen) and/or written to the CSV as ``csv`` (None = not
    exported). ``kind``: 'text', 'number' (formatted for the locale, sorts on the value) or
    'link'. A field may appear in several columns (e.g. shown first, exported later)."""

    field: str
    header: str | None = None
    csv: str | None = None
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """A frame with its column spec, in one language."""

    frame: pd.DataFrame
    columns: tuple[Column, ...]
    lang: str

    def shown(self) -> pd.DataFrame:
        """The on-screen table: shown columns in order, headers in the reader's language."""
        cols = [c for c in self.columns if c.header is not None]
        return pd.DataFrame({c.header: self.frame[c.field] for c in cols}, index=self.frame.index)

    def exported(self) -> pd.DataFrame:
        """The CSV's frame: exported columns in order, under their stable names."""
        cols = [c for c in self.columns if c.csv is not None]
        return pd.DataFrame({c.csv: self.frame[c.field] for c in cols}, index=self.frame.index)

    def headers(self, kind: str) -> list[str]:
        return [c.header for c in self.columns if c.header is not None and c.kind == kind]

    def __len__(self) -> int:
        return len(self.frame)


def table(frame: pd.DataFrame, columns: Sequence[Column], lang: str) -> Table:
    return Table(frame.reset_index(drop=True), tuple(columns), lang)


def shown_table(frame: pd.DataFrame, lang: str, numbers: Sequence[str] = ()) -> Table:
    """A table whose frame already has its headers (e.g. a pivot with one column per region)."""
    cols = [Column(str(c), str(c), kind="number" if c in numbers else "text") for c in frame]
    return table(frame, cols, lang)


@dataclass(frozen=True)
class Export:
    """One download: ``label`` (reader's language), ``file_name``, and ``make`` which returns
    the bytes. ``key`` is the widget key suffix ('csv', 'png_1' …)."""

    kind: str  # 'csv' | 'png' | 'pdf'
    label: str
    file_name: str
    make: Callable[[], bytes]
    key: str

    @property
    def mime(self) -> str:
        return MIME[self.kind]

    def data(self) -> bytes:
        return self.make()


def csv_export(
    data: Table | pd.DataFrame, file_name: str, label: str, *, footer: Sequence[str] = ()
) -> Export:
    """The CSV of a table (its exported columns) or of a frame: UTF-8 with BOM, formula-safe,
    with the title and source lines as a footer."""
    frame = data.exported() if isinstance(data, Table) else data
    make = partial(export.safe_csv, frame, footer=list(footer) or None)
    return Export("csv", label, file_name, make, "csv")


def png_export(make: Callable[[], bytes], file_name: str, label: str, key: str = "png_1") -> Export:
    return Export("png", label, file_name, make, key)


@dataclass(frozen=True)
class SizeLegend:
    """The key of proportional site circles (area ∝ value) and what their colours mean."""

    title: str
    sizes: list[tuple[float, str]]
    max_value: float
    capacity_label: str
    occupancy_label: str


@dataclass
class MapSpec:
    """One map: the choropleth plus optional point layers. ``caption`` is the source line
    shown under it; ``description`` its text alternative (accessible name = the title)."""

    choropleth: ChoroplethSpec
    caption: str = ""
    circles: list[dict] = field(default_factory=list)  # proportional circles (sites)
    size_legend: SizeLegend | None = None
    points: list[dict] = field(default_factory=list)  # point markers (municipalities)
    note: str = ""  # text drawn on the map (e.g. the coordinates' attribution)
    description: str = ""
    # A map of the municipal units instead of the regions: None = regions; () = every unit;
    # else these units (one region's), fitted to ``bounds`` ([[south, west], [north, east]]).
    units: tuple[str, ...] | None = None
    bounds: tuple | None = None

    @property
    def title(self) -> str:
        return self.choropleth.title


@dataclass(frozen=True)
class Metric:
    """A key figure tile: label, value as read, and the caption under it (unit, period,
    source)."""

    label: str
    value: str
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart, made on demand by an ``atlas.charts`` builder; ``description`` is its text
    alternative (a summary sentence; '' = the table beside it has the same data).
    ``kind``: 'plotly' (``make`` returns a figure: Plotly's interaction is worth its 4.6 MB
    in the browser) or 'html' (``make`` returns a finished HTML figure, named and described:
    a light chart drawn by the server, nothing for the browser to load)."""

    make: Callable[[], object]
    description: str = ""
    kind: str = "plotly"

    def figure(self):
        return self.make()


def find_export(exports: Sequence[Export], key: str = "csv") -> Export:
    """The export with widget key suffix ``key`` ('csv', 'png_1' …) of a view."""
    for item in exports:
        if item.key == key:
            return item
    raise KeyError(key)
