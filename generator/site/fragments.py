"""A fact's list item rendered once per process and reused by every page that lists the fact.

At 10,000 sources the `fact_item` macro ran 200,000 times for 50,000 facts (each fact
is listed on its source pages, its entity pages and a facts listing page), a fifth of
all template time. Its HTML depends only on the fact, the site-wide globals (`url`,
dates, the status and badge macros) and two answers of the page's `analysis` (the
fact's badge and its number of independent sources), never on the page it is on, so
the item is memoised under exactly those.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.site.incremental import Recorder

MACROS = "partials/macros.html"
"""The theme template whose `fact_item` macro is memoised."""

MAX_ITEMS = 100_000
"""Items kept per process (oldest dropped first): ~0.8 KB each, so at most ~80 MB."""


class FactItems:
    """The `fact_item(fact, analysis)` template global: the theme's macro, memoised.

    An incremental build records which entries of the site-wide mappings each page
    reads; the lookups the macro made when it rendered an item are kept with it and
    recorded again for every page that reuses the item (see `recorder`).
    """

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._macro: Any = None
        self._items: dict[tuple[object, ...], tuple[object, Markup, dict[str, set[str] | None]]] = {}
        self.recorder: Recorder | None = None
        """Set by an incremental render (site.render) while it records pages' lookups."""

    def __call__(self, fact: Any, analysis: Any = None) -> Markup:
        """The macro's HTML for this fact, rendered on first use."""
        if analysis:
            key: tuple[object, ...] = (id(fact), analysis.badge(fact), len(analysis.independent_sources(fact)))
        else:  # without an analysis the item shows only the number of sources cited
            key = (id(fact),)
        known = self._items.get(key)
        recorder = self.recorder
        if known is not None and known[0] is fact:
            if recorder is not None and known[2]:
                _merge(recorder, known[2])
            return known[1]
        if self._macro is None:
            module: Any = self._env.get_template(MACROS).make_module()
            self._macro = module.fact_item
        html: Markup
        if recorder is None:
            html, lookups = self._macro(fact, analysis), {}
        else:
            saved, recorder.lookups = recorder.lookups, {}
            try:
                html = self._macro(fact, analysis)
            finally:
                lookups, recorder.lookups = recorder.lookups, saved
            _merge(recorder, lookups)
        if len(self._items) >= MAX_ITEMS:
            del self._items[next(iter(self._items))]
        self._items[key] = (fact, html, lookups)
        return html


def _merge(recorder: Recorder, lookups: dict[str, set[str] | None]) -> None:
    """Record again the lookups an item made when it was rendered."""
    for name, keys in lookups.items():
        if keys is None:
            recorder.everything(name)
        else:
            for key in keys:
                recorder.key(name, key)
