"""Every command and make target a user can run is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = _parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    return sorted(subparsers.choices)  # type: ignore[arg-type]


def test_every_briefing_command_is_documented() -> None:
    commands = _commands()
    assert commands == ["build", "check", "diff", "extract", "ingest", "init", "serve", "show"]
    for command in commands:
        assert f"`briefing {command}" in README, command


def test_every_make_target_is_documented() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, re.MULTILINE)
    assert phony is not None
    for target in phony.group(1).split():
        if target in ("help", "test-fast", "typecheck", "lint"):
            continue
        assert f"`make {target}`" in README, target


def test_fresh_machine_commands_come_first() -> None:
    first_block = README.split("```", 2)[1]
    assert first_block.strip().splitlines()[1:] == [
        "make build   # creates .venv if missing, installs the project, builds the site into output/",
        "make test    # installs what the tests need (Chromium, npm validators) and runs every test",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
