"""What commands print: one line per build, stage timings on request, no make noise, a source's paragraphs."""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.ingest.seeds import read_seed
from tests.conftest import ROOT, require_tool


def test_a_build_prints_one_summary_line_without_pelicans_banner(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--root", str(project_copy), "build", "--no-search", "--output", str(tmp_path / "out")])

    out, err = capsys.readouterr()
    assert status == 0
    assert "Done: Processed" not in out + err
    (line,) = out.splitlines()
    assert line.startswith("built ") and " pages (" in line and line.endswith(" s")
    assert err == ""


def test_verbose_adds_the_time_of_each_stage(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--root", str(project_copy), "build", "--no-search", "--output", str(tmp_path / "out"), "--verbose"])

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("built ")
    names = [line.rsplit(maxsplit=2)[0].strip() for line in lines[1:]]
    assert names == ["load and check", "analyse", "plan", "render", "exports", "feed", "search", "swap"]
    assert all(line.endswith(" s") for line in lines[1:])


@pytest.mark.slow
@pytest.mark.parametrize("target", ["check", "build"])
def test_make_prints_the_checks_message_last_and_fails(project_copy: Path, tmp_path: Path, target: str) -> None:
    require_tool(shutil.which("make") is not None, "GNU make")
    sheet = sorted((project_copy / "content" / "facts").glob("*.yaml"))[0]
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("status: reported", "status: rumoured", 1))
    shutil.copy(ROOT / "pyproject.toml", project_copy / "pyproject.toml")
    stamp = tmp_path / "installed"
    stamp.touch()  # newer than pyproject.toml: make does not reinstall
    makefile = ["-C", str(project_copy), "-f", str(ROOT / "Makefile")]
    result = subprocess.run(
        ["make", "--no-print-directory", *makefile, f"VENV={ROOT / '.venv'}", f"STAMP={stamp}", target],
        capture_output=True,
        text=True,
        check=False,
    )

    # make is stopped by SIGPIPE (.ci/quietly): a shell reports 128 + 13 = 141, as CONTRIBUTING says.
    assert result.returncode == -signal.SIGPIPE
    assert "make:" not in result.stdout + result.stderr
    last = result.stderr.strip().splitlines()[-1]
    expected = (
        "build failed: output/ was left as it was" if target == "build" else "check failed: 1 error(s), 0 warning(s)"
    )
    assert last == expected
    assert result.stdout == ""


def test_show_prints_numbered_paragraphs_and_removed_blocks(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar = sorted((project_copy / "content" / "sources").glob("*.yaml"))[0]
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    parsed = read_seed(project_copy / "seeds" / data["seed"])

    assert main(["--root", str(project_copy), "show", data["id"]]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{data['id']}: seeds/{data['seed']}, {len(parsed.paragraphs)} clean paragraphs, "
        f"{len(parsed.removed)} removed blocks"
    )
    for paragraph in parsed.paragraphs:
        assert f"p{paragraph.number} (line {paragraph.line}): {paragraph.text}" in lines
    for block in parsed.removed:
        assert f"line {block.line}, {block.kind} ({block.rule}): {block.text}" in lines
    assert lines.index("Removed blocks (not article text, cannot be quoted):") > len(parsed.paragraphs)


def test_show_takes_a_seed_file_name_too(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = sorted(p.name for p in (project_copy / "seeds").glob("*.txt"))[0]
    assert main(["--root", str(project_copy), "show", seed]) == 0
    assert capsys.readouterr().out.startswith(f"{seed}: seeds/{seed}, ")


def test_show_an_unknown_source_names_known_ones(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project_copy), "show", "no-such-source"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "error: no source 'no-such-source' in content/sources/ and no seed file 'no-such-source' in seeds/"
    assert err[1].startswith("    hint: known ids include ")
