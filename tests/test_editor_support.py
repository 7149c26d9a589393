"""Editors get the JSON Schemas: a yaml-language-server modeline in every content file, VS Code settings."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.ingest.command import SIDECAR_MODELINE
from tests.conftest import ROOT, require_tool

MODELINE = re.compile(r"# yaml-language-server: \$schema=(?P<schema>\S+)")
CHECK_JSONSCHEMA = ROOT / ".venv" / "bin" / "check-jsonschema"

SCHEMA_OF = {
    "content/sources/*.yaml": "source.schema.json",
    "content/facts/*.yaml": "facts.schema.json",
    "content/entities.yaml": "entities.schema.json",
}


def content_files() -> list[tuple[Path, str]]:
    return [(path, schema) for pattern, schema in SCHEMA_OF.items() for path in sorted(ROOT.glob(pattern))]


@pytest.mark.parametrize(
    ("path", "schema"), content_files(), ids=[path.relative_to(ROOT).as_posix() for path, _ in content_files()]
)
def test_every_content_file_names_its_schema_on_its_first_line(path: Path, schema: str) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = MODELINE.fullmatch(first)
    assert found, f"{path}: first line {first!r}"
    target = (path.parent / found["schema"]).resolve()
    assert target == ROOT / "schemas" / schema
    assert target.is_file()


def test_vscode_maps_the_same_schemas_to_the_same_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {f"./schemas/{schema}": pattern for pattern, schema in SCHEMA_OF.items()}
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_ingest_writes_the_modeline_into_the_draft_sidecar(project_copy: Path, tmp_path: Path) -> None:
    raw = tmp_path / "article.txt"
    raw.write_text(
        "A synthetic headline\n\nA synthetic paragraph that reports nothing real at all.\n", encoding="utf-8"
    )
    assert main(["--root", str(project_copy), "ingest", str(raw)]) == 0
    (draft,) = set((project_copy / "content" / "sources").glob("*.yaml")) - {
        project_copy / "content" / "sources" / p.name for p, _ in content_files() if "sources" in str(p)
    }
    assert draft.read_text(encoding="utf-8").splitlines()[0] == SIDECAR_MODELINE
    found = MODELINE.fullmatch(SIDECAR_MODELINE)
    assert found
    assert (draft.parent / found["schema"]).resolve() == (project_copy / "schemas" / "source.schema.json").resolve()


def test_the_modeline_leaves_error_lines_as_the_editor_sees_them(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = sorted((project_copy / "content" / "facts").glob("*.yaml"))[0]
    lines = sheet.read_text(encoding="utf-8").splitlines(keepends=True)
    assert MODELINE.fullmatch(lines[0].strip())
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("status:")) + 1
    lines[number - 1] = lines[number - 1].replace(lines[number - 1].split(":", 1)[1].strip(), "rumoured")
    sheet.write_text("".join(lines), encoding="utf-8")

    assert main(["--root", str(project_copy), "check"]) == 1

    err = capsys.readouterr().err
    column = lines[number - 1].index("status") + 1
    assert f"content/facts/{sheet.name}:{number}:{column}: error:" in err


@pytest.mark.slow
def test_content_files_pass_their_schema_as_an_editor_checks_them() -> None:
    require_tool(CHECK_JSONSCHEMA.exists(), "check-jsonschema (pip install -e '.[test]')")
    for pattern, schema in SCHEMA_OF.items():
        files = [str(path) for path in sorted(ROOT.glob(pattern))]
        result = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(ROOT / "schemas" / schema), *files],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_init_names_the_schema_on_the_first_line_of_every_content_yaml_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), "--name", "Harbour Watch", "--topic", "harbour-traffic:Harbour traffic"]) == 0
    written = sorted((site / "content").rglob("*.yaml"))
    assert {path.relative_to(site).parts[1] for path in written} == {"site.yaml", "entities.yaml", "sources", "facts"}
    for path in written:
        found = MODELINE.fullmatch(path.read_text(encoding="utf-8").splitlines()[0])
        assert found, path
        schema = (path.parent / found["schema"]).resolve()
        # The editor's copy, identical to the schema the build checks against.
        assert schema.parent == site / "schemas"
        assert schema.read_bytes() == (ROOT / "schemas" / schema.name).read_bytes()
        expected = {"site.yaml": "site", "entities.yaml": "entities"}.get(path.name)
        expected = expected or {"sources": "source", "facts": "facts"}[path.parent.name]
        assert schema.name == f"{expected}.schema.json", path
    settings = json.loads((site / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, pattern in settings["yaml.schemas"].items():
        assert (site / schema).is_file()
        assert sorted(site.glob(pattern)), pattern
    assert (
        "redhat.vscode-yaml"
        in json.loads((site / ".vscode" / "extensions.json").read_text(encoding="utf-8"))["recommendations"]
    )
    assert main(["--root", str(site), "check", "--strict"]) == 0


def test_a_project_is_checked_against_the_engines_schemas_not_its_copy(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), "--name", "Harbour Watch", "--topic", "harbour-traffic:Harbour traffic"]) == 0
    (site / "schemas" / "facts.schema.json").write_text("{not json", encoding="utf-8")
    assert main(["--root", str(site), "check", "--strict"]) == 0
