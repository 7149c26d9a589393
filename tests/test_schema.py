"""The quick pre-check in schema.py never accepts what the JSON Schema rejects."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest

from generator.content.schema import quick_check, validator
from generator.content.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = {
    "facts": sorted((ROOT / "content" / "facts").glob("*.yaml")),
    "source": sorted((ROOT / "content" / "sources").glob("*.yaml")),
    "entities": [ROOT / "content" / "entities.yaml"],
}
ODD_VALUES: list[Any] = [
    None,
    "",
    "Bad Id",
    "2023-13-45",
    -1,
    1.5,
    True,
    [],
    {},
    ["x"],
    {"k": "v"},
    "reported",
    "x" * 3,
]


def _plain(value: Any) -> Any:
    """The loaded YAML as plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _containers(value: Any, found: list[Any]) -> list[Any]:
    if isinstance(value, (dict, list)):
        found.append(value)
        for child in value.values() if isinstance(value, dict) else value:
            _containers(child, found)
    return found


def _mutate(document: Any, rng: random.Random) -> Any:
    """A copy of the document with one random key dropped, added or set to an odd value."""
    mutated = copy.deepcopy(document)
    target = rng.choice(_containers(mutated, []))
    if isinstance(target, dict):
        action = rng.choice(("drop", "set", "add"))
        if action == "add" or not target:
            target[rng.choice(("extra", "ids", "Quote"))] = rng.choice(ODD_VALUES)
        elif action == "drop":
            del target[rng.choice(sorted(target))]
        else:
            target[rng.choice(sorted(target))] = rng.choice(ODD_VALUES)
    elif target:
        target[rng.randrange(len(target))] = rng.choice(ODD_VALUES)
    else:
        target.append(rng.choice(ODD_VALUES))
    return mutated


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_quick_check_accepts_the_real_documents(name: str) -> None:
    for path in DOCUMENTS[name]:
        assert quick_check(name)(_plain(load_yaml(path).data)) is True, path


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_quick_check_never_accepts_an_invalid_document(name: str) -> None:
    rng = random.Random(20261122)
    schema = validator(name)
    documents = [_plain(load_yaml(path).data) for path in DOCUMENTS[name]]
    if name in ("facts", "entities"):  # one item per document: the same checks, far cheaper copies
        documents = [{name: [item]} for document in documents for item in document[name]]
    rejected = 0
    for _ in range(1500):
        mutated = _mutate(rng.choice(documents), rng)
        if not schema.is_valid(mutated):
            rejected += 1
            assert quick_check(name)(mutated) is not True, mutated
    assert rejected > 300  # the mutations really do produce invalid documents
