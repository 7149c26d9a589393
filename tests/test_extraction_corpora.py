"""Regression gate: extraction scored by the corpora's own scorer on a fixed sample, against pinned floors.

The floors sit just under what the code scored on this sample when they were set (docs/INGEST.md has
the figures on the whole corpora); a change that lowers any figure below its floor fails here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.ingest import load, ours_dump, ours_html
from tests.conftest import ROOT, require_tool

CORPORA = ROOT.parent / "shared" / "corpora" / "articles"
BODY_SAMPLE = 40
"""Pages of bodies/ in the sample: the first ids in sorted order (the same pages every run)."""
METADATA_SAMPLE = 80
"""Pages of metadata/ in the sample."""
FLOORS = {
    "html body F1": 0.946,
    "dump body F1": 0.895,
    "title": 0.877,
    "date": 0.902,
    "author": 0.879,
}
"""Measured on this sample minus 0.01 (html 0.956, dump 0.905, title 0.887, date 0.912, author 0.889)."""


def _sample(kind: str, count: int) -> dict[str, Any]:
    truth = json.loads((CORPORA / kind / "truth.json").read_text(encoding="utf-8"))
    return {k: truth[k] for k in sorted(truth)[:count]}


def _score(tmp_path: Path, kind: str, truth: dict[str, Any], pred: dict[str, Any]) -> str:
    truth_path, pred_path = tmp_path / f"truth-{kind}.json", tmp_path / f"pred-{kind}.json"
    truth_path.write_text(json.dumps(truth), encoding="utf-8")
    pred_path.write_text(json.dumps(pred), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(CORPORA / "score.py"), kind, str(pred_path), str(truth_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _figure(line: str, name: str) -> float:
    match = re.search(rf"\b{name} (\d\.\d+)", line)
    assert match, line
    return float(match.group(1))


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    require_tool((CORPORA / "score.py").exists(), f"the article corpora ({CORPORA})")
    tmp = tmp_path_factory.mktemp("corpora")
    bodies = _sample("bodies", BODY_SAMPLE)
    html = {k: v for k, v in load(CORPORA, "bodies", "html", ".html.gz").items() if k in bodies}
    dumps = {k: v for k, v in load(CORPORA, "bodies", "dumps", ".txt").items() if k in bodies}
    metadata = _sample("metadata", METADATA_SAMPLE)
    pages = {k: v for k, v in load(CORPORA, "metadata", "html", ".html.gz").items() if k in metadata}
    html_line = _score(tmp, "bodies", bodies, {k: ours_html(k, raw) for k, raw in html.items()})
    dump_line = _score(tmp, "bodies", bodies, {k: ours_dump(k, raw) for k, raw in dumps.items()})
    meta_line = _score(tmp, "metadata", metadata, {k: ours_html(k, raw) for k, raw in pages.items()})
    print(html_line, dump_line, meta_line, sep="\n")
    return {
        "html body F1": _figure(html_line, "F1"),
        "dump body F1": _figure(dump_line, "F1"),
        "title": _figure(meta_line, "title"),
        "date": _figure(meta_line, "date"),
        "author": _figure(meta_line, "author"),
    }


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_extraction_stays_above_its_floor(figures: dict[str, float], name: str) -> None:
    assert figures[name] >= FLOORS[name], f"{name} fell to {figures[name]:.3f} (floor {FLOORS[name]:.3f})"
