"""View state a user would share lives in the session and in the URL (``st.query_params``):
a copied URL reproduces the view, and a choice survives a page switch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st

from atlas import i18n
from atlas.views.shapes import Choice

# View state shared through the URL on every page (the sidebar keeps them there).
URL_KEYS = ("lang", "indicator", "period", "measure", "scheme", "region", "process")
DATE_INPUT_FORMAT = {"el": "DD/MM/YYYY", "en": "YYYY-MM-DD"}


def _from_url(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def lang() -> str:
    return i18n.norm_lang(
        st.session_state.get("lang") or st.session_state.get("_keep_lang") or _from_url("lang")
    )


def kept(name: str) -> str:
    """A field's last value as text: this session first, else the URL, else ''."""
    value = st.session_state.get(f"_keep_{name}")
    if value is None:
        value = _from_url(name) or ""
    return value if isinstance(value, str) else ""


def initial(name: str, options: Sequence[str], default: str | None = None) -> str:
    """The value a widget starts from: the session's last choice, else the URL, else the
    default. Widget state is dropped when a page does not draw the widget, so the last
    choice is also kept under ``_keep_<name>``; we never write the widget key itself."""
    for candidate in (st.session_state.get(f"_keep_{name}"), _from_url(name), default):
        if candidate in options:
            return candidate
    return options[0]


def remember(*names: str) -> None:
    """Copy widget values to their keep-slot and to the URL."""
    for name in names:
        value = st.session_state.get(name)
        if value is None:
            continue
        st.session_state[f"_keep_{name}"] = value
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def _mirror_text(name: str, text: str) -> str:
    """Keep a free-text field in the session and the URL; an empty field leaves the URL."""
    st.session_state[f"_keep_{name}"] = text
    if text and st.query_params.get(name) != text:
        st.query_params[name] = text
    elif not text and name in st.query_params:
        del st.query_params[name]
    return text


def current(name: str, options: Sequence[str], default: str | None = None) -> str | None:
    """The value the widget ``name`` has (or gets) in this run, without drawing it: the
    widget's state, else ``initial``; None without options. ``select`` draws that value; a
    page that draws its map before its widgets (``atlas.ui.order``) reads them here first."""
    options = list(options)
    if not options:
        return None
    if st.session_state.get(name) is not None and st.session_state[name] not in options:
        del st.session_state[name]  # options changed (e.g. another indicator's periods)
    value = st.session_state.get(name)
    return value if value in options else initial(name, options, default)


def select(
    name: str,
    label: str,
    options: Sequence[str],
    fmt: Callable[[str], str] = str,
    *,
    default: str | None = None,
    where=st,
    horizontal: bool = False,
    radio: bool = False,
) -> str:
    """A selectbox/radio whose value lives in session and URL (key = ``name``). Without
    options it is drawn disabled and gives None."""
    options = list(options)
    if not options:
        return where.selectbox(label, [], key=name, disabled=True)
    index = options.index(current(name, options, default))
    if radio:
        value = where.radio(
            label, options, index=index, key=name, format_func=fmt, horizontal=horizontal
        )
    else:
        value = where.selectbox(label, options, index=index, key=name, format_func=fmt)
    remember(name)
    return value


def text(
    name: str, label: str, *, max_chars: int, area: bool = False, height: int = 68, where=st
) -> str:
    """A text field whose value lives in session and URL (key = ``name``; '' leaves the
    URL). Never stored anywhere else."""
    widget = where.text_area if area else where.text_input
    options = {"height": height} if area else {}
    value = widget(label, value=kept(name), key=name, max_chars=max_chars, **options)
    return _mirror_text(name, value or "")


def date_field(name: str, label: str, *, where=st) -> str:
    """A date picker whose value lives in session and URL as ISO text ('' when empty; a bad
    date in the URL is ignored). Greek readers get 17/11/2026."""
    try:
        start = date.fromisoformat(kept(name)) if kept(name) else None
    except ValueError:
        start = None
    value = where.date_input(label, value=start, key=name, format=DATE_INPUT_FORMAT[lang()])
    return _mirror_text(name, value.isoformat() if isinstance(value, date) else "")


def choose(choice: Choice, *, where=st, horizontal: bool = False) -> str:
    """Draw a view's ``Choice`` (session + URL); returns the chosen option."""
    return select(
        choice.name,
        choice.label,
        choice.options,
        choice.fmt,
        default=choice.default,
        where=where,
        radio=choice.radio,
        horizontal=horizontal or choice.radio,
    )


def chosen(choice: Choice) -> str | None:
    """The option ``choose(choice)`` gives in this run, without drawing the widget."""
    return current(choice.name, choice.options, choice.default)


def choose_all(choices: Sequence[Choice], widths: Sequence[int], *, where=st) -> list[str]:
    """Several choices side by side, one column each (``widths`` as for ``st.columns``)."""
    return [choose(c, where=col) for c, col in zip(choices, where.columns(list(widths)))]
