"""Find entities whose names are spelled more than one way across the sources.

Names are found with one prefix-tree regex pass over each source's clean text, O(W) in
the W words of the corpus.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.model import Entity, Source

SPELLING_SIMILARITY = 0.8
"""Letter similarity (difflib ratio) above which two names are spellings of one name."""

_NON_LETTER = re.compile(r"[\W_]+")
_Trie = dict[str, "_Trie"]
Spellings = tuple[tuple[str, tuple[str, ...]], ...]
"""(spelling, ids of the sources using it) pairs."""


@dataclass(frozen=True, slots=True)
class SpellingVariant:
    """An entity whose name is spelled more than one way across the sources."""

    entity_id: str
    spellings: Spellings
    """In the entity's name order; only respellings of another name in use."""


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

    Abbreviations and other names (UN, United Nations) are not respellings: two
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
