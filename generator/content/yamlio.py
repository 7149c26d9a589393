"""Safe YAML loading that rejects duplicate keys and keeps line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.model import Location
from generator.problems import InputError, brief

YamlError = InputError
"""A YAML file that cannot be read (the one located-error type, see problems.py)."""


class Mapping(dict[str, Any]):
    """A YAML mapping that remembers where each key and the mapping start."""

    start: tuple[int, int] = (0, 0)
    key_marks: dict[str, tuple[int, int]]

    def mark(self, key: str | None = None) -> tuple[int, int]:
        """1-based (line, column) of a key, or of the mapping itself."""
        if key is not None and key in self.key_marks:
            return self.key_marks[key]
        return self.start


class Sequence(list[Any]):
    """A YAML sequence that remembers where each item starts."""

    start: tuple[int, int] = (0, 0)
    item_marks: list[tuple[int, int]]

    def mark(self, index: int | None = None) -> tuple[int, int]:
        """1-based (line, column) of an item, or of the sequence itself."""
        if index is not None and 0 <= index < len(self.item_marks):
            return self.item_marks[index]
        return self.start


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = frozenset({_STR, *(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null"))})
"""The scalar types content may hold; any other tag (`!!set`, `!!binary`, `!!python/...`) is refused."""

MAX_YAML_BYTES = 10_000_000
"""Largest YAML file read (a fact sheet of 500 facts is about 300 kB)."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists (our schemas need six levels)."""
MAX_ALIAS_VALUES = 100_000
"""Most values that aliases (`*name`) may add to a file beyond what it spells out: an
"alias bomb" of a few lines would otherwise expand to billions of values."""


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about 5x faster at archive scale); same nodes, marks and constructors."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader with string dates, no duplicate keys and position-aware containers."""

    constructed_objects: dict[Any, Any]
    recursive_objects: dict[Any, Any]
    state_generators: list[Any]
    deep_construct: bool

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        # An anchor (`&name`) is spelt with "&": a text without one has no aliases, so no node is met twice.
        self.anchors_possible = not isinstance(stream, str | bytes) or (
            "&" in stream if isinstance(stream, str) else b"&" in stream
        )

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node that has none, as PyYAML's resolver gives it (libyaml asks for every
        scalar): the same resolvers tried in the same order, without building their list each time."""
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return str(super().resolve(kind, value, implicit))

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> Mapping:
        result = Mapping()
        result.start = _mark(node)
        result.key_marks = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first = result.key_marks[key][0]
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first defined on line {first})",
                    key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_marks[key] = _mark(key_node)
        return result

    def construct_sequence(self, node: Node, deep: bool = False) -> Sequence:
        result = Sequence(self.construct_object(child, deep=True) for child in node.value)
        result.start = _mark(node)
        result.item_marks = [_mark(child) for child in node.value]
        return result

    def construct_document(self, node: Node) -> Any:
        """The document's value, built by a direct walk over the usual nodes (plain
        strings, maps, sequences), which is several times faster than PyYAML's generic
        construction at archive scale; other plain scalars (numbers, booleans, null) go
        through PyYAML's constructors. Same values, marks and errors either way; the walk
        also enforces MAX_DEPTH, MAX_ALIAS_VALUES and the allowed tags."""
        try:
            builder = _Builder if self.anchors_possible else _TreeBuilder
            data = builder(self.construct_object).build(node, 1, node.start_mark)
            while self.state_generators:
                generators, self.state_generators = self.state_generators, []
                for generator in generators:
                    for _ in generator:
                        pass
            return data
        finally:
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.deep_construct = False


class _Builder:
    """One document's walk from nodes to values (see construct_document)."""

    def __init__(self, construct_object: Any) -> None:
        self.construct_object = construct_object
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        """Values under a node (itself included) once aliases are expanded; text counts 1."""
        self.building: set[int] = set()
        self.added = 0
        """Values added by aliases so far."""

    def build(self, node: Node, depth: int, at: Any) -> Any:
        """The value of a node; `at` is the mark to report an alias at (its key or list)."""
        kind = type(node)
        tag = node.tag
        if kind is ScalarNode and tag == _STR:
            return node.value
        known = self.built.get(id(node))
        if known is not None:  # an alias: it stands for a copy of everything under its anchor
            self.added += self.sizes[id(node)]
            if self.added > MAX_ALIAS_VALUES:
                raise _refused(f"aliases expand to more than {MAX_ALIAS_VALUES:,} values", at)
            return known
        if id(node) in self.building:  # an alias inside its own anchor
            raise _refused("found unconstructable recursive node", at)
        if depth > MAX_DEPTH:
            raise _refused(f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
        self.building.add(id(node))
        if kind is MappingNode and tag == _MAP:
            value: Any = self._mapping(node, depth)
        elif kind is SequenceNode and tag == _SEQ:
            value = self._sequence(node, depth)
        elif kind is ScalarNode and tag in _PLAIN_TAGS:
            value = self.construct_object(node, deep=True)
            self.sizes[id(node)] = 1
        else:
            shown = brief(tag.replace("tag:yaml.org,2002:", "!!"))
            raise _refused(f"the YAML tag {shown} is not allowed in content", node.start_mark)
        self.built[id(node)] = value
        return value

    def _mapping(self, node: Node, depth: int) -> Mapping:
        mapping = Mapping()
        mapping.start = _mark(node)
        marks: dict[str, tuple[int, int]] = {}
        mapping.key_marks = marks
        size = 1
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _refused("a mapping key must be plain text, not a list or mapping", key_node.start_mark)
            key = self.build(key_node, depth + 1, key_node.start_mark)
            if not isinstance(key, str):
                key = str(key)
            if key in mapping:
                raise _refused(
                    f"duplicate key {brief(key)} (first defined on line {marks[key][0]})", key_node.start_mark
                )
            mapping[key] = self.build(value_node, depth + 1, key_node.start_mark)
            marks[key] = _mark(key_node)
            size += 1 + self.sizes.get(id(value_node), 1)
        self.sizes[id(node)] = size
        return mapping

    def _sequence(self, node: Node, depth: int) -> Sequence:
        children = node.value
        value = Sequence(self.build(child, depth + 1, node.start_mark) for child in children)
        value.start = _mark(node)
        value.item_marks = [_mark(child) for child in children]
        self.sizes[id(node)] = 1 + sum(self.sizes.get(id(child), 1) for child in children)
        return value


class _TreeBuilder(_Builder):
    """The walk for a document without anchors: every node is met once, so there is nothing to
    remember (what was built, sizes for aliases, recursion); same values, marks and errors."""

    def build(self, node: Node, depth: int, at: Any) -> Any:
        """The value of a node (`at` is unused: there are no aliases to report)."""
        kind = type(node)
        tag = node.tag
        if kind is ScalarNode and tag == _STR:
            return node.value
        if depth > MAX_DEPTH:
            raise _refused(f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
        if kind is MappingNode and tag == _MAP:
            return self._mapping(node, depth)
        if kind is SequenceNode and tag == _SEQ:
            return self._sequence(node, depth)
        if kind is ScalarNode and tag in _PLAIN_TAGS:
            return self.construct_object(node, deep=True)
        shown = brief(tag.replace("tag:yaml.org,2002:", "!!"))
        raise _refused(f"the YAML tag {shown} is not allowed in content", node.start_mark)

    def _mapping(self, node: Node, depth: int) -> Mapping:
        mapping = Mapping()
        start = node.start_mark
        mapping.start = (start.line + 1, start.column + 1)
        marks: dict[str, tuple[int, int]] = {}
        mapping.key_marks = marks
        build = self.build
        deeper = depth + 1
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _refused("a mapping key must be plain text, not a list or mapping", key_node.start_mark)
            key_mark = key_node.start_mark
            key = build(key_node, deeper, key_mark)
            if not isinstance(key, str):
                key = str(key)
            if key in mapping:
                raise _refused(f"duplicate key {brief(key)} (first defined on line {marks[key][0]})", key_mark)
            mapping[key] = build(value_node, deeper, key_mark)
            marks[key] = (key_mark.line + 1, key_mark.column + 1)
        return mapping

    def _sequence(self, node: Node, depth: int) -> Sequence:
        children = node.value
        build = self.build
        deeper = depth + 1
        at = node.start_mark
        value = Sequence([build(child, deeper, at) for child in children])
        value.start = (at.line + 1, at.column + 1)
        value.item_marks = [(mark.line + 1, mark.column + 1) for mark in (child.start_mark for child in children)]
        return value


def _refused(message: str, mark: Any) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, mark)


def _construct_yaml_map(loader: _Loader, node: MappingNode) -> Mapping:
    return loader.construct_mapping(node)


def _construct_yaml_seq(loader: _Loader, node: Node) -> Sequence:
    return loader.construct_sequence(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_yaml_seq)
# Dates stay strings: the schema checks their form, and "2023-09" must not differ in type from "2023-09-12".
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WILDCARD: tuple[tuple[str, Any], ...] = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_RESOLVERS: dict[str, tuple[tuple[str, Any], ...]] = {
    first: (*resolvers, *_WILDCARD) for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None
}
"""The implicit resolvers by a plain scalar's first character ("" for an empty scalar), wildcards last."""
assert not _Loader.yaml_path_resolvers  # `_Loader.resolve` leaves them out


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A loaded YAML file."""

    path: Path
    data: Any

    def location(self, mark: tuple[int, int]) -> Location:
        """Location of a (line, column) mark in this file."""
        return Location(self.path, mark[0], mark[1])


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse YAML text, raising YamlError with the line of the first problem."""
    if len(text) > MAX_YAML_BYTES:
        raise _too_large(path, len(text.encode("utf-8")))
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = exc.problem or str(exc)
        if exc.context and "duplicate key" not in message:
            message = f"{exc.context}: {message}"
        raise YamlError(Location(path, line, column), f"invalid YAML: {message}", _hint(message)) from exc
    except yaml.YAMLError as exc:  # the reader's errors (e.g. a control character) carry no mark
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 0
        raise YamlError(Location(path, line), f"invalid YAML: {_first_line(exc)}") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise YamlError(Location(path), f"invalid YAML: {_first_line(exc)}", "write long numbers as text") from exc
    return YamlDocument(path, data)


def _first_line(exc: Exception) -> str:
    line = str(exc).split("\n", 1)[0]
    return line if len(line) <= 200 else f"{line[:200]}..."


def _hint(message: str) -> str:
    if "duplicate key" in message:
        return "remove one of the two keys; YAML would silently keep only the last"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    if "aliases expand" in message:
        return "write the values out instead of repeating them with aliases (*name)"
    if "nested more than" in message:
        return "content files need only a few levels of nesting"
    return ""


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file (never one larger than MAX_YAML_BYTES)."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise _too_large(path, size)
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Location(path), f"cannot read the file: {exc.strerror}") from exc
    return parse_yaml_bytes(raw, path)


def _too_large(path: Path, size: int) -> YamlError:
    return YamlError(
        Location(path),
        f"file is {size:,} bytes, more than the limit of {MAX_YAML_BYTES:,}",
        "split it into several files (fact sheets may be split by topic or year)",
    )


def parse_yaml_bytes(raw: bytes, path: Path) -> YamlDocument:
    """Parse the bytes of a YAML file (UTF-8; any line endings)."""
    if len(raw) > MAX_YAML_BYTES:
        raise _too_large(path, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(Location(path), f"file is not valid UTF-8 (byte {exc.start})") from exc
    if "\r" in text:  # as text-mode reading would: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return parse_yaml(text, path)
