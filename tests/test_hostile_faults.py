"""Hostile input beyond bad content: ingest, injection into the output, interruptions, faults and caches."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pagefind.index import IndexConfig

from generator.cli import main
from generator.content.yamlio import YamlError, parse_yaml
from generator.site import search
from generator.site.search_records import Shard
from generator.store import cache
from tests.hostile_cases import BOMB, BRIEFING, FACTS, SEED_B, SIDECAR_A, SIDECAR_B, SUMS, listed_seed, replace
from tests.sample import write_sample
from tests.test_hostile import BUILD_FAILED, PREVIOUS_OUTPUT, run, tree

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = b"Harbour news\n\nThe harbour master said the night shift moved 40 containers on Sunday.\n"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample project with a previous build in output/."""
    root = write_sample(tmp_path / "project")
    (root / "output").mkdir()
    (root / "output" / "index.html").write_bytes(PREVIOUS_OUTPUT)
    return root


# YAML


def test_alias_bomb_fails_fast_with_bounded_memory() -> None:
    text = "id: x\n" + BOMB
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, Path("bomb.yaml"))
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(caught.value.location) == "bomb.yaml:8:6"  # the line whose aliases pass the limit
    assert caught.value.message == "invalid YAML: aliases expand to more than 100,000 values"
    assert seconds < 1.0
    assert peak < 20_000_000


def test_messages_never_print_huge_values(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = "x" * 200_000
    replace(BRIEFING, "[[figure-may-rise]]", f"[[{huge}]]")(sample)
    replace(FACTS, "entities: [port-authority]\n", f"entities: [{huge}]\n")(sample)
    replace(SIDECAR_B, "outlet: Test Courier", f"outlet: Test Courier\n{huge}: 1")(sample)
    replace(SIDECAR_A, "notes: Synthetic test article.", f"notes: [{huge}]")(sample)
    before = tree(sample)

    status, err = run(sample, capsys, "check")

    assert status == 1
    assert err[-1] == "check failed: 4 error(s), 0 warning(s)"
    assert max(len(line) for line in err) < 300
    assert f"'{'x' * 60}... (200000 characters)'" in "\n".join(err)
    assert tree(sample) == before


# Ingest


def test_ingest_appends_and_keeps_every_existing_byte(sample: Path, tmp_path: Path) -> None:
    sums = sample / SUMS
    lines = sums.read_text(encoding="utf-8").splitlines()
    # Comments, upper-case digests, reverse order and no final newline: all must survive.
    original = f"# checksums of the seeds\n{lines[1]}\n{lines[0].upper().replace('.TXT', '.txt')}".encode()
    sums.write_bytes(original)
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)

    assert main(["--root", str(sample), "ingest", str(article)]) == 0

    digest = hashlib.sha256(ARTICLE).hexdigest()
    assert sums.read_bytes() == original + f"\n{digest}  002_{digest[:16]}.txt\n".encode()


def test_ingest_refuses_two_identical_files_in_one_call(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(ARTICLE)
    second.write_bytes(ARTICLE)
    before = tree(sample)

    status, err = run(sample, capsys, "ingest", str(first), str(second))

    assert status == 1
    assert err == [f"error: {second}: same bytes (SHA-256) as {first}, given earlier in this call; nothing was written"]
    assert tree(sample) == before


def test_ingest_refuses_without_sha256sums(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (sample / SUMS).unlink()
    article = tmp_path / "a.txt"
    article.write_bytes(ARTICLE)
    before = tree(sample)

    status, err = run(sample, capsys, "ingest", str(article))

    assert status == 1
    assert err == [
        "error: seeds/SHA256SUMS is missing, so the seeds already there cannot be verified; "
        "restore it (git checkout -- seeds/SHA256SUMS) before ingesting; nothing was written"
    ]
    assert tree(sample) == before


def test_ingest_on_a_full_disk_undoes_its_writes(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(ARTICLE)
    before = tree(sample)
    sidecar = sample / "content" / "sources" / "source-xxxxxxxx.yaml"

    def disk_full(*_args: Any) -> str:
        raise OSError(errno.ENOSPC, "No space left on device", str(sidecar))

    monkeypatch.setattr("generator.ingest.command.draft_sidecar", disk_full)
    status, err = run(sample, capsys, "ingest", str(article))

    assert status == 1
    assert err == [
        "error: cannot write content/sources/source-xxxxxxxx.yaml: No space left on device; "
        "seeds/ and content/sources/ were left as they were"
    ]
    assert tree(sample) == before


# Output


def test_markup_in_content_is_never_live_in_the_output(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "Traffic </script><script>alert(1)</script> & more"
    summary = "<!--<script> A summary that tries to break out of the JSON-LD & the feed </script>"
    replace(
        BRIEFING,
        "title: Harbour traffic\nsummary: A synthetic briefing about container traffic through a harbour, for tests.",
        f"title: {json.dumps(title)}\nsummary: {json.dumps(summary)}",
    )(sample)

    assert run(sample, capsys, "build", "--no-search")[0] == 0

    page = (sample / "output" / "briefings" / "arms-transfers" / "index.html").read_text(encoding="utf-8")
    (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert not set("<>&") & set(ld)
    data = json.loads(ld)
    assert (data["headline"], data["abstract"]) == (title, summary)
    assert "Container traffic reached 1,200 in February" in page  # the briefing is not blanked
    assert page.count("<script") == 2  # JSON-LD and the site's script, nothing injected
    feed = ElementTree.parse(sample / "output" / "feeds" / "all.atom.xml").getroot()
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    (entry,) = feed.findall("atom:entry", ns)
    assert entry.findtext("atom:title", namespaces=ns) == title
    html = entry.findtext("atom:content", namespaces=ns) or ""
    assert "<script" not in html and "<!--" not in html
    assert "&lt;!--&lt;script&gt;" in html


def test_markup_in_a_seed_is_shown_as_text(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = sample / SEED_B
    raw = seed.read_bytes() + b'\nA reader wrote <script>alert(1)</script><img src=x onerror="alert(2)"> here.\n'
    listed_seed(SEED_B, raw)(sample)

    assert run(sample, capsys, "build", "--no-search")[0] == 0

    page = (sample / "output" / "sources" / "courier-2025-03-04" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=" in page
    assert "<img src=x" not in page and "<script>alert" not in page
    assert (sample / "output" / SEED_B).read_bytes() == raw  # the verbatim seed, served as a text file


def test_every_page_has_a_referrer_policy(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(sample, capsys, "build", "--no-search")[0] == 0
    pages = sorted((sample / "output").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert '<meta http-equiv="Content-Security-Policy"' in head, page
        assert '<meta name="referrer" content="no-referrer">' in head, page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example", '/x" onload="alert(1)', "ftp://x.example"])
def test_site_url_must_be_http_or_a_root_path(url: str, sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(sample)
    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(sample), "build", "--site-url", url])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err == (
        f"briefing build: error: argument --site-url: site URL '{url}' is not an absolute http(s) address "
        "or a path starting with '/' (e.g. https://example.org/briefings or /briefings)"
    )
    assert tree(sample) == before


def test_site_url_from_the_settings_is_checked(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = sample / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + '\nSITEURL = "javascript:alert(1)"\n', "utf-8")
    before = tree(sample)

    status, err = run(sample, capsys, "build", "--no-search")

    assert status == 1
    assert err[0] == (
        "pelicanconf.py:15: error: SITEURL: site URL 'javascript:alert(1)' is not an absolute http(s) address "
        "or a path starting with '/' (e.g. https://example.org/briefings or /briefings)"
    )
    assert err[-1] == BUILD_FAILED
    assert tree(sample) == before


# Interruptions and faults


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_staging_debris_is_ignored_by_git_and_removed_by_the_next_build(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = _dead_pid()
    debris = [sample / f".output.building-{dead}-abc", sample / f".output.old-{dead}"]
    alive = sample / f".output.building-{os.getppid()}-xyz"  # a concurrent build: left alone
    for path in [*debris, alive]:
        (path / "facts").mkdir(parents=True)
    ignored = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", *(f"{p.name}/" for p in [*debris, alive])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.split() == [f"{p.name}/" for p in [*debris, alive]]

    assert run(sample, capsys, "build", "--no-search")[0] == 0

    assert [p.exists() for p in debris] == [False, False]
    assert alive.exists()


def test_pagefind_is_stopped_when_indexing_is_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "index.html").write_text("<html><body data-pagefind-body><p>Words.</p></body></html>", "utf-8")
    children: list[int] = []

    async def interrupted(self: Any, **_kwargs: Any) -> None:
        children.append(self._service._backend.pid)
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.site.search.PagefindIndex.add_directory", interrupted)
    with pytest.raises(KeyboardInterrupt):
        search.index_site(tmp_path)

    (pid,) = children
    deadline = time.monotonic() + 5
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)


def test_an_incomplete_search_bundle_is_written_again_then_refused(
    sample: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[Path] = []

    def pagefind_cut_short(output: Path, complete_from: int) -> int:
        runs.append(output)
        bundle = output / search.BUNDLE_DIR
        bundle.mkdir(exist_ok=True)
        (bundle / "pagefind-entry.json").write_text("{}" if len(runs) >= complete_from else "", "utf-8")
        return 1

    monkeypatch.setattr(search, "_run", lambda output, *_: pagefind_cut_short(output, complete_from=3))
    assert search.index_site(sample / "output") == 1
    assert len(runs) == 3

    runs.clear()
    monkeypatch.setattr(search, "_run", lambda output, *_: pagefind_cut_short(output, complete_from=99))
    before = tree(sample)
    status, err = run(sample, capsys, "build")

    assert status == 1
    assert len(runs) == search.INDEX_ATTEMPTS
    staging = runs[0].name
    assert err[-4:] == [
        "output: error: cannot index the site for search: pagefind left 1 empty file(s) in "
        f"{staging}/pagefind (pagefind-entry.json) after 3 attempts",
        "    hint: fix the cause, then build again",
        "check failed: 1 error(s), 0 warning(s)",
        BUILD_FAILED,
    ]
    assert tree(sample) == before


@pytest.mark.slow
def test_ctrl_c_while_pagefind_runs_stops_it_and_keeps_the_output(project_copy: Path, tmp_path: Path) -> None:
    output = project_copy / "output"
    output.mkdir()
    (output / "index.html").write_bytes(PREVIOUS_OUTPUT)
    before = tree(project_copy)
    command = [sys.executable, "-m", "generator", "--root", str(project_copy), "build"]
    environment = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    try:
        pagefind = _wait_for_child(build.pid, "pagefind", seconds=120)
        # Held still, so that the build is surely waiting on it when Ctrl-C comes (the real
        # site is indexed in well under a second, less than a busy machine takes to get here).
        os.kill(pagefind, signal.SIGSTOP)
        build.send_signal(signal.SIGINT)  # to the build only: it must stop Pagefind itself
        _, err = build.communicate(timeout=60)
    finally:
        build.kill()
    lines = err.decode().splitlines()
    assert build.returncode == 130
    assert lines[-1] == "build interrupted: output/ was left as it was"
    assert not any("Traceback" in line for line in lines)
    deadline = time.monotonic() + 5
    while _running(pagefind) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pagefind)
    assert tree(project_copy) == before
    assert not list(project_copy.glob(".output.*"))


def test_cancelled_indexing_kills_a_pagefind_that_no_longer_answers(tmp_path: Path, monkeypatch: Any) -> None:
    # The race behind the Ctrl-C test above, made certain: Pagefind has created the index,
    # then stops answering (held still here) when the build is cancelled. Pagefind's own
    # clean-up would wait for SIGTERM to end it, which a stopped process never does.
    (tmp_path / "index.html").write_text("<html><body data-pagefind-body><p>Words</p></body></html>")
    held: list[int] = []

    async def hold_pagefind(index: Any, output: Path, shard: Any) -> int:
        held.append(index._service._backend.pid)
        os.kill(held[0], signal.SIGSTOP)
        await asyncio.sleep(3600)
        return 0

    monkeypatch.setattr(search, "_add_shard", hold_pagefind)
    shard = Shard("001", (), tuple)
    config = IndexConfig(force_language="en", output_path=str(tmp_path / "bundle"))

    async def cancel_while_held() -> None:
        task = asyncio.create_task(search._write_bundle(tmp_path, tmp_path / "bundle", "", shard, config))
        while not held:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=30)

    started = time.monotonic()
    # A thread of its own: earlier browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, cancel_while_held()).result()
    assert time.monotonic() - started < 15
    deadline = time.monotonic() + 5
    while _running(held[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(held[0])


def _wait_for_child(parent: int, name: str, seconds: float) -> int:
    """The id of a child process of `parent` whose name starts with `name`, once it runs."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            command, rest = stat.split("(", 1)[1].rsplit(")", 1)
            if int(rest.split()[1]) == parent and command.startswith(name):
                return int(entry.name)
        time.sleep(0.01)
    raise AssertionError(f"no {name} process started within {seconds} s")


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.parametrize(
    ("where", "code", "reason", "hint"),
    [
        ("generator.build.write_pages", errno.ENOSPC, "No space left on device", "free disk space, then build again"),
        (
            "generator.build.tempfile.mkdtemp",
            errno.EROFS,
            "Read-only file system",
            "the file system is read-only: build into a writable folder with --output",
        ),
    ],
)
def test_write_failures_leave_the_output_as_it_was(
    where: str,
    code: int,
    reason: str,
    hint: str,
    sample: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = str(sample / "output" / "facts" / "index.html")

    def fails(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(code, reason, target)

    monkeypatch.setattr(where, fails)
    before = tree(sample)

    status, err = run(sample, capsys, "build", "--no-search")

    assert status == 1
    assert err == [
        f"output: error: cannot write the site: {reason} (output/facts/index.html)",
        f"    hint: {hint}",
        "check failed: 1 error(s), 0 warning(s)",
        BUILD_FAILED,
    ]
    assert tree(sample) == before
    assert not list(sample.glob(".output.*"))


@pytest.mark.parametrize("folder", ["content", "seeds", "."])
def test_output_that_would_replace_the_project_is_refused(
    folder: str, sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(sample)
    status, err = run(sample, capsys, "build", "--no-search", "--output", str(sample / folder))
    shown = str(sample.resolve()) if folder == "." else folder
    assert status == 1
    assert err == [
        f"{shown}: error: output folder {shown} would replace the project or one of its inputs",
        "    hint: build into a folder of its own, e.g. --output output",
        "check failed: 1 error(s), 0 warning(s)",
        BUILD_FAILED,
    ]
    assert tree(sample) == before


def test_unusable_cache_entries_are_discarded_and_rebuilt(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    caches = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(caches))
    assert run(sample, capsys, "build", "--no-search")[0] == 0
    assert main(["--root", str(sample), "check"]) == 0
    clean = capsys.readouterr()
    stored = {path: path.read_bytes() for path in caches.glob("*.pickle")}
    assert {p.name for p in stored} >= {"seeds.pickle", "quotes.pickle", "sidecars.pickle", "fact-sheets.pickle"}
    wrong: list[Any] = ["text", [1, 2], {("a", "b"): ("x", None)}, ("key", "value")]
    for path, raw in stored.items():
        header, _, body = raw.partition(b"\n")
        value = pickle.loads(body)
        variants = [*wrong, dict.fromkeys(value, "wrong type") if isinstance(value, dict) else ("k", 3)]
        for bad in [*(pickle.dumps(v) for v in variants), body[: len(body) // 2]]:
            path.write_bytes(header + b"\n" + bad)
            assert main(["--root", str(sample), "check"]) == 0, (path.name, bad[:40])
            assert capsys.readouterr() == clean
        path.write_bytes(raw)
    cache.wait_for_writes()
    (manifest,) = (caches / "build").glob("*.json")
    for text in ["[1, 2]", "null", '{"version": 1, "pages": {"index.html": [1, {"a": 5}, "x", 1, 2]}}']:
        manifest.write_text(text, encoding="utf-8")
        assert run(sample, capsys, "build", "--no-search")[0] == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_reports_a_seed_edited_with_its_checksum(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git = ["git", "-C", str(sample), "-c", "user.name=T", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "seeds", "content"], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    seed = sample / "seeds" / "000_aaaaaaaaaaaaaaaa.txt"
    old = hashlib.sha256(seed.read_bytes()).hexdigest()
    seed.write_bytes(seed.read_bytes().replace(b"1,200", b"1,300"))
    new = hashlib.sha256(seed.read_bytes()).hexdigest()
    sums = sample / SUMS
    sums.write_text(sums.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    status = main(["--root", str(sample), "diff", "HEAD"])

    out = capsys.readouterr().out
    assert status == 1
    assert (
        f"- **bytes changed** in seeds/000_aaaaaaaaaaaaaaaa.txt (sha256 {old[:16]}… → {new[:16]}…): seeds are "
        "never edited; add the new version as a new seed"
    ) in out.splitlines()
