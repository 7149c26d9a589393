"""The `[[fact-id]]` reference syntax (fixture files) and its rendering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.content.factrefs import find_refs, make_parser, render

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "factrefs"


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.md")))
def test_references_and_their_lines(name: str) -> None:
    text = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    expected = [(tuple(ids), line) for ids, line in json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))]
    assert find_refs(make_parser(), text) == expected


def test_reference_renders_through_the_callback() -> None:
    html = render(make_parser(), "Claim [[x-1, y-2]].", lambda ids: f"<sup>{'|'.join(ids)}</sup>")
    assert html == "<p>Claim <sup>x-1|y-2</sup>.</p>\n"


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render(make_parser(), 'Text <script>alert("x")</script> [[a]]', lambda ids: "[ref]")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_malformed_reference_is_reported_with_its_line(tmp_path: Path) -> None:
    from generator.content.briefings import load_briefings
    from generator.problems import Problems

    (tmp_path / "x.md").write_text(
        "---\ntitle: T\nsummary: A summary long enough for the schema.\ntopic: arms-transfers\n"
        'as_of: "2025-01-01"\nupdated: "2025-01-02"\n---\nText [[Bad Id]].\n',
        encoding="utf-8",
    )
    problems = Problems()
    load_briefings(tmp_path, {}, problems)
    assert [str(p) for p in problems.items] == [
        f"{tmp_path}/x.md:8: error: bad fact reference '[[Bad Id]]'\n    hint: write [[fact-id]] or [[fact-a, fact-b]]"
    ]
