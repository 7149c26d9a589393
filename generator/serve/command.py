"""`briefing serve`: a live preview that re-renders what is open in the browser and reloads it."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import gc
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.model import Problem
from generator.problems import relative, summary
from generator.serve.preview import Preview, Reloaded
from generator.serve.server import Hub, LiveServer, PortInUse, running
from generator.serve.watch import changes

REFRESH_DELAY = 1.5
"""Seconds without changes before the background build starts, so it never slows a reload down."""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What `briefing serve` was asked to do."""

    root: Path
    bind: str = "127.0.0.1"
    port: int = 8000
    search: bool = True
    verbose: bool = False


def serve(options: ServeOptions) -> int:
    """Serve the preview until interrupted; 1 when the port cannot be used."""
    root = options.root
    scratch = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    preview = Preview(root, root / "pelicanconf.py", scratch)
    hub = Hub()
    try:
        server = LiveServer((options.bind, options.port), preview, scratch / "site", hub)
    except PortInUse as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"error: {exc}\n    hint: {_listen_hint(exc.code, options.port)}", file=sys.stderr)
        return 1
    refresher = Refresher(root, scratch / "site", options.search, options.verbose)
    log = Log(root, options.verbose)
    if threading.current_thread() is threading.main_thread():
        # `kill` (and test harnesses) stop the server like Ctrl-C: the scratch directory and the
        # background build go too.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        first = preview.reload()
        host, port = str(server.server_address[0]), int(server.server_address[1])
        log.started(f"http://{host}:{port}/", first)
        refresher.schedule()
        with running(server):
            _follow(root, preview, hub, refresher, log)
    except KeyboardInterrupt:
        pass
    finally:
        refresher.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _load_prctl() -> Callable[[int, int], int] | None:
    """Linux's prctl from the C library, resolved in the server itself (nothing is loaded after fork)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        prctl: Callable[[int, int], int] = libc.prctl
    except (OSError, AttributeError):
        return None
    return prctl


_PRCTL = _load_prctl()
PR_SET_PDEATHSIG = 1
"""prctl option: the signal a process gets when its parent ends."""


def _die_with_parent() -> None:
    """In the background build's process: end when the server ends, even when it is killed outright
    (a kill -9 or a harness that stops the server gives it no chance to stop the build itself)."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _listen_hint(code: int, port: int) -> str:
    if code == errno.EACCES:
        return f"port {port} needs privileges on this machine; choose one above 1023, e.g. --port 8000"
    if code == errno.EADDRNOTAVAIL:
        return "the --bind address is not one of this machine's; use 127.0.0.1"
    return (
        f"another program (perhaps another `briefing serve`) uses port {port}; "
        f"stop it, or choose a free port with --port {port + 1} (--port 0 picks any free one)"
    )


def _follow(root: Path, preview: Preview, hub: Hub, refresher: Refresher, log: Log) -> None:
    """Reload on every batch of changes until interrupted."""
    stop = threading.Event()
    try:
        for paths in changes(root, stop):
            refresher.interrupt()  # out of date now, and the reload needs the CPU
            open_pages = hub.watched()
            reloaded = preview.reload(paths, open_pages)
            hub.publish(open_pages, reloaded.changed_pages)
            log.change(paths, reloaded)
            if not reloaded.failed:
                refresher.schedule()
    finally:
        stop.set()


class Log:
    """One line per change; problems printed once, when they change."""

    def __init__(self, root: Path, verbose: bool = False) -> None:
        self.root = root
        self.verbose = verbose
        self._shown: tuple[Problem, ...] = ()
        self._failed = False

    def started(self, url: str, first: Reloaded) -> None:
        """Report where the preview is and whether the content checks."""
        if first.failed:
            state = f"the content does not check: {summary(first.problems)}"
        else:
            state = f"content checked in {first.seconds * 1000:.0f} ms"
        self.say(f"serving {url} ({state}); watching seeds/, content/, themes/ and the settings; Ctrl-C stops")
        self._failed = first.failed
        self.problems(first.problems)

    def say(self, text: str) -> None:
        """Print one timestamped line."""
        print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)

    def change(self, paths: Sequence[Path], reloaded: Reloaded) -> None:
        """Report one batch of changes and what it did."""
        # Editors and tools save through temporary files that are gone by now: name what is left.
        paths = [path for path in paths if path.exists()] or list(paths)
        names = ", ".join(str(relative(path, self.root)) for path in paths[:3])
        if len(paths) > 3:
            names += f" and {len(paths) - 3} more"
        if reloaded.failed:
            outcome = f"the content does not check: {summary(reloaded.problems)}"
        else:
            outcome = "the content checks again; " if self._failed else ""
            outcome += f"{len(reloaded.changed_pages)} open page(s) changed, in {reloaded.seconds * 1000:.0f} ms"
            if self.verbose:
                phases = ", ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in reloaded.phases)
                # How the content was updated; `full: <why>` names a change that is not patched.
                outcome += f" ({reloaded.cpu_seconds * 1000:.0f} ms CPU: {phases}; {reloaded.how})"
        self._failed = reloaded.failed
        self.say(f"{names} changed: {outcome}")
        self.problems(reloaded.problems)

    def problems(self, problems: tuple[Problem, ...]) -> None:
        """Print the problems unless they are the ones printed last."""
        if problems == self._shown:
            return
        self._shown = problems
        for problem in problems:
            print(_relative_problem(problem, self.root), flush=True)


def _relative_problem(problem: Problem, root: Path) -> str:
    text = str(problem)
    absolute = str(problem.location.path)
    return text.replace(absolute, str(relative(problem.location.path, root)), 1)


class Refresher:
    """Rebuild the scratch copy of the site (exports, feed, search index) in a separate process.

    It starts once the inputs have been quiet for REFRESH_DELAY, so it never competes with a reload,
    and a change while it runs stops it: the build it was making is already out of date.
    """

    def __init__(self, root: Path, output: Path, search: bool, verbose: bool) -> None:
        self.root = root
        self.output = output
        self.search = search
        self.verbose = verbose
        self._wanted = threading.Event()
        self._stopped = threading.Event()
        self._process: subprocess.Popen[str] | None = None
        self._interrupted = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="briefing-refresh", daemon=True)
        self._thread.start()

    def schedule(self) -> None:
        """Ask for a rebuild once the inputs are quiet; stop one that is running."""
        with self._lock:
            self._wanted.set()
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()

    def interrupt(self) -> None:
        """Stop a running build now, without asking for another (`schedule` does, once the content checks)."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._interrupted = True
                self._process.terminate()

    def stop(self) -> None:
        """Stop the loop and the running build, if any."""
        self._stopped.set()
        self.schedule()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            while self._wanted.is_set():  # wait until no change came for REFRESH_DELAY
                self._wanted.clear()
                if self._stopped.wait(REFRESH_DELAY):
                    return
            # Content is loaded with the cyclic collector paused (project.collector_paused), so each
            # reload leaves the previous model as uncollected garbage (~15 MB a save at 1,000
            # sources). Collect it now, while nobody waits, rather than in the middle of a reload.
            gc.collect()
            self._build()

    def _build(self) -> None:
        command = [sys.executable, "-m", "generator", "--root", str(self.root), "build", "--output", str(self.output)]
        if not self.search:
            command.append("--no-search")
        started = time.perf_counter()
        with self._lock:
            if self._stopped.is_set() or self._wanted.is_set():
                return
            self._interrupted = False
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (it only calls prctl, resolved before the fork)
            )
            process = self._process
        output, _ = process.communicate()
        if self._stopped.is_set() or self._wanted.is_set() or self._interrupted:
            return  # stopped on purpose
        what = "search index, data files and feed" if self.search else "data files and feed"
        if process.returncode != 0:
            last = output.strip().splitlines()[-1:] or ["(no output)"]
            print(f"{time.strftime('%H:%M:%S')} background build failed: {last[0]}", flush=True)
        elif self.verbose:
            print(f"{time.strftime('%H:%M:%S')} {what} rebuilt in {time.perf_counter() - started:.1f} s", flush=True)
