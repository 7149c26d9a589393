"""Find derived copies, count independent sources, and list conflicting facts and spellings.

Derived copies (`detect_overlaps`)
    Clean paragraphs are lowercased, split into words (apostrophes dropped, ASCII and
    typographic punctuation as spaces) and cut into passages of at most PASSAGE_WORDS
    words; a passage is the set of its word 3-shingles. Words get crc32 ids and
    shingles CPython's hash of int tuples (not salted, unlike str hashes): runs agree.

    1. Candidates, MinHash + LSH. Each passage gets a one-permutation MinHash sketch
       (the smallest shingle hash in each of BINS bins); each band of two bins is a
       bucket key. A passage pair with Jaccard 0.3 (a 20%-reworded paragraph) meets in
       some band with probability 0.78, one with Jaccard 0.05 with 0.04. Sources meeting
       in two buckets are candidates; sources meeting in one only if those two passages
       align (step 2). Stock phrases (shingles in over STOCK_SHARE of a sample of
       STOCK_SAMPLE sources) stay out of the sketches, and a bucket pairs each member
       with at most BUCKET_CAP earlier ones.
    2. Verification, exact and for candidates only. Each shared shingle is credited to
       the pair of passages holding it; passages align when they share ALIGNED of the
       smaller one's shingles and at least MIN_SHARED. A source's coverage is the share
       of its shingles in aligned passages. A pair is a copy when either coverage
       reaches COPY_COVERAGE, and shares text from SHARE_COVERAGE. Reports of one event
       share names, not passages: the seeds' two NIS reports score 0; the rewritten AP
       copy scores 0.54 against one AP copy and 0.50 against the other.
    3. Machine rewrites. Aligned passages of similar length (ratio within
       REWRITE_RATIO) sharing under VERBATIM of their shingles are reworded; a copy pair
       is a rewrite when reworded passages hold half its aligned text. A 20% word swap
       keeps about half the trigrams: far above ALIGNED, far below VERBATIM. Notes that
       call a source machine-rewritten mark it too.
    4. Direction, copy -> original: a declared `derived_from`; else the side whose notes
       call it machine-rewritten; else, for a rewrite, the side whose changed words are
       rarer in the sample (a spinner's synonyms are odd; the original's words recur in
       other copies); else the later-published side; else the side more contained in
       the other (an excerpt); else the later id. `independent_of` drops a pair.

    Copies of one original count once: sources joined by copy links form a group whose
    root is a member that copies nothing, the earliest published.

Complexity: O(W) in the W words of the corpus to tokenise, sketch and bucket, plus
O(C * S) to verify C candidate pairs of S shingles; C follows the real copies and is at
most BUCKET_CAP per bucket entry, never all pairs. Spellings: one prefix-tree regex
pass over each text, O(W) again.
"""

from __future__ import annotations

import difflib
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .model import Content, Entity, Fact, Overlap, Source

SHINGLE = 3
"""Words per shingle: 2 matches too much stock text, 4 loses too much to rewording."""
PASSAGE_WORDS = 80
BINS = 32
"""MinHash bins per passage; bands are consecutive pairs of bins."""
BUCKET_CAP = 32
STOCK_SAMPLE = 500
STOCK_SHARE = 0.05
STOCK_MIN_SOURCES = 20
"""A shingle is never stock unless more sampled sources than this hold it."""
MIN_SHARED = 6
"""Shingles two passages must share to align (a run of eight words), so a shared name is not enough."""
ALIGNED = 0.25
VERBATIM = 0.85
REWRITE_RATIO = 1.4
COPY_COVERAGE = 0.3
SHARE_COVERAGE = 0.1
SPELLING_SIMILARITY = 0.8
"""Letter similarity (difflib ratio) above which two names are spellings of one name."""

_SPACES = bytes(c if c >= 0x80 or chr(c).isalnum() else 0x20 for c in range(256))
"""Byte table turning ASCII punctuation into spaces (UTF-8 letters pass unchanged)."""
_MARKS = ("‘", "“", "”", "—", "–", "…", "\u00a0", "«", "»")
_NON_LETTER = re.compile(r"[\W_]+")
_REWRITE_NOTE = re.compile(r"(?:^|[.!?]\s+)(?:an?|this is an?)\s+(?:machine[- ])?(?:rewritten|spun)\b", re.IGNORECASE)
"""Notes that describe the source itself as rewritten ("A machine-rewritten copy of ...")."""
_BIN_OF = BINS.__rmod__
_PASSAGE_BITS = 20
_T = TypeVar("_T")
_Trie = dict[str, "_Trie"]
Spellings = tuple[tuple[str, tuple[str, ...]], ...]
"""(spelling, ids of the sources using it) pairs."""


@dataclass(frozen=True, slots=True)
class ConflictGroup:
    """Facts that report the same thing, and how they differ."""

    key: str
    facts: tuple[Fact, ...]
    differences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SpellingVariant:
    """An entity whose name is spelled more than one way across the sources."""

    entity_id: str
    spellings: Spellings
    """In the entity's name order; only respellings of another name in use."""


@dataclass(frozen=True)
class Copies:
    """Derived-copy relations between sources."""

    overlaps: dict[str, tuple[Overlap, ...]]
    original_of: dict[str, str]
    rewritten: frozenset[str]
    root_of: dict[str, str]
    """Source id -> the root original of its copy group (only sources in a group)."""


@dataclass(frozen=True)
class Analysis:
    """What the sources say about each other and about the facts."""

    overlaps: dict[str, tuple[Overlap, ...]]
    """Source id -> its overlaps with other sources, highest score first (every source)."""
    original_of: dict[str, str]
    """Source id -> the source it copies (detected or declared); absent if independent."""
    rewritten: frozenset[str]
    """Ids of machine-rewritten copies (detected or stated in the notes)."""
    reliability: dict[str, tuple[str, ...]]
    """Source id -> notes derived from the text and the copy analysis."""
    conflicts: tuple[ConflictGroup, ...]
    spellings: tuple[SpellingVariant, ...]
    root_of: dict[str, str] = field(default_factory=dict)
    """Source id -> the root original of its copy group (only sources in a group)."""

    def independent_sources(self, fact: Fact) -> tuple[str, ...]:
        """Return the cited source ids, keeping the first one per root original."""
        kept: dict[str, str] = {}
        for source_id in fact.source_ids:
            kept.setdefault(self.root_of.get(source_id, source_id), source_id)
        return tuple(kept.values())

    def badge(self, fact: Fact) -> str:
        """Return `rewrite-only`, `corroborated` or `single-source` for a fact."""
        cited = fact.source_ids
        if cited and all(s in self.rewritten for s in cited):
            return "rewrite-only"
        return "corroborated" if len(self.independent_sources(fact)) >= 2 else "single-source"


def analyse(content: Content) -> Analysis:
    """Analyse copies, reliability, conflicts and spellings across all content."""
    copies = detect_overlaps(content.sources)
    variants = spelling_variants(spelling_uses(content.sources, content.entities.values()))
    return Analysis(
        overlaps=copies.overlaps,
        original_of=copies.original_of,
        rewritten=copies.rewritten,
        reliability={s.id: reliability_notes(s, copies) for s in content.sources.values()},
        conflicts=find_conflicts(content.facts.values(), variants),
        spellings=variants,
        root_of=copies.root_of,
    )


# --- derived copies -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Profile:
    """A source's passages as shingle and word-id sets."""

    shingles: tuple[frozenset[int], ...]
    words: tuple[frozenset[int], ...]
    owner: dict[int, int]
    """Shingle -> first passage holding it."""
    size: int
    """Shingles counted passage by passage."""


@dataclass(frozen=True, slots=True)
class _Pair:
    """Exact comparison of two sources, side by side."""

    score: tuple[float, float]
    """Share of each side's distinct shingles found in the other."""
    coverage: tuple[float, float]
    rewrite: bool
    changed: tuple[frozenset[int], frozenset[int]]
    """Words of each side's aligned passages that the other's lack."""


@dataclass(frozen=True, slots=True)
class _Link:
    """A copy relation, from the copy to its original."""

    copy: str
    original: str
    score: float
    """Share of the copy's shingles found in the original."""
    back: float
    rewrite: bool
    declared: bool


class _Corpus:
    """Sources as word ids, with word frequencies on a sample and profiles on demand."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.ids = list(sources)
        self.tokens: dict[str, list[array[int]]] = {}
        self.df: Counter[int] = Counter()
        self.profiles: dict[str, _Profile] = {}

    def passages(self, source_id: str) -> list[array[int]]:
        """Return (and remember) a source's passages as arrays of word ids.

        Arrays, not lists: the garbage collector does not track them, and tracking
        millions of lists made it cost more than the analysis itself.
        """
        found = self.tokens.get(source_id)
        if found is None:
            found = []
            for paragraph in self.sources[source_id].paragraphs:
                ids = array("I", map(zlib.crc32, _words(paragraph.text)))
                size = -(-len(ids) // -(-len(ids) // PASSAGE_WORDS)) if ids else 1
                found.extend(ids[i : i + size] for i in range(0, len(ids), size))
            self.tokens[source_id] = found
        return found

    def profile(self, source_id: str) -> _Profile:
        """Return (and remember) a source's profile."""
        found = self.profiles.get(source_id)
        if found is None:
            passages = self.passages(source_id)
            shingles = tuple(frozenset(_shingles(p)) for p in passages)
            owner: dict[int, int] = {}
            for index in range(len(shingles) - 1, -1, -1):
                owner.update(dict.fromkeys(shingles[index], index))
            words = tuple(frozenset(p) for p in passages)
            found = _Profile(shingles, words, owner, sum(map(len, shingles)))
            self.profiles[source_id] = found
        return found

    def stock(self) -> frozenset[int]:
        """Count word frequencies on a fixed sample of sources; return its stock phrases."""
        sample = self.ids[:: max(1, len(self.ids) // STOCK_SAMPLE)]
        seen: Counter[int] = Counter()
        for source_id in sample:
            passages = self.passages(source_id)
            self.df.update(set().union(*passages))
            seen.update(set().union(*map(_shingles, passages)))
        limit = max(STOCK_MIN_SOURCES, STOCK_SHARE * len(sample))
        return frozenset(h for h, n in seen.items() if n > limit)


def _words(text: str) -> list[bytes]:
    """Split text into lowercase words as UTF-8 bytes, dropping apostrophes and punctuation."""
    text = text.lower().replace("'", "").replace("’", "")
    if not text.isascii():
        for mark in _MARKS:
            text = text.replace(mark, " ")
    return text.encode().translate(_SPACES).split()


def _tuples(ids: Sequence[int]) -> Iterable[tuple[int, ...]]:
    return zip(*(ids[i:] for i in range(SHINGLE)), strict=False)


def _shingles(ids: Sequence[int]) -> set[int]:
    return set(map(hash, _tuples(ids)))


def _band_keys(shingles: list[int]) -> list[int]:
    """Return the LSH bucket keys of one passage's MinHash sketch."""
    shingles.sort(reverse=True)
    minima = dict(zip(map(_BIN_OF, shingles), shingles, strict=True))
    return [hash((b, minima[b], minima[b + 1])) for b in range(0, BINS, 2) if b in minima and b + 1 in minima]


def candidate_pairs(sources: Mapping[str, Source]) -> list[tuple[str, str]]:
    """Return the pairs of sources whose passages share an LSH bucket."""
    corpus = _Corpus(sources)
    return [(corpus.ids[i], corpus.ids[j]) for i, j in _candidates(corpus)]


def _candidates(corpus: _Corpus) -> list[tuple[int, int]]:
    """Return index pairs of sources meeting in two buckets, or in one through aligned passages."""
    stock = corpus.stock()
    first: dict[int, int] = {}
    buckets: dict[int, list[int]] = {}
    for index, source_id in enumerate(corpus.ids):
        keys: dict[int, int] = {}
        for number, passage in enumerate(corpus.passages(source_id)):
            shingles = list(map(hash, _tuples(passage)))
            if stock:
                shingles = [h for h in shingles if h not in stock]
            if len(shingles) >= MIN_SHARED:
                keys.update(dict.fromkeys(_band_keys(shingles), index << _PASSAGE_BITS | number))
        for key, member in keys.items():
            other = first.setdefault(key, member)
            if other != member:
                buckets.setdefault(key, [other]).append(member)
    meetings: Counter[tuple[int, int]] = Counter()
    where: dict[tuple[int, int], tuple[int, int]] = {}
    for members in buckets.values():
        for i in range(1, len(members)):
            for j in range(max(0, i - BUCKET_CAP), i):
                pair = (members[j] >> _PASSAGE_BITS, members[i] >> _PASSAGE_BITS)
                meetings[pair] += 1
                where.setdefault(pair, (members[j], members[i]))
    return sorted(p for p, n in meetings.items() if n > 1 or _aligned(corpus, *where[p]))


def _aligned(corpus: _Corpus, a: int, b: int) -> bool:
    """Whether two passages, each coded as source index and passage number, align."""
    mask = (1 << _PASSAGE_BITS) - 1
    sides = [_shingles(corpus.passages(corpus.ids[x >> _PASSAGE_BITS])[x & mask]) for x in (a, b)]
    return len(sides[0] & sides[1]) >= max(MIN_SHARED, ALIGNED * min(map(len, sides)))


def _compare(a: _Profile, b: _Profile) -> _Pair:
    """Compare two sources exactly: containment, aligned coverage, signs of rewording."""
    shared = a.owner.keys() & b.owner.keys()
    aligned: tuple[set[int], set[int]] = (set(), set())
    verbatim: tuple[set[int], set[int]] = (set(), set())
    reworded: tuple[set[int], set[int]] = (set(), set())
    for (i, j), count in Counter((a.owner[h], b.owner[h]) for h in shared).items():
        size_a, size_b = len(a.shingles[i]), len(b.shingles[j])
        if count < max(MIN_SHARED, ALIGNED * min(size_a, size_b)):
            continue
        kind = verbatim if count >= VERBATIM * min(size_a, size_b) else reworded
        if kind is verbatim or 1 / REWRITE_RATIO <= size_a / size_b <= REWRITE_RATIO:
            kind[0].add(i)
            kind[1].add(j)
        aligned[0].add(i)
        aligned[1].add(j)
    sides = (a, b)

    def share(p: _Profile, passages: Iterable[int]) -> float:
        return sum(len(p.shingles[i]) for i in passages) / max(p.size, 1)

    cover = [share(p, s) for p, s in zip(sides, aligned, strict=True)]
    rewritten = [share(p, r - v) for p, r, v in zip(sides, reworded, verbatim, strict=True)]
    words = [frozenset().union(*(p.words[i] for i in s)) for p, s in zip(sides, aligned, strict=True)]
    return _Pair(
        score=(round(len(shared) / max(len(a.owner), 1), 3), round(len(shared) / max(len(b.owner), 1), 3)),
        coverage=(cover[0], cover[1]),
        rewrite=sum(rewritten) >= 0.5 * sum(cover) > 0,
        changed=(words[0] - words[1], words[1] - words[0]),
    )


def detect_overlaps(sources: Mapping[str, Source]) -> Copies:
    """Find copies, rewrites and shared text among sources without comparing all pairs."""
    corpus = _Corpus(sources)
    declared = {(s.id, o) for s in sources.values() for o in s.derived_from if o in sources and o != s.id}
    apart = {frozenset((s.id, o)) for s in sources.values() for o in s.independent_of}
    pairs = {(corpus.ids[i], corpus.ids[j]) for i, j in _candidates(corpus)}
    pairs.update((min(p), max(p)) for p in declared)
    links: list[_Link] = []
    shared: list[tuple[str, str, _Pair]] = []
    for a, b in sorted(pairs):
        forced = (a, b) in declared or (b, a) in declared
        if frozenset((a, b)) in apart and not forced:
            continue
        pair = _compare(corpus.profile(a), corpus.profile(b))
        if forced or max(pair.coverage) >= COPY_COVERAGE:
            links.append(_orient(corpus, a, b, pair, declared))
        elif max(pair.coverage) >= SHARE_COVERAGE:
            shared.append((a, b, pair))
    return _assemble(sources, links, shared)


def _orient(corpus: _Corpus, a: str, b: str, pair: _Pair, declared: set[tuple[str, str]]) -> _Link:
    """Decide which side of a copy pair is the copy."""
    source_a, source_b = corpus.sources[a], corpus.sources[b]
    votes = [
        ((a, b) in declared) - ((b, a) in declared),
        _noted_rewrite(source_a) - _noted_rewrite(source_b),
        _sign(_mean_df(corpus, pair.changed[1]) - _mean_df(corpus, pair.changed[0])) if pair.rewrite else 0,
        _sign(_date(source_a) - _date(source_b)) if _date(source_a) and _date(source_b) else 0,
        _sign(pair.score[0] - pair.score[1]) if abs(pair.score[0] - pair.score[1]) >= 0.05 else 0,
    ]
    a_copies = next((v > 0 for v in votes if v), False)
    copy, original = (a, b) if a_copies else (b, a)
    score, back = pair.score if a_copies else pair.score[::-1]
    return _Link(copy, original, score, back, pair.rewrite, votes[0] != 0)


def _noted_rewrite(source: Source) -> int:
    return 1 if _REWRITE_NOTE.search(source.notes) else 0


def _mean_df(corpus: _Corpus, words: frozenset[int]) -> float:
    return sum(corpus.df[w] for w in words) / len(words) if words else 0.0


def _date(source: Source) -> int:
    digits = (source.published or source.parsed.detected.published or "").replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _assemble(sources: Mapping[str, Source], links: list[_Link], shared: list[tuple[str, str, _Pair]]) -> Copies:
    """Turn oriented links and shared-text pairs into the per-source view."""
    found: dict[str, list[Overlap]] = {s: [] for s in sources}
    rewritten = {s.id for s in sources.values() if _noted_rewrite(s)}
    rewritten.update(link.copy for link in links if link.rewrite)
    parents: defaultdict[str, list[_Link]] = defaultdict(list)
    for link in links:
        found[link.copy].append(Overlap(link.original, link.score, "copy-of"))
        found[link.original].append(Overlap(link.copy, link.back, "copied-by"))
        parents[link.copy].append(link)
    for a, b, pair in shared:
        found[a].append(Overlap(b, pair.score[0], "shares-text"))
        found[b].append(Overlap(a, pair.score[1], "shares-text"))
    original_of = {
        copy: min(options, key=lambda k: (not k.declared, k.original in rewritten, -k.score, k.original)).original
        for copy, options in parents.items()
    }
    return Copies(
        overlaps={s: tuple(sorted(o, key=lambda x: (-x.score, x.other_id))) for s, o in found.items()},
        original_of=original_of,
        rewritten=frozenset(rewritten),
        root_of=_roots(sources, links, original_of, rewritten),
    )


def _roots(
    sources: Mapping[str, Source], links: Iterable[_Link], original_of: dict[str, str], rewritten: set[str]
) -> dict[str, str]:
    """Map each source in a copy group to the group's root original."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node] = parent[parent[node]]
        return node

    for link in links:
        parent[find(link.copy)] = find(link.original)
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        groups[find(node)].append(node)
    roots: dict[str, str] = {}
    for members in groups.values():
        root = min(members, key=lambda m: (m in original_of, m in rewritten, _date(sources[m]) or 99999999, m))
        roots.update(dict.fromkeys(members, root))
    return roots


# --- reliability ----------------------------------------------------------------------


def reliability_notes(source: Source, copies: Copies) -> tuple[str, ...]:
    """Describe what the text itself says about how far to trust the source."""
    notes: list[str] = []
    detected = source.parsed.detected
    furniture = sum(1 for r in source.parsed.removed if r.kind == "furniture")
    if furniture:
        notes.append(f"Scraped page: {furniture} block{'s' if furniture > 1 else ''} of page furniture removed")
    original = copies.original_of.get(source.id)
    if source.id in copies.rewritten:
        notes.append(f"Machine-rewritten copy{f' of {original}' if original else ''}: wording unreliable")
    elif original:
        notes.append(f"Copy of {original}: not independent of it")
    if detected.original_publisher:
        notes.append(f"Wire report: the dateline credits {detected.original_publisher}")
    checks = (
        (detected.published, "No publication date in the text"),
        (detected.authors, "No byline"),
        (detected.title, "No headline in the text"),
        (detected.outlet, "Outlet not named in the text"),
    )
    notes.extend(message for value, message in checks if not value)
    if source.needs_review:
        notes.append("Metadata not yet reviewed")
    return tuple(notes)


# --- spellings ------------------------------------------------------------------------


def spelling_uses(sources: Mapping[str, Source], entities: Iterable[Entity]) -> dict[str, dict[str, list[str]]]:
    """Map entity id -> name -> ids of the sources whose clean text uses it (whole words, exact case)."""
    owners: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    entity_ids: list[str] = []
    for entity in entities:
        for rank, name in enumerate(dict.fromkeys(entity.names)):
            owners[name].append((len(entity_ids), rank))
        entity_ids.append(entity.id)
    pattern = _name_pattern(owners)
    found: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
    names: dict[tuple[int, int], str] = {}
    for source in sources.values():
        for name in _names_in(pattern, "\n".join(p.text for p in source.paragraphs)):
            for key in owners[name]:
                found[key].append(source.id)
                names[key] = name
    uses: dict[str, dict[str, list[str]]] = {}
    for key, ids in sorted(found.items()):
        uses.setdefault(entity_ids[key[0]], {})[names[key]] = ids
    return uses


def spelling_variants(uses: Mapping[str, Mapping[str, Sequence[str]]]) -> tuple[SpellingVariant, ...]:
    """Keep the entities with two or more respellings of one name in use.

    Abbreviations and other names (NIS, Russian Federation) are not respellings: two
    names are when their letters match closely (difflib ratio >= SPELLING_SIMILARITY).
    """
    found: list[SpellingVariant] = []
    for entity_id, names in uses.items():
        kept = [n for n in names if any(_respelling(n, other) for other in names if other != n)]
        if len(kept) >= 2:
            found.append(SpellingVariant(entity_id, tuple((n, tuple(names[n])) for n in kept)))
    return tuple(found)


def _respelling(a: str, b: str) -> bool:
    first, second = (_NON_LETTER.sub("", name.lower()) for name in (a, b))
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio() >= SPELLING_SIMILARITY


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Compile all names into one prefix-tree regex (longest name first at each place)."""
    trie: _Trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    body = _trie_regex(trie)
    return re.compile(f"{body}(?!\\w)") if body else None


def _trie_regex(trie: _Trie) -> str:
    branches = [re.escape(char) + _trie_regex(sub) for char, sub in sorted(trie.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in trie else body


def _names_in(pattern: re.Pattern[str] | None, text: str) -> set[str]:
    """Names matched as whole words; the start is checked here so the regex can scan fast."""
    if pattern is None:
        return set()
    return {m.group() for m in pattern.finditer(text) if not m.start() or not _is_word(text[m.start() - 1])}


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


# --- conflicts ------------------------------------------------------------------------


def find_conflicts(facts: Iterable[Fact], variants: Iterable[SpellingVariant] = ()) -> tuple[ConflictGroup, ...]:
    """Group facts by their `group` and list how the members differ."""
    spellings = {v.entity_id: v.spellings for v in variants}
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.group:
            groups.setdefault(fact.group, []).append(fact)
    found: list[ConflictGroup] = []
    for key, members in groups.items():
        differences = _differences(members, spellings)
        cited = {s for fact in members for s in fact.source_ids}
        if len(members) >= 2 and (len(cited) >= 2 or differences):
            found.append(ConflictGroup(key, tuple(members), differences))
    return tuple(found)


def _differences(facts: Sequence[Fact], spellings: Mapping[str, Spellings]) -> tuple[str, ...]:
    out: list[str] = []
    shown = {(f.value, f.unit): f.display for fact in reversed(facts) for f in fact.figures}
    figures = _most_precise(
        [tuple(sorted({(f.value, f.unit) for f in fact.figures})) for fact in facts if fact.figures]
    )
    if len(figures) >= 2:
        out.append("figures differ: " + " vs ".join(", ".join(shown[k] for k in fs) for fs in figures))
    dates = _most_precise([f.date for f in facts if f.date])
    if len(dates) >= 2:
        out.append(f"dates differ: {' vs '.join(dates)}")
    statuses = list(dict.fromkeys(f.status for f in facts))
    if len(statuses) >= 2:
        out.append(f"status differs: {' vs '.join(statuses)}")
    out.extend(_wording(facts))
    out.extend(_group_spellings(facts, spellings))
    return tuple(out)


def _most_precise(values: Sequence[_T]) -> list[_T]:
    """Distinct values not implied by a more precise one (a date's prefix, a subset of figures)."""
    distinct = list(dict.fromkeys(values))
    return [v for v in distinct if not any(v != w and _implied(v, w) for w in distinct)]


def _implied(coarse: object, fine: object) -> bool:
    if isinstance(coarse, str) and isinstance(fine, str):
        return fine.startswith(coarse)
    return isinstance(coarse, tuple) and isinstance(fine, tuple) and set(coarse) < set(fine)


def _wording(facts: Sequence[Fact]) -> list[str]:
    """Word-level differences between similar quotes from different sources."""
    quotes = list(dict.fromkeys((c.source.id, c.citation.quote) for f in facts for c in f.citations))
    out: list[str] = []
    for index, (source_a, quote_a) in enumerate(quotes):
        for source_b, quote_b in quotes[index + 1 :]:
            change = quote_change(quote_a, quote_b) if source_a != source_b else ""
            if change and f"wording differs: {change}" not in out:
                out.append(f"wording differs: {change}")
    return out


def quote_change(a: str, b: str, limit: int = 3) -> str:
    """Summarise the word changes between two similar quotes ('' when equal or unrelated)."""
    words_a, words_b = a.split(), b.split()
    matcher = difflib.SequenceMatcher(None, [_norm(w) for w in words_a], [_norm(w) for w in words_b], autojunk=False)
    if matcher.ratio() < 0.5:
        return ""
    spans = [
        f"{_span(words_a[i1:i2])} vs {_span(words_b[j1:j2])}"
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return "; ".join(spans[:limit]) + ("; …" if len(spans) > limit else "")


def _norm(word: str) -> str:
    return word.strip(".,;:!?\"'“”‘’()").lower().replace("’", "'")


def _span(words: Sequence[str]) -> str:
    if not words:
        return "—"
    return '"' + " ".join(words[:6]) + (" …" if len(words) > 6 else "") + '"'


def _group_spellings(facts: Sequence[Fact], spellings: Mapping[str, Spellings]) -> list[str]:
    cited = {s for fact in facts for s in fact.source_ids}
    out: list[str] = []
    for entity_id in dict.fromkeys(e for fact in facts for e in fact.entity_ids):
        here = {n: [s for s in ids if s in cited] for n, ids in spellings.get(entity_id, ())}
        here = {n: ids for n, ids in here.items() if ids}
        if len(here) >= 2:
            out.append("spellings differ: " + " vs ".join(f"{n} ({', '.join(ids)})" for n, ids in here.items()))
    return out
