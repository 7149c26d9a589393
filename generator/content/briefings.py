"""Load briefings: front matter, Markdown body and the facts it references."""

from __future__ import annotations

from collections.abc import Mapping as AbcMapping
from collections.abc import Sequence as AbcSequence
from collections.abc import Set as AbcSet
from pathlib import Path

from generator.content.factrefs import find_refs, make_parser, valid_id
from generator.content.frontmatter import read_document
from generator.content.ids import file_slug_problem
from generator.content.inventory import files_in
from generator.content.siteconfig import check_slug
from generator.model import Briefing, BriefingMeta, Fact, FactRef, Location, Problem
from generator.problems import Problems, brief, did_you_mean


def load_briefings(
    briefing_dir: Path,
    facts: AbcMapping[str, Fact],
    problems: Problems,
    broken: AbcSet[str] = frozenset(),
    complete: bool = True,
    topics: AbcSequence[str] | None = None,
    reads: BriefingReads | None = None,
) -> dict[str, Briefing]:
    """Read every `content/briefings/*.md` and check its fact references.

    References to facts that failed their own checks (`broken`), or to any
    fact while a fact sheet is unreadable (`complete` is False), are not
    reported again: the editor fixes the fact sheet first. `reads` keeps each
    file's own reading between calls (the live preview's); by default every file is read.
    """
    reads = reads or BriefingReads(topics)
    briefings: dict[str, Briefing] = {}
    for path in files_in(briefing_dir, ".md"):
        briefing, found = reads.read(path)
        problems.extend(found)
        if briefing is None:
            continue
        _check_refs(briefing, facts, problems, broken, complete)
        briefings[briefing.meta.slug] = briefing
    return briefings


BriefingRead = tuple[Briefing | None, tuple[Problem, ...]]
"""A briefing file read on its own (front matter, topics, the fact references it makes), and its problems."""


class BriefingReads:
    """Briefing files read on their own, kept by path and bytes: an unchanged file is not parsed again."""

    def __init__(self, topics: AbcSequence[str] | None) -> None:
        self.topics = topics
        self._md = make_parser()
        self._known: dict[Path, tuple[bytes, BriefingRead]] = {}

    def read(self, path: Path) -> BriefingRead:
        """The file's reading: kept if its bytes are the ones read last time."""
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None
        known = self._known.get(path)
        if raw is not None and known is not None and known[0] == raw:
            return known[1]
        problems = Problems()
        briefing = _read(path, problems, self.topics)
        if briefing is not None:
            refs = tuple(FactRef(ids, briefing.body_line + line) for ids, line in find_refs(self._md, briefing.body))
            briefing = Briefing(briefing.meta, briefing.body, briefing.body_line, refs, briefing.location)
        result = (briefing, problems.items)
        if raw is not None:
            self._known[path] = (raw, result)
        return result


def _read(path: Path, problems: Problems, topics: AbcSequence[str] | None) -> Briefing | None:
    bad_name = file_slug_problem(path)
    if bad_name is not None:
        problems.error(*bad_name)
        return None
    document = read_document(path, "briefing", problems)
    if document is None:
        return None
    data = document.meta
    ok = check_slug(data["topic"], topics, Location(path, *data.mark("topic")), "topic", problems)
    also = data.get("also_topics", ())
    for position, topic in enumerate(also):
        ok = check_slug(topic, topics, Location(path, *also.mark(position)), "topic", problems) and ok
    if not ok:
        return None
    meta = BriefingMeta(
        slug=path.stem,
        title=data["title"],
        summary=" ".join(data["summary"].split()),
        topic=data["topic"],
        as_of=data["as_of"],
        updated=data["updated"],
        also_topics=tuple(data.get("also_topics", ())),
    )
    return Briefing(meta, document.body, document.body_line, (), Location(path, 1))


def _check_refs(
    briefing: Briefing, facts: AbcMapping[str, Fact], problems: Problems, broken: AbcSet[str], complete: bool
) -> None:
    allowed = {briefing.meta.topic, *briefing.meta.also_topics}
    path = briefing.location.path
    if not briefing.references:
        problems.error(
            briefing.location, "briefing references no facts", "support its sentences with [[fact-id]] references"
        )
    for ref in briefing.references:
        location = Location(path, ref.line)
        for fact_id in ref.fact_ids:
            if not valid_id(fact_id):
                problems.error(
                    location,
                    f"bad fact reference {brief('[[' + ', '.join(ref.fact_ids) + ']]')}",
                    "write [[fact-id]] or [[fact-a, fact-b]]",
                )
                break
            fact = facts.get(fact_id)
            if fact is None and (fact_id in broken or not complete):
                continue
            if fact is None:
                problems.error(
                    location,
                    f"unknown fact {brief(fact_id)}",
                    did_you_mean(fact_id, facts, "check the id in content/facts/"),
                )
            elif not allowed.intersection(fact.topics):
                problems.error(
                    location,
                    f"fact '{fact_id}' (topics: {', '.join(fact.topics)}) is not in this briefing's topic '{briefing.meta.topic}'",
                    f"add '{fact.topics[0]}' to also_topics in the front matter, or cite a fact of this topic",
                )
