"""Hostile input: each bad input or fault gives a located error, no traceback, and changes nothing.

Every case is run through `briefing check` and `briefing build`; both must exit 1 with
exactly the expected problems, and `seeds/`, `content/`, `themes/` and the previous
`output/` must be unchanged byte for byte.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.cli import main
from tests.hostile_cases import (
    BOMB,
    BRIEFING,
    ENTITIES,
    FACTS,
    SEED_A,
    SEED_B,
    SIDECAR_A,
    SIDECAR_B,
    SUMS,
    Mutate,
    append,
    both,
    folder,
    link,
    listed_seed,
    remove,
    replace,
    write,
)
from tests.sample import write_sample

PREVIOUS_OUTPUT = b"<!doctype html><title>the previous build</title>"
BUILD_FAILED = "build failed: output/ was left as it was"
RESTORE = "a seed is evidence and is never edited: restore it with 'git checkout -- seeds/{}'"


def tree(root: Path) -> dict[str, str]:
    """Every file, folder and link under the project's inputs and output, with a digest of each file."""
    found: dict[str, str] = {}
    for top in ("seeds", "content", "themes", "output"):
        for folder_path, folders, files in os.walk(root / top):
            for name in [*folders, *files]:
                path = Path(folder_path) / name
                key = str(path.relative_to(root))
                if path.is_symlink():
                    found[key] = f"link to {os.readlink(path)}"
                elif path.is_file():
                    found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    found[key] = "folder"
    return found


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample project with a previous build in output/."""
    root = write_sample(tmp_path / "project")
    (root / "output").mkdir()
    (root / "output" / "index.html").write_bytes(PREVIOUS_OUTPUT)
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """Run the command line; return its status and its error output with the project path cut."""
    status = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    err = captured.err.replace(f"{root}/", "")
    assert "Traceback" not in err
    return status, err.splitlines()


def _quoted(value: str) -> str:
    return '"' + value.replace("\n", "\\n") + '"'


# Each case: how to break the sample project, and the exact problems `check` must print.
CASES: dict[str, tuple[Mutate, list[str]]] = {}
CASES.update(
    {
        "fact id with newline": (
            replace(FACTS, "id: crane-installed", "id: " + _quoted("evil-id\n")),
            [
                "content/briefings/arms-transfers.md:12: error: unknown fact 'crane-installed'",
                "    hint: check the id in content/facts/",
                "content/facts/harbour.yaml:33:5: error: bad id 'evil-id\\n' in facts[2].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact entity with newline": (
            replace(
                FACTS,
                "entities: [northern-harbour]\n    citations:\n      - source: courier",
                "entities: [" + _quoted("evil-id\n") + "]\n    citations:\n      - source: courier",
            ),
            [
                "content/facts/harbour.yaml:38:16: error: bad id 'evil-id\\n' in facts[2].entities[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact group with newline": (
            replace(FACTS, "group: february-containers", "group: " + _quoted("evil-id\n")),
            [
                "content/facts/harbour.yaml:16:5: error: bad id 'evil-id\\n' in facts[0].group",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "citation source with newline": (
            replace(
                FACTS,
                'source: courier-2025-03-04\n        quote: "the new',
                "source: " + _quoted("evil-id\n") + '\n        quote: "the new',
            ),
            [
                "content/facts/harbour.yaml:40:9: error: bad id 'evil-id\\n' in facts[2].citations[0].source",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "source id with newline": (
            replace(SIDECAR_B, "id: courier-2025-03-04", "id: " + _quoted("evil-id\n")),
            [
                "content/sources/courier-2025-03-04.yaml:1:1: error: bad id 'evil-id\\n' in id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "derived_from with newline": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: [" + _quoted("evil-id\n") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:11:16: error: bad id 'evil-id\\n' in derived_from[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "entity id with newline": (
            replace(ENTITIES, "id: northern-harbour", "id: " + _quoted("evil-id\n")),
            [
                "content/entities.yaml:7:5: error: bad id 'evil-id\\n' in entities[1].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact id with slash": (
            replace(FACTS, "id: crane-installed", "id: " + _quoted("a/b")),
            [
                "content/briefings/arms-transfers.md:12: error: unknown fact 'crane-installed'",
                "    hint: check the id in content/facts/",
                "content/facts/harbour.yaml:33:5: error: bad id 'a/b' in facts[2].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact entity with slash": (
            replace(
                FACTS,
                "entities: [northern-harbour]\n    citations:\n      - source: courier",
                "entities: [" + _quoted("a/b") + "]\n    citations:\n      - source: courier",
            ),
            [
                "content/facts/harbour.yaml:38:16: error: bad id 'a/b' in facts[2].entities[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact group with slash": (
            replace(FACTS, "group: february-containers", "group: " + _quoted("a/b")),
            [
                "content/facts/harbour.yaml:16:5: error: bad id 'a/b' in facts[0].group",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "citation source with slash": (
            replace(
                FACTS,
                'source: courier-2025-03-04\n        quote: "the new',
                "source: " + _quoted("a/b") + '\n        quote: "the new',
            ),
            [
                "content/facts/harbour.yaml:40:9: error: bad id 'a/b' in facts[2].citations[0].source",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "source id with slash": (
            replace(SIDECAR_B, "id: courier-2025-03-04", "id: " + _quoted("a/b")),
            [
                "content/sources/courier-2025-03-04.yaml:1:1: error: bad id 'a/b' in id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "derived_from with slash": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: [" + _quoted("a/b") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:11:16: error: bad id 'a/b' in derived_from[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "entity id with slash": (
            replace(ENTITIES, "id: northern-harbour", "id: " + _quoted("a/b")),
            [
                "content/entities.yaml:7:5: error: bad id 'a/b' in entities[1].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "briefing reference with slash": (
            replace(BRIEFING, "[[figure-may-rise]]", "[[" + "a/b" + "]]"),
            [
                "content/briefings/arms-transfers.md:12: error: bad fact reference '[[a/b]]'",
                "    hint: write [[fact-id]] or [[fact-a, fact-b]]",
            ],
        ),
        "fact id with dotdot": (
            replace(FACTS, "id: crane-installed", "id: " + _quoted("..")),
            [
                "content/briefings/arms-transfers.md:12: error: unknown fact 'crane-installed'",
                "    hint: check the id in content/facts/",
                "content/facts/harbour.yaml:33:5: error: bad id '..' in facts[2].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact entity with dotdot": (
            replace(
                FACTS,
                "entities: [northern-harbour]\n    citations:\n      - source: courier",
                "entities: [" + _quoted("..") + "]\n    citations:\n      - source: courier",
            ),
            [
                "content/facts/harbour.yaml:38:16: error: bad id '..' in facts[2].entities[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact group with dotdot": (
            replace(FACTS, "group: february-containers", "group: " + _quoted("..")),
            [
                "content/facts/harbour.yaml:16:5: error: bad id '..' in facts[0].group",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "citation source with dotdot": (
            replace(
                FACTS,
                'source: courier-2025-03-04\n        quote: "the new',
                "source: " + _quoted("..") + '\n        quote: "the new',
            ),
            [
                "content/facts/harbour.yaml:40:9: error: bad id '..' in facts[2].citations[0].source",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "source id with dotdot": (
            replace(SIDECAR_B, "id: courier-2025-03-04", "id: " + _quoted("..")),
            [
                "content/sources/courier-2025-03-04.yaml:1:1: error: bad id '..' in id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "derived_from with dotdot": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: [" + _quoted("..") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:11:16: error: bad id '..' in derived_from[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "entity id with dotdot": (
            replace(ENTITIES, "id: northern-harbour", "id: " + _quoted("..")),
            [
                "content/entities.yaml:7:5: error: bad id '..' in entities[1].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "briefing reference with dotdot": (
            replace(BRIEFING, "[[figure-may-rise]]", "[[" + ".." + "]]"),
            [
                "content/briefings/arms-transfers.md:12: error: bad fact reference '[[..]]'",
                "    hint: write [[fact-id]] or [[fact-a, fact-b]]",
            ],
        ),
        "fact id with non-ascii": (
            replace(FACTS, "id: crane-installed", "id: " + _quoted("café")),
            [
                "content/briefings/arms-transfers.md:12: error: unknown fact 'crane-installed'",
                "    hint: check the id in content/facts/",
                "content/facts/harbour.yaml:33:5: error: bad id 'café' in facts[2].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact entity with non-ascii": (
            replace(
                FACTS,
                "entities: [northern-harbour]\n    citations:\n      - source: courier",
                "entities: [" + _quoted("café") + "]\n    citations:\n      - source: courier",
            ),
            [
                "content/facts/harbour.yaml:38:16: error: bad id 'café' in facts[2].entities[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "fact group with non-ascii": (
            replace(FACTS, "group: february-containers", "group: " + _quoted("café")),
            [
                "content/facts/harbour.yaml:16:5: error: bad id 'café' in facts[0].group",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "citation source with non-ascii": (
            replace(
                FACTS,
                'source: courier-2025-03-04\n        quote: "the new',
                "source: " + _quoted("café") + '\n        quote: "the new',
            ),
            [
                "content/facts/harbour.yaml:40:9: error: bad id 'café' in facts[2].citations[0].source",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "source id with non-ascii": (
            replace(SIDECAR_B, "id: courier-2025-03-04", "id: " + _quoted("café")),
            [
                "content/sources/courier-2025-03-04.yaml:1:1: error: bad id 'café' in id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "derived_from with non-ascii": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: [" + _quoted("café") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:11:16: error: bad id 'café' in derived_from[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "entity id with non-ascii": (
            replace(ENTITIES, "id: northern-harbour", "id: " + _quoted("café")),
            [
                "content/entities.yaml:7:5: error: bad id 'café' in entities[1].id",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "briefing reference with non-ascii": (
            replace(BRIEFING, "[[figure-may-rise]]", "[[" + "café" + "]]"),
            [
                "content/briefings/arms-transfers.md:12: error: bad fact reference '[[café]]'",
                "    hint: write [[fact-id]] or [[fact-a, fact-b]]",
            ],
        ),
        "briefing file name with newline": (
            write("content/briefings/evil-id\n.md", "---\ntitle: x\n---\n"),
            [
                "content/briefings/evil-id\\n.md: error: file name 'evil-id\\n.md' does not make a valid id (the "
                "page address is taken from it)",
                "    hint: rename the file: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "briefing file name with dotdot": (
            write("content/briefings/...md", "---\ntitle: x\n---\n"),
            [
                "content/briefings/...md: error: file name '...md' does not make a valid id (the page address is "
                "taken from it)",
                "    hint: rename the file: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "briefing file name with non-ascii": (
            write("content/briefings/café.md", "---\ntitle: x\n---\n"),
            [
                "content/briefings/café.md: error: file name 'café.md' does not make a valid id (the page address "
                "is taken from it)",
                "    hint: rename the file: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "briefing file name with slash": (
            write("content/briefings/a/b.md", "---\ntitle: x\n---\n"),
            [
                "content/briefings/a: error: a folder in content/briefings/ is not read by the build: briefings "
                "end in '.md'",
                "    hint: move it out of content/briefings/",
            ],
        ),
        "seed edited after SHA256SUMS": (
            append(SEED_A, "An extra sentence slipped in.\n"),
            [
                "seeds/SHA256SUMS:1: error: seed '000_aaaaaaaaaaaaaaaa.txt' does not match its checksum: expected "
                "c832d1094e756d2a8a88dc1f900d1bb2d4114d7a760de5a2ce9a18fe55212d27, actual "
                "ab99786fd6236909e593fb8f489b347d5ccb862ef057596662f3f078d24dbb35",
                "    hint: a seed is evidence and is never edited: restore it with 'git checkout -- "
                "seeds/000_aaaaaaaaaaaaaaaa.txt'; a corrected article is ingested as a new seed",
            ],
        ),
        "seed without a SHA256SUMS line": (
            write("seeds/002_cccccccccccccccc.txt", "Headline\n\nA paragraph of text here.\n"),
            [
                "seeds/002_cccccccccccccccc.txt:1: error: seed '002_cccccccccccccccc.txt' has no sidecar in "
                "content/sources",
                "    hint: run 'briefing ingest' or write content/sources/<id>.yaml with seed: "
                "002_cccccccccccccccc.txt",
                "seeds/SHA256SUMS: error: seed '002_cccccccccccccccc.txt' has no line in SHA256SUMS (its SHA-256 "
                "is ddb4b3b790b3fbc3571397ec4a5c2e2acb4a1096d7ebf7989e2803a6c25f3bdb)",
                "    hint: add new articles with 'briefing ingest PATH', which records the checksum; a file that "
                "is not a seed does not belong in seeds/",
            ],
        ),
        "SHA256SUMS line without a seed": (
            remove(SEED_B),
            [
                "content/sources/courier-2025-03-04.yaml:2:1: error: seed file '001_bbbbbbbbbbbbbbbb.txt' does "
                "not exist in seeds/",
                "    hint: check the file name, or add the article with 'briefing ingest PATH'",
                "seeds/SHA256SUMS:2: error: line names seed '001_bbbbbbbbbbbbbbbb.txt', which is not in seeds/ "
                "(stale line)",
                "    hint: restore the seed with 'git checkout -- seeds/001_bbbbbbbbbbbbbbbb.txt', or, if it was "
                "removed on purpose together with its sidecar, delete this line",
            ],
        ),
        "malformed SHA256SUMS line": (
            append(SUMS, "not a checksum line\n"),
            [
                "seeds/SHA256SUMS:3: error: malformed line 'not a checksum line'",
                "    hint: each line is '<64 hex digits>  <seed file name>', as 'sha256sum' writes it",
            ],
        ),
        "repeated SHA256SUMS line": (
            lambda root: append(SUMS, (root / SUMS).read_text(encoding="utf-8").splitlines()[0] + "\n")(root),
            [
                "seeds/SHA256SUMS:3: error: seed '000_aaaaaaaaaaaaaaaa.txt' is listed twice (first on line 1)",
                "    hint: delete one of the two lines: each seed has exactly one checksum",
            ],
        ),
        "missing SHA256SUMS": (
            remove(SUMS),
            [
                "seeds/SHA256SUMS: error: SHA256SUMS is missing: no seed can be verified",
                "    hint: restore it with 'git checkout -- seeds/SHA256SUMS'; if the seeds are new, run "
                "'sha256sum <seed files> > SHA256SUMS' in seeds/ after checking every seed against its original",
            ],
        ),
        "sidecar seed naming SHA256SUMS": (
            replace(SIDECAR_B, "seed: 001_bbbbbbbbbbbbbbbb.txt", "seed: SHA256SUMS"),
            [
                "content/sources/courier-2025-03-04.yaml:2:1: error: 'SHA256SUMS' is not a seed listed in "
                "seeds/SHA256SUMS",
                "    hint: name the article's file in seeds/ (add new articles with 'briefing ingest PATH')",
                "seeds/001_bbbbbbbbbbbbbbbb.txt:1: error: seed '001_bbbbbbbbbbbbbbbb.txt' has no sidecar in "
                "content/sources",
                "    hint: run 'briefing ingest' or write content/sources/<id>.yaml with seed: "
                "001_bbbbbbbbbbbbbbbb.txt",
            ],
        ),
        "sidecar seed naming ..": (
            replace(SIDECAR_B, "seed: 001_bbbbbbbbbbbbbbbb.txt", 'seed: ".."'),
            [
                "content/sources/courier-2025-03-04.yaml:2:1: error: '..' is not a seed listed in seeds/SHA256SUMS",
                "    hint: name the article's file in seeds/ (add new articles with 'briefing ingest PATH')",
                "seeds/001_bbbbbbbbbbbbbbbb.txt:1: error: seed '001_bbbbbbbbbbbbbbbb.txt' has no sidecar in "
                "content/sources",
                "    hint: run 'briefing ingest' or write content/sources/<id>.yaml with seed: "
                "001_bbbbbbbbbbbbbbbb.txt",
            ],
        ),
        "sidecar seed naming an upper-case .TXT file": (
            both(
                write("seeds/005_a.TXT", "Headline\n\nText of a paragraph.\n"),
                replace(SIDECAR_B, "seed: 001_bbbbbbbbbbbbbbbb.txt", "seed: 005_a.TXT"),
            ),
            [
                "content/sources/courier-2025-03-04.yaml:2:1: error: '005_a.TXT' is not a seed listed in "
                "seeds/SHA256SUMS",
                "    hint: name the article's file in seeds/ (add new articles with 'briefing ingest PATH')",
                "seeds/001_bbbbbbbbbbbbbbbb.txt:1: error: seed '001_bbbbbbbbbbbbbbbb.txt' has no sidecar in "
                "content/sources",
                "    hint: run 'briefing ingest' or write content/sources/<id>.yaml with seed: "
                "001_bbbbbbbbbbbbbbbb.txt",
                "seeds/005_a.TXT: error: '005_a.TXT' is not a seed the build reads (a seed's name ends in .txt, "
                ".html, .htm, lowercase)",
                "    hint: add articles with 'briefing ingest PATH'; move any other file out of seeds/",
            ],
        ),
        "symbolic link in seeds": (
            link("seeds/005_passwd.txt", "/etc/passwd"),
            [
                "seeds/005_passwd.txt: error: symbolic link to '/etc/passwd' refused: the build reads only files "
                "inside the project",
                "    hint: replace the link with the file itself (add an article with 'briefing ingest PATH')",
            ],
        ),
        "symbolic link in content": (
            link("content/facts/outside.yaml", "/etc/hostname"),
            [
                "content/facts/outside.yaml: error: symbolic link to '/etc/hostname' refused: the build reads "
                "only files inside the project",
                "    hint: replace the link with the file itself (add an article with 'briefing ingest PATH')",
            ],
        ),
        "symbolic link in themes": (
            link("themes/briefing/static/passwd.txt", "/etc/passwd"),
            [
                "themes/briefing/static/passwd.txt: error: symbolic link to '/etc/passwd' refused: the build "
                "reads only files inside the project",
                "    hint: replace the link with the file itself (add an article with 'briefing ingest PATH')",
            ],
        ),
        "folder named like a seed": (
            folder("seeds/x.txt"),
            [
                "seeds/x.txt: error: a folder in seeds/: the build reads only seed files there",
                "    hint: move it out of seeds/; seeds/ holds the article files and SHA256SUMS, nothing else",
            ],
        ),
        "yml fact sheet": (
            write("content/facts/more.yml", "facts: []\n"),
            [
                "content/facts/more.yml: error: 'more.yml' in content/facts/ is not read by the build: fact "
                "sheets end in '.yaml'",
                "    hint: rename it to more.yaml",
            ],
        ),
        "markdown briefing": (
            write("content/briefings/extra.markdown", "---\ntitle: x\n---\n"),
            [
                "content/briefings/extra.markdown: error: 'extra.markdown' in content/briefings/ is not read by "
                "the build: briefings end in '.md'",
                "    hint: rename it to extra.md",
            ],
        ),
        "stray file in content": (
            write("content/notes.txt", "to do\n"),
            [
                "content/notes.txt: error: 'notes.txt' is not read by the build (content/ holds entities.yaml, "
                "site.yaml, sources/, facts/, briefings/, pages/)",
                "    hint: move it to the folder where it belongs, or out of content/",
            ],
        ),
        "folder in the fact sheets": (
            folder("content/facts/old.yaml"),
            [
                "content/facts/old.yaml: error: a folder in content/facts/ is not read by the build: fact sheets "
                "end in '.yaml'",
                "    hint: move it out of content/facts/",
            ],
        ),
        "alias bomb in a sidecar field": (
            replace(SIDECAR_A, "notes: Synthetic test article.\n", BOMB),
            [
                "content/sources/gazette-2025-03-03.yaml:17:6: error: invalid YAML: aliases expand to more than "
                "100,000 values",
                "    hint: write the values out instead of repeating them with aliases (*name)",
            ],
        ),
        "YAML nested too deep": (
            replace(SIDECAR_A, "notes: Synthetic test article.", "notes: " + "[" * 100 + "]" * 100),
            [
                "content/sources/gazette-2025-03-03.yaml:11:71: error: invalid YAML: nested more than 64 levels deep",
                "    hint: content files need only a few levels of nesting",
            ],
        ),
        "YAML file over the size limit": (
            append(SIDECAR_A, "#" * 10_000_001 + "\n"),
            [
                "content/sources/gazette-2025-03-03.yaml: error: file is 10,000,262 bytes, more than the limit of "
                "10,000,000",
                "    hint: split it into several files (fact sheets may be split by topic or year)",
            ],
        ),
        "YAML python tag": (
            replace(SIDECAR_A, "notes: Synthetic test article.", 'notes: !!python/object/apply:os.system ["true"]'),
            [
                "content/sources/gazette-2025-03-03.yaml:11:8: error: invalid YAML: the YAML tag "
                "'!!python/object/apply:os.system' is not allowed in content"
            ],
        ),
        "seed with a NUL": (
            listed_seed(SEED_B, b"Second outlet\n\nThe harbour\x00master said about 1,200 containers.\n"),
            [
                "seeds/001_bbbbbbbbbbbbbbbb.txt:3:12: error: seed contains the control character U+0000 (NUL): it "
                "is binary or damaged, not article text",
                "    hint: ingest a clean UTF-8 text of the article (control characters other than tab and line "
                "breaks are refused)",
            ],
        ),
        "seed with an escape character": (
            listed_seed(SEED_B, b"Second outlet\n\nThe harbour master\x1b[31m said so.\n"),
            [
                "seeds/001_bbbbbbbbbbbbbbbb.txt:3:19: error: seed contains the control character U+001B: it is "
                "binary or damaged, not article text",
                "    hint: ingest a clean UTF-8 text of the article (control characters other than tab and line "
                "breaks are refused)",
            ],
        ),
        "seed over the size limit": (
            listed_seed(SEED_B, b"Headline\n\n" + b"word " * 1_000_001),
            [
                "seeds/001_bbbbbbbbbbbbbbbb.txt: error: seed is 5,000,015 bytes, more than the limit of 5,000,000",
                "    hint: a seed is one article: save the article's text, not a whole site or a binary file",
            ],
        ),
        "quote of one word": (
            replace(FACTS, 'quote: "the new crane was installed on Friday"', 'quote: "the"'),
            [
                "content/facts/harbour.yaml:41:9: error: quote 'the' is too short to identify a passage (1 word; "
                "at least 3)",
                "    hint: quote enough of the sentence that it says what the statement claims",
            ],
        ),
        "quote of two words": (
            replace(FACTS, 'quote: "the new crane was installed on Friday"', 'quote: "crane was"'),
            [
                "content/facts/harbour.yaml:41:9: error: quote 'crane was' is too short to identify a passage (2 "
                "words; at least 3)",
                "    hint: quote enough of the sentence that it says what the statement claims",
            ],
        ),
        "empty quote": (
            replace(FACTS, 'quote: "the new crane was installed on Friday"', 'quote: ""'),
            [
                "content/facts/harbour.yaml:41:9: error: empty quote in facts[2].citations[0].quote",
                "    hint: copy the exact passage of the source that supports the statement",
            ],
        ),
        "blank quote": (
            replace(FACTS, 'quote: "the new crane was installed on Friday"', 'quote: "     "'),
            [
                "content/facts/harbour.yaml:41:9: error: empty quote",
                "    hint: copy the exact passage of the source that supports the statement",
            ],
        ),
        "quote from another source": (
            replace(
                FACTS,
                'quote: "the new crane was installed on Friday"',
                'quote: "Officials said the figure may rise in March"',
            ),
            [
                "content/facts/harbour.yaml:41:9: error: quote not found in source 'courier-2025-03-04'",
                "    hint: the quote is in source 'gazette-2025-03-03' (#p2, seed line 9): cite that source if "
                "the statement rests on it",
            ],
        ),
        "unknown new entity": (
            replace(FACTS, "entities: [port-authority]\n", "entities: [vladimir-putin]\n"),
            [
                "content/facts/harbour.yaml:29:16: error: unknown entity 'vladimir-putin'",
                "    hint: add it to content/entities.yaml or fix the id",
            ],
        ),
        "unknown fact reference unlike any": (
            replace(BRIEFING, "[[figure-may-rise]]", "[[zz-top-concert]]"),
            [
                "content/briefings/arms-transfers.md:12: error: unknown fact 'zz-top-concert'",
                "    hint: check the id in content/facts/",
            ],
        ),
    }
)

CASES.update(
    {
        "independent_of with newline": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: []\nindependent_of: [" + _quoted("evil-id\n") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:12:18: error: bad id 'evil-id\\n' in independent_of[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "independent_of with slash": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: []\nindependent_of: [" + _quoted("a/b") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:12:18: error: bad id 'a/b' in independent_of[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "independent_of with dotdot": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: []\nindependent_of: [" + _quoted("..") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:12:18: error: bad id '..' in independent_of[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "independent_of with non-ascii": (
            replace(SIDECAR_B, "derived_from: []", "derived_from: []\nindependent_of: [" + _quoted("café") + "]"),
            [
                "content/sources/courier-2025-03-04.yaml:12:18: error: bad id 'café' in independent_of[0]",
                "    hint: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "page file name with newline": (
            write("content/pages/evil-id\n.md", "---\ntitle: x\n---\n"),
            [
                "content/pages/evil-id\\n.md: error: file name 'evil-id\\n.md' does not make a valid id (the page "
                "address is taken from it)",
                "    hint: rename the file: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "page file name with dotdot": (
            write("content/pages/...md", "---\ntitle: x\n---\n"),
            [
                "content/pages/...md: error: file name '...md' does not make a valid id (the page address is "
                "taken from it)",
                "    hint: rename the file: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "page file name with non-ascii": (
            write("content/pages/café.md", "---\ntitle: x\n---\n"),
            [
                "content/pages/café.md: error: file name 'café.md' does not make a valid id (the page address is "
                "taken from it)",
                "    hint: rename the file: ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'",
            ],
        ),
        "page file name with slash": (
            write("content/pages/a/b.md", "---\ntitle: x\n---\n"),
            [
                "content/pages/a: error: a folder in content/pages/ is not read by the build: text pages end in '.md'",
                "    hint: move it out of content/pages/",
            ],
        ),
    }
)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_a_located_error_and_changes_nothing(
    case: str, sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutate, expected = CASES[case]
    mutate(sample)
    before = tree(sample)
    errors = sum(1 for line in expected if ": error: " in line)
    verdict = f"check failed: {errors} error(s), 0 warning(s)"

    assert run(sample, capsys, "check") == (1, [*expected, verdict])
    assert run(sample, capsys, "build", "--no-search") == (1, [*expected, verdict, BUILD_FAILED])
    assert tree(sample) == before
