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
from generator.model import Briefing, BriefingMeta, Fact, FactRef, Location
from generator.problems import Problems, brief, did_you_mean


def load_briefings(
    briefing_dir: Path,
    facts: AbcMapping[str, Fact],
    problems: Problems,
    broken: AbcSet[str] = frozenset(),
    complete: bool = True,
    topics: AbcSequence[str] | None = None,
) -> dict[str, Briefing]:
    """Read every `content/briefings/*.md` and check its fact references.

    References to facts that failed their own checks (`broken`), or to any
    fact while a fact sheet is unreadable (`complete` is False), are not
    reported again: the editor fixes the fact sheet first.
    """
    briefings: dict[str, Briefing] = {}
    md = make_parser()
    for path in files_in(briefing_dir, ".md"):
        briefing = _read(path, problems, topics)
        if briefing is None:
            continue
        refs = tuple(FactRef(ids, briefing.body_line + line) for ids, line in find_refs(md, briefing.body))
        briefing = Briefing(briefing.meta, briefing.body, briefing.body_line, refs, briefing.location)
        _check_refs(briefing, facts, problems, broken, complete)
        briefings[briefing.meta.slug] = briefing
    return briefings


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
