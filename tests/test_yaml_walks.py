"""The walk for documents without anchors gives exactly what the general walk gives."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from generator.content.yamlio import Mapping, Sequence, _Loader
from tests.test_properties import BOUNDED, YAML_TEXT


def _walked(text: str, anchors_possible: bool) -> tuple[str, Any]:
    """("ok", value with every mark) or ("error", message and mark) from one walk, as yaml.load runs it."""
    loader = _Loader(text)
    loader.anchors_possible = anchors_possible
    try:
        return "ok", _with_marks(loader.get_single_data())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return "error", (type(exc).__name__, getattr(exc, "problem", str(exc)), mark and (mark.line, mark.column))
    except ValueError as exc:
        return "error", str(exc)
    finally:
        loader.dispose()


def _with_marks(value: Any) -> Any:
    if isinstance(value, Mapping):
        return ("map", value.start, [(k, value.mark(k), _with_marks(v)) for k, v in value.items()])
    if isinstance(value, Sequence):
        return ("seq", value.start, [(value.mark(i), _with_marks(v)) for i, v in enumerate(value)])
    return (type(value).__name__, value)


CASES = [
    "facts:\n  - id: a\n    topics: [x, y]\n    n: 3\n    f: 1.5\n    ok: yes\n    none: ~\n",
    "a: 1\nb:\n  - [1, 2]\n  - {c: d}\n1: int key\nnull: key\n",
    "a: 1\na: 2\n",
    "a: !!set {x}\n",
    "a: !!binary aGVsbG8=\n",
    "? [a]\n: b\n",
    "- " * 70 + "x\n",
    "a: 2023-09-12\nb: 0x1f\nc: .inf\nd: ''\ne:\n",
    "a: [\n",
]


@pytest.mark.parametrize("text", CASES)
def test_walks_agree_on_documents_without_anchors(text: str) -> None:
    assert "&" not in text
    assert _walked(text, False) == _walked(text, True)


def test_a_document_spelling_an_anchor_takes_the_general_walk() -> None:
    assert _Loader("a: &x [1]\nb: *x\n").anchors_possible
    assert _Loader(b"a: &x 1\n").anchors_possible
    assert not _Loader("a: [1]\nb: x\n").anchors_possible


@BOUNDED
@given(st.one_of(st.text(max_size=400), YAML_TEXT).filter(lambda text: "&" not in text))
def test_walks_agree_on_any_text_without_anchors(text: str) -> None:
    assert _walked(text, False) == _walked(text, True)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yes",
        "No",
        "TRUE",
        "off",
        "1",
        "0x1f",
        "0o7",
        "1_000",
        "1.5",
        ".inf",
        "-.NaN",
        "~",
        "null",
        "2023-09-12",
        "<<",
        "=",
        "text",
        "-1",
        "+1",
        "!x",
        "*a",
        "&a",
        "19:30",
        "y",
    ],
)
def test_the_resolver_gives_pyyaml_tags(value: str) -> None:
    loader = _Loader("")
    try:
        for implicit in ((True, False), (False, True), (False, False)):
            assert loader.resolve(ScalarNode, value, implicit) == BaseResolver.resolve(
                loader, ScalarNode, value, implicit
            )
        for kind in (SequenceNode, MappingNode):
            assert loader.resolve(kind, None, (True, False)) == BaseResolver.resolve(loader, kind, None, (True, False))
    finally:
        loader.dispose()
