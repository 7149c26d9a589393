"""Rules carry their own behaviour: the parser runs the list and never asks a rule's name."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.ingest import furniture, seeds
from generator.model import Detected


def test_a_new_rule_works_without_touching_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def issue(detected: Detected, match: re.Match[str]) -> Detected:
        return replace(detected, outlet=f"Edition {match.group('value')}")

    rule = furniture.Rule(
        "issue-line", "metadata", re.compile(r"^Issue no\. (?P<value>\d+)$"), "issue number", apply=issue
    )
    rules = (rule, *furniture._ALL_RULES)
    monkeypatch.setattr(furniture, "_ALL_RULES", rules)
    monkeypatch.setattr(furniture, "_ANY_RULE", furniture._any_rule_patterns(rules))
    text = b"Headline here\n\nIssue no. 42\n\nThe article says what it says, at some length, in a sentence.\n"
    parsed = seeds.parse_seed(text, Path("a.txt"))
    assert parsed.detected.outlet == "Edition 42"
    assert ("issue-line", "issue number") in {(r.rule, r.reason) for r in parsed.removed}


def test_a_rule_can_turn_down_a_match() -> None:
    assert furniture.classify("- JOHN SMITH") is not None
    assert furniture.classify("- SEE THE FULL LIST OF EVERY NAMED OFFICIAL HERE") is None


def test_furniture_adds_no_metadata_and_header_rules_add_some() -> None:
    assert all(rule.apply is furniture._nothing for rule in furniture.RULES)
    assert all(rule.apply is not furniture._nothing for rule in furniture.HEADER_RULES)
