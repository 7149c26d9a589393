"""What `briefing serve` adds to pages: the reload script, and the page listing content problems."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

from generator.model import Level, Problem
from generator.problems import relative, summary

PREFIX = "/__briefing/"
"""URL prefix of the preview server's own endpoints (never a site path)."""
SCRIPT_URL = PREFIX + "live.js"
STYLE_URL = PREFIX + "live.css"
EVENTS_URL = PREFIX + "events"
VERSION_URL = PREFIX + "version"

# A same-origin script and EventSource: the site's CSP (script-src 'self', connect-src 'self')
# allows both, so serve mode needs no weaker policy. The server sends `reload` when the page
# this script sits in changed (or the content broke or was fixed) since `data-version`.
SCRIPT = """\
(function () {
  "use strict";
  var me = document.currentScript;
  var since = me.getAttribute("data-version");
  var url = "/__briefing/events?since=" + encodeURIComponent(since) +
    "&path=" + encodeURIComponent(location.pathname);
  var source = new EventSource(url);
  source.addEventListener("reload", function () {
    source.close();
    location.reload();
  });
})();
"""

STYLE = """\
.briefing-problems { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  color: #1a1a1a; }
.briefing-problems h1 { font-size: 1.5rem; color: #a00; }
.briefing-problems li { margin: 0 0 1rem; }
.briefing-problems code { font: 0.95em/1.4 ui-monospace, monospace; background: #f3f3f3; padding: 0 0.2em; }
.briefing-problems .level-error { color: #a00; font-weight: bold; }
.briefing-problems .level-warning { color: #8a5a00; font-weight: bold; }
.briefing-problems .hint { margin: 0.25rem 0 0; color: #444; }
@media (prefers-color-scheme: dark) {
  body { background: #111; }
  .briefing-problems { color: #eee; }
  .briefing-problems code { background: #222; }
  .briefing-problems .hint { color: #bbb; }
  .briefing-problems h1, .briefing-problems .level-error { color: #f77; }
}
"""

_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'"


def inject(page: str, version: int) -> str:
    """The page with the reload script added before </body> (serve mode only)."""
    tag = f'<script src="{SCRIPT_URL}" data-version="{version}"></script>'
    at = page.rfind("</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def problems_page(problems: Iterable[Problem], root: Path, version: int) -> str:
    """A page listing every problem as file:line:col, message and hint; it reloads once they are fixed."""
    items = list(problems)
    rows = "\n".join(_row(problem, root) for problem in items)
    return inject(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>Content problems: {html.escape(summary(items))}</title>
<link rel="stylesheet" href="{STYLE_URL}">
</head>
<body>
<main class="briefing-problems" id="briefing-problems" role="alert">
<h1>The content does not check: {html.escape(summary(items))}</h1>
<p>Fix these and save; this page reloads by itself.</p>
<ol>
{rows}
</ol>
</main>
</body>
</html>
""",
        version,
    )


def _row(problem: Problem, root: Path) -> str:
    location = problem.location
    where = str(relative(location.path, root))
    if location.line:
        where += f":{location.line}"
        if location.column:
            where += f":{location.column}"
    level = "error" if problem.level is Level.ERROR else "warning"
    hint = f'<p class="hint">hint: {html.escape(problem.hint)}</p>' if problem.hint else ""
    return (
        f'<li><code class="location">{html.escape(where)}</code> <span class="level-{level}">{level}</span>: '
        f'<span class="message">{html.escape(problem.message)}</span>{hint}</li>'
    )
