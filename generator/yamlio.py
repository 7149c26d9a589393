"""Safe YAML loading that rejects duplicate keys and keeps line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .model import Location
from .problems import InputError

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
        construction at archive scale; any other node (numbers, booleans, null, aliases
        of such, unknown tags) goes through PyYAML's constructors. Same values, marks
        and errors either way."""
        built: dict[int, Any] = {}
        building: set[int] = set()
        construct_object = self.construct_object

        def build(node: Node) -> Any:
            kind = type(node)
            tag = node.tag
            if kind is ScalarNode and tag == _STR:
                return node.value
            known = built.get(id(node))
            if known is not None:
                return known
            if id(node) in building:  # an alias inside its own anchor
                raise yaml.constructor.ConstructorError(
                    None, None, "found unconstructable recursive node", node.start_mark
                )
            building.add(id(node))
            if kind is MappingNode and tag == _MAP:
                mapping = Mapping()
                mapping.start = _mark(node)
                marks: dict[str, tuple[int, int]] = {}
                mapping.key_marks = marks
                for key_node, value_node in node.value:
                    key = build(key_node)
                    if not isinstance(key, str):
                        key = str(key)
                    if key in mapping:
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            f"duplicate key '{key}' (first defined on line {marks[key][0]})",
                            key_node.start_mark,
                        )
                    mapping[key] = build(value_node)
                    marks[key] = _mark(key_node)
                value: Any = mapping
            elif kind is SequenceNode and tag == _SEQ:
                children = node.value
                value = Sequence(build(child) for child in children)
                value.start = _mark(node)
                value.item_marks = [_mark(child) for child in children]
            else:
                value = construct_object(node, deep=True)
            built[id(node)] = value
            return value

        try:
            data = build(node)
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
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = exc.problem or str(exc)
        if exc.context and "duplicate key" not in message:
            message = f"{exc.context}: {message}"
        hint = ""
        if "duplicate key" in message:
            hint = "remove one of the two keys; YAML would silently keep only the last"
        elif "mapping values are not allowed" in message:
            hint = "a value containing ': ' must be quoted"
        raise YamlError(Location(path, line, column), f"invalid YAML: {message}", hint) from exc
    return YamlDocument(path, data)


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file."""
    return parse_yaml_bytes(path.read_bytes(), path)


def parse_yaml_bytes(raw: bytes, path: Path) -> YamlDocument:
    """Parse the bytes of a YAML file (UTF-8; any line endings)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(Location(path), f"file is not valid UTF-8 (byte {exc.start})") from exc
    if "\r" in text:  # as text-mode reading would: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return parse_yaml(text, path)
