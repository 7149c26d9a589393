"""Load and validate the entity registry."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.content.schema import validate
from generator.content.siteconfig import check_slug
from generator.content.yamlio import YamlError, load_yaml
from generator.model import Entity
from generator.problems import Problems


class PartialEntities(dict[str, Entity]):
    """What loaded of an entities.yaml that has errors: ids missing from it are not reported again."""


def load_entities(path: Path, problems: Problems, kinds: Sequence[str] | None = None) -> dict[str, Entity]:
    """Read `content/entities.yaml`; ids and spellings must be unique, kinds those site.yaml lists."""
    if not path.is_file() or path.is_symlink():  # a link is reported by the inventory, never read
        return {}
    try:
        document = load_yaml(path)
    except YamlError as exc:
        problems.error(exc.location, exc.message, exc.hint)
        return PartialEntities()
    found = validate(document, "entities")
    problems.extend(found)
    if found:
        return PartialEntities()
    entities: dict[str, Entity] = {}
    spellings: dict[str, str] = {}
    items = document.data["entities"]
    for index, item in enumerate(items):
        location = document.location(items.mark(index))
        if item["id"] in entities:
            first = entities[item["id"]].location.line
            problems.error(
                location, f"duplicate entity id '{item['id']}' (first defined on line {first})", "ids must be unique"
            )
            continue
        if not check_slug(item["kind"], kinds, document.location(item.mark("kind")), "entity kind", problems):
            continue
        entity = Entity(item["id"], item["name"], item["kind"], item["role"], tuple(item.get("aliases", ())), location)
        for name in entity.names:
            owner = spellings.setdefault(name.casefold(), entity.id)
            if owner != entity.id:
                problems.error(
                    location,
                    f"name '{name}' of entity '{entity.id}' is already used by '{owner}'",
                    "a spelling may belong to one entity only",
                )
        entities[entity.id] = entity
    return entities
