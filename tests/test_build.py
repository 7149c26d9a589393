"""End-to-end builds: URL contract, atomic output, byte-identical rebuilds, exports."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from generator.cli import main
from generator.problems import BuildFailed
from tests.sample import own_theme, write_sample

ROOT = Path(__file__).resolve().parent.parent

CONTRACT = [
    "index.html",
    "briefings/2023-summit/index.html",
    "briefings/2024-deployment/index.html",
    "briefings/arms-transfers/index.html",
    "sources/index.html",
    "sources/joongang-daily-2024-11-20/index.html",
    "seeds/002_7e9489235ea2a4b6.txt",
    "facts/index.html",
    "entities/choe-son-hui/index.html",
    "timeline/index.html",
    "search/index.html",
    "about/index.html",
    "data/facts.json",
    "data/sources.json",
    "data/entities.json",
    "data/facts.csv",
    "feeds/all.atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "theme/favicon.svg",
    "theme/css/site.css",
    "pagefind/pagefind-entry.json",
]


def _tree(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


# Pagefind writes its filter files, and the manifests naming them, in an order
# that varies from run to run (the same happens with its own CLI). Everything
# else, its page fragments and word index included, must be byte-identical.
_PAGEFIND_UNORDERED = ("pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.en_")


def _deterministic_part(directory: Path) -> dict[str, str]:
    return {k: v for k, v in _tree(directory).items() if not k.startswith(_PAGEFIND_UNORDERED)}


@pytest.mark.slow
def test_site_has_every_url_of_the_contract(site: Path) -> None:
    missing = [path for path in CONTRACT if not (site / path).is_file()]
    assert missing == []
    facts = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))["facts"]
    for fact in facts:
        assert (site / "facts" / fact["id"] / "index.html").is_file()


@pytest.mark.slow
def test_exports_hold_one_record_per_line(site: Path) -> None:
    """Each JSON export is one object, with each record on a line of its own (diff-friendly)."""
    for name, key in (("facts", "facts"), ("sources", "sources"), ("entities", "entities")):
        text = (site / "data" / f"{name}.json").read_text(encoding="utf-8")
        document = json.loads(text)
        lines = text.splitlines()
        assert lines[0] == f'{{"format": "briefing-{name}", "format_version": 1, "{key}": ['
        assert lines[-1] == "]}"
        assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == document[key]


@pytest.mark.slow
def test_verbatim_seeds_are_published_unchanged(site: Path) -> None:
    for seed in (ROOT / "seeds").iterdir():
        assert (site / "seeds" / seed.name).read_bytes() == seed.read_bytes()


@pytest.mark.slow
def test_every_exported_quote_is_in_its_seed(site: Path) -> None:
    """Independent of the generator's matcher: the quote, normalised, is in the raw seed file."""

    def norm(text: str) -> str:
        table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": None})
        return " ".join(text.translate(table).split())

    facts = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    assert facts["format"] == "briefing-facts" and facts["format_version"] == 1
    sources = {s["id"]: s for s in json.loads((site / "data" / "sources.json").read_text(encoding="utf-8"))["sources"]}
    count = 0
    for fact in facts["facts"]:
        for citation in fact["citations"]:
            seed = (ROOT / "seeds" / sources[citation["source"]]["seed"]).read_text(encoding="utf-8")
            assert norm(citation["quote"]) in norm(seed), (fact["id"], citation["quote"])
            assert citation["seed"] == sources[citation["source"]]["seed"]
            count += 1
    assert count > 150


@pytest.mark.slow
def test_build_is_deterministic(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    first, second = tmp_path / "one", tmp_path / "two"
    build_site(BuildOptions(root=root, output=first))
    build_site(BuildOptions(root=root, output=second))
    assert _deterministic_part(first) == _deterministic_part(second)
    assert sum(1 for k in _deterministic_part(first) if k.startswith("pagefind/fragment/")) == 9
    assert len(_tree(first)) > 20


@pytest.mark.slow
def test_real_site_build_is_deterministic(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(BuildOptions(root=ROOT, output=again))
    assert _deterministic_part(site) == _deterministic_part(again)


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    build_site(BuildOptions(root=root, output=output, search=False))
    before = _tree(output)
    facts = root / "content" / "facts" / "harbour.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace('may rise in March"', 'may soar in March"'), encoding="utf-8"
    )
    status = main(["--root", str(root), "build", "--output", str(output), "--no-search"])
    assert status == 1
    err = capsys.readouterr().err
    assert "content/facts/harbour.yaml:32:9: error: quote not found in source 'gazette-2025-03-03'" in err
    assert err.rstrip().endswith("build failed: output/ was left as it was")
    assert _tree(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_failure_while_writing_leaves_previous_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_sample(tmp_path / "project")
    output = tmp_path / "out"
    build_site(BuildOptions(root=root, output=output, search=False))
    before = _tree(output)
    template = own_theme(root) / "templates" / "fact.html"
    template.write_text("{% extends 'base.html' %}{% block main %}{{ no_such_thing.attribute.deeper }}{% endblock %}")
    with pytest.raises(Exception, match="no_such_thing"):
        build_site(BuildOptions(root=root, output=output, search=False))
    assert _tree(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_check_errors_stop_the_build_before_writing(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    (root / "content" / "entities.yaml").write_text("entities: [\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(BuildOptions(root=root, output=tmp_path / "out", search=False))
    assert str(failed.value.problems[0]).startswith(f"{root}/content/entities.yaml:")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_sub_path_build_prefixes_every_internal_url(subpath_site: Path) -> None:
    html = (subpath_site / "briefings" / "arms-transfers" / "index.html").read_text(encoding="utf-8")
    assert 'href="/briefings-site/theme/css/site.css"' in html
    assert 'href="/briefings-site/sources/' in html
    assert 'href="/sources/' not in html
    assert 'bundle-path="/briefings-site/pagefind/"' in (subpath_site / "search" / "index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_feed_sitemap_and_robots(site: Path) -> None:
    feed = (site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 3
    assert "North Korean arms transfers to Russia" in feed
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/briefings/2023-summit/</loc>" in sitemap
    assert "404.html" not in sitemap
    assert (site / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *\n")


@pytest.mark.slow
def test_briefing_has_json_ld_open_graph_and_description(site: Path) -> None:
    html = (site / "briefings" / "2024-deployment" / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Report"
    assert {c["publisher"]["name"] for c in data["citation"]} == {"Korea JoongAng Daily", "News Today"}
    assert '<meta property="og:title" content="North Korean troops' in html
    assert '<meta name="description" content="' in html
