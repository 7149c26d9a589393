"""Web pages as seeds: kept byte-exact, paragraphs from extraction, published as text; `ingest URL`."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from generator.build import BuildOptions, build_site
from generator.cli import main
from generator.content.load import load_content
from generator.content.yamlio import load_yaml
from generator.ingest.extraction import fetch as fetch_module
from generator.problems import Problems
from tests.sample import write_sample

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
PAGE = FIXTURES / "cp1252-page.html"


def _draft(root: Path) -> Path:
    return next(p for p in (root / "content" / "sources").glob("*.yaml") if "needs_review" in p.read_text())


def _cite(root: Path, source_id: str, quote: str) -> None:
    facts = root / "content" / "facts" / "bridge.yaml"
    facts.write_text(
        "facts:\n"
        "  - id: bridge-opened\n"
        "    statement: According to the Stadtanzeiger, a bridge for cyclists opened.\n"
        "    kind: event\n"
        "    status: reported\n"
        "    topics: [arms-transfers]\n"
        "    entities: [northern-harbour]\n"
        "    citations:\n"
        f"      - source: {source_id}\n"
        f'        quote: "{quote}"\n',
        encoding="utf-8",
    )


def test_a_web_page_is_kept_byte_exact_and_read_through_extraction(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", str(PAGE)]) == 0
    raw = PAGE.read_bytes()
    name = f"002_{hashlib.sha256(raw).hexdigest()[:16]}.html"
    assert (root / "seeds" / name).read_bytes() == raw
    data = load_yaml(_draft(root)).data
    assert data["title"] == "Neue Brücke für Radfahrer eröffnet"
    assert data["published"] == "2024-11-20"
    assert data["authors"] == ["Lena Vogt"]
    assert data["outlet"] == "Stadtanzeiger"
    assert data["language"] == "de"
    problems = Problems()
    content = load_content(root, problems)
    assert not problems.has_errors()
    paragraphs = [p.text for p in content.sources[data["id"]].paragraphs]
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Nach zwei Jahren Bauzeit")
    assert not any("Cookie" in p or "Impressum" in p or "document.write" in p for p in paragraphs)


def test_quotes_are_verified_against_the_extracted_paragraphs(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", str(PAGE)]) == 0
    source_id = load_yaml(_draft(root)).data["id"]
    _cite(root, source_id, "rund 4,8 Millionen Euro in das Bauwerk investiert")
    problems = Problems()
    load_content(root, problems)
    assert not problems.has_errors(), [str(p) for p in problems.items]
    _cite(root, source_id, "Wir verwenden Cookies")  # visible on the page, but furniture
    problems = Problems()
    load_content(root, problems)
    assert [p.message for p in problems.items if p.level.name == "ERROR"] == [
        f"quote is in page furniture of source '{source_id}' (cookie or consent notice), not in the article text"
    ]


def test_the_verbatim_page_is_published_as_text_never_as_html(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", str(PAGE)]) == 0
    data = load_yaml(_draft(root)).data
    out = tmp_path / "out"
    build_site(BuildOptions(root=root, output=out, search=False))
    seed = data["seed"]
    assert not (out / "seeds" / seed).exists()
    assert (out / "seeds" / f"{seed}.txt").read_bytes() == PAGE.read_bytes()
    page = (out / "sources" / data["id"] / "index.html").read_text(encoding="utf-8")
    assert f'href="/seeds/{seed}.txt"' in page
    assert "document.write" not in page
    # the visible blocks left out are listed, with what they are
    assert "<tr><td>–</td><td>cookie or consent notice</td><td><code>Wir verwenden Cookies" in page
    sources = json.loads((out / "data" / "sources.json").read_text(encoding="utf-8"))["sources"]
    [record] = [s for s in sources if s["id"] == data["id"]]
    assert record["seed"] == seed
    assert record["seed_url"].endswith(f"/seeds/{seed}.txt")


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        status, kind, body = self.pages.get(self.path, (404, "text/plain", b"not found"))
        if kind == "slow":
            time.sleep(1.5)
            kind = "text/html"
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (the timeout test)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_ingest_url_fetches_once_and_records_url_and_time(tmp_path: Path, server: str) -> None:
    raw = PAGE.read_bytes()
    _Handler.pages = {"/bridge": (200, "text/html; charset=windows-1252", raw)}
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", f"{server}/bridge"]) == 0
    data = load_yaml(_draft(root)).data
    assert data["url"] == f"{server}/bridge"
    assert isinstance(data["retrieved"], str) and data["retrieved"].endswith("Z")
    assert (root / "seeds" / data["seed"]).read_bytes() == raw
    assert data["seed"].endswith(".html")
    assert data["title"] == "Neue Brücke für Radfahrer eröffnet"
    problems = Problems()
    load_content(root, problems)
    assert not problems.has_errors()


def test_ingest_url_reports_http_errors_and_writes_nothing(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _Handler.pages = {}
    root = write_sample(tmp_path / "p")
    before = sorted(p.name for p in (root / "seeds").iterdir())
    assert main(["--root", str(root), "ingest", f"{server}/gone"]) == 1
    assert capsys.readouterr().err == f"error: {server}/gone: the server answered 404 Not Found; nothing was written\n"
    assert sorted(p.name for p in (root / "seeds").iterdir()) == before


def test_ingest_url_refuses_pages_over_the_size_limit(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _Handler.pages = {"/big": (200, "text/html", b"<html>" + b"x" * 5000 + b"</html>")}
    monkeypatch.setattr(fetch_module, "MAX_BYTES", 1000)
    monkeypatch.setattr(fetch_module.fetch, "__defaults__", (fetch_module.TIMEOUT_SECONDS, 1000))
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", f"{server}/big"]) == 1
    assert capsys.readouterr().err == (
        f"error: {server}/big: the page is 5,013 bytes, over the 1,000-byte limit; nothing was written\n"
    )


def test_ingest_url_gives_up_after_the_timeout(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _Handler.pages = {"/slow": (200, "slow", b"<html><body><p>late</p></body></html>")}
    monkeypatch.setattr(fetch_module.fetch, "__defaults__", (0.3, fetch_module.MAX_BYTES))
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", f"{server}/slow"]) == 1
    assert capsys.readouterr().err == f"error: {server}/slow: no answer within 0.3 s; nothing was written\n"


def test_ingest_url_reports_a_refused_connection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", "http://127.0.0.1:9/article"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: http://127.0.0.1:9/article: cannot fetch: ")
    assert err.endswith("; nothing was written\n")


def test_check_warns_when_a_reviewed_sidecar_disagrees_with_the_text(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "p")
    sidecar = root / "content" / "sources" / "gazette-2025-03-03.yaml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(
        text.replace('published: "2025-03-03"', 'published: "2025-03-04"')
        .replace("title: Harbour officials report record cargo", "title: Port breaks records")
        .replace("authors: [Jane Roe]", "authors: [John Doe]"),
        encoding="utf-8",
    )
    problems = Problems()
    load_content(root, problems)
    warnings = [(p.location.line, p.message) for p in problems.items if p.level.name == "WARNING"]
    assert warnings == [
        (
            3,
            "source 'gazette-2025-03-03' title 'Port breaks records' is not the headline the article prints "
            "('Harbour officials report record cargo')",
        ),
        (6, "source 'gazette-2025-03-03' authors ['John Doe'] differ from the byline the article prints (Jane Roe)"),
        (
            7,
            "source 'gazette-2025-03-03' gives published 2025-03-04, a date the article does not print "
            "(it prints 2025-03-03 ('3 Mar. 2025, 09:00'))",
        ),
    ]


def test_check_is_quiet_when_the_sidecar_agrees_or_the_text_prints_nothing(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "p")
    problems = Problems()
    load_content(root, problems)
    assert [p.message for p in problems.items] == []


def test_a_page_without_article_text_is_refused_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "login.html"
    page.write_text('<html><head><title>Login</title></head><body><nav><a href="/">Home</a></nav></body></html>')
    assert main(["extract", "--json", str(page)]) == 0
    captured = capsys.readouterr()
    [found] = json.loads(captured.out)
    assert (found["paragraphs"], found["removed"]) == ([], [{"text": "Home", "reason": "page controls"}])
    assert captured.err == f"{page}: warning: no article text found; ingest would refuse this file\n"
    root = write_sample(tmp_path / "p")
    assert main(["--root", str(root), "ingest", str(page)]) == 1
    assert capsys.readouterr().err == (
        f"error: {page}:1: no article text found in the web page; nothing was written "
        "(hint: save the article's own page, not an index or a login page)\n"
    )
