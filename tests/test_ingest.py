"""`briefing ingest` on raw articles in formats other than the seeds'."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.load import load_content
from generator.content.yamlio import load_yaml
from generator.problems import Problems
from tests.sample import write_sample

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def _sums(root: Path) -> dict[str, str]:
    lines = (root / "seeds" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines)}


def test_ingest_copies_byte_for_byte_and_updates_checksums(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    raw = (FIXTURES / "wrapped-crlf.txt").read_bytes()
    assert main(["--root", str(root), "ingest", str(FIXTURES / "wrapped-crlf.txt")]) == 0
    digest = hashlib.sha256(raw).hexdigest()
    name = f"002_{digest[:16]}.txt"
    assert (root / "seeds" / name).read_bytes() == raw
    sums = _sums(root)
    assert sums[name] == digest
    assert len(sums) == 3
    out = capsys.readouterr().out
    assert (
        out
        == f"added seeds/{name} and draft {root}/content/sources/source-2024-11-20.yaml: review it, then delete needs_review\n"
    )


def test_draft_sidecar_is_filled_from_the_parser_and_marked_for_review(tmp_path: Path) -> None:
    root = write_sample(tmp_path)
    assert main(["--root", str(root), "ingest", str(FIXTURES / "wrapped-crlf.txt")]) == 0
    drafts = [p for p in (root / "content" / "sources").glob("*.yaml") if "needs_review" in p.read_text()]
    assert len(drafts) == 1
    data = load_yaml(drafts[0]).data
    assert data["title"] == "Port traffic rises at northern harbour"
    assert data["published"] == "2024-11-20"
    assert data["authors"] == ["Jane Doe"]
    assert data["needs_review"] is True
    assert "newsletter pitch" in data["notes"]
    # The draft is valid content: the check passes with a warning asking for review.
    problems = Problems()
    content = load_content(root, problems)
    assert not problems.has_errors()
    assert any("still needs review" in p.message for p in problems.items)
    source = content.sources[data["id"]]
    assert [p.text for p in source.paragraphs] == [
        "The harbour handled more ships this month than last, according to figures released on Tuesday.",
        "Officials expect the trend to continue.",
    ]


def test_ingest_reads_a_wire_dateline_and_posted_date(tmp_path: Path) -> None:
    root = write_sample(tmp_path)
    assert main(["--root", str(root), "ingest", str(FIXTURES / "wire-dateline.txt")]) == 0
    draft = next(p for p in (root / "content" / "sources").glob("*.yaml") if "needs_review" in p.read_text())
    data = load_yaml(draft).data
    assert data["original_publisher"] == "Reuters"
    assert data["published"] == "2025-01-15"
    assert data["title"] == "Ministry publishes annual report"
    assert "share widget" in data["notes"] and "tag list" in data["notes"]


def test_ingest_refuses_to_overwrite_an_existing_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    existing = root / "seeds" / "000_aaaaaaaaaaaaaaaa.txt"
    before = sorted(p.name for p in (root / "seeds").iterdir())
    assert main(["--root", str(root), "ingest", str(existing)]) == 1
    assert capsys.readouterr().err == (
        f"error: {existing}: already ingested as seeds/000_aaaaaaaaaaaaaaaa.txt (same SHA-256); nothing was written\n"
    )
    assert sorted(p.name for p in (root / "seeds").iterdir()) == before


def test_ingest_rejects_non_utf8_without_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    sums_before = (root / "seeds" / "SHA256SUMS").read_bytes()
    path = FIXTURES / "latin1.txt"
    assert main(["--root", str(root), "ingest", str(FIXTURES / "wire-dateline.txt"), str(path)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {path}:1: seed is not valid UTF-8 (byte 0xe9 at offset 3); nothing was written "
        "(hint: convert the file to UTF-8 before ingesting it, e.g. iconv -f WINDOWS-1252 -t UTF-8)\n"
    )
    # All-or-nothing: the valid first file was not copied either.
    assert (root / "seeds" / "SHA256SUMS").read_bytes() == sums_before
    assert len(list((root / "seeds").glob("*.txt"))) == 2


def test_html_in_an_article_is_shown_as_text(tmp_path: Path) -> None:
    from generator.build import BuildOptions, build_site

    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", str(FIXTURES / "html-inside.txt")]) == 0
    draft = next(p for p in (root / "content" / "sources").glob("*.yaml") if "needs_review" in p.read_text())
    source_id = load_yaml(draft).data["id"]
    build_site(BuildOptions(root=root, output=tmp_path / "out", search=False))
    html = (tmp_path / "out" / "sources" / source_id / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;b&gt;markup&lt;/b&gt;" in html
