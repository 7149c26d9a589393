"""The benchmark's synthetic archive is a valid project (fast; no timing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import memplot
from bench.synth import FURNITURE, QUOTES_PER_SOURCE, article_texts, generate
from generator.content.load import load_content
from generator.model import Level
from generator.problems import Problems


def test_synthetic_archive_passes_check(tmp_path: Path) -> None:
    archive = generate(tmp_path / "project", 40)
    problems = Problems()
    content = load_content(archive.root, problems)
    errors = [str(p) for p in problems.items if p.level == Level.ERROR]
    assert errors == []
    assert len(content.sources) == 40
    assert len(content.facts) == 40 * QUOTES_PER_SOURCE
    assert len(content.briefings) == archive.briefings
    assert all(len(f.citations) == 1 for f in content.facts.values())


def test_synthetic_archive_is_reproducible_and_has_furniture(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 30)
    second = generate(tmp_path / "b", 30)
    seeds_a = sorted(p.read_bytes() for p in (first.root / "seeds").glob("*.txt"))
    seeds_b = sorted(p.read_bytes() for p in (second.root / "seeds").glob("*.txt"))
    assert seeds_a == seeds_b
    raw = next((first.root / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    assert FURNITURE[0] in raw
    assert FURNITURE[1] in raw
    articles = article_texts(first.root)
    assert len(articles) == 30
    assert all(FURNITURE[0] not in " ".join(paragraphs) for _, _, _, paragraphs in articles)
    assert 600 <= sum(len(p.split()) for p in articles[0][3]) <= 1100


def test_parallel_yaml_reading_reports_exactly_what_serial_reading_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.content.reading

    archive = generate(tmp_path / "project", 120)
    facts = archive.root / "content" / "facts"
    (facts / "zz-broken.yaml").write_text("facts:\n  - id: [unclosed\n", encoding="utf-8")
    (facts / "zz-invalid.yaml").write_text("facts:\n  - id: Not A Slug\n    statement: 3\n", encoding="utf-8")
    sidecars = archive.root / "content" / "sources"
    (sidecars / "zz-broken.yaml").write_text("id: zz-broken\nseed: [unclosed\n", encoding="utf-8")
    (sidecars / "zz-invalid.yaml").write_text("id: zz-invalid\nseed: 7\n", encoding="utf-8")
    (archive.root / "seeds" / "zz-latin1.txt").write_bytes("Caf\u00e9 article text.\n".encode("latin-1"))

    def problems_with(threshold: int) -> list[str]:
        monkeypatch.setattr(generator.content.reading, "PARALLEL_FILES", threshold)
        # A fresh cache, so that every sheet is parsed (serially, or by the workers).
        monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / f"cache-{threshold}"))
        problems = Problems()
        content = load_content(archive.root, problems)
        return [str(p) for p in problems.items] + sorted(content.facts)

    serial = problems_with(10**6)
    assert any("zz-broken.yaml" in line for line in serial)
    assert any("zz-invalid.yaml" in line for line in serial)
    assert any("sources/zz-broken.yaml" in line for line in serial)
    assert any("sources/zz-invalid.yaml" in line for line in serial)
    assert any("zz-latin1.txt" in line and "UTF-8" in line for line in serial)
    assert problems_with(1) == serial


def test_bench_cold_build_and_file_system_floor_stages(tmp_path: Path) -> None:
    """The stages behind two rows of docs/PERFORMANCE.md run and measure what they say."""
    import os

    from bench.stage import run

    archive = generate(tmp_path / "project", 12)
    cache_dir = os.environ.get("BRIEFING_CACHE_DIR")
    cold = run("build-cold", archive.root, tmp_path / "site")
    assert os.environ.get("BRIEFING_CACHE_DIR") == cache_dir  # restored after the stage
    assert cold["pages"] > 12 * QUOTES_PER_SOURCE
    floor = run("write-floor", tmp_path / "site", tmp_path / "floor")
    assert floor["pages"] == cold["pages"]
    written = sorted(p.relative_to(tmp_path / "floor") for p in (tmp_path / "floor").rglob("*.html"))
    built = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*.html"))
    assert written == built
    assert all((tmp_path / "floor" / p).read_bytes() == (tmp_path / "site" / p).read_bytes() for p in built[:50])


def test_memory_runs_are_read_per_stage(tmp_path: Path) -> None:
    run = tmp_path / "run.jsonl"
    lines = [
        {"stage": "load and check", "s": 2.0, "cpu_own_s": 1.5, "cpu_children_s": 2.0},
        {"stage": "render", "s": 3.0, "cpu_own_s": 2.0, "cpu_children_s": 6.0},
        {"pages": 10, "wall_s": 5.5, "own_peak_mb": 300},
    ]
    run.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    stages, summary = memplot.read_run(run)
    assert [s["stage"] for s in stages] == ["load and check", "render"] and summary["pages"] == 10
    assert memplot.stage_cpu(stages) == {"load and check": 3.5, "render": 4.5}
