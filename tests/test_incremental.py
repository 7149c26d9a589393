"""Incremental rebuilds: only pages whose inputs changed are rendered, the rest are hard-linked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from generator.site.incremental import Digester, Recorder, RecordingMapping, lookups_digest, manifest_path
from tests.sample import own_theme, write_sample


def _tree(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _inodes(directory: Path) -> dict[str, int]:
    return {str(p.relative_to(directory)): p.stat().st_ino for p in directory.rglob("*.html")}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(root: Path, output: Path, incremental: bool = True) -> int | None:
    return build_site(BuildOptions(root=root, output=output, search=False, incremental=incremental)).rendered


def test_unchanged_rebuild_renders_nothing_and_links_every_page(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    assert _build(root, output) == len(_inodes(output)) > 5
    before = _inodes(output)
    assert _build(root, output) == 0
    assert _inodes(output) == before
    assert manifest_path(root, output).is_file()
    assert not str(manifest_path(root, output)).startswith(str(output))


def test_fact_edit_rerenders_only_the_pages_showing_the_fact(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output)
    before = _inodes(output)
    _edit(
        root / "content" / "facts" / "harbour.yaml",
        "statement: A spokesperson said a new crane was installed on Friday.",
        "statement: A spokesperson said that a new crane was installed on Friday.",
    )
    rendered = _build(root, output)
    after = _inodes(output)
    assert after.keys() == before.keys()
    new = {path for path in after if after[path] != before[path]}
    assert rendered == len(new)
    assert new == {
        # The fact's own page, the source it cites, the entity it names, the briefing citing it.
        "facts/crane-installed/index.html",
        "sources/courier-2025-03-04/index.html",
        "entities/northern-harbour/index.html",
        "briefings/arms-transfers/index.html",
        # Pages given every fact or every briefing view (the timeline lists dated facts only).
        "index.html",
        "facts/index.html",
        "sources/index.html",
        "entities/index.html",
    }
    # The result is exactly what a clean full build of the same inputs writes.
    clean = tmp_path / "clean"
    assert _build(root, clean, incremental=False) is None
    assert _tree(output) == _tree(clean)
    assert "said that a new crane" in (output / "facts" / "crane-installed" / "index.html").read_text(encoding="utf-8")


def test_source_title_edit_rerenders_the_pages_citing_the_source(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output)
    before = _inodes(output)
    _edit(
        root / "content" / "sources" / "courier-2025-03-04.yaml",
        "title: Second outlet confirms harbour figures",
        "title: Second outlet confirms the harbour figures",
    )
    _build(root, output)
    after = _inodes(output)
    new = {path for path in after if after[path] != before[path]}
    assert "sources/courier-2025-03-04/index.html" in new
    assert "facts/crane-installed/index.html" in new
    assert "facts/figure-may-rise/index.html" not in new  # cites only the other source
    clean = tmp_path / "clean"
    _build(root, clean, incremental=False)
    assert _tree(output) == _tree(clean)


def test_template_change_rerenders_everything(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output)
    before = _inodes(output)
    _edit(own_theme(root) / "templates" / "base.html", "</body>", "<!-- changed --></body>")
    rendered = _build(root, output)
    after = _inodes(output)
    assert rendered == len(after)
    assert all(after[path] != before[path] for path in after)
    clean = tmp_path / "clean"
    _build(root, clean, incremental=False)
    assert _tree(output) == _tree(clean)


def test_site_url_change_rerenders_everything(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output)
    pages = len(_inodes(output))
    assert build_site(BuildOptions(root=root, output=output, search=False, site_url="/sub")).rendered == pages


def test_hand_edited_output_page_is_rendered_again(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output)
    page = output / "facts" / "crane-installed" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original + b"<!-- tampered -->")
    assert _build(root, output) == 1
    assert page.read_bytes() == original


def test_failed_rebuild_leaves_output_and_cache_as_they_were(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output)
    manifest = manifest_path(root, output)
    before, cached = _tree(output), manifest.read_bytes()
    template = own_theme(root) / "templates" / "fact.html"
    good = template.read_text(encoding="utf-8")
    template.write_text("{% extends 'base.html' %}{% block main %}{{ no_such_thing.attribute.deeper }}{% endblock %}")
    with pytest.raises(Exception, match="no_such_thing"):
        _build(root, output)
    assert _tree(output) == before
    assert manifest.read_bytes() == cached
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]
    # With the template restored, the previous build's pages are all still reusable.
    template.write_text(good, encoding="utf-8")
    assert _build(root, output) == 0
    assert _tree(output) == before


def test_recording_mapping_notes_the_entries_a_page_reads() -> None:
    data = {"a": 1, "b": 2}
    recorder = Recorder()
    mapping = RecordingMapping("g:m", data, recorder)
    assert mapping["a"] == 1 and mapping.get("zz") is None and "b" in mapping
    assert recorder.result() == {"g:m": ["a", "b", "zz"]}
    recorder.reset()
    assert sorted(mapping) == ["a", "b"]
    assert recorder.result() == {"g:m": None}
    digester = Digester()
    lookups = {"g:m": ["a", "zz"]}
    same = lookups_digest(digester, {"g:m": data}, lookups)
    assert lookups_digest(Digester(), {"g:m": {"a": 1, "b": 3}}, lookups) == same
    assert lookups_digest(Digester(), {"g:m": {"a": 5, "b": 2}}, lookups) != same
    assert lookups_digest(Digester(), {"g:m": {"a": 1, "zz": 0}}, lookups) != same


def test_digest_is_by_value_and_order_sensitive_where_templates_see_order() -> None:
    assert Digester().digest({"x": (1, "a")}) == Digester().digest({"x": (1, "a")})
    assert Digester().digest([1, 2]) != Digester().digest([2, 1])
    assert Digester().digest(frozenset({"p", "q"})) == Digester().digest(frozenset({"q", "p"}))
    assert Digester().digest(1) != Digester().digest(True) != Digester().digest("1")


def test_full_build_renders_everything_but_writes_the_manifest(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output)
    before = _inodes(output)
    # --full renders every page although nothing changed...
    assert _build(root, output, incremental=False) is None
    full = _inodes(output)
    assert all(full[path] != before[path] for path in before)
    # ...and records them, so that the next incremental build reuses them all.
    assert manifest_path(root, output).is_file()
    assert _build(root, output) == 0
    assert _inodes(output) == full


def test_search_bundle_is_reused_when_its_pages_are_unchanged_and_rebuilt_when_not(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"

    def entry() -> Path:
        return output / "pagefind" / "pagefind-entry.json"

    build_site(BuildOptions(root=root, output=output))
    first = entry().stat().st_ino
    build_site(BuildOptions(root=root, output=output))
    assert entry().stat().st_ino == first  # hard-linked from the replaced output
    _edit(
        root / "content" / "facts" / "harbour.yaml",
        "statement: A spokesperson said a new crane was installed on Friday.",
        "statement: A spokesperson said that a new crane was installed on Friday.",
    )
    build_site(BuildOptions(root=root, output=output))
    assert entry().stat().st_ino != first
    build_site(BuildOptions(root=root, output=output, incremental=False))  # --full indexes again
    second = entry().stat().st_ino
    build_site(BuildOptions(root=root, output=output, incremental=False))
    assert entry().stat().st_ino != second
