"""Read `content/site.yaml`: what one site is about (name, licence, topics, entity kinds).

The engine knows no topic, entity kind or subject of its own: everything a site
says about itself comes from here, checked against `schemas/site.schema.json`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.content.schema import validate
from generator.content.yamlio import YamlError, load_yaml
from generator.model import EntityKind, Location, SiteConfig, Topic
from generator.problems import Problems, did_you_mean


def load_site_config(path: Path, problems: Problems) -> SiteConfig | None:
    """Read and check `content/site.yaml`; on any problem, report it and return None."""
    if not path.exists():
        problems.error(
            Location(path),
            "missing site configuration",
            "create content/site.yaml with the site's name, topics and entity kinds (see `briefing init`)",
        )
        return None
    try:
        document = load_yaml(path)
    except YamlError as exc:
        problems.error(exc.location, exc.message, exc.hint)
        return None
    found = validate(document, "site")
    problems.extend(found)
    if found:
        return None
    data = document.data
    config = SiteConfig(
        name=data["name"],
        description=" ".join(data["description"].split()),
        heading=data["heading"],
        author=data["author"],
        licence=data["licence"],
        corrections=data["corrections"],
        licence_url=data.get("licence_url", ""),
        corrections_url=data.get("corrections_url", ""),
        topics=tuple(Topic(t["slug"], t["title"], " ".join(t["description"].split())) for t in data["topics"]),
        entity_kinds=tuple(
            EntityKind(k["slug"], k["title"], k["singular"], bool(k.get("actor", False))) for k in data["entity_kinds"]
        ),
        language=data.get("language", "en"),
        location=Location(path, 1),
    )
    for field, items in (("topics", data["topics"]), ("entity_kinds", data["entity_kinds"])):
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            first = seen.setdefault(item["slug"], items.mark(index)[0])
            if first != items.mark(index)[0]:
                problems.error(
                    document.location(item.mark("slug")),
                    f"duplicate slug '{item['slug']}' in {field} (first defined on line {first})",
                    "each slug may appear once",
                )
    return config


def check_slug(value: str, known: Sequence[str] | None, location: Location, what: str, problems: Problems) -> bool:
    """Whether a topic or entity kind is one site.yaml lists; if not, report it with the closest one.

    `known` is None when site.yaml itself is broken: that is reported once, not at every use.
    """
    if known is None or value in known:
        return True
    listed = f"content/site.yaml lists: {', '.join(known)}" if known else "content/site.yaml lists none"
    problems.error(
        location,
        f"unknown {what} '{value}'",
        did_you_mean(value, known, f"{listed}; add it there or fix the slug"),
    )
    return False
