"""content/site.yaml, typed settings and the build's timed stages, on the frozen sample site."""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import resources
from generator.build import BuildOptions, build_site
from generator.cli import main
from generator.model import Location
from generator.problems import Problems
from generator.settings import check_settings, load_settings
from tests.sample import write_sample

SITE = "content/site.yaml"
FACTS = "content/facts/harbour.yaml"
BRIEFING = "content/briefings/arms-transfers.md"


def _replace(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--root", str(root), "check"]) == 1
    return capsys.readouterr().err.replace(f"{root}/", "").splitlines()


def test_an_unknown_topic_names_the_closest_one_site_yaml_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sample(tmp_path)
    _replace(root, FACTS, "topics: [arms-transfers]", "topics: [arms-transfer]")
    _replace(root, BRIEFING, "topic: arms-transfers", "topic: harbour")
    assert _check(root, capsys) == [
        f"{BRIEFING}:4:1: error: unknown topic 'harbour'",
        "    hint: content/site.yaml lists: 2023-summit, 2024-deployment, arms-transfers; add it there or fix the slug",
        f"{FACTS}:10:14: error: unknown topic 'arms-transfer'",
        "    hint: did you mean 'arms-transfers'?",
        "check failed: 2 error(s), 0 warning(s)",
    ]


def test_a_topic_added_to_site_yaml_is_accepted_without_a_code_change(tmp_path: Path) -> None:
    root = write_sample(tmp_path)
    _replace(
        root, SITE, "topics:\n", "topics:\n  - {slug: cranes, title: Cranes, description: The harbour's cranes.}\n"
    )
    _replace(root, FACTS, "topics: [arms-transfers]", "topics: [cranes, arms-transfers]")
    assert main(["--root", str(root), "check"]) == 0


def test_an_unknown_entity_kind_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    _replace(root, "content/entities.yaml", "kind: place", "kind: plaice")
    lines = _check(root, capsys)
    assert lines[:2] == [
        "content/entities.yaml:9:5: error: unknown entity kind 'plaice'",
        "    hint: did you mean 'place'?",
    ]


def test_site_yaml_problems_are_located_and_reported_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    _replace(root, SITE, "licence: CC0 1.0\n", "licence: CC0 1.0\nlicense: CC0\n")
    _replace(root, SITE, "  - slug: 2024-deployment", "  - slug: 2023-summit")
    lines = _check(root, capsys)
    assert lines[0] == f"{SITE}:8:1: error: unknown key 'license'"
    assert lines[1].startswith("    hint: did you mean 'licence'?")
    # A broken site.yaml is reported once, not again at every topic that uses it.
    assert lines[-1] == "check failed: 1 error(s), 0 warning(s)"


def test_duplicate_topic_slugs_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    _replace(root, SITE, "  - slug: 2024-deployment", "  - slug: 2023-summit")
    assert _check(root, capsys)[:2] == [
        f"{SITE}:13:5: error: duplicate slug '2023-summit' in topics (first defined on line 10)",
        "    hint: each slug may appear once",
    ]


def test_a_missing_site_yaml_says_how_to_start_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    (root / SITE).unlink()
    assert _check(root, capsys) == [
        f"{SITE}: error: missing site configuration",
        "    hint: create content/site.yaml with the site's name, topics and entity kinds (see `briefing init`)",
        "check failed: 1 error(s), 0 warning(s)",
    ]


def test_settings_problems_are_all_reported_with_file_and_line(tmp_path: Path) -> None:
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(
        'SITENAME = "Old"\nSITEURL = "example.org"\nBRIEFING_SEARCH = "yes"\nBRIEFING_SERCH = False\nOUTPUT_PATH = "out"\n',
        encoding="utf-8",
    )
    problems = Problems()
    loaded = load_settings(settings, problems, tmp_path)
    assert [str(p) for p in problems.items] == [
        f"{settings}:1: error: SITENAME is no longer a setting\n"
        "    hint: set 'name' in content/site.yaml instead and remove SITENAME from pelicanconf.py",
        f"{settings}:2: error: SITEURL: site URL 'example.org' is not an absolute http(s) address or a path "
        "starting with '/' (e.g. https://example.org/briefings or /briefings)\n"
        "    hint: where the site is served: '', '/repo' or 'https://host/repo'",
        f"{settings}:3: error: BRIEFING_SEARCH: expected True or False, got 'yes'\n"
        "    hint: build the Pagefind search index",
        f"{settings}:4: error: unknown setting BRIEFING_SERCH\n    hint: did you mean 'BRIEFING_SEARCH'?",
    ]
    assert loaded.output_path == tmp_path / "out"
    assert loaded.search is True


def test_settings_that_raise_are_a_located_problem(tmp_path: Path) -> None:
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("SITEURL = (\n", encoding="utf-8")
    problems = Problems()
    load_settings(settings, problems, tmp_path)
    assert len(problems.items) == 1
    assert str(problems.items[0]).startswith(f"{settings}:1: error: cannot read settings: SyntaxError")


def test_settings_defaults_and_trailing_slashes(tmp_path: Path) -> None:
    problems = Problems()
    settings = check_settings({"SITEURL": "/repo/"}, {}, tmp_path / "pelicanconf.py", problems)
    assert problems.items == ()
    assert (settings.site_url, settings.public_url, settings.search) == ("/repo", "", True)
    assert (settings.output_path, settings.file) == (tmp_path / "output", None)


def test_a_project_without_settings_builds_into_its_own_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_sample(tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    (root / "pelicanconf.py").unlink()
    result = build_site(BuildOptions(root=root, search=False))
    assert result.output == root / "output"
    assert (root / "output" / "index.html").is_file()


def test_a_build_reports_its_named_stages_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path / "project")
    result = build_site(BuildOptions(root=root, output=tmp_path / "out", search=False))
    assert [s.name for s in result.stages] == [
        "load and check",
        "analyse",
        "plan",
        "render",
        "exports",
        "feed",
        "search",
        "swap",
    ]
    assert result.pages == sum(1 for _ in (tmp_path / "out").rglob("*.html"))
    assert main(["--root", str(root), "build", "--output", str(tmp_path / "out"), "--no-search", "--timings"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out[1:]] == [
        "load",
        "analyse",
        "plan",
        "render",
        "exports",
        "feed",
        "search",
        "swap",
    ]
    assert all(re.fullmatch(r"  \S.{15} +\d+\.\d{3} s", line) for line in out[1:])


def test_loading_and_checking_never_import_the_site_layer(tmp_path: Path) -> None:
    """`briefing check` (the build's first stage) runs without Pelican, Jinja, Pagefind or the site modules."""
    root = write_sample(tmp_path)
    (root / "pelicanconf.py").write_text('SITEURL = ""\n', encoding="utf-8")
    code = (
        "import sys; from generator.cli import main; status = main(['--root', sys.argv[1], 'check']); "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('pelican', 'pagefind', 'jinja2') "
        "or m in ('generator.build', 'generator.site.plan', 'generator.site.render', 'generator.site.theme', "
        "'generator.plugin', 'generator.site.stages', 'generator.site.search')))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


def test_check_reports_settings_problems_with_the_content_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sample(tmp_path)
    (root / "pelicanconf.py").write_text('THEME = "mine"\nBRIEFING_SEARCH = 1\n', encoding="utf-8")
    _replace(root, FACTS, "topics: [arms-transfers]", "topics: [arms-transfer]")
    assert _check(root, capsys) == [
        f"{FACTS}:10:14: error: unknown topic 'arms-transfer'",
        "    hint: did you mean 'arms-transfers'?",
        "pelicanconf.py:1: error: THEME is not read by the briefing engine",
        "    hint: the project's own theme is themes/briefing/ (else the engine's); remove THEME",
        "pelicanconf.py:2: error: BRIEFING_SEARCH: expected True or False, got 1",
        "    hint: build the Pagefind search index",
        "check failed: 3 error(s), 0 warning(s)",
    ]


def test_yaml_and_seed_errors_are_one_located_error_type() -> None:
    from generator.content.yamlio import YamlError
    from generator.ingest.seeds import SeedError
    from generator.problems import InputError

    assert YamlError is SeedError is InputError
    error = InputError(Location(Path("seeds/x.txt"), 3), "seed is empty", "add the text")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.location, copy.message, copy.hint) == (error.location, error.message, error.hint)


def test_a_code_change_anywhere_in_the_package_rerenders_every_page(tmp_path: Path) -> None:
    """In a temporary copy of the engine: edit a helper module, then add and edit a module in a
    subpackage; each change re-renders every page (the code digest covers the whole package)."""
    engine = tmp_path / "engine"
    shutil.copytree(resources.PACKAGE, engine / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(resources.THEME, engine / "themes" / "briefing")
    shutil.copytree(resources.SCHEMAS, engine / "schemas")
    root = write_sample(tmp_path / "project")
    cache = tmp_path / "cache"

    def build() -> tuple[int, int]:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "--root",
                str(root),
                "build",
                "--output",
                str(tmp_path / "out"),
                "--no-search",
            ],
            cwd=engine,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "BRIEFING_CACHE_DIR": str(cache), "PYTHONPATH": str(engine)},
            check=True,
        )
        found = re.search(r"built (\d+) pages \((\d+) rendered", done.stdout)
        assert found, done.stdout + done.stderr
        return int(found.group(1)), int(found.group(2))

    pages, _ = build()
    assert build() == (pages, 0)
    helper = engine / "generator" / "content" / "dates.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert build() == (pages, pages)
    assert build() == (pages, 0)
    subpackage = engine / "generator" / "extra"
    subpackage.mkdir()
    (subpackage / "__init__.py").write_text('"""A new subpackage."""\n', encoding="utf-8")
    assert build() == (pages, pages)
    (subpackage / "__init__.py").write_text('"""A new subpackage, edited."""\n', encoding="utf-8")
    assert build() == (pages, pages)


def test_a_badly_formed_topic_slug_is_a_bad_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    _replace(root, SITE, "  - slug: 2024-deployment", "  - slug: Topic Two")
    _replace(root, FACTS, "topics: [arms-transfers]", "topics: [Arms]")
    assert _check(root, capsys) == [
        f"{FACTS}:10:14: error: bad id 'Arms' in facts[0].topics[0]",
        "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
        f"{SITE}:13:5: error: bad id 'Topic Two' in topics[1].slug",
        "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
        "check failed: 2 error(s), 0 warning(s)",
    ]
