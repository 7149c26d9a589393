"""A fact's list item is rendered once per process and reused; pages reusing it still record its lookups."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import DictLoader, Environment

from generator.site.fragments import MACROS, FactItems
from generator.site.incremental import Recorder, RecordingMapping

ITEM = (
    "{% macro fact_item(fact, analysis=None) -%}"
    "<li>{{ names[fact.id] }}{% if analysis %} {{ analysis.badge(fact) }}"
    " {{ analysis.independent_sources(fact)|length }}{% endif %} [{{ counter() }}]</li>"
    "{%- endmacro %}"
)

NAMES = {"f1": "<b>one</b>", "f2": "two"}


@dataclass(frozen=True)
class Fact:
    id: str


class Badges:
    def __init__(self, badge: str, independent: tuple[str, ...]) -> None:
        self._badge, self._independent = badge, independent

    def badge(self, fact: Fact) -> str:
        return self._badge

    def independent_sources(self, fact: Fact) -> tuple[str, ...]:
        return self._independent


def _env() -> tuple[Environment, list[int]]:
    env = Environment(loader=DictLoader({MACROS: ITEM}), autoescape=True)
    calls: list[int] = []

    def counter() -> int:
        calls.append(1)
        return len(calls)

    env.globals["counter"] = counter
    env.globals["names"] = NAMES
    return env, calls


def test_an_item_is_rendered_once_and_reused_with_the_same_html() -> None:
    env, calls = _env()
    items = FactItems(env)
    fact = Fact("f1")
    first = items(fact, Badges("ok", ("a", "b")))
    assert first == "<li>&lt;b&gt;one&lt;/b&gt; ok 2 [1]</li>"
    assert items(fact, Badges("ok", ("b", "c"))) == first  # another page's analysis, same answers
    assert len(calls) == 1


def test_an_item_is_rendered_again_when_the_analysis_answers_differently() -> None:
    env, calls = _env()
    items = FactItems(env)
    fact = Fact("f1")
    assert items(fact, Badges("ok", ("a",))) == "<li>&lt;b&gt;one&lt;/b&gt; ok 1 [1]</li>"
    assert items(fact, Badges("warn", ("a",))) == "<li>&lt;b&gt;one&lt;/b&gt; warn 1 [2]</li>"
    assert items(fact, Badges("ok", ("a", "b"))) == "<li>&lt;b&gt;one&lt;/b&gt; ok 2 [3]</li>"
    assert items(fact) == "<li>&lt;b&gt;one&lt;/b&gt; [4]</li>"
    assert items(Fact("f1")) == "<li>&lt;b&gt;one&lt;/b&gt; [5]</li>"  # an equal but other object
    assert len(calls) == 5


def test_a_page_reusing_an_item_records_the_lookups_the_item_made() -> None:
    env, _ = _env()
    recorder = Recorder()
    env.globals["names"] = RecordingMapping("g:names", NAMES, recorder)
    items = FactItems(env)
    items.recorder = recorder
    one, two = Fact("f1"), Fact("f2")
    recorder.reset()
    items(one)
    items(two)
    assert recorder.result() == {"g:names": ["f1", "f2"]}
    recorder.reset()
    items(two)  # reused: the page still depends on names["f2"]
    assert recorder.result() == {"g:names": ["f2"]}
