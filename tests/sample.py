"""A tiny synthetic project for tests: two articles, three facts, one briefing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEED_A = """Harbour officials report record cargo
Published: 3 Mar. 2025, 09:00
- JANE ROE

The port authority said on Monday that 1,200 containers passed through the northern harbour in February.

Advertisement

Officials said the figure may rise in March, according to the harbour master.

Leave a Comment
"""

SEED_B = """ date 2025-03-04 Second outlet confirms harbour figures

The harbour master said about 1,200 containers were handled in February.

A spokesperson said the new crane was installed on Friday.
"""

SIDECAR_A = """id: gazette-2025-03-03
seed: 000_aaaaaaaaaaaaaaaa.txt
title: Harbour officials report record cargo
outlet: Test Gazette
original_publisher: null
authors: [Jane Roe]
published: "2025-03-03"
url: null
language: en
derived_from: []
notes: Synthetic test article.
"""

SIDECAR_B = """id: courier-2025-03-04
seed: 001_bbbbbbbbbbbbbbbb.txt
title: Second outlet confirms harbour figures
outlet: Test Courier
original_publisher: null
authors: []
published: "2025-03-04"
published_note: From the date line.
url: null
language: en
derived_from: []
notes: Synthetic test article.
"""

ENTITIES = """entities:
  - id: port-authority
    name: Port authority
    kind: organisation
    role: Runs the northern harbour
    aliases: [harbour master]
  - id: northern-harbour
    name: Northern harbour
    kind: place
    role: A harbour
    aliases: []
"""

FACTS = """facts:
  - id: containers-february
    statement: >-
      According to the port authority, 1,200 containers passed through the
      northern harbour in February 2025.
    date: "2025-02"
    date_precision: month
    kind: figure
    status: reported
    topics: [arms-transfers]
    entities: [port-authority, northern-harbour]
    figures:
      - value: 1200
        unit: containers
        approximate: false
    group: february-containers
    citations:
      - source: gazette-2025-03-03
        quote: "1,200 containers passed through the northern harbour in February"
      - source: courier-2025-03-04
        quote: "about 1,200 containers were handled in February"
  - id: figure-may-rise
    statement: Officials said the container figure may rise in March 2025.
    date: "2025-03"
    date_precision: month
    kind: assessment
    status: reported
    topics: [arms-transfers]
    entities: [port-authority]
    citations:
      - source: gazette-2025-03-03
        quote: "Officials said the figure may rise in March"
  - id: crane-installed
    statement: A spokesperson said a new crane was installed on Friday.
    kind: event
    status: reported
    topics: [arms-transfers]
    entities: [northern-harbour]
    citations:
      - source: courier-2025-03-04
        quote: "the new crane was installed on Friday"
"""

BRIEFING = """---
title: Harbour traffic
summary: A synthetic briefing about container traffic through a harbour, for tests.
topic: arms-transfers
as_of: "2025-03-04"
updated: "2025-03-05"
---
## Bottom line

Container traffic reached 1,200 in February [[containers-february]].

It may rise in March [[figure-may-rise]], and a new crane arrived [[crane-installed, figure-may-rise]].
"""

ABOUT = """---
title: About
description: How the synthetic sample works.
---
Sample.
"""


def write_sample(root: Path) -> Path:
    """Write the sample project into root and return root."""
    files = {
        "seeds/000_aaaaaaaaaaaaaaaa.txt": SEED_A,
        "seeds/001_bbbbbbbbbbbbbbbb.txt": SEED_B,
        "content/sources/gazette-2025-03-03.yaml": SIDECAR_A,
        "content/sources/courier-2025-03-04.yaml": SIDECAR_B,
        "content/entities.yaml": ENTITIES,
        "content/facts/harbour.yaml": FACTS,
        "content/briefings/arms-transfers.md": BRIEFING,
        "content/pages/about.md": ABOUT,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sums = "".join(
        f"{hashlib.sha256((root / 'seeds' / n).read_bytes()).hexdigest()}  {n}\n"
        for n in sorted(p.name for p in (root / "seeds").glob("*.txt"))
    )
    (root / "seeds" / "SHA256SUMS").write_text(sums, encoding="utf-8")
    shutil.copytree(ROOT / "themes", root / "themes")
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    return root
