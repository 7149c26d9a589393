"""Load briefings: front matter, Markdown body and the facts it references."""

from __future__ import annotations

from collections.abc import Mapping as AbcMapping
from pathlib import Path

from .factrefs import find_refs, make_parser, valid_id
from .model import Briefing, BriefingMeta, Fact, FactRef, Location
from .problems import Problems
from .schema import validate
from .yamlio import Mapping, YamlDocument, YamlError, parse_yaml

FENCE = "---"


def load_briefings(briefing_dir: Path, facts: AbcMapping[str, Fact], problems: Problems) -> dict[str, Briefing]:
    """Read every `content/briefings/*.md` and check its fact references."""
    briefings: dict[str, Briefing] = {}
    md = make_parser()
    for path in sorted(briefing_dir.glob("*.md")):
        briefing = _read(path, problems)
        if briefing is None:
            continue
        refs = tuple(
            FactRef(ids, briefing.body_line + line) for ids, line in find_refs(md, briefing.body)
        )
        briefing = Briefing(briefing.meta, briefing.body, briefing.body_line, refs, briefing.location)
        _check_refs(briefing, facts, problems)
        briefings[briefing.meta.slug] = briefing
    return briefings


def _read(path: Path, problems: Problems) -> Briefing | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(Location(path, 1), f"file is not valid UTF-8 (byte {exc.start})")
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        problems.error(Location(path, 1), "briefing has no front matter", "start the file with a line '---', the front matter, and another '---'")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        problems.error(Location(path, 1), "front matter is not closed", "add a line '---' after the front matter")
        return None
    header = "\n" * 1 + "\n".join(lines[1:end])
    try:
        document = parse_yaml(header, path)
    except YamlError as exc:
        problems.error(exc.location, exc.message, exc.hint)
        return None
    found = validate(document, "briefing")
    problems.extend(found)
    if found:
        return None
    if not isinstance(document.data, Mapping):
        problems.error(Location(path, 2), "front matter must be a YAML mapping")
        return None
    meta = _meta(path, document)
    body = "\n".join(lines[end + 1 :])
    return Briefing(meta, body, end + 2, (), Location(path, 1))


def _meta(path: Path, document: YamlDocument) -> BriefingMeta:
    data = document.data
    return BriefingMeta(
        slug=path.stem,
        title=data["title"],
        summary=" ".join(data["summary"].split()),
        topic=data["topic"],
        as_of=data["as_of"],
        updated=data["updated"],
        also_topics=tuple(data.get("also_topics", ())),
    )


def _check_refs(briefing: Briefing, facts: AbcMapping[str, Fact], problems: Problems) -> None:
    allowed = {briefing.meta.topic, *briefing.meta.also_topics}
    path = briefing.location.path
    if not briefing.references:
        problems.error(briefing.location, "briefing references no facts", "support its sentences with [[fact-id]] references")
    for ref in briefing.references:
        location = Location(path, ref.line)
        for fact_id in ref.fact_ids:
            if not valid_id(fact_id):
                problems.error(location, f"bad fact reference '[[{', '.join(ref.fact_ids)}]]'", "write [[fact-id]] or [[fact-a, fact-b]]")
                break
            fact = facts.get(fact_id)
            if fact is None:
                problems.error(location, f"unknown fact '{fact_id}'", _suggest(fact_id, facts))
            elif not allowed.intersection(fact.topics):
                problems.error(
                    location,
                    f"fact '{fact_id}' (topics: {', '.join(fact.topics)}) is not in this briefing's topic '{briefing.meta.topic}'",
                    f"add '{fact.topics[0]}' to also_topics in the front matter, or cite a fact of this topic",
                )


def _suggest(fact_id: str, facts: AbcMapping[str, Fact]) -> str:
    import difflib

    close = difflib.get_close_matches(fact_id, list(facts), n=1)
    return f"did you mean '{close[0]}'?" if close else "check the id in content/facts/"
