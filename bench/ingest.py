"""`make bench-ingest`: our extraction beside trafilatura, htmldate and jusText on the article corpora.

Every figure comes from the corpora's own scorer (score.py); this writes each system's PRED.json
and runs the scorer on the whole set, the tuning half and the held-out half. Per-page failures
(lowest body F1, wrong title/date/author) are printed so they can be studied.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.ingest.extraction.extract import ExtractError, extract_bytes
from generator.ingest.extraction.html import extract_html

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora" / "articles"
Pred = dict[str, dict[str, Any]]


def half(page_id: str) -> str:
    """`tune` or `held-out`, fixed by the id's hash so every run splits the same way."""
    return "tune" if hashlib.sha256(page_id.encode()).digest()[0] % 2 == 0 else "held-out"


def load(corpora: Path, kind: str, folder: str, suffix: str) -> dict[str, bytes]:
    """Raw pages of one corpus folder by id (gzip decompressed)."""
    truth = json.loads((corpora / kind / "truth.json").read_text(encoding="utf-8"))
    pages = {}
    for page_id in truth:
        path = corpora / kind / folder / f"{page_id}{suffix}"
        data = path.read_bytes()
        pages[page_id] = gzip.decompress(data) if suffix.endswith(".gz") else data
    return pages


def timed(pages: dict[str, bytes], run: Callable[[str, bytes], dict[str, Any]]) -> tuple[Pred, float, float]:
    """Run one system over every page (after one warm-up page); return predictions, wall and CPU ms per page.

    CPU time is the figure to compare: on a shared machine the wall time includes waiting for a core.
    """
    first = next(iter(pages), None)
    if first is not None:
        run(first, pages[first])  # loads lazy imports and compiled patterns once, as a long run would
    start, cpu = time.perf_counter(), time.process_time()
    pred = {page_id: run(page_id, raw) for page_id, raw in pages.items()}
    count = max(1, len(pages))
    return pred, (time.perf_counter() - start) * 1000 / count, (time.process_time() - cpu) * 1000 / count


def score(corpora: Path, out: Path, kind: str, name: str, pred: Pred) -> list[str]:
    """Scorer lines for the whole set and each half."""
    truth = json.loads((corpora / kind / "truth.json").read_text(encoding="utf-8"))
    pred_path = out / f"{kind}-{name}.json"
    pred_path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    lines = []
    for part in ("all", "tune", "held-out"):
        subset = {k: v for k, v in truth.items() if part == "all" or half(k) == part}
        truth_path = out / f"truth-{kind}-{part}.json"
        truth_path.write_text(json.dumps(subset, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, str(corpora / "score.py"), kind, str(pred_path), str(truth_path)],
            capture_output=True,
            text=True,
            check=True,
        )
        lines.append(f"{part:>8}: {result.stdout.strip().splitlines()[-1]}")
    return lines


def ours_html(page_id: str, raw: bytes) -> dict[str, Any]:
    found = extract_html(raw, f"{page_id}.html")
    return {
        "body": "\n".join(found.paragraphs),
        "title": found.title,
        "date": found.published,
        "authors": list(found.authors),
    }


def ours_dump(page_id: str, raw: bytes) -> dict[str, Any]:
    try:
        found = extract_bytes(raw, f"{page_id}.txt")
    except ExtractError:
        return {"body": ""}
    return {"body": "\n".join(found.paragraphs)}


def trafilatura_body(page_id: str, raw: bytes) -> dict[str, Any]:
    import trafilatura

    return {"body": trafilatura.extract(raw) or ""}


def trafilatura_metadata(page_id: str, raw: bytes) -> dict[str, Any]:
    import trafilatura

    meta = trafilatura.extract_metadata(raw)
    return {"title": meta.title, "date": meta.date, "authors": [meta.author or ""]}


def htmldate_date(page_id: str, raw: bytes) -> dict[str, Any]:
    from htmldate import find_date

    return {"date": find_date(raw, extensive_search=True)}


def justext_dump(page_id: str, raw: bytes) -> dict[str, Any]:
    import html

    import justext

    blocks = [b for b in raw.decode("utf-8").split("\n\n") if b.strip()]
    page = "".join(f"<p>{html.escape(b)}</p>" for b in blocks)
    kept = justext.justext(f"<html><body>{page}</body></html>", justext.get_stoplist("English"))
    return {"body": "\n".join(p.text for p in kept if not p.is_boilerplate)}


def trafilatura_dump(page_id: str, raw: bytes) -> dict[str, Any]:
    import html

    import trafilatura

    blocks = [b for b in raw.decode("utf-8").split("\n\n") if b.strip()]
    page = "".join(f"<p>{html.escape(b)}</p>" for b in blocks)
    return {"body": trafilatura.extract(f"<html><body>{page}</body></html>") or ""}


def keep_all(page_id: str, raw: bytes) -> dict[str, Any]:
    return {"body": raw.decode("utf-8")}


_TOKEN = re.compile(r"\w+")


def page_f1(true: str, pred: str) -> float:
    """One page's shingle F1 (the scorer's definition), only to rank pages for study."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        t = _TOKEN.findall(text)
        return Counter(tuple(t[i : i + 4]) for i in range(max(1, len(t) - 3)) if t[i : i + 4])

    a, b = shingles(true), shingles(pred)
    tp = sum((a & b).values())
    return 2 * tp / (sum(a.values()) + sum(b.values())) if a or b else 1.0


def body_failures(corpora: Path, pred: Pred, count: int) -> list[str]:
    truth = json.loads((corpora / "bodies" / "truth.json").read_text(encoding="utf-8"))
    ranked = sorted((page_f1(v["body"], pred[k]["body"]), k) for k, v in truth.items())
    return [f"  {f1:.3f} {k[:16]} ({half(k)}) {truth[k]['url'][:90]}" for f1, k in ranked[:count]]


def metadata_failures(corpora: Path, pred: Pred, count: int) -> list[str]:
    truth = json.loads((corpora / "metadata" / "truth.json").read_text(encoding="utf-8"))
    lines = []
    for field in ("title", "date", "authors"):
        wrong = []
        for k, v in truth.items():
            got = pred[k].get(field)
            if field == "date" and (got or "") != v["date"]:
                wrong.append(f"  {k} ({half(k)}): want {v['date']!r} got {got!r}")
            elif field == "title" and _token_f1(v["title"], got or "") < 0.8:
                wrong.append(f"  {k} ({half(k)}): want {v['title']!r} got {got!r}")
            elif field == "authors" and v["authors"] and not _has_authors(v["authors"], got or []):
                wrong.append(f"  {k} ({half(k)}): want {v['authors']!r} got {got!r}")
        lines.append(f"wrong {field}: {len(wrong)} pages (first {min(count, len(wrong))})")
        lines.extend(wrong[:count])
    return lines


def _token_f1(a: str, b: str) -> float:
    x, y = Counter(_TOKEN.findall(a.lower())), Counter(_TOKEN.findall(b.lower()))
    common = sum((x & y).values())
    return 0.0 if not common else 2 * common / (sum(x.values()) + sum(y.values()))


def _has_authors(want: list[str], got: list[str]) -> bool:
    have = {t.lower() for a in got for t in _TOKEN.findall(a)}
    return {t.lower() for a in want for t in _TOKEN.findall(a)} <= have


def main(argv: list[str] | None = None) -> int:
    """Run every system on every corpus; print scores, timings and failures."""
    parser = argparse.ArgumentParser(prog="bench.ingest")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "ingest")
    parser.add_argument("--failures", type=int, default=15, help="failed pages listed per figure")
    parser.add_argument("--only-ours", action="store_true", help="skip the reference extractors")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    html_pages = load(args.corpora, "bodies", "html", ".html.gz")
    dumps = load(args.corpora, "bodies", "dumps", ".txt")
    meta_pages = load(args.corpora, "metadata", "html", ".html.gz")
    runs: list[tuple[str, str, str, dict[str, bytes], Callable[[str, bytes], dict[str, Any]]]] = [
        ("bodies", "ours-html", "html", html_pages, ours_html),
        ("bodies", "ours-dump", "text dump", dumps, ours_dump),
        ("metadata", "ours-html", "html", meta_pages, ours_html),
    ]
    if not args.only_ours:
        runs += [
            ("bodies", "trafilatura", "html", html_pages, trafilatura_body),
            ("bodies", "justext", "text dump", dumps, justext_dump),
            ("bodies", "trafilatura-dump", "text dump", dumps, trafilatura_dump),
            ("bodies", "keep-all", "text dump", dumps, keep_all),
            ("metadata", "trafilatura", "html", meta_pages, trafilatura_metadata),
            ("metadata", "htmldate", "html", meta_pages, htmldate_date),
        ]
    preds: dict[tuple[str, str], Pred] = {}
    for kind, name, source, pages, run in runs:
        pred, wall, cpu = timed(pages, run)
        preds[kind, name] = pred
        print(f"{kind} {name} ({source}, {len(pages)} pages, {cpu:.1f} ms/page CPU, {wall:.1f} ms/page wall)")
        for line in score(args.corpora, args.out, kind, name, pred):
            print(line)
    for name in ("ours-html", "ours-dump"):
        print(f"\nlowest body F1, {name}:")
        print("\n".join(body_failures(args.corpora, preds["bodies", name], args.failures)))
    print("\nmetadata failures, ours-html:")
    print("\n".join(metadata_failures(args.corpora, preds["metadata", "ours-html"], args.failures)))
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nPRED.json files and truth subsets in {args.out}; load average at the end {busy:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
