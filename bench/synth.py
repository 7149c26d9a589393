"""A reproducible synthetic archive: seeds, sidecars, fact sheets, entities, briefings."""

from __future__ import annotations

import hashlib
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.ingest.extraction.blocks import make_block
from generator.ingest.furniture import classify
from generator.ingest.seeds import parse_seed

TOPICS = ("2023-summit", "2024-deployment", "arms-transfers")
FURNITURE = ("Advertisement", "Loading the weather. . . .", "Share this article", "Tags: world, politics")
QUOTES_PER_SOURCE = 5
SOURCES_PER_SHEET = 50
REWRITE_SHARE = 0.05
"""Share of sources that are machine-rewritten copies of an earlier source."""

_SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "tan",
    "sel",
    "vor",
    "pu",
    "li",
    "den",
    "gra",
    "bo",
    "ne",
    "sha",
    "ku",
    "mir",
    "to",
    "val",
    "es",
    "an",
    "ol",
    "im",
    "ber",
    "cor",
    "lin",
    "dar",
    "fe",
    "ho",
    "zu",
    "ya",
    "qui",
    "tre",
    "pol",
    "sun",
    "mak",
    "ro",
]
_COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "was",
    "with",
    "as",
    "by",
    "at",
    "from",
    "it",
    "said",
    "were",
    "have",
    "has",
]


@dataclass(frozen=True, slots=True)
class Archive:
    """What was generated, for the benchmark to edit and count."""

    root: Path
    sources: int
    facts: int
    briefings: int
    entities: int
    copies: int
    words: int
    source_ids: tuple[str, ...] = field(default=())


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def _sentence(rng: random.Random, vocab: list[str], names: list[str]) -> str:
    words = [rng.choice(_COMMON) if rng.random() < 0.35 else rng.choice(vocab) for _ in range(rng.randint(10, 22))]
    if rng.random() < 0.5:
        words[rng.randrange(len(words))] = rng.choice(names)
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + "."


def _article(rng: random.Random, vocab: list[str], names: list[str], target_words: int = 800) -> list[str]:
    paragraphs: list[str] = []
    count = 0
    while count < target_words:
        paragraph = " ".join(_sentence(rng, vocab, names) for _ in range(rng.randint(3, 5)))
        if classify(paragraph) is not None or not make_block(paragraph, 0).is_prose:
            # e.g. "With the ..." reads as an outlet sign-off, and a run of few function words as
            # a link list or caption (the seed parser removes it); real article text does neither
            continue
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def _rewrite(rng: random.Random, vocab: list[str], paragraphs: list[str]) -> list[str]:
    """A near-duplicate: about one word in ten swapped, one paragraph dropped."""
    out = []
    for paragraph in paragraphs:
        words = paragraph.split()
        for i in range(len(words)):
            if rng.random() < 0.1 and words[i].isalpha() and words[i].islower():
                words[i] = rng.choice(vocab)
        rewritten = " ".join(words)
        keep = classify(rewritten) is not None or not make_block(rewritten, 0).is_prose
        out.append(paragraph if keep else rewritten)
    if len(out) > 4:
        del out[rng.randrange(1, len(out))]
    return out


def _quote(rng: random.Random, paragraphs: list[str]) -> str:
    """An exact run of 8-14 words from one paragraph."""
    words = rng.choice(paragraphs).split()
    length = min(len(words), rng.randint(8, 14))
    start = rng.randrange(0, len(words) - length + 1)
    return " ".join(words[start : start + length])


def _quotable(raw: bytes, path: Path, paragraphs: list[str]) -> list[str]:
    """The paragraphs the seed parser keeps as article text (its block shapes may take one of
    pseudo-words for furniture): quote only those, as an editor would."""
    kept = {p.text for p in parse_seed(raw, path).paragraphs}
    return [p for p in paragraphs if p in kept] or paragraphs


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _seed_bytes(n: int, date: str, outlet: str, title: str, paragraphs: list[str]) -> bytes:
    """A raw article: scraper date line with outlet and headline, paragraphs, page furniture."""
    blocks = [f"date {date} [{outlet}] {title}"]
    for i, paragraph in enumerate(paragraphs):
        blocks.append(paragraph)
        if i == 2:
            blocks.append(FURNITURE[0])
        if i == 5:
            blocks.append(FURNITURE[1])
    blocks.append(FURNITURE[2 + n % 2])
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _fact_yaml(fact_id: str, n: int, source_id: str, date: str, topic: str, entities: list[str], quote: str) -> str:
    return (
        f"  - id: {fact_id}\n"
        f"    statement: {_yaml_str('Outlet ' + str(n % 97) + ' reported that ' + quote + '.')}\n"
        f'    date: "{date}"\n    date_precision: day\n    kind: event\n    status: reported\n'
        f"    topics: [{topic}]\n    entities: [{', '.join(dict.fromkeys(entities))}]\n"
        f"    citations:\n      - source: {source_id}\n        quote: {_yaml_str(quote)}\n"
    )


def _skeleton(root: Path, repo: Path) -> tuple[Path, Path, Path, Path]:
    """Empty project folders, the real settings file, theme (copied: links are refused) and text pages."""
    if root.exists():
        shutil.rmtree(root)
    seeds_dir = root / "seeds"
    sources_dir = root / "content" / "sources"
    facts_dir = root / "content" / "facts"
    briefings_dir = root / "content" / "briefings"
    pages_dir = root / "content" / "pages"
    for folder in (seeds_dir, sources_dir, facts_dir, briefings_dir, pages_dir):
        folder.mkdir(parents=True)
    shutil.copyfile(repo / "pelicanconf.py", root / "pelicanconf.py")
    shutil.copyfile(repo / "content" / "site.yaml", root / "content" / "site.yaml")  # the topics TOPICS names
    shutil.copytree(repo / "themes", root / "themes")
    for page in (repo / "content" / "pages").glob("*.md"):
        shutil.copyfile(page, pages_dir / page.name)
    return seeds_dir, sources_dir, facts_dir, briefings_dir


def generate(root: Path, sources: int, seed: int = 20261122, repo: Path | None = None) -> Archive:
    """Write a synthetic project of `sources` articles into `root` (replacing it)."""
    repo = repo or Path(__file__).resolve().parent.parent
    rng = random.Random(seed * 1_000_003 + sources)
    seeds_dir, sources_dir, facts_dir, briefings_dir = _skeleton(root, repo)
    vocab = _vocabulary(rng, 4000)
    entity_count = max(20, sources // 20)
    entity_names = sorted({f"{rng.choice(vocab).title()} {rng.choice(vocab).title()}" for _ in range(entity_count * 2)})
    entity_names = entity_names[:entity_count]
    entity_ids = [f"entity-{i:05d}" for i in range(len(entity_names))]
    _write_entities(root, entity_ids, entity_names)

    texts: list[list[str]] = []
    ids: list[str] = []
    sums: list[str] = []
    fact_ids_by_topic: dict[str, list[str]] = {t: [] for t in TOPICS}
    sheet: list[str] = []
    total_words = 0
    copies = 0
    fact_total = 0
    entity_cursor = 0
    for n in range(sources):
        is_copy = n > 20 and rng.random() < REWRITE_SHARE
        paragraphs = _rewrite(rng, vocab, texts[rng.randrange(n)]) if is_copy else _article(rng, vocab, entity_names)
        copies += is_copy
        texts.append(paragraphs)
        total_words += sum(len(p.split()) for p in paragraphs)
        year = 2020 + n % 5
        date = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        outlet = f"Outlet {n % 97}"
        title = " ".join(w.title() for w in rng.sample(vocab, 7))
        raw = _seed_bytes(n, date, outlet, title, paragraphs)
        seed_name = f"{n:05d}_{hashlib.sha256(raw).hexdigest()[:16]}.txt"
        (seeds_dir / seed_name).write_bytes(raw)
        quotable = _quotable(raw, seeds_dir / seed_name, paragraphs)
        sums.append(f"{hashlib.sha256(raw).hexdigest()}  {seed_name}")
        source_id = f"source-{n:05d}"
        ids.append(source_id)
        (sources_dir / f"{source_id}.yaml").write_text(
            f"id: {source_id}\nseed: {seed_name}\ntitle: {_yaml_str(title)}\noutlet: {_yaml_str(outlet)}\n"
            f"authors: []\npublished: {_yaml_str(date)}\nurl: null\nlanguage: en\nderived_from: []\n"
            f"notes: Synthetic benchmark article.\n",
            encoding="utf-8",
        )
        for q in range(QUOTES_PER_SOURCE):
            topic = TOPICS[(n + q) % len(TOPICS)]
            fact_id = f"fact-{n:05d}-{q}"
            fact_ids_by_topic[topic].append(fact_id)
            entities = [
                entity_ids[entity_cursor % len(entity_ids)],
                entity_ids[(entity_cursor * 7 + 3) % len(entity_ids)],
            ]
            entity_cursor += 1
            quote = _quote(rng, quotable)
            sheet.append(_fact_yaml(fact_id, n, source_id, date, topic, entities, quote))
            fact_total += 1
        if (n + 1) % SOURCES_PER_SHEET == 0 or n == sources - 1:
            number = n // SOURCES_PER_SHEET
            (facts_dir / f"sheet-{number:04d}.yaml").write_text("facts:\n" + "".join(sheet), encoding="utf-8")
            sheet = []
    (seeds_dir / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")

    briefing_count = _write_briefings(briefings_dir, rng, vocab, entity_names, fact_ids_by_topic, sources)
    return Archive(root, sources, fact_total, briefing_count, len(entity_ids), copies, total_words, tuple(ids))


def _write_entities(root: Path, entity_ids: list[str], entity_names: list[str]) -> None:
    with (root / "content" / "entities.yaml").open("w", encoding="utf-8") as out:
        out.write("entities:\n")
        for eid, name in zip(entity_ids, entity_names, strict=True):
            out.write(
                f"  - id: {eid}\n    name: {name}\n    kind: person\n    role: Synthetic person\n    aliases: []\n"
            )


def _write_briefings(
    briefings_dir: Path,
    rng: random.Random,
    vocab: list[str],
    entity_names: list[str],
    fact_ids_by_topic: dict[str, list[str]],
    sources: int,
) -> int:
    """One briefing per 100 sources (at least three), each citing twelve facts of its topic."""
    briefing_count = max(3, sources // 100)
    for b in range(briefing_count):
        topic = TOPICS[b % len(TOPICS)]
        pool = fact_ids_by_topic[topic]
        chosen = rng.sample(pool, min(len(pool), 12))
        sections = []
        for s in range(3):
            refs = chosen[s * 4 : s * 4 + 4]
            sentences = " ".join(f"{_sentence(rng, vocab, entity_names)[:-1]} [[{ref}]]." for ref in refs)
            sections.append(f"## Section {s + 1}\n\n{sentences}\n")
        (briefings_dir / f"briefing-{b:04d}.md").write_text(
            f"---\ntitle: Synthetic briefing {b}\nsummary: A synthetic briefing for the benchmark.\ntopic: {topic}\n"
            f'as_of: "2024-12-01"\nupdated: "2026-11-22"\nalso_topics: []\n---\n' + "\n".join(sections),
            encoding="utf-8",
        )
    return briefing_count


def article_texts(root: Path) -> list[tuple[str, str, str, list[str]]]:
    """(slug, title, date, clean paragraphs) of every seed, parsed as our build parses it, for the baselines."""
    from generator.ingest.seeds import read_seed

    out = []
    for path in sorted((root / "seeds").glob("*.txt")):
        parsed = read_seed(path)
        slug = "source-" + path.name.split("_", 1)[0]
        title = parsed.detected.title or slug
        date = parsed.detected.published or "2024-01-01"
        out.append((slug, title, date, [p.text for p in parsed.paragraphs]))
    return out
