"""Find derived copies, count independent sources, and list conflicting facts and spellings.

Derived copies (`detect_overlaps`)
    Clean paragraphs are lowercased, stripped of punctuation and cut into passages of
    at most PASSAGE_WORDS words; a passage is the set of its word 3-shingles. Words get
    crc32 ids and shingles CPython's hash of int tuples, which is not salted, so runs
    are deterministic.

    1. Candidates, MinHash + LSH: each passage gets a one-permutation MinHash sketch
       (the smallest shingle hash in each of BINS bins); every band of ROWS bins is a
       bucket key. Sources sharing a bucket are candidate pairs. A bucket with more
       than BUCKET_CAP sources (a stock phrase, or a much-copied wire story) pairs each
       member only with the BUCKET_CAP members before it.
    2. Verification, exact and for candidates only: every shared shingle is credited to
       the pair of passages holding it. Passages are aligned when they share ALIGNED of
       the smaller one's shingles (at least MIN_SHARED). A source's coverage is the
       share of its shingles in aligned passages. A pair is a copy when either side's
       coverage reaches COPY_COVERAGE, and shares text from SHARE_COVERAGE. Two reports
       of one event share names and stock phrases but few aligned passages.
    3. Machine rewrites: aligned passages of similar length (ratio within
       REWRITE_RATIO) that are not verbatim (under VERBATIM shared) look rewritten; a
       copy pair is a rewrite when such passages hold half its aligned text. Trigrams
       survive a 20% synonym swap about half the time, well above ALIGNED.
    4. Direction (copy -> original): a declared `derived_from`; else the side whose
       notes call it machine-rewritten; else, for a rewrite, the side whose differing
       words are rarer in the corpus (a spinner's synonyms are idiosyncratic, the
       original's words recur in other copies); else the later-published side; else
       the side more contained in the other (an excerpt); else the larger id.
       `independent_of` removes a pair whatever was detected.

    Copies of one original count once: sources joined by copy links form a group whose
    root is its earliest-published member that copies nothing.

Complexity: O(W) in the W words of the corpus to tokenise, sketch and bucket, plus
O(C * S) to verify C candidate pairs of S shingles each; C grows with the number of real
copies and at worst as BUCKET_CAP * passages, never with all pairs. Spelling variants
use one prefix-tree regex over each text: O(W) again.
"""

from __future__ import annotations

import difflib
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Content, Entity, Fact, Overlap, Source

SHINGLE = 3
PASSAGE_WORDS = 80
BINS = 16
ROWS = 2
BUCKET_CAP = 32
MIN_SHARED = 3
ALIGNED = 0.25
VERBATIM = 0.85
REWRITE_RATIO = 1.4
COPY_COVERAGE = 0.3
SHARE_COVERAGE = 0.1
STOCK_SAMPLE = 500
STOCK_SHARE = 0.05
STOCK_MIN_SOURCES = 20

_WORD = re.compile(r"[^\W_]+")
_REWRITE_NOTE = re.compile(r"machine[- ]rewritten|rewritten copy|spun copy|article spinner", re.IGNORECASE)
_Trie = dict[str, "_Trie"]


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
    spellings: tuple[tuple[str, tuple[str, ...]], ...]
    """(spelling, ids of the sources using it), in the entity's name order."""


@dataclass(frozen=True)
class Copies:
    """Derived-copy relations between sources."""

    overlaps: dict[str, tuple[Overlap, ...]]
    original_of: dict[str, str]
    rewritten: frozenset[str]
    root_of: dict[str, str]
    """Source id -> the original its copy group counts as (only for grouped sources)."""


@dataclass(frozen=True)
class Analysis:
    """What the sources say about each other and about the facts."""

    overlaps: dict[str, tuple[Overlap, ...]]
    original_of: dict[str, str]
    rewritten: frozenset[str]
    reliability: dict[str, tuple[str, ...]]
    conflicts: tuple[ConflictGroup, ...]
    spellings: tuple[SpellingVariant, ...]
    root_of: dict[str, str] = field(default_factory=dict)

    def independent_sources(self, fact: Fact) -> tuple[str, ...]:
        """Return the cited source ids, keeping one per original."""
        roots: set[str] = set()
        kept: list[str] = []
        for source_id in fact.source_ids:
            root = self.root_of.get(source_id, source_id)
            if root not in roots:
                roots.add(root)
                kept.append(source_id)
        return tuple(kept)

    def badge(self, fact: Fact) -> str:
        """Return `rewrite-only`, `corroborated` or `single-source` for a fact."""
        cited = fact.source_ids
        if cited and all(s in self.rewritten for s in cited):
            return "rewrite-only"
        return "corroborated" if len(self.independent_sources(fact)) >= 2 else "single-source"


def analyse(content: Content) -> Analysis:
    """Analyse copies, reliability, conflicts and spellings across all content."""
    copies = detect_overlaps(content.sources)
    uses = spelling_uses(content.sources, content.entities.values())
    return Analysis(
        overlaps=copies.overlaps,
        original_of=copies.original_of,
        rewritten=copies.rewritten,
        reliability={s.id: reliability_notes(s, copies) for s in content.sources.values()},
        conflicts=find_conflicts(content.facts.values(), uses),
        spellings=tuple(SpellingVariant(e, _spellings(u)) for e, u in uses.items() if len(u) >= 2),
        root_of=copies.root_of,
    )


# --- derived copies -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Profile:
    """A source's passages as shingle and word sets."""

    shingles: tuple[frozenset[int], ...]
    words: tuple[frozenset[int], ...]
    owner: dict[int, int]
    """Shingle -> first passage holding it."""

    @property
    def size(self) -> int:
        """Shingles counted passage by passage."""
        return sum(len(s) for s in self.shingles)


@dataclass(frozen=True, slots=True)
class _Pair:
    """Exact comparison of two sources."""

    score: tuple[float, float]
    """Share of each side's distinct shingles found in the other."""
    coverage: tuple[float, float]
    rewrite: bool
    differing: tuple[frozenset[int], frozenset[int]]
    """Words of each side's aligned passages missing from the other's."""


@dataclass(frozen=True, slots=True)
class _Link:
    """A copy relation, oriented from the copy to its original."""

    copy: str
    original: str
    pair: _Pair
    flipped: bool
    """Whether the pair's first side is the original."""
    declared: bool

    @property
    def own(self) -> float:
        """Share of the copy's shingles found in the original."""
        return self.pair.score[1 if self.flipped else 0]


class _Corpus:
    """Tokenised sources, with word frequencies and profiles computed on demand."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.ids = list(sources)
        self.vocab: dict[str, int] = {}
        self.tokens: dict[str, list[list[int]]] = {}
        self.df: Counter[int] = Counter()
        self.profiles: dict[str, _Profile] = {}

    def passages(self, source_id: str) -> list[list[int]]:
        """Return (and remember) a source's passages as lists of word ids."""
        found = self.tokens.get(source_id)
        if found is None:
            found = []
            for paragraph in self.sources[source_id].paragraphs:
                ids = self._word_ids(_WORD.findall(paragraph.text.lower()))
                chunks = -(-len(ids) // PASSAGE_WORDS)
                size = -(-len(ids) // max(chunks, 1))
                found.extend(ids[i : i + size] for i in range(0, len(ids), size))
            self.tokens[source_id] = found
        return found

    def _word_ids(self, words: list[str]) -> list[int]:
        try:
            return list(map(self.vocab.__getitem__, words))
        except KeyError:
            for word in words:
                if word not in self.vocab:
                    self.vocab[word] = zlib.crc32(word.encode())
            return list(map(self.vocab.__getitem__, words))

    def profile(self, source_id: str) -> _Profile:
        """Return (and remember) a source's profile."""
        found = self.profiles.get(source_id)
        if found is None:
            passages = self.passages(source_id)
            shingles = tuple(frozenset(_shingles(p)) for p in passages)
            owner: dict[int, int] = {}
            for index in range(len(shingles) - 1, -1, -1):
                owner.update(dict.fromkeys(shingles[index], index))
            found = _Profile(shingles, tuple(frozenset(p) for p in passages), owner)
            self.profiles[source_id] = found
        return found


def _shingles(ids: Sequence[int]) -> set[int]:
    return set(map(hash, zip(*(ids[i:] for i in range(SHINGLE)), strict=False)))


_EVEN, _ODD = range(0, BINS, 2), range(1, BINS, 2)


def _band_keys(shingles: set[int]) -> list[int]:
    """Return the LSH bucket keys (bands of two bins) of one passage's MinHash sketch."""
    ordered = sorted(shingles, reverse=True)
    get = dict(zip([h % BINS for h in ordered], ordered, strict=True)).get
    pairs = zip(map(get, _EVEN), map(get, _ODD), strict=True)
    return [hash((band, x, y)) for band, (x, y) in enumerate(pairs) if x is not None and y is not None]


def sample_statistics(corpus: _Corpus) -> frozenset[int]:
    """Count word frequencies on a fixed sample of sources and return its stock phrases.

    A stock phrase is a shingle found in more than STOCK_SHARE of the sample (and in
    more than STOCK_MIN_SOURCES sources), such as "according to the".
    """
    sample = corpus.ids[:: max(1, len(corpus.ids) // STOCK_SAMPLE)]
    seen: Counter[int] = Counter()
    for source_id in sample:
        passages = corpus.passages(source_id)
        corpus.df.update(set().union(*passages))
        seen.update(set().union(*map(_shingles, passages)))
    limit = max(STOCK_MIN_SOURCES, STOCK_SHARE * len(sample))
    return frozenset(h for h, n in seen.items() if n > limit)


def candidate_pairs(corpus: _Corpus) -> list[tuple[int, int]]:
    """Return index pairs of sources whose passages share an LSH bucket."""
    stock = sample_statistics(corpus)
    buckets: defaultdict[int, list[int]] = defaultdict(list)
    for index, source_id in enumerate(corpus.ids):
        for passage in corpus.passages(source_id):
            shingles = _shingles(passage)
            if stock:
                shingles -= stock
            if len(shingles) >= MIN_SHARED:
                for key in _band_keys(shingles):
                    members = buckets[key]
                    if not members or members[-1] != index:
                        members.append(index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i in range(1, len(members)):
            pairs.update((members[j], members[i]) for j in range(max(0, i - BUCKET_CAP), i))
    return sorted(pairs)


def compare(a: _Profile, b: _Profile) -> _Pair:
    """Compare two sources exactly: containment, aligned coverage, rewrite signs."""
    shared = a.owner.keys() & b.owner.keys()
    counts = Counter((a.owner[h], b.owner[h]) for h in shared)
    aligned: tuple[set[int], set[int]] = (set(), set())
    verbatim: tuple[set[int], set[int]] = (set(), set())
    reworded: tuple[set[int], set[int]] = (set(), set())
    for (i, j), count in counts.items():
        small = min(len(a.shingles[i]), len(b.shingles[j]))
        if count < max(MIN_SHARED, ALIGNED * small):
            continue
        aligned[0].add(i)
        aligned[1].add(j)
        ratio = len(a.shingles[i]) / len(b.shingles[j])
        if count >= VERBATIM * small:
            verbatim[0].add(i)
            verbatim[1].add(j)
        elif 1 / REWRITE_RATIO <= ratio <= REWRITE_RATIO:
            reworded[0].add(i)
            reworded[1].add(j)
    sides = (a, b)
    cover = [sum(len(p.shingles[i]) for i in s) / max(p.size, 1) for p, s in zip(sides, aligned, strict=True)]
    rewritten = [
        sum(len(p.shingles[i]) for i in r - v) / max(p.size, 1)
        for p, r, v in zip(sides, reworded, verbatim, strict=True)
    ]
    words = [frozenset().union(*(p.words[i] for i in s)) for p, s in zip(sides, aligned, strict=True)]
    return _Pair(
        score=(round(len(shared) / max(len(a.owner), 1), 3), round(len(shared) / max(len(b.owner), 1), 3)),
        coverage=(cover[0], cover[1]),
        rewrite=sum(rewritten) >= 0.5 * sum(cover) > 0,
        differing=(words[0] - words[1], words[1] - words[0]),
    )


def detect_overlaps(sources: Mapping[str, Source]) -> Copies:
    """Find copies, rewrites and shared text among sources without comparing all pairs."""
    corpus = _Corpus(sources)
    declared = {(s.id, o) for s in sources.values() for o in s.derived_from if o in sources and o != s.id}
    apart = {frozenset((s.id, o)) for s in sources.values() for o in s.independent_of}
    pairs = {(corpus.ids[i], corpus.ids[j]) for i, j in candidate_pairs(corpus)}
    pairs.update((min(p), max(p)) for p in declared)
    links: list[_Link] = []
    shared: list[tuple[str, str, _Pair]] = []
    for a, b in sorted(pairs):
        forced = (a, b) in declared or (b, a) in declared
        if frozenset((a, b)) in apart and not forced:
            continue
        pair = compare(corpus.profile(a), corpus.profile(b))
        if forced or max(pair.coverage) >= COPY_COVERAGE:
            links.append(_orient(corpus, a, b, pair, declared))
        elif max(pair.coverage) >= SHARE_COVERAGE:
            shared.append((a, b, pair))
    return _assemble(sources, links, shared)


def _orient(corpus: _Corpus, a: str, b: str, pair: _Pair, declared: set[tuple[str, str]]) -> _Link:
    """Decide which side of a copy pair is the copy."""
    if (a, b) in declared or (b, a) in declared:
        flipped = (b, a) in declared
        return _Link(b if flipped else a, a if flipped else b, pair, flipped, True)
    sa, sb = corpus.sources[a], corpus.sources[b]
    votes = [_noted_rewrite(sa) - _noted_rewrite(sb)]
    if pair.rewrite:
        votes.append(_sign(_mean_df(corpus, pair.differing[1]) - _mean_df(corpus, pair.differing[0])))
    votes.append(_sign(_date_rank(sa) - _date_rank(sb)))
    votes.append(_sign(pair.score[0] - pair.score[1]) if abs(pair.score[0] - pair.score[1]) >= 0.05 else 0)
    flipped = next((v < 0 for v in votes if v), False)
    return _Link(b if flipped else a, a if flipped else b, pair, flipped, False)


def _noted_rewrite(source: Source) -> int:
    return 1 if _REWRITE_NOTE.search(source.notes) else 0


def _mean_df(corpus: _Corpus, words: frozenset[int]) -> float:
    return sum(corpus.df[w] for w in words) / len(words) if words else 0.0


def _date_rank(source: Source) -> int:
    date = source.published or source.parsed.detected.published
    return int(date.replace("-", "")) if date else 0


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _assemble(sources: Mapping[str, Source], links: list[_Link], shared: list[tuple[str, str, _Pair]]) -> Copies:
    """Turn oriented links and shared-text pairs into the per-source view."""
    found: dict[str, list[Overlap]] = {s: [] for s in sources}
    rewritten = {s.id for s in sources.values() if _noted_rewrite(s)}
    parents: defaultdict[str, list[_Link]] = defaultdict(list)
    for link in links:
        found[link.copy].append(Overlap(link.original, link.own, "copy-of"))
        found[link.original].append(Overlap(link.copy, link.pair.score[0 if link.flipped else 1], "copied-by"))
        if link.pair.rewrite:
            rewritten.add(link.copy)
        parents[link.copy].append(link)
    for a, b, pair in shared:
        found[a].append(Overlap(b, pair.score[0], "shares-text"))
        found[b].append(Overlap(a, pair.score[1], "shares-text"))
    original_of = {
        copy: min(options, key=lambda k: (not k.declared, k.original in rewritten, -k.own, k.original)).original
        for copy, options in parents.items()
    }
    return Copies(
        overlaps={s: tuple(sorted(o, key=lambda x: (-x.score, x.other_id))) for s, o in found.items()},
        original_of=original_of,
        rewritten=frozenset(rewritten),
        root_of=_roots(sources, [(link.copy, link.original) for link in links], original_of, rewritten),
    )


def _roots(
    sources: Mapping[str, Source], edges: Iterable[tuple[str, str]], original_of: dict[str, str], rewritten: set[str]
) -> dict[str, str]:
    """Map each source in a copy group to the group's root original."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        groups[find(node)].append(node)
    roots: dict[str, str] = {}
    for members in groups.values():
        best = min(members, key=lambda m: (m in original_of, m in rewritten, _date_rank(sources[m]) or 99999999, m))
        roots.update(dict.fromkeys(members, best))
    return roots


# --- reliability --------------------------------------------------------------------


def reliability_notes(source: Source, copies: Copies) -> tuple[str, ...]:
    """Describe what the text itself says about how far to trust the source."""
    notes: list[str] = []
    detected = source.parsed.detected
    furniture = sum(1 for r in source.parsed.removed if r.kind == "furniture")
    if furniture:
        notes.append(f"Scraped page: {furniture} block{'s' if furniture > 1 else ''} of page furniture removed")
    original = copies.original_of.get(source.id)
    if source.id in copies.rewritten:
        of = f" of {original}" if original else ""
        notes.append(f"Machine-rewritten copy{of}: wording unreliable")
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


# --- spellings ----------------------------------------------------------------------


def spelling_uses(sources: Mapping[str, Source], entities: Iterable[Entity]) -> dict[str, dict[str, list[str]]]:
    """Map entity id -> spelling -> ids of the sources whose clean text uses it."""
    owners: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    for entity in entities:
        for rank, name in enumerate(dict.fromkeys(entity.names)):
            owners[name].append((entity.id, rank))
    pattern = _name_pattern(owners)
    found: defaultdict[str, dict[tuple[int, str], list[str]]] = defaultdict(dict)
    for source in sources.values():
        for name in _names_in(pattern, "\n".join(p.text for p in source.paragraphs)):
            for entity_id, rank in owners[name]:
                found[entity_id].setdefault((rank, name), []).append(source.id)
    return {e: {name: ids for (_, name), ids in sorted(uses.items())} for e, uses in found.items()}


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
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
    """Return the names matched as whole words (the look-behind is checked here for speed)."""
    if pattern is None:
        return set()
    return {m.group() for m in pattern.finditer(text) if not m.start() or not _is_word(text[m.start() - 1])}


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _spellings(uses: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(ids)) for name, ids in uses.items())


# --- conflicts ----------------------------------------------------------------------


def find_conflicts(facts: Iterable[Fact], uses: Mapping[str, Mapping[str, Sequence[str]]]) -> tuple[ConflictGroup, ...]:
    """Group facts by their `group` and list how the members differ."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.group:
            groups.setdefault(fact.group, []).append(fact)
    found: list[ConflictGroup] = []
    for key, members in groups.items():
        differences = _differences(members, uses)
        cited = {s for fact in members for s in fact.source_ids}
        if len(members) >= 2 and (len(cited) >= 2 or differences):
            found.append(ConflictGroup(key, tuple(members), differences))
    return tuple(found)


def _differences(facts: Sequence[Fact], uses: Mapping[str, Mapping[str, Sequence[str]]]) -> tuple[str, ...]:
    out: list[str] = []
    figures = [", ".join(f.display for f in fact.figures) for fact in facts if fact.figures]
    for label, values in (
        ("figures differ", figures),
        ("dates differ", [f.date for f in facts if f.date]),
        ("status differs", [f.status for f in facts]),
    ):
        distinct = list(dict.fromkeys(values))
        if len(distinct) >= 2:
            out.append(f"{label}: {' vs '.join(str(v) for v in distinct)}")
    out.extend(_wording(facts))
    out.extend(_group_spellings(facts, uses))
    return tuple(out)


def _wording(facts: Sequence[Fact]) -> list[str]:
    """Word-level differences between similar quotes from different sources."""
    quotes = list(dict.fromkeys((c.source.id, c.citation.quote) for f in facts for c in f.citations))
    out: list[str] = []
    for index, (source_a, quote_a) in enumerate(quotes):
        for source_b, quote_b in quotes[index + 1 :]:
            if source_a != source_b:
                change = quote_change(quote_a, quote_b)
                if change and f"wording differs: {change}" not in out:
                    out.append(f"wording differs: {change}")
    return out


def quote_change(a: str, b: str, limit: int = 3) -> str:
    """Summarise the word changes between two similar quotes, or return '' if none or unrelated."""
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
    shown = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
    return f'"{shown}"'


def _group_spellings(facts: Sequence[Fact], uses: Mapping[str, Mapping[str, Sequence[str]]]) -> list[str]:
    cited = {s for fact in facts for s in fact.source_ids}
    out: list[str] = []
    for entity_id in dict.fromkeys(e for fact in facts for e in fact.entity_ids):
        here = {n: [s for s in ids if s in cited] for n, ids in uses.get(entity_id, {}).items()}
        here = {n: ids for n, ids in here.items() if ids}
        if len(here) >= 2:
            out.append("spellings differ: " + " vs ".join(f"{n} ({', '.join(ids)})" for n, ids in here.items()))
    return out
