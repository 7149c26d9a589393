"""The editor's path end to end: add an article, cite it, review with `briefing diff`, build the site."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from generator.cli import main
from generator.ingest.seeds import read_seed
from generator.review.command import review_diff

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
        f"- added fact `{FACT_ID}` (content/facts/test-gazette.yaml): According to the Test Gazette, the Office "
        "of Sample Records counted 12 empty crates during a routine inventory drill."
    ) in lines
    assert '  - date: "2026-01-05"' in lines
    assert '  - date\\_precision: "day"' not in lines  # field names are not escaped
    assert '  - date_precision: "day"' in lines
    assert f'  - quote from `{added.source_id}`: "{QUOTE}"' in lines
    assert (
        f"- added source `{added.source_id}` (content/sources/{added.source_id}.yaml): "
        f"Sample office completes inventory drill (seeds/{added.seed})"
    ) in lines
    assert f"- added seeds/{added.seed} (sha256 " in "\n".join(lines)
    assert f"  - references added: `{FACT_ID}`" in lines
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
    assert (
        f"  - quote from `{added.source_id}` changed: ~~the Office of Sample Records counted 12 empty crates during "
        "a routine inventory drill~~ **The office said the drill would be repeated next year**"
    ) in lines


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
    assert not any(line.startswith("- removed fact") for line in lines)
    check = lines[lines.index("## Check") :]
    assert "- at HEAD: 0 error(s), 0 warning(s)" in check
    assert "- working tree: 1 error(s), 0 warning(s)" in check
    assert f"- content/facts/test-gazette.yaml:13:9: error: quote not found in source '{added.source_id}'" in check
    assert any(line.startswith("Check fails: ") for line in check)


def test_unknown_revision_gives_status_2(repo: Path) -> None:
    text, status = review_diff(repo, "no-such-branch")

    assert status == 2
    assert text.startswith(f"error: unknown revision 'no-such-branch' in {repo}")


def test_diff_against_the_same_revision_reports_no_changes(repo: Path) -> None:
    text, status = review_diff(repo, "HEAD")

    assert status == 0
    assert text.count("- no changes") == 6
    assert "Changes: no content changes." in text


@pytest.fixture
def committed(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Added:
    """The synthetic article, its fact and briefing sentence, committed."""
    added = add_article(repo, tmp_path, capsys)
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "Add the Test Gazette")
    return added


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def section(lines: list[str], title: str) -> list[str]:
    start = lines.index(f"## {title}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 1 : end]


def test_every_changed_sidecar_field_is_shown(repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]) -> None:
    sidecar = repo / "content" / "sources" / f"{committed.source_id}.yaml"
    edit(sidecar, 'outlet: "Test Gazette"', 'outlet: "The Test Gazette"')
    text = sidecar.read_text(encoding="utf-8")
    authors = next(line for line in text.splitlines() if line.startswith("authors:"))
    edit(sidecar, authors, "authors: [Sam Ple]")

    lines, _ = run_diff(repo, "HEAD", capsys)

    sources = section(lines, "Sources")
    assert f"- changed source `{committed.source_id}`:" in sources
    assert '  - outlet: "Test Gazette" → "The Test Gazette"' in sources
    assert '  - authors: added "Sam Ple"' in "\n".join(sources)


def test_entities_added_and_aliases_changed(repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]) -> None:
    entities = repo / "content" / "entities.yaml"
    with entities.open("a", encoding="utf-8") as handle:
        handle.write("  - id: sample-records-office\n    name: Office of Sample Records\n    kind: organisation\n")
        handle.write("    role: A synthetic office\n    aliases: [Sample Office]\n")
    _git(repo, "commit", "--quiet", "--all", "-m", "Add the office")
    edit(entities, "aliases: [Sample Office]", "aliases: [Sample Office, OSR]")

    lines, _ = run_diff(repo, "HEAD", capsys)

    assert section(lines, "Entities")[:3] == [
        "",
        "- changed entity `sample-records-office`:",
        '  - aliases: added "OSR"',
    ]
    lines, _ = run_diff(repo, "HEAD~1", capsys)
    assert "- added entity `sample-records-office` (content/entities.yaml): Office of Sample Records" in lines
    assert '  - aliases: `["Sample Office", "OSR"]`' in lines


def test_a_one_word_statement_change_is_a_word_diff(
    repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = repo / "content" / "facts" / "test-gazette.yaml"
    edit(sheet, "counted 12\n", "counted twelve\n")
    edit(sheet, "date_precision: day", "date_precision: month")

    lines, _ = run_diff(repo, "HEAD", capsys)

    facts = section(lines, "Facts")
    assert f"- changed fact `{FACT_ID}`:" in facts
    assert (
        "  - statement: … Test Gazette, the Office of Sample Records counted ~~12~~ **twelve** empty crates "
        "during a routine inventory drill."
    ) in facts
    assert '  - date_precision: "day" → "month"' in facts


def test_a_renamed_fact_is_one_rename(repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = repo / "content" / "facts" / "test-gazette.yaml"
    edit(sheet, f"- id: {FACT_ID}", "- id: gazette-crates-counted")
    edit(repo / "content" / "briefings" / "arms-transfers.md", f"[[{FACT_ID}]]", "[[gazette-crates-counted]]")

    lines, status = run_diff(repo, "HEAD", capsys)

    assert status == 0, "\n".join(lines)
    assert section(lines, "Facts")[1:] == [
        f"- renamed fact `{FACT_ID}` → `gazette-crates-counted` (nothing else changed)",
        "",
    ]


def test_a_removed_fact_names_its_statement(repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content" / "facts" / "test-gazette.yaml").write_text("facts: []\n", encoding="utf-8")

    lines, _ = run_diff(repo, "HEAD", capsys)

    assert any(line.startswith(f"- removed fact `{FACT_ID}` (content/facts/test-gazette.yaml): ") for line in lines)


def test_briefing_prose_is_a_word_diff_by_section(
    repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]
) -> None:
    briefing = repo / "content" / "briefings" / "arms-transfers.md"
    edit(briefing, "counted 12 empty crates in a drill", "counted a dozen empty crates in a drill")
    title = [line for line in briefing.read_text(encoding="utf-8").splitlines() if line.startswith("## ")][-1][3:]

    lines, _ = run_diff(repo, "HEAD", capsys)

    briefings = section(lines, "Briefings")
    assert "- changed content/briefings/arms-transfers.md:" in briefings
    change = next(line for line in briefings if line.startswith(f"  - section {title}: "))
    assert "counted ~~12~~ **a dozen** empty crates in a drill" in change


def test_a_seed_whose_bytes_changed_is_flagged(
    repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = repo / "seeds" / committed.seed
    seed.write_bytes(seed.read_bytes().replace(b"12 empty", b"13 empty"))
    sums = repo / "seeds" / "SHA256SUMS"
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    old_line = next(line for line in sums.read_text(encoding="utf-8").splitlines() if line.endswith(committed.seed))
    edit(sums, old_line, f"{digest}  {committed.seed}")

    lines, _ = run_diff(repo, "HEAD", capsys)

    seeds = section(lines, "Seeds")
    assert any(line.startswith(f"- **bytes changed** in seeds/{committed.seed} (sha256 ") for line in seeds)
    assert f'- SHA256SUMS line added: "{digest}  {committed.seed}"' in seeds
    assert f'- SHA256SUMS line removed: "{old_line}"' in seeds


def test_check_results_before_and_after(repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = repo / "content" / "facts" / "test-gazette.yaml"
    edit(sheet, "status: reported", "status: rumoured")
    _git(repo, "commit", "--quiet", "--all", "-m", "Break it")
    edit(sheet, "date_precision: day", "date_precision: fortnight")

    lines, status = run_diff(repo, "HEAD", capsys)

    assert status == 1
    check = section(lines, "Check")
    assert "- at HEAD: 1 error(s), 0 warning(s)" in check
    assert "- working tree: 2 error(s), 0 warning(s)" in check
    assert sum(line.endswith(" (already at the revision)") for line in check) == 1


def test_a_renamed_and_reworded_fact_is_one_rename_with_its_changes(
    repo: Path, committed: Added, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = repo / "content" / "facts" / "test-gazette.yaml"
    edit(sheet, f"- id: {FACT_ID}", "- id: gazette-crates-counted")
    edit(sheet, "counted 12\n", "counted twelve\n")

    lines, _ = run_diff(repo, "HEAD", capsys)

    facts = section(lines, "Facts")
    assert facts[1] == f"- renamed fact `{FACT_ID}` → `gazette-crates-counted`:"
    assert facts[2].startswith("  - statement: … ") and "counted ~~12~~ **twelve** empty" in facts[2]


def test_text_pages_are_reviewed_like_briefings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = sorted((repo / "content" / "pages").glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added by the test.\n", encoding="utf-8")

    lines, _ = run_diff(repo, "HEAD", capsys)

    pages = section(lines, "Pages")
    assert pages[1] == f"- changed content/pages/{page.name}:"
    assert pages[2].endswith("**A sentence added by the test.**")
