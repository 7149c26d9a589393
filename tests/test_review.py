"""The editor's path end to end: add an article, cite it, review with `briefing diff`, build the site."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from generator.cli import main
from generator.review import review_diff
from generator.sources import read_seed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FACT_ID = "test-gazette-sample-inventory"
QUOTE = "the Office of Sample Records counted 12 empty crates during a routine inventory drill"

# A clearly synthetic article: a made-up outlet reporting a made-up office's drill.
ARTICLE = """\
Sample office completes inventory drill
Published: 5 Jan. 2026, 09:00
This is a synthetic article written for the test suite; it reports nothing real.
In a statement on Monday, the Office of Sample Records counted 12 empty crates during a routine inventory drill, the Test Gazette reported.
The office said the drill would be repeated next year with the same number of crates.
"""

FACT_SHEET = """\
facts:
  - id: {fact}
    statement: >-
      According to the Test Gazette, the Office of Sample Records counted 12
      empty crates during a routine inventory drill.
    date: "2026-01-05"
    date_precision: day
    kind: figure
    status: reported
    topics: [arms-transfers]
    citations:
      - source: {source}
        quote: "{quote}"
"""

BRIEFING_SENTENCE = (
    "\nIn a synthetic test report, the Test Gazette said an office counted 12 empty crates in a drill [[{fact}]].\n"
)


@dataclass(frozen=True)
class Added:
    """The article an editor added: its seed file and source id."""

    seed: str
    source_id: str

    def fact_sheet(self, quote: str = QUOTE) -> str:
        return FACT_SHEET.format(fact=FACT_ID, source=self.source_id, quote=quote)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(project_copy: Path) -> Path:
    """The project inputs committed in a fresh git repository."""
    _git(project_copy, "init", "--quiet", "--initial-branch=main")
    _git(project_copy, "add", "--all")
    _git(project_copy, "commit", "--quiet", "-m", "Start")
    return project_copy


def ingest_article(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Added:
    """Run `briefing ingest` on the raw article; return what it drafted."""
    raw = tmp_path / "test-gazette.txt"
    raw.write_text(ARTICLE, encoding="utf-8")
    assert main(["--root", str(repo), "ingest", str(raw)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    match = re.fullmatch(r"added seeds/(\S+) and draft (\S+): review it, then delete needs_review", line)
    assert match, line
    sidecar = Path(match.group(2))
    assert "needs_review: true" in sidecar.read_text(encoding="utf-8").splitlines()
    return Added(match.group(1), sidecar.stem)


def review_and_cite(repo: Path, added: Added) -> None:
    """What an editor does next: review the sidecar, add a fact quoting it, reference the fact in a briefing."""
    sidecar = repo / "content" / "sources" / f"{added.source_id}.yaml"
    draft = sidecar.read_text(encoding="utf-8").splitlines()
    reviewed = [
        'outlet: "Test Gazette"' if line.startswith("outlet:") else line
        for line in draft
        if line != "needs_review: true"
    ]
    sidecar.write_text("\n".join(reviewed) + "\n", encoding="utf-8")
    (repo / "content" / "facts" / "test-gazette.yaml").write_text(added.fact_sheet(), encoding="utf-8")
    with (repo / "content" / "briefings" / "arms-transfers.md").open("a", encoding="utf-8") as briefing:
        briefing.write(BRIEFING_SENTENCE.format(fact=FACT_ID))


def add_article(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Added:
    """Ingest, review and cite the synthetic article."""
    added = ingest_article(repo, tmp_path, capsys)
    review_and_cite(repo, added)
    return added


def quoted_paragraph_anchor(seed: Path) -> str:
    """Anchor of the clean paragraph holding the quote, as the parser numbers it."""
    (paragraph,) = [p for p in read_seed(seed).paragraphs if QUOTE in p.text]
    return paragraph.anchor


def run_diff(repo: Path, rev: str, capsys: pytest.CaptureFixture[str]) -> tuple[list[str], int]:
    status = main(["--root", str(repo), "diff", rev])
    return capsys.readouterr().out.splitlines(), status


def test_editor_adds_an_article_reviews_the_diff_and_builds(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = ingest_article(repo, tmp_path, capsys)
    draft_lines, draft_status = run_diff(repo, "HEAD", capsys)
    review_and_cite(repo, added)

    lines, status = run_diff(repo, "HEAD", capsys)

    assert draft_status == 0
    assert any(f"source '{added.source_id}' is a draft that still needs review" in line for line in draft_lines)
    assert status == 0, "\n".join(lines)
    assert lines[0].startswith("# Content review: working tree against HEAD (")
    assert (
        f"- added fact `{FACT_ID}` (reported): According to the Test Gazette, the Office of Sample Records "
        "counted 12 empty crates during a routine inventory drill."
    ) in lines
    assert f"- added source `{added.source_id}`: Sample office completes inventory drill (seeds/{added.seed})" in lines
    assert f"- changed content/briefings/arms-transfers.md (references added: `{FACT_ID}`)" in lines
    assert "- the working tree checks clean" in lines
    assert not any(line.startswith("- removed") for line in lines)

    output = tmp_path / "out"
    build_site(BuildOptions(root=repo, output=output, search=False))
    page = (output / "facts" / FACT_ID / "index.html").read_text(encoding="utf-8")
    assert QUOTE in page
    anchor = quoted_paragraph_anchor(repo / "seeds" / added.seed)
    assert f'href="/sources/{added.source_id}/#q-{FACT_ID}-1"' in page  # the quote's own anchor
    source_page = (output / "sources" / added.source_id / "index.html").read_text(encoding="utf-8")
    assert f'id="{anchor}"' in source_page
    assert f'id="q-{FACT_ID}-1"' in source_page


def test_changed_quote_and_status_show_old_and_new(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = add_article(repo, tmp_path, capsys)
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "Add the Test Gazette")
    new_quote = "The office said the drill would be repeated next year"
    sheet = repo / "content" / "facts" / "test-gazette.yaml"
    sheet.write_text(added.fact_sheet(new_quote).replace("status: reported", "status: confirmed"), encoding="utf-8")

    lines, status = run_diff(repo, "HEAD", capsys)

    assert status == 0, "\n".join(lines)
    assert f"- changed fact `{FACT_ID}`:" in lines
    assert '  - status: "reported" → "confirmed"' in lines
    assert f'  - quote removed: {added.source_id} "{QUOTE}"' in lines
    assert f'  - quote added: {added.source_id} "{new_quote}"' in lines


def test_broken_quote_is_listed_under_check_with_status_1(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = add_article(repo, tmp_path, capsys)
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "Add the Test Gazette")
    sheet = repo / "content" / "facts" / "test-gazette.yaml"
    sheet.write_text(added.fact_sheet(QUOTE.replace("12 empty", "13 empty")), encoding="utf-8")

    lines, status = run_diff(repo, "HEAD", capsys)

    assert status == 1
    assert f"- fact `{FACT_ID}` is still in the fact sheets but fails the check: see Check below" in lines
    check = lines[lines.index("## Check") :]
    assert f"- content/facts/test-gazette.yaml:13:9: error: quote not found in source '{added.source_id}'" in check
    assert any(line.startswith("Check fails: ") for line in check)


def test_unknown_revision_gives_status_2(repo: Path) -> None:
    text, status = review_diff(repo, "no-such-branch")

    assert status == 2
    assert text.startswith(f"error: unknown revision 'no-such-branch' in {repo}")


def test_diff_against_the_same_revision_reports_no_changes(repo: Path) -> None:
    text, status = review_diff(repo, "HEAD")

    assert status == 0
    assert text.count("- no changes") == 4
