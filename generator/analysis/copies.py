"""Detect derived copies: shingling, MinHash/LSH candidates, exact comparison, orientation and copy groups.

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
most BUCKET_CAP per bucket entry, never all pairs.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator.content.normal import fold_chars
from generator.model import Overlap, Source

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

_SPACES = bytes(c if c >= 0x80 or chr(c).isalnum() else 0x20 for c in range(256))
"""Byte table turning ASCII punctuation into spaces (UTF-8 letters pass unchanged)."""
_MARKS = ("…",)
"""Typographic marks `normal.fold_chars` leaves that separate words (quotes and dashes it folds to ASCII)."""
_REWRITE_NOTE = re.compile(r"(?:^|[.!?]\s+)(?:an?|this is an?)\s+(?:machine[- ])?(?:rewritten|spun)\b", re.IGNORECASE)
"""Notes that describe the source itself as rewritten ("A machine-rewritten copy of ...")."""
_BIN_OF = BINS.__rmod__
_PASSAGE_BITS = 20
KEPT = 1024
"""Sources whose passages, and whose profiles, are kept decoded at once (the most recently used):
keeping every source's made the analysis of 100,000 sources hold gigabytes."""


@dataclass(frozen=True)
class Copies:
    """Derived-copy relations between sources."""

    overlaps: dict[str, tuple[Overlap, ...]]
    original_of: dict[str, str]
    rewritten: frozenset[str]
    root_of: dict[str, str]
    """Source id -> the root original of its copy group (only sources in a group)."""


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
        self.tokens: OrderedDict[str, list[array[int]]] = OrderedDict()
        self.df: Counter[int] = Counter()
        self.profiles: OrderedDict[str, _Profile] = OrderedDict()

    def passages(self, source_id: str) -> list[array[int]]:
        """Return (and remember) a source's passages as arrays of word ids.

        Arrays, not lists: the garbage collector does not track them, and tracking
        millions of lists made it cost more than the analysis itself.
        """
        found = _recent(self.tokens, source_id)
        if found is None:
            found = []
            for paragraph in self.sources[source_id].paragraphs:
                ids = array("I", map(zlib.crc32, _words(paragraph.text)))
                size = -(-len(ids) // -(-len(ids) // PASSAGE_WORDS)) if ids else 1
                found.extend(ids[i : i + size] for i in range(0, len(ids), size))
            _keep(self.tokens, source_id, found)
        return found

    def profile(self, source_id: str) -> _Profile:
        """Return (and remember) a source's profile."""
        found = _recent(self.profiles, source_id)
        if found is None:
            passages = self.passages(source_id)
            shingles = tuple(frozenset(_shingles(p)) for p in passages)
            owner: dict[int, int] = {}
            for index in range(len(shingles) - 1, -1, -1):
                owner.update(dict.fromkeys(shingles[index], index))
            words = tuple(frozenset(p) for p in passages)
            found = _Profile(shingles, words, owner, sum(map(len, shingles)))
            _keep(self.profiles, source_id, found)
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


Kept = TypeVar("Kept")


def _recent(memo: OrderedDict[str, Kept], key: str) -> Kept | None:
    """A remembered value, marked as the most recently used."""
    found = memo.get(key)
    if found is not None:
        memo.move_to_end(key)
    return found


def _keep(memo: OrderedDict[str, Kept], key: str, value: Kept) -> None:
    """Remember a value, forgetting the least recently used beyond KEPT."""
    memo[key] = value
    if len(memo) > KEPT:
        memo.popitem(last=False)


def _words(text: str) -> list[bytes]:
    """Split text into lowercase words as UTF-8 bytes, dropping apostrophes and punctuation."""
    if not text.isascii():
        text = fold_chars(text)
    text = text.lower().replace("'", "")
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
    buckets = _buckets(corpus, corpus.stock())
    meetings: Counter[tuple[int, int]] = Counter()
    where: dict[tuple[int, int], tuple[int, int]] = {}
    for members in buckets.values():
        for i in range(1, len(members)):
            for j in range(max(0, i - BUCKET_CAP), i):
                pair = (members[j] >> _PASSAGE_BITS, members[i] >> _PASSAGE_BITS)
                meetings[pair] += 1
                where.setdefault(pair, (members[j], members[i]))
    return sorted(p for p, n in meetings.items() if n > 1 or _aligned(corpus, *where[p]))


def _buckets(corpus: _Corpus, stock: frozenset[int]) -> dict[int, list[int]]:
    """Bucket key -> the passages (source index and passage number) meeting in it, for keys met twice or more."""
    # Every source's bucket keys, packed, and the keys met more than once (with a few
    # false positives): a dict of every key was most of the analysis's memory, and
    # nearly all keys are met once.
    keys, members = array("q"), array("Q")
    seen = _KeyFilter(len(corpus.ids) * BINS * 64)
    repeated: set[int] = set()
    for index, source_id in enumerate(corpus.ids):
        found: dict[int, int] = {}
        for number, passage in enumerate(corpus.passages(source_id)):
            shingles = list(map(hash, _tuples(passage)))
            if stock:
                shingles = [h for h in shingles if h not in stock]
            if len(shingles) >= MIN_SHARED:
                found.update(dict.fromkeys(_band_keys(shingles), index << _PASSAGE_BITS | number))
        repeated.update(key for key in found if seen.add(key))
        keys.extend(found.keys())
        members.extend(found.values())
    first: dict[int, int] = {}
    buckets: dict[int, list[int]] = {}
    for key, member in zip(keys, members, strict=True):
        if key in repeated:
            other = first.setdefault(key, member)
            if other != member:
                buckets.setdefault(key, [other]).append(member)
    return buckets


class _KeyFilter:
    """A bit per hashed key: says whether a key may have been added before (never wrongly no)."""

    def __init__(self, expected: int) -> None:
        self.bits = 1 << max(16, min(28, expected.bit_length() + 1))
        self.table = bytearray(self.bits >> 3)

    def add(self, key: int) -> bool:
        """Add a key; True when its bit was already set."""
        bit = key & (self.bits - 1)
        mask = 1 << (bit & 7)
        byte = self.table[bit >> 3]
        self.table[bit >> 3] = byte | mask
        return bool(byte & mask)


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
