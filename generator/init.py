"""`briefing init DIR`: start a new site, as `pelican-quickstart` or `hugo new site` do.

The new project gets its `content/site.yaml` with the user's topics, one clearly
fictional example article with its checksum, sidecar, fact sheet and briefing, a
methodology page, and the files to build, check and publish it (Makefile, README,
.gitignore, settings files, GitHub workflows), and editor support: a schema
modeline in every content YAML file, a copy of the schemas for the editor and
VS Code settings. It uses the engine's theme until it adds its own
`themes/briefing/`, and is always checked against the engine's schemas.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import resources

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class InitError(ValueError):
    """`briefing init` cannot create the project (the message says why)."""


@dataclass(frozen=True, slots=True)
class NewTopic:
    """A topic given as `slug:Title`."""

    slug: str
    title: str


def parse_topic(text: str) -> NewTopic:
    """`slug:Title` (the title defaults to the slug in words)."""
    slug, _, title = text.partition(":")
    slug = slug.strip()
    if not _SLUG.match(slug):
        raise InitError(f"bad topic slug '{slug}': use lowercase letters, digits and hyphens, e.g. harbour-traffic")
    return NewTopic(slug, title.strip() or slug.replace("-", " ").capitalize())


EXAMPLE_SEED = """Harbour of Eastmere reopens after storm repairs
Published: 2 Feb. 2026
- A. N. EXAMPLE

This is a made-up article for a new briefing site; Eastmere and everyone in it are fictional.

The Eastmere harbour office said on Monday that 40 ships used the harbour in January, after repairs to the storm wall.

The harbour master said the second berth may reopen in March.
"""

EXAMPLE_SIDECAR = """# yaml-language-server: $schema=../../schemas/source.schema.json
id: example-gazette-2026-02-02
seed: {seed}
title: Harbour of Eastmere reopens after storm repairs
outlet: Example Gazette
original_publisher: null
authors: [A. N. Example]
published: "2026-02-02"
url: null
language: en
derived_from: []
notes: A made-up example article created by `briefing init`; replace it with real sources.
"""

EXAMPLE_ENTITIES = """# yaml-language-server: $schema=../schemas/entities.schema.json
entities:
  - id: eastmere-harbour-office
    name: Eastmere harbour office
    kind: organisation
    role: Runs the fictional harbour of the example article
    aliases: [harbour office]
  - id: eastmere
    name: Eastmere
    kind: place
    role: A fictional harbour town
    aliases: []
"""

EXAMPLE_FACTS = """# yaml-language-server: $schema=../../schemas/facts.schema.json
facts:
  - id: eastmere-ships-january
    statement: >-
      According to the Eastmere harbour office, 40 ships used the harbour in
      January 2026, after repairs to the storm wall.
    date: "2026-01"
    date_precision: month
    kind: figure
    status: reported
    topics: [{topic}]
    entities: [eastmere-harbour-office, eastmere]
    figures:
      - value: 40
        unit: ships
        approximate: false
    citations:
      - source: example-gazette-2026-02-02
        quote: "40 ships used the harbour in January"
  - id: eastmere-second-berth-march
    statement: The Eastmere harbour master said the second berth may reopen in March 2026.
    date: "2026-03"
    date_precision: month
    kind: assessment
    status: reported
    topics: [{topic}]
    entities: [eastmere-harbour-office]
    citations:
      - source: example-gazette-2026-02-02
        quote: "the second berth may reopen in March"
"""

EXAMPLE_BRIEFING = """---
title: "Example: the Eastmere harbour reopens"
summary: A made-up example briefing created by briefing init, resting on one fictional article; replace it with your own.
topic: {topic}
as_of: "2026-02-02"
updated: "2026-02-02"
also_topics: []
---
## Bottom line

The fictional harbour of Eastmere is busy again: 40 ships used it in January [[eastmere-ships-january]],
and its second berth may reopen in March [[eastmere-second-berth-march]].
"""

ABOUT_PAGE = """---
title: How these briefings are sourced and verified
description: "Every statement rests on a verbatim quote from a named source, checked by machine at every build."
---
Every statement on this site can be traced to the exact passage of the article it rests on, and the build
checks that the passage really says it. Articles are kept byte for byte as received; each fact is one
attributed claim with its date, status and quotes. Nothing is added from outside the sources.
"""

PELICANCONF = '''"""Build settings for local builds (`make build`). What the site is lives in content/site.yaml."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITEURL = ""
BRIEFING_PUBLIC_URL = ""
BRIEFING_ROOT = str(ROOT)
BRIEFING_SEARCH = True
OUTPUT_PATH = "output"
TIMEZONE = "UTC"
# Pelican's own dev server (`briefing serve`) loads the engine from here.
PLUGINS = ["generator.plugin"]
'''

PUBLISHCONF = '''"""Build settings for production (GitHub Pages): absolute URLs from the deploy environment."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITE_URL", "").rstrip("/")
BRIEFING_PUBLIC_URL = SITEURL
FEED_DOMAIN = SITEURL
'''

MAKEFILE = """# `make build` builds the site into output/; `make check` validates the content.
BRIEFING ?= briefing

.PHONY: build check serve test clean

build:
\t$(BRIEFING) build

check:
\t$(BRIEFING) check --strict

serve:
\t$(BRIEFING) serve

test: check
\t$(BRIEFING) build --output .output.test --no-search
\trm -rf .output.test

clean:
\trm -rf output .output.* cache
"""

GITIGNORE = "/output/\n/output.*/\n/.output.*/\n/cache/\n/.venv/\n/.engine/\n__pycache__/\n"

README = """# {name}

A briefing site built with the evidence-first briefing generator: every claim
links to the exact passage of the article it rests on, and the build checks it.

| command | what it does |
|---|---|
| `make check` | validate seeds, sources, entities, facts and briefings |
| `make build` | build the site into `output/` |
| `make serve` | serve it on http://127.0.0.1:8000 |

`content/site.yaml` says what the site is: its name, licence, corrections
contact, topics and entity kinds. Add articles with `briefing ingest PATH`,
facts in `content/facts/`, briefings in `content/briefings/<topic>.md`.
The example article, facts and briefing about "Eastmere" are made up: replace them.

Editors that use yaml-language-server (VS Code with the YAML extension, and
others) check content files as you type: each names its schema on its first
line, and `.vscode/settings.json` maps the folders to them. `schemas/` is a copy
of the generator's schemas for the editor; the build always checks against the
generator's own, so copy them again when you update the generator.

The GitHub workflows (`.github/workflows/`) check every pull request and publish
`main` to GitHub Pages; they install the generator from its repository, which
you name in the repository variable `BRIEFING_ENGINE_REPO` (owner/name).
"""

WORKFLOW_STEPS = """      - name: Check out the site
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      # The engine runs from its own checkout (its theme and schemas sit beside the package):
      # set the repository variable BRIEFING_ENGINE_REPO to its owner/name.
      - name: Check out the briefing generator
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          repository: ${{ vars.BRIEFING_ENGINE_REPO }}
          path: .engine
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0
        with:
          python-version: "3.11"
      - name: Install the briefing generator
        run: python -m pip install -e .engine
      - name: Check content
        run: make check
"""

PR_WORKFLOW = (
    """# Checks and builds every pull request.
name: Pull request

on:
  pull_request:

permissions:
  contents: read

jobs:
  check-build:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
"""
    + WORKFLOW_STEPS
    + """      - name: Build the site
        run: make build
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: site
          path: output
"""
)

DEPLOY_WORKFLOW = (
    """# Checks the content and publishes the site to GitHub Pages from main.
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
"""
    + WORKFLOW_STEPS
    + """      - id: pages
        uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0
      - name: Build the production site
        env:
          SITE_URL: ${{ steps.pages.outputs.base_url }}
        run: briefing build --settings publishconf.py
      - uses: actions/upload-pages-artifact@56afc609e74202658d3ffba0e8f6dda462b719fa # v3.0.1
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5
"""
)


def site_yaml(name: str, topics: Sequence[NewTopic], licence: str, corrections: str) -> str:
    """The new project's content/site.yaml."""
    quoted = json.dumps  # a JSON string is a valid YAML scalar, whatever it contains
    lines = [
        "# yaml-language-server: $schema=../schemas/site.schema.json",
        "# What this site is about (checked against the engine's schemas/site.schema.json).",
        f"name: {quoted(name)}",
        f"description: {quoted(f'{name}: sourced briefings; every claim traced to the passage it rests on.')}",
        f"heading: {quoted(f'{name}: sourced briefings')}",
        f"author: {quoted(name)}",
        "language: en",
        f"licence: {quoted(licence)}",
        f"corrections: {quoted(corrections)}",
        "",
        "# In the order the site lists them; a briefing per topic lives in content/briefings/<slug>.md.",
        "topics:",
    ]
    for topic in topics:
        lines += [
            f"  - slug: {topic.slug}",
            f"    title: {quoted(topic.title)}",
            f"    description: {quoted(f'Facts and the briefing on {topic.title}.')}",
        ]
    lines += [
        "",
        "# Kinds of entities in content/entities.yaml; `actor` kinds are listed on a briefing.",
        "entity_kinds:",
        "  - {slug: person, title: People, singular: Person, actor: true}",
        "  - {slug: organisation, title: Organisations, singular: Organisation, actor: true}",
        "  - {slug: place, title: Places, singular: Place}",
    ]
    return "\n".join(lines) + "\n"


SCHEMA_FOLDERS = {
    "source.schema.json": "content/sources/*.yaml",
    "facts.schema.json": "content/facts/*.yaml",
    "entities.schema.json": "content/entities.yaml",
    "site.schema.json": "content/site.yaml",
}
"""Each content YAML file's schema (its first line names it too, for editors without these settings)."""


def editor_files() -> dict[str, str]:
    """The schemas for editors (a copy of the engine's), VS Code's settings and its YAML extension."""
    files = {
        f"schemas/{path.name}": path.read_text(encoding="utf-8") for path in sorted(resources.SCHEMAS.glob("*.json"))
    }
    settings = {"yaml.schemas": {f"./schemas/{name}": files_of for name, files_of in SCHEMA_FOLDERS.items()}}
    files[".vscode/settings.json"] = json.dumps(settings, indent=2) + "\n"
    files[".vscode/extensions.json"] = json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"
    return files


def init_project(
    target: Path,
    name: str,
    topics: Sequence[NewTopic],
    licence: str = "CC BY 4.0",
    corrections: str = "Open an issue on the site's repository.",
) -> list[Path]:
    """Create a new project in `target` (which must be empty or absent); return the files written."""
    if not topics:
        raise InitError("give at least one topic, e.g. --topic harbour-traffic:'Harbour traffic'")
    slugs = [t.slug for t in topics]
    if len(set(slugs)) != len(slugs):
        raise InitError(f"topic slugs must be unique: {', '.join(slugs)}")
    if target.exists() and any(target.iterdir()):
        raise InitError(f"{target} is not empty; nothing was written")
    seed_bytes = EXAMPLE_SEED.encode("utf-8")
    digest = hashlib.sha256(seed_bytes).hexdigest()
    seed = f"000_{digest[:16]}.txt"
    first = topics[0].slug
    texts = {
        "content/site.yaml": site_yaml(name, topics, licence, corrections),
        f"seeds/{seed}": EXAMPLE_SEED,
        "seeds/SHA256SUMS": f"{digest}  {seed}\n",
        "content/sources/example-gazette-2026-02-02.yaml": EXAMPLE_SIDECAR.format(seed=seed),
        "content/entities.yaml": EXAMPLE_ENTITIES,
        f"content/facts/{first}.yaml": EXAMPLE_FACTS.format(topic=first),
        f"content/briefings/{first}.md": EXAMPLE_BRIEFING.format(topic=first),
        "content/pages/about.md": ABOUT_PAGE,
        "pelicanconf.py": PELICANCONF,
        "publishconf.py": PUBLISHCONF,
        "Makefile": MAKEFILE,
        "README.md": README.format(name=name),
        ".gitignore": GITIGNORE,
        ".github/workflows/pr.yml": PR_WORKFLOW,
        ".github/workflows/deploy.yml": DEPLOY_WORKFLOW,
    }
    texts.update(editor_files())
    written = []
    for relative, text in texts.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # byte-exact: the seed's checksum is computed above
        written.append(path)
    return written
