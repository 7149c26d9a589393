"""The live preview's per-file updates: after each kind of edit, the same problems, content and pages
as a load from scratch; pages planned one by one equal the site's plan."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.analysis import analyse
from generator.content.load import load_content, load_content_parts
from generator.content.patch import patch_content, unpatched_reason
from generator.problems import Problems
from generator.serve.preview import Preview
from generator.site import stages, urls
from generator.site.history import head_state
from generator.site.plan_url import lazy_index, plan_page

Edit = Callable[[Path], list[Path]]


def _sheets(root: Path) -> list[Path]:
    return sorted((root / "content" / "facts").glob("*.yaml"))


def _first_fact(root: Path) -> dict[str, object]:
    fact = yaml.safe_load(_sheets(root)[0].read_text(encoding="utf-8"))["facts"][0]
    assert isinstance(fact, dict)
    return fact


def edit_statement(root: Path) -> list[Path]:
    sheet = _sheets(root)[0]
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(re.sub(r"(statement: >-\n\s+)", r"\1Patched marker: ", text, count=1), encoding="utf-8")
    return [sheet]


def break_quote(root: Path) -> list[Path]:
    sheet = _sheets(root)[0]
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace('quote: "', 'quote: "words no seed has ', 1), encoding="utf-8")
    return [sheet]


def rename_cited_fact(root: Path) -> list[Path]:
    briefing = sorted((root / "content" / "briefings").glob("*.md"))[0]
    cited = re.search(r"\[\[([a-z0-9-]+)", briefing.read_text(encoding="utf-8"))
    assert cited is not None
    for sheet in _sheets(root):
        text = sheet.read_text(encoding="utf-8")
        if f"- id: {cited.group(1)}\n" in text:
            sheet.write_text(text.replace(f"- id: {cited.group(1)}\n", f"- id: {cited.group(1)}-renamed\n"), "utf-8")
            return [sheet]
    raise AssertionError("no sheet defines the cited fact")


def _new_sheet(root: Path, fact: dict[str, object]) -> list[Path]:
    sheet = root / "content" / "facts" / "zz-new.yaml"
    sheet.write_text(yaml.safe_dump({"facts": [fact]}, allow_unicode=True), encoding="utf-8")
    return [sheet]


def add_sheet(root: Path) -> list[Path]:
    return _new_sheet(root, {**_first_fact(root), "id": "a-new-fact"})


def add_sheet_with_a_duplicate_id(root: Path) -> list[Path]:
    return _new_sheet(root, _first_fact(root))


def delete_sheet(root: Path) -> list[Path]:
    sheet = _sheets(root)[-1]
    sheet.unlink()
    return [sheet]


def edit_briefing(root: Path) -> list[Path]:
    briefing = sorted((root / "content" / "briefings").glob("*.md"))[-1]
    briefing.write_text(briefing.read_text(encoding="utf-8") + "\nA patched closing line.\n", encoding="utf-8")
    return [briefing]


def edit_text_page(root: Path) -> list[Path]:
    page = sorted((root / "content" / "pages").glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nA patched page line.\n", encoding="utf-8")
    return [page]


def rewrite(path: Path, pattern: str, replacement: str) -> list[Path]:
    """Replace the first match of `pattern` in a file, as an editor's save would."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, replacement, text, count=1), encoding="utf-8")
    return [path]


def edit_sidecar(root: Path) -> list[Path]:
    sidecar = sorted((root / "content" / "sources").glob("*.yaml"))[0]
    return rewrite(sidecar, r"(?m)^outlet: .*$", "outlet: A Patched Outlet")


def edit_entity_alias(root: Path) -> list[Path]:
    return rewrite(root / "content" / "entities.yaml", r"aliases: \[", "aliases: [A Patched Alias, ")


def drop_entity_alias(root: Path) -> list[Path]:
    """An alias the sources use, dropped: the spellings found in the sources change."""
    return rewrite(root / "content" / "entities.yaml", r"aliases: \[[^],]+(, |\])", "aliases: [")


def rename_entity(root: Path) -> list[Path]:
    return rewrite(root / "content" / "entities.yaml", r"(?m)^(  - id: )(\S+)$", r"\1\2-renamed")


def edit_seed(root: Path) -> list[Path]:
    seed = sorted(p for p in (root / "seeds").iterdir() if p.name != "SHA256SUMS")[0]
    seed.write_bytes(seed.read_bytes() + b"\nAn added line.\n")
    return [seed]


def add_unread_file(root: Path) -> list[Path]:
    stray = root / "content" / "facts" / "notes.yml"
    stray.write_text("facts: []\n", encoding="utf-8")
    return [stray]


def save_through_a_temporary_file(root: Path) -> list[Path]:
    sheet = _sheets(root)[0]
    temporary = sheet.with_name(sheet.name + ".tmp1234")  # as some editors and tools save
    text = re.sub(r"(statement: >-\n\s+)", r"\1Saved through a temporary: ", sheet.read_text(encoding="utf-8"), count=1)
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(sheet)
    return [sheet, temporary]


PATCHED = [
    edit_statement,
    break_quote,
    rename_cited_fact,
    add_sheet,
    add_sheet_with_a_duplicate_id,
    delete_sheet,
    edit_briefing,
    edit_text_page,
    save_through_a_temporary_file,
    edit_entity_alias,
    drop_entity_alias,
]
LOADED_AGAIN = [edit_sidecar, rename_entity, edit_seed, add_unread_file]
SEEN: dict[Edit, str] = {
    # What each edit must show (a problem's message, or a page's text), so no comparison is of nothing.
    edit_statement: "Patched marker: ",
    break_quote: "words no seed has",
    rename_cited_fact: "unknown fact",
    add_sheet: "a-new-fact",
    add_sheet_with_a_duplicate_id: "duplicate fact id",
    delete_sheet: "unknown fact",
    edit_briefing: "A patched closing line.",
    edit_text_page: "A patched page line.",
    save_through_a_temporary_file: "Saved through a temporary: ",
    edit_sidecar: "A Patched Outlet",
    edit_entity_alias: "A Patched Alias",
    rename_entity: "unknown entity",
    edit_seed: "SHA256SUMS",
    add_unread_file: "notes.yml",
}


def _compared_pages(preview: Preview) -> list[str]:
    """Every page but the fact and entity pages, plus those of the first fact and the new or renamed facts."""
    content = preview.content
    assert content is not None
    plan = stages.plan(content, analyse(content), stages.site_settings("", "", content))
    first = next(iter(content.facts.values()))
    facts = {first.id, "a-new-fact", *(i for i in content.facts if i.endswith("-renamed"))}
    pages = [
        page.path
        for page in plan.pages
        if page.kind not in {"fact", "entity"} or page.path in {urls.fact(f) for f in facts}
    ]
    pages += [urls.entity(e) for e in first.entity_ids]
    return [urls.save_as(path) for path in pages]


@pytest.mark.parametrize("edit", PATCHED + LOADED_AGAIN, ids=lambda edit: edit.__name__)
def test_an_updated_preview_equals_one_started_after_the_edit(project_copy: Path, tmp_path: Path, edit: Edit) -> None:
    before = Preview(project_copy, project_copy / "pelicanconf.py", tmp_path / "before")
    assert not before.reload().failed
    watched = _compared_pages(before)
    for page in watched:
        before.render(page)  # the pages open in a browser before the edit
    reloaded = before.reload(edit(project_copy), watched)
    if edit in PATCHED:
        assert reloaded.how == "patched"
    else:
        assert reloaded.how.startswith("full: "), reloaded.how
    after = Preview(project_copy, project_copy / "pelicanconf.py", tmp_path / "after")
    fresh = after.reload()
    assert reloaded.problems == fresh.problems
    assert before.content == after.content
    shown = [f"{p.location.path} {p.message} {p.hint}" for p in fresh.problems]
    if not fresh.failed:
        for page in sorted(set(watched) | set(_compared_pages(after))):
            html = after.render(page)
            assert before.render(page) == html, page
            shown.append(html or "")
    if edit in SEEN:
        assert any(SEEN[edit] in text for text in shown), SEEN[edit]


@pytest.mark.parametrize("edit", PATCHED, ids=lambda edit: edit.__name__)
def test_a_patched_model_equals_a_full_load(project_copy: Path, edit: Edit) -> None:
    loaded = load_content_parts(project_copy, Problems())
    changed = edit(project_copy)
    patched = patch_content(loaded, changed, Problems())
    full = load_content_parts(project_copy, Problems())
    assert not isinstance(patched, str), patched
    assert patched.problems == full.problems
    assert patched.content == full.content
    assert patched.sheets == full.sheets


def test_edits_that_change_what_facts_are_checked_against_are_not_patched(project_copy: Path) -> None:
    loaded = load_content_parts(project_copy, Problems())
    for edit, why in [
        (edit_sidecar, "content/sources/"),
        (rename_entity, "content/entities.yaml: entity ids changed"),
        (edit_seed, "seeds/"),
        (add_unread_file, "content/facts/notes.yml is not a .yaml file (the inventory check reports it)"),
    ]:
        reason = patch_content(loaded, edit(project_copy), Problems())
        assert isinstance(reason, str)
        assert why in reason


def test_a_stray_file_removed_is_loaded_again_to_clear_its_problem(project_copy: Path) -> None:
    add_unread_file(project_copy)
    loaded = load_content_parts(project_copy, Problems())
    assert any(problem.location.path.name == "notes.yml" for problem in loaded.problems)
    stray = project_copy / "content" / "facts" / "notes.yml"
    stray.unlink()
    assert isinstance(patch_content(loaded, [stray], Problems()), str)


def test_a_link_in_place_of_a_fact_sheet_is_not_patched(project_copy: Path) -> None:
    sheet = _sheets(project_copy)[0]
    link = sheet.with_name("linked.yaml")
    link.symlink_to(sheet)
    reason = unpatched_reason(project_copy, link)
    assert reason == "content/facts/linked.yaml is not a regular file (the inventory check reports it)"


def test_each_page_planned_by_its_path_equals_the_sites_plan(project_copy: Path) -> None:
    content = load_content(project_copy, Problems())
    analysis = analyse(content)
    plan = stages.plan(content, analysis, stages.site_settings("", "", content))
    index = lazy_index(content, analysis, "")
    assert len(plan.pages) > 100
    for page in plan.pages:
        assert plan_page(content, analysis, index, page.path) == page, page.path
    for missing in ("facts/no-such-fact/", "facts/page/99/", "nowhere/", "sources/x/y/"):
        assert plan_page(content, analysis, index, missing) is None


def test_small_listing_pages_are_planned_by_path(project_copy: Path) -> None:
    content = load_content(project_copy, Problems())
    analysis = analyse(content)
    plan = stages.plan(content, analysis, stages.site_settings("", "", content))
    index = lazy_index(content, analysis, "")
    from generator.site.plan import plan_site

    pages = plan_site(content, analysis, plan.index, page_size=20)
    assert any("/page/" in page.path for page in pages), "the listings have several pages at this size"
    # Their pages, and the briefings, which link to the listing's page where their topic begins.
    listed = [page for page in pages if "/page/" in page.path or page.kind == "briefing"]
    assert {page.context["topic_facts_path"] for page in listed if page.kind == "briefing"} != {urls.FACTS}
    for page in listed:
        assert plan_page(content, analysis, index, page.path, page_size=20) == page


def test_the_history_key_follows_head_without_running_git(tmp_path: Path) -> None:
    assert head_state(tmp_path) == "no repository"
    git = tmp_path / "repo" / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (git / "refs" / "heads" / "main").write_text("a" * 40 + "\n", encoding="utf-8")
    first = head_state(tmp_path / "repo")
    assert first is not None and "a" * 40 in first
    (git / "refs" / "heads" / "main").write_text("b" * 40 + "\n", encoding="utf-8")
    assert head_state(tmp_path / "repo") != first
    (git / "refs" / "heads" / "main").unlink()
    (git / "packed-refs").write_text(f"{'c' * 40} refs/heads/main\n", encoding="utf-8")
    assert "c" * 40 in (head_state(tmp_path / "repo") or "")
    (git / "packed-refs").unlink()
    assert head_state(tmp_path / "repo") is None  # cannot tell: the history is read again


def test_the_verbose_log_says_how_each_reload_was_done(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.serve.command import Log

    preview = Preview(project_copy, project_copy / "pelicanconf.py", tmp_path)
    log = Log(project_copy, verbose=True)
    log.started("http://127.0.0.1:1/", preview.reload())
    for edit in (edit_statement, edit_sidecar):
        changed = edit(project_copy)
        log.change(changed, preview.reload(changed))
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("; patched)"), lines[1]
    name = sorted((project_copy / "content" / "sources").glob("*.yaml"))[0].name
    expected = f"; full: content/sources/{name} is not a fact sheet, briefing, text page or entities.yaml)"
    assert lines[2].endswith(expected), lines[2]


def test_a_sheet_broken_then_fixed_is_patched_both_times(project_copy: Path, tmp_path: Path) -> None:
    preview = Preview(project_copy, project_copy / "pelicanconf.py", tmp_path / "live")
    assert not preview.reload().failed
    sheet = _sheets(project_copy)[0]
    text = sheet.read_text(encoding="utf-8")
    page = urls.save_as(urls.fact(str(_first_fact(project_copy)["id"])))
    before = preview.render(page)
    sheet.write_text(text.replace("statement:", "statement: [", 1), encoding="utf-8")
    broken = preview.reload([sheet], [page])
    assert (broken.how, broken.failed) == ("patched", True)
    assert broken.problems[0].location.path == sheet
    assert broken.problems[0].message.startswith("invalid YAML")
    sheet.write_text(text, encoding="utf-8")
    fixed = preview.reload([sheet], [page])
    assert (fixed.how, fixed.failed, fixed.changed_pages) == ("patched", False, frozenset({page}))
    assert preview.render(page) == before


def test_a_reload_reads_the_git_history_only_when_head_moves(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[Path] = []
    real = stages.read_content_history

    def counted(root: Path) -> object:
        reads.append(root)
        return real(root)

    monkeypatch.setattr(stages, "read_content_history", counted)
    head = ["one"]
    monkeypatch.setattr("generator.serve.preview.head_state", lambda root: head[0])
    preview = Preview(project_copy, project_copy / "pelicanconf.py", tmp_path)
    preview.reload()
    preview.reload(edit_statement(project_copy))
    assert len(reads) == 1
    head[0] = "two"  # a commit, a checkout, a reset
    preview.reload(edit_briefing(project_copy))
    assert len(reads) == 2


def test_the_history_key_of_a_worktree_reads_its_own_head(tmp_path: Path) -> None:
    common = tmp_path / "main" / ".git"
    (common / "refs" / "heads").mkdir(parents=True)
    (common / "refs" / "heads" / "topic").write_text("d" * 40 + "\n", encoding="utf-8")
    own = common / "worktrees" / "topic"
    own.mkdir(parents=True)
    (own / "HEAD").write_text("ref: refs/heads/topic\n", encoding="utf-8")
    (own / "commondir").write_text("../..\n", encoding="utf-8")
    (tmp_path / "topic").mkdir()
    (tmp_path / "topic" / ".git").write_text(f"gitdir: {own}\n", encoding="utf-8")
    assert "d" * 40 in (head_state(tmp_path / "topic") or "")
    (common / "shallow").write_text("d" * 40 + "\n", encoding="utf-8")
    assert (head_state(tmp_path / "topic") or "").endswith("shallow=True")


def test_an_alias_dropped_changes_the_spellings_as_a_fresh_analysis_finds_them(
    project_copy: Path, tmp_path: Path
) -> None:
    preview = Preview(project_copy, project_copy / "pelicanconf.py", tmp_path)
    assert not preview.reload().failed
    assert preview.analysis is not None
    before = preview.analysis.spellings
    reloaded = preview.reload(drop_entity_alias(project_copy))
    assert reloaded.how == "patched"
    content = load_content(project_copy, Problems())
    assert preview.analysis is not None
    assert preview.analysis == analyse(content)
    assert preview.analysis.spellings != before


def test_a_save_stops_the_background_build_at_once_and_quietly(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.serve import command

    monkeypatch.setattr(command, "REFRESH_DELAY", 0.05)
    refresher = command.Refresher(project_copy, tmp_path / "out", search=False, verbose=True)
    try:
        refresher.schedule()
        deadline = time.monotonic() + 30
        while refresher._process is None and time.monotonic() < deadline:
            time.sleep(0.01)
        process = refresher._process
        assert process is not None and process.poll() is None
        refresher.interrupt()
        assert process.wait(10) != 0  # terminated, not finished
        time.sleep(0.2)
        assert "background build" not in capsys.readouterr().out
    finally:
        refresher.stop()
