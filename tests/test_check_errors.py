"""What an editor sees: exact messages with file and line for every kind of bad input."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from tests.sample import write_sample


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _write_seed(name: str, data: bytes) -> Callable[[Path], None]:
    """Write a seed with a correct line in SHA256SUMS, so that only the seed's own problem shows."""

    def mutate(root: Path) -> None:
        path = root / name
        sums = root / "seeds" / "SHA256SUMS"
        lines = [line for line in sums.read_text(encoding="utf-8").splitlines() if not line.endswith(path.name)]
        path.write_bytes(data)
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {path.name}")
        sums.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return mutate


FACTS = "content/facts/harbour.yaml"
SIDECAR = "content/sources/gazette-2025-03-03.yaml"
BRIEFING = "content/briefings/arms-transfers.md"
CRANE = "    status: reported\n    topics: [arms-transfers]\n    entities: [northern-harbour]"

CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "quote not in its source": (
        _replace(FACTS, 'may rise in March"', 'may increase in March"'),
        [
            f"{FACTS}:32:9: error: quote not found in source 'gazette-2025-03-03'",
            '    hint: closest passage (#p2, seed line 9): "Officials said the figure may rise in March,"; '
            'quote has "increase" where the source has "rise"',
        ],
    ),
    "wrong source id": (
        _replace(
            FACTS,
            'source: courier-2025-03-04\n        quote: "the new',
            'source: courier-2025-03-05\n        quote: "the new',
        ),
        [f"{FACTS}:40:9: error: unknown source 'courier-2025-03-05'", "    hint: did you mean 'courier-2025-03-04'?"],
    ),
    "duplicate key": (
        _replace(FACTS, "    kind: event\n", "    kind: event\n    kind: event\n"),
        [
            f"{FACTS}:36:5: error: invalid YAML: duplicate key 'kind' (first defined on line 35)",
            "    hint: remove one of the two keys; YAML would silently keep only the last",
        ],
    ),
    "duplicate fact id": (
        _replace(FACTS, "id: crane-installed", "id: figure-may-rise"),
        [
            f"{BRIEFING}:12: error: unknown fact 'crane-installed'",
            "    hint: check the id in content/facts/",
            f"{FACTS}:33:5: error: duplicate fact id 'figure-may-rise' (first defined at {FACTS}:22:5)",
            "    hint: fact ids are permalinks and must be unique across all fact sheets",
        ],
    ),
    "bad id": (
        _replace(FACTS, "id: crane-installed", "id: Crane_Installed"),
        [
            f"{BRIEFING}:12: error: unknown fact 'crane-installed'",
            "    hint: check the id in content/facts/",
            f"{FACTS}:33:5: error: bad id 'Crane_Installed' in facts[2].id",
            "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
        ],
    ),
    "missing fact field": (
        _replace(FACTS, CRANE, "    topics: [arms-transfers]\n    entities: [northern-harbour]"),
        [f"{FACTS}:33:5: error: missing required field 'status' in facts[2]"],
    ),
    "malformed YAML": (
        _replace(FACTS, "statement: A spokesperson said", "statement: [A spokesperson said"),
        [f"{FACTS}:35:9: error: invalid YAML: while parsing a flow sequence: did not find expected ',' or ']'"],
    ),
    "quote from page furniture": (
        _replace(FACTS, 'quote: "Officials said the figure may rise in March"', 'quote: "Leave a Comment"'),
        [
            f"{FACTS}:32:9: error: quote is in page furniture of source 'gazette-2025-03-03' "
            "(seed line 11, removed as comment-form), not in the article text",
            "    hint: furniture such as ads, widgets and header lines cannot be cited; quote the article text",
        ],
    ),
    "unknown entity": (
        _replace(FACTS, "entities: [northern-harbour]", "entities: [northern-harbor]"),
        [f"{FACTS}:38:16: error: unknown entity 'northern-harbor'", "    hint: did you mean 'northern-harbour'?"],
    ),
    "status not allowed": (
        _replace(FACTS, CRANE, CRANE.replace("reported", "repoted")),
        [
            f"{FACTS}:36:5: error: 'repoted' is not allowed in facts[2].status; "
            "expected one of: reported, confirmed, disputed, denied",
            "    hint: did you mean 'reported'?",
        ],
    ),
    "sidecar with an unknown key": (
        _replace(SIDECAR, "outlet: Test Gazette", "outlet: Test Gazette\noutlett: x"),
        [f"{SIDECAR}:5:1: error: unknown key 'outlett'", "    hint: did you mean 'outlet'?"],
    ),
    "sidecar missing a required field": (
        _replace(SIDECAR, "title: Harbour officials report record cargo\n", ""),
        [f"{SIDECAR}:1:1: error: missing required field 'title'"],
    ),
    "sidecar naming a seed that does not exist": (
        _replace(SIDECAR, "seed: 000_aaaaaaaaaaaaaaaa.txt", "seed: 009_missing.txt"),
        [
            f"{SIDECAR}:2:1: error: seed file '009_missing.txt' does not exist in seeds/",
            "    hint: check the file name, or add the article with 'briefing ingest PATH'",
            "seeds/000_aaaaaaaaaaaaaaaa.txt:1: error: seed '000_aaaaaaaaaaaaaaaa.txt' has no sidecar in content/sources",
            "    hint: run 'briefing ingest' or write content/sources/<id>.yaml with seed: 000_aaaaaaaaaaaaaaaa.txt",
        ],
    ),
    "seed with no sidecar": (
        _write_seed("seeds/002_cccccccccccccccc.txt", b"Some headline\n\nA paragraph of text.\n"),
        [
            "seeds/002_cccccccccccccccc.txt:1: error: seed '002_cccccccccccccccc.txt' has no sidecar in content/sources",
            "    hint: run 'briefing ingest' or write content/sources/<id>.yaml with seed: 002_cccccccccccccccc.txt",
        ],
    ),
    "seed that is not UTF-8": (
        _write_seed("seeds/001_bbbbbbbbbbbbbbbb.txt", b"Title\n\nCaf\xe9 society.\n"),
        [
            "seeds/001_bbbbbbbbbbbbbbbb.txt:3:4: error: seed is not valid UTF-8 (byte 0xe9 at offset 10)",
            "    hint: convert the file to UTF-8 before ingesting it, e.g. iconv -f WINDOWS-1252 -t UTF-8",
        ],
    ),
    "empty seed": (
        _write_seed("seeds/001_bbbbbbbbbbbbbbbb.txt", b"\n  \n"),
        ["seeds/001_bbbbbbbbbbbbbbbb.txt:1: error: seed is empty", "    hint: a seed must contain the article text"],
    ),
    "text page with a misspelt front-matter key": (
        _replace("content/pages/about.md", "title: About", "titel: About"),
        [
            "content/pages/about.md:2:1: error: missing required field 'title'",
            "content/pages/about.md:2:1: error: unknown key 'titel'",
            "    hint: did you mean 'title'?",
        ],
    ),
    "briefing referencing an unknown fact": (
        _replace(BRIEFING, "[[figure-may-rise]]", "[[figure-may-rize]]"),
        [f"{BRIEFING}:12: error: unknown fact 'figure-may-rize'", "    hint: did you mean 'figure-may-rise'?"],
    ),
    "briefing citing a fact of another topic": (
        _replace(FACTS, CRANE, CRANE.replace("[arms-transfers]", "[2023-summit]")),
        [
            f"{BRIEFING}:12: error: fact 'crane-installed' (topics: 2023-summit) is not in this briefing's topic 'arms-transfers'",
            "    hint: add '2023-summit' to also_topics in the front matter, or cite a fact of this topic",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_reports_exact_problem(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_sample(tmp_path)
    mutate, expected = CASES[case]
    mutate(root)
    monkeypatch.chdir(root)
    status = main(["--root", str(root), "check"])
    err = capsys.readouterr().err.replace(f"{root}/", "")
    lines = err.splitlines()
    assert status == 1
    errors = sum(1 for line in expected if ": error: " in line)
    assert lines == [*expected, f"check failed: {errors} error(s), 0 warning(s)"]


def test_sample_checks_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    assert main(["--root", str(root), "check"]) == 0
    assert capsys.readouterr().out == "ok: 2 sources, 2 entities, 3 facts (4 citations verified), 1 briefings\n"


def test_all_problems_are_reported_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    _replace(FACTS, "entities: [northern-harbour]", "entities: [northern-harbor]")(root)
    _replace(SIDECAR, "outlet: Test Gazette", "outlet: Test Gazette\noutlett: x")(root)
    _replace(BRIEFING, "[[containers-february]]", "[[containers-feb]]")(root)
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert err.count(": error: ") == 3
    assert err.rstrip().endswith("check failed: 3 error(s), 0 warning(s)")


def test_strict_fails_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_sample(tmp_path)
    _replace(
        "content/entities.yaml",
        "entities:\n",
        "entities:\n  - id: unused-thing\n    name: Unused\n    kind: place\n    role: Nothing\n",
    )(root)
    assert main(["--root", str(root), "check"]) == 0
    assert main(["--root", str(root), "check", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "content/entities.yaml:2:5: warning: entity 'unused-thing' is not named by any fact" in err


def test_real_content_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    assert main(["--root", str(root), "check", "--strict"]) == 0
    assert capsys.readouterr().out.startswith("ok: 5 sources, ")
