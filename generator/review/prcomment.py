"""The pull-request comment that carries `briefing diff`: one per pull request, found again by its marker."""

from __future__ import annotations

from dataclasses import dataclass

MARKER = "<!-- briefing-review -->"
"""First line of the comment; the workflow updates the comment that starts with it instead of adding one."""

MAX_CHARS = 60_000
"""GitHub refuses comments over 65,536 characters; the review is cut well before, with a note."""


@dataclass(frozen=True, slots=True)
class PullRequest:
    """Where the comment goes and where the built site is."""

    number: int
    run_url: str
    artifact: str = "site"


def comment_body(review: str, status: int, pull: PullRequest) -> str:
    """Marker, verdict, the review (shortened if needed) and how to preview the pull request locally."""
    verdict = {0: "the content checks clean", 1: "**the content check fails** (see Check below)"}.get(
        status, f"`briefing diff` could not compare (exit status {status})"
    )
    footer = "\n".join(
        [
            "---",
            f"**Preview locally** in one command, from a clone of the repository: "
            f"`gh pr checkout {pull.number} && make serve`, then open http://127.0.0.1:8000/ "
            "(the page reloads as you edit).",
            "",
            f"The built site is attached to [this workflow run]({pull.run_url}) as the `{pull.artifact}` artifact; "
            "this comment is updated on every push.",
        ]
    )
    head = f"{MARKER}\n**Content review**: {verdict}.\n\n"
    room = MAX_CHARS - len(head) - len(footer) - 200
    if len(review) > room:
        cut = review.rfind("\n", 0, room)
        review = (
            review[: cut if cut > 0 else room]
            + f"\n\n… the review is longer than a comment allows; the whole of it is in [the run's summary]({pull.run_url})."
        )
    return f"{head}{_demote(review)}\n\n{footer}\n"


def _demote(review: str) -> str:
    """Headings one level down, so that the review sits under the comment's own first line."""
    return "\n".join("#" + line if line.startswith("#") else line for line in review.splitlines())
