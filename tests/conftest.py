"""Shared fixtures: a built copy of the real site, served on localhost, and Chromium settings."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from tests.tools.serving import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its files (examples, constants) in a temporary folder, not in the working tree."""
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))


@pytest.fixture(scope="session", autouse=True)
def _cache_outside_the_working_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds of the real project keep their caches in a temporary directory, not in <root>/cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


def require_tool(available: bool, what: str) -> None:
    """Skip when a tool is missing locally; fail under CI, where .ci/run installs it."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing under CI=true: .ci/run must install it")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built at the site root into a temporary directory."""
    output = tmp_path_factory.mktemp("site") / "output"
    build_site(BuildOptions(root=ROOT, output=output))
    return output


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built for serving under /briefings-site/."""
    output = tmp_path_factory.mktemp("subsite") / "output"
    build_site(BuildOptions(root=ROOT, output=output, site_url="/briefings-site"))
    return output


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """Base URL of the built site served on 127.0.0.1."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def subpath_url(subpath_site: Path) -> Iterator[str]:
    """Base URL of the sub-path build served under /briefings-site/."""
    with serve(subpath_site, "/briefings-site") as base:
        yield base


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of the project's inputs that a test may change."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("seeds", "content", "themes", "schemas"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Use Debian's Chromium with networking that never leaves the machine."""
    require_tool(Path(CHROMIUM).exists(), "Debian's chromium (/usr/bin/chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
