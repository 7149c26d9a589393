"""The preview server's HTTP side: pages from memory, files from disk, reload events to browsers."""

from __future__ import annotations

import errno
import http.server
import json
import mimetypes
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from generator.serve import live
from generator.serve.preview import Preview

KEEPALIVE_SECONDS = 15.0
"""How often an idle event stream sends a comment, so that proxies and browsers keep it open."""


class PortInUse(Exception):
    """The address the server was asked to listen on cannot be used (taken, privileged or not ours)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code
        """The errno: EADDRINUSE, EACCES or EADDRNOTAVAIL."""


class Hub:
    """Versions of the preview and of each watched page; event streams wait on it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version = 1
        self._page_versions: dict[str, int] = {}
        self._watchers: Counter[str] = Counter()
        self._closed = False

    def watched(self) -> list[str]:
        """Pages (save_as paths) open in a browser now."""
        with self._changed:
            return sorted(self._watchers)

    def publish(self, compared: Iterable[str], changed_pages: frozenset[str]) -> int:
        """Start a new version; return it. Of the pages `compared` before and after the change, those not in
        `changed_pages` keep their version (their browsers stay); every other page counts as changed."""
        with self._changed:
            kept = {path: self.page_version(path) for path in compared if path not in changed_pages}
            self.version += 1
            self._page_versions = kept
            self._changed.notify_all()
            return self.version

    def page_version(self, path: str) -> int:
        """Version at which a page last changed (the current one when not known)."""
        return self._page_versions.get(path, self.version)

    def wait(self, path: str, since: int, timeout: float) -> int | None:
        """Block until the page changed after `since`; return the version, or None on timeout or close."""
        with self._changed:
            self._watchers[path] += 1
            try:
                self._changed.wait_for(lambda: self._closed or self.page_version(path) > since, timeout)
                current = self.page_version(path)
                return None if self._closed or current <= since else current
            finally:
                self._watchers[path] -= 1
                if self._watchers[path] <= 0:
                    del self._watchers[path]

    @property
    def closed(self) -> bool:
        """Whether the server is shutting down."""
        return self._closed

    def close(self) -> None:
        """Release every waiting stream."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


class LiveServer(http.server.ThreadingHTTPServer):
    """Serves the preview; one thread per connection (event streams stay open)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview, files: Path, hub: Hub) -> None:
        self.preview = preview
        self.files = files
        """The last complete build in the scratch directory: exports, feed, search index."""
        self.hub = hub
        try:
            super().__init__(address, LiveHandler)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
                raise PortInUse(f"cannot listen on {address[0]}:{address[1]}: {exc.strerror}", exc.errno) from exc
            raise


class LiveHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD for pages, files and the server's own endpoints."""

    server: LiveServer
    protocol_version = "HTTP/1.1"
    _OWN: ClassVar[dict[str, tuple[str, str]]] = {
        live.SCRIPT_URL: ("text/javascript; charset=utf-8", live.SCRIPT),
        live.STYLE_URL: ("text/css; charset=utf-8", live.STYLE),
    }

    def do_HEAD(self) -> None:
        """Headers only."""
        self._respond(head=True)

    def do_GET(self) -> None:
        """Serve one request."""
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        query = urllib.parse.parse_qs(url.query)
        if path in self._OWN:
            kind, text = self._OWN[path]
            self._send(200, kind, text.encode(), head)
        elif path == live.EVENTS_URL:
            self._events(query)
        elif path == live.VERSION_URL:
            body = {"version": self.server.hub.version, "failed": self.server.preview.failed}
            self._send(200, "application/json", json.dumps(body).encode(), head)
        else:
            self._site(path, head)

    def _site(self, path: str, head: bool) -> None:
        save_as = page_file(path)
        if save_as is None:
            self._send(400, "text/plain; charset=utf-8", b"bad path\n", head)
            return
        preview = self.server.preview
        version = self.server.hub.version
        if save_as.endswith(".html") and preview.failed:
            page = live.problems_page(preview.problems, preview.root, version)
            self._send(500, "text/html; charset=utf-8", page.encode(), head)
            return
        html = preview.render(save_as) if save_as.endswith(".html") else None
        if html is not None:
            self._send(200, "text/html; charset=utf-8", live.inject(html, version).encode(), head)
            return
        file = self._file(save_as)
        if file is not None:
            self._send_file(file, save_as, version, head)
        elif (self._file(save_as + "/index.html") or preview.render(save_as + "/index.html")) is not None:
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            missing = preview.render("404.html") or "<!DOCTYPE html><title>Not found</title><p>Not found</p>"
            self._send(404, "text/html; charset=utf-8", live.inject(missing, version).encode(), head)

    def _file(self, save_as: str) -> Path | None:
        """A file of the site on disk: the theme's static files and seeds live, the rest from the last build."""
        root = self.server.preview.root
        first, _, rest = save_as.partition("/")
        candidates = [self.server.files / save_as]
        if first == "theme":
            candidates.insert(0, root / "themes" / "briefing" / "static" / rest)
        elif first == "seeds":
            candidates.insert(0, root / "seeds" / rest)
        return next((c for c in candidates if c.is_file()), None)

    def _send_file(self, file: Path, save_as: str, version: int, head: bool) -> None:
        body = file.read_bytes()
        if save_as.startswith("seeds/"):
            kind = "text/plain; charset=utf-8"  # a seed is evidence, never a page (see ARCHITECTURE: /seeds/)
        else:
            guessed = mimetypes.guess_type(save_as)[0] or "application/octet-stream"
            kind = f"{guessed}; charset=utf-8" if guessed.startswith("text/") or guessed.endswith("json") else guessed
        if save_as.endswith(".html"):
            body = live.inject(body.decode("utf-8"), version).encode()
        self._send(200, kind, body, head)

    def _events(self, query: dict[str, list[str]]) -> None:
        try:
            since = int(query.get("since", ["0"])[0])
        except ValueError:
            since = 0
        watched = page_file(query.get("path", ["/"])[0]) or "index.html"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 300\n\n")
            self.wfile.flush()
            while True:
                version = self.server.hub.wait(watched, since, KEEPALIVE_SECONDS)
                if version is not None:
                    self.wfile.write(f"event: reload\ndata: {version}\n\n".encode())
                    self.wfile.flush()
                    return
                if self.server.hub.closed:
                    return
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal shows changes and problems only."""
        return


def page_file(url_path: str) -> str | None:
    """The file a URL path names (`/a/` -> `a/index.html`); None for paths leaving the site."""
    parts = [part for part in url_path.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        return None
    joined = "/".join(parts)
    return joined + "/index.html" if url_path.endswith("/") and joined else joined or "index.html"


@contextmanager
def running(server: LiveServer) -> Iterator[threading.Thread]:
    """Serve in a background thread until the block ends."""
    thread = threading.Thread(target=server.serve_forever, name="briefing-serve", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        server.hub.close()
        server.shutdown()
        server.server_close()
