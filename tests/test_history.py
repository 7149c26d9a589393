"""The history of changes read from git: per briefing, per fact, and what happens without it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from generator.site.history import read_history
from tests.sample import write_sample

SHEET = """facts:
  - id: first-fact
    statement: The office counted 12 crates.
    status: reported
  - id: second-fact
    statement: The port reopened.
    status: reported
"""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(root: Path, *args: str, date: str = "2025-03-05T10:00:00+00:00") -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(root)}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "project"
    (root / "content" / "briefings").mkdir(parents=True)
    (root / "content" / "facts").mkdir()
    (root / "content" / "briefings" / "harbour.md").write_text("---\ntitle: Harbour\n---\nText.\n")
    (root / "content" / "facts" / "harbour.yaml").write_text(SHEET)
    (root / "README.md").write_text("not content\n")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "First facts and the harbour briefing", date="2025-03-01T09:00:00+00:00")
    (root / "content" / "facts" / "harbour.yaml").write_text(SHEET.replace("12 crates", "14 crates"))
    (root / "README.md").write_text("still not content\n")
    _git(root, "commit", "-q", "-am", "Correct the crate count", date="2025-03-04T09:00:00+00:00")
    (root / "content" / "briefings" / "harbour.md").write_text("---\ntitle: Harbour\n---\nText, revised.\n")
    _git(root, "commit", "-q", "-am", "Revise the harbour briefing", date="2025-03-05T09:00:00+00:00")
    return root


def test_changes_per_briefing_and_per_fact_newest_first(repo: Path) -> None:
    history = read_history(repo, repo / "content" / "briefings", repo / "content" / "facts")
    assert history.available and not history.reason
    briefing = history.briefings["harbour"]
    assert [(c.date, c.what, c.summary) for c in briefing] == [
        ("2025-03-05", "Revised", "Revise the harbour briefing"),
        ("2025-03-01", "Added", "First facts and the harbour briefing"),
    ]
    assert [(c.date, c.what) for c in history.facts["first-fact"]] == [
        ("2025-03-04", "Changed statement"),
        ("2025-03-01", "Added"),
    ]
    # A fact the correction did not touch has only its first commit.
    assert [c.what for c in history.facts["second-fact"]] == ["Added"]
    assert all(len(c.commit) == 10 for c in briefing)


def test_outside_a_repository_the_history_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    history = read_history(tmp_path, tmp_path / "content" / "briefings", tmp_path / "content" / "facts")
    assert not history.available
    assert history.reason == "the site was built outside a git repository"


def test_a_shallow_clone_says_its_history_is_cut_off(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    history = read_history(clone, clone / "content" / "briefings", clone / "content" / "facts")
    assert not history.available
    assert "shallow clone" in history.reason


def test_without_git_the_history_is_unavailable(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-bin"))
    history = read_history(repo, repo / "content" / "briefings", repo / "content" / "facts")
    assert not history.available
    assert history.reason == "git is not installed where the site was built"


def test_fact_changes_stop_at_the_byte_limit_and_say_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "generator.site.history.SHEET_BYTES_LIMIT", len(SHEET)
    )  # less than the two versions of the sheet
    history = read_history(repo, repo / "content" / "briefings", repo / "content" / "facts")
    assert history.available and history.limited
    assert history.facts == {}, "the commit with the sheet's two versions is beyond the limit"
    assert [c.what for c in history.briefings["harbour"]] == ["Revised", "Added"], "briefings are not limited"


def test_a_built_briefing_and_fact_show_their_changes(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = write_sample(tmp_path / "project")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Harbour briefing & its facts", date="2025-03-06T09:00:00+00:00")
    output = tmp_path / "out"
    build_site(BuildOptions(root=root, output=output, search=False))
    briefing = (output / "briefings" / "arms-transfers" / "index.html").read_text(encoding="utf-8")
    history = briefing[briefing.index('id="history-section"') :]
    assert '<time datetime="2025-03-06">6 March 2025</time> · Added: Harbour briefing &amp; its facts' in history
    assert '<a href="#history" class="history-link">' in briefing
    fact = (output / "facts" / "containers-february" / "index.html").read_text(encoding="utf-8")
    assert '<dt>Last changed</dt><dd><a href="#history"><time datetime="2025-03-06">' in fact
    assert "6 March 2025</time> · Added: Harbour briefing &amp; its facts" in fact
