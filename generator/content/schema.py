"""Validate loaded YAML against the JSON Schemas in `schemas/`, reporting file and line."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache, partial
from typing import Any, cast

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from generator import resources
from generator.content.ids import ID_HINT, whole_string
from generator.content.yamlio import Mapping, Sequence, YamlDocument
from generator.model import Location, Problem
from generator.problems import Problems, brief, did_you_mean

SCHEMA_DIR = resources.SCHEMAS
"""Always the engine's schemas (see resources.py), whatever project is checked."""


def _whole_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """The `pattern` keyword with ECMA-262's `$` (end of text only; see ids.whole_string)."""
    if isinstance(instance, str) and whole_string(pattern).search(instance) is None:
        yield ValidationError(f"{brief(instance)} does not match {pattern!r}")


_Validator: Any = validators.extend(Draft202012Validator, {"pattern": _whole_pattern})  # type: ignore[no-untyped-call]


@cache
def validator(name: str) -> Draft202012Validator:
    """Validator for `schemas/<name>.schema.json`."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    checker: Draft202012Validator = _Validator(_inline_refs(schema, schema.get("$defs", {})))
    return checker


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """Replace local `{"$ref": "#/$defs/x"}` with the definition itself.

    Resolving a `$ref` costs jsonschema a registry look-up on every use, which at
    tens of thousands of facts was most of the validation time; the inlined
    schema accepts and rejects exactly the same documents.
    """
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[len("#/$defs/") :] in defs:
        target = _inline_refs(defs[ref[len("#/$defs/") :]], defs)
        siblings = {k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}
        if not set(siblings) & set(target):
            return {**target, **siblings}
    return {k: (v if k == "$defs" else _inline_refs(v, defs)) for k, v in node.items()}


def validate(document: YamlDocument, name: str) -> tuple[Problem, ...]:
    """Every schema violation in a document, each with its line and a hint."""
    if quick_check(name)(document.data) is True:
        return ()
    problems = Problems()
    errors = sorted(validator(name).iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path)))
    for error in _leaf_errors(errors):
        mark, message, hint = _describe(error, document.data)
        problems.error(document.location(mark), message, hint)
    return problems.items


def _leaf_errors(errors: list[ValidationError]) -> list[ValidationError]:
    """Skip the `if/then` and `anyOf` wrappers in favour of their clearest cause."""
    leaves: list[ValidationError] = []
    for error in errors:
        if error.validator == "anyOf" and error.context:
            best = max(error.context, key=lambda e: len(e.absolute_path))
            leaves.append(best if best.validator != "type" else error)
        else:
            leaves.append(error)
    return leaves


def _describe(error: ValidationError, data: Any) -> tuple[tuple[int, int], str, str]:
    path = list(error.absolute_path)
    where = _where(path)
    container, mark = _locate(data, path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        key = extra[0] if extra else "?"
        if isinstance(error.instance, Mapping) and key in error.instance.key_marks:
            mark = error.instance.mark(key)
        hint = did_you_mean(str(key), allowed, f"allowed keys: {', '.join(allowed)}")
        return mark, f"unknown key {brief(key)}{where}", hint
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        return mark, f"missing required field '{missing}'{where}", _required_hint(missing)
    if error.validator == "enum":
        options = [str(o) for o in cast("list[Any]", error.validator_value)]
        hint = did_you_mean(str(error.instance), options, f"use one of: {', '.join(options)}")
        return mark, f"{brief(error.instance)} is not allowed{where}; expected one of: {', '.join(options)}", hint
    if (
        error.validator == "pattern" and path and path[-1] in ("id", "source", "group", "slug", "topic")
    ) or _is_id_list(path):
        return mark, f"bad id {brief(error.instance)}{where}", ID_HINT
    if error.validator == "pattern":
        return mark, f"{brief(error.instance)} has the wrong form{where}", _pattern_hint(path)
    if error.validator == "minLength" and path and path[-1] == "quote":
        blank = isinstance(error.instance, str) and not error.instance.strip()
        return (
            mark,
            f"{'empty quote' if blank else 'quote too short'}{where}",
            "copy the exact passage of the source that supports the statement",
        )
    if error.validator == "type":
        expected = error.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else str(expected)
        return mark, f"expected {expected_text}{where}, got {_type_name(error.instance)}", ""
    del container
    return mark, f"{brief(error.message)[1:-1]}{where}", ""


def _is_id_list(path: list[Any]) -> bool:
    return (
        len(path) >= 2
        and path[-2] in ("entities", "derived_from", "independent_of", "topics", "also_topics")
        and isinstance(path[-1], int)
    )


def _required_hint(field: str) -> str:
    hints = {
        "published_note": "a null 'published' needs a note saying why the date is unknown",
        "date_precision": "a dated fact needs date_precision: day, month, year or approximate",
        "citations": "every fact rests on at least one quote: citations: [{source: ..., quote: ...}]",
    }
    return hints.get(field, "")


def _pattern_hint(path: list[Any]) -> str:
    last = path[-1] if path else ""
    if last in ("published", "as_of", "updated"):
        return 'write dates as quoted strings: "YYYY-MM-DD"'
    if last == "date":
        return 'write "YYYY-MM-DD", "YYYY-MM" or "YYYY"'
    return ""


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    names = ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"), (int | float, "a number"))
    return next((name for kind, name in names if isinstance(value, kind)), type(value).__name__)


def _where(path: list[Any]) -> str:
    """Readable path of a value, e.g. ` in facts[3].citations[0]`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f" in {text}" if text else ""


def _locate(data: Any, path: list[Any]) -> tuple[Any, tuple[int, int]]:
    """The deepest container on a path and the mark of the value it leads to."""
    node = data
    mark = node.mark() if isinstance(node, (Mapping, Sequence)) else (1, 1)
    for part in path:
        if (isinstance(node, Mapping) and part in node) or (
            isinstance(node, Sequence) and isinstance(part, int) and part < len(node)
        ):
            mark = node.mark(part)
            node = node[part]
        else:
            break
    if isinstance(node, (Mapping, Sequence)) and not path:
        mark = node.mark()
    return node, mark


def location_of(document: YamlDocument, *path: Any) -> Location:
    """Location of the value at a path of keys and indexes."""
    return document.location(_locate(document.data, list(path))[1])


# A quick, exact pre-check for the keywords our schemas use. jsonschema costs about
# 3 ms per fact sheet entry at archive scale; this decides the common case (a valid
# document) in a fraction of that. It answers True (valid), False (invalid) or None
# (not sure); only True is trusted, everything else goes through jsonschema, which
# also writes the messages. So the accepted and rejected documents are unchanged.

_Check = Callable[[Any], bool | None]
_ANNOTATIONS = {"$id", "$schema", "$defs", "title", "description"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


@cache
def quick_check(name: str) -> _Check:
    """The quick check for `schemas/<name>.schema.json` (always None if the schema uses other keywords)."""
    compiled = _compile(validator(name).schema)
    return compiled if compiled is not None else (lambda _value: None)


def _all(checks: list[_Check]) -> _Check:
    if len(checks) == 1:
        return checks[0]
    return partial(_all_of, tuple(checks))


def _all_of(checks: tuple[_Check, ...], value: Any) -> bool | None:
    """Three-valued AND of every check of one value: False if any is False, else None if any is
    unsure, else True (stopping at the first False: the checks have no effects)."""
    result: bool | None = True
    for one in checks:
        found = one(value)
        if found is False:
            return False
        if found is None:
            result = None
    return result


def _compile(schema: Any) -> _Check | None:  # noqa: PLR0912
    if schema is True:
        return lambda _value: True
    if not isinstance(schema, dict):
        return None
    checks: list[_Check] = []
    for key, arg in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key == "type":
            names = [arg] if isinstance(arg, str) else arg
            if not all(n in _TYPES for n in names):
                return None
            tests = [_TYPES[n] for n in names]
            checks.append(tests[0] if len(tests) == 1 else partial(_check_type, tests))
        elif key == "enum":
            if not all(isinstance(e, str) for e in arg):
                return None
            options = frozenset(arg)
            checks.append(partial(_check_enum, options))
        elif key == "pattern":
            checks.append(partial(_check_pattern, whole_string(arg)))
        elif key == "minLength":
            checks.append(partial(_check_min_length, int(arg)))
        elif key == "minItems":
            checks.append(partial(_check_min_items, int(arg)))
        elif key == "uniqueItems":
            if arg:
                checks.append(_unique)
        elif key == "required":
            checks.append(partial(_check_required, tuple(arg)))
        elif key == "items":
            item = _compile(arg)
            if item is None:
                return None
            checks.append(partial(_each, item))
        elif key == "properties":
            props = {k: _compile(sub) for k, sub in arg.items()}
            if any(c is None for c in props.values()):
                return None
            checks.append(partial(_properties, tuple((k, c) for k, c in props.items() if c is not None)))
        elif key == "additionalProperties":
            if arg is not False:
                return None
            known = frozenset(schema.get("properties", {}))
            checks.append(partial(_check_known, known))
        elif key == "anyOf":
            options_ = [_compile(sub) for sub in arg]
            if any(c is None for c in options_):
                return None
            checks.append(partial(_any, options_))
        elif key == "if":
            condition, then = _compile(arg), _compile(schema.get("then", True))
            if condition is None or then is None:
                return None
            checks.append(partial(_if_then, condition, then))
        elif key == "then":
            continue  # handled with "if"
        else:
            return None
    return _all(checks)


def _unique(value: Any) -> bool | None:
    if not isinstance(value, list):
        return True
    if not all(isinstance(item, str) for item in value):
        return None
    return len(set(value)) == len(value)


def _each(item: _Check, value: Any) -> bool | None:
    if not isinstance(value, list):
        return True
    result: bool | None = True
    for x in value:
        found = item(x)
        if found is False:
            return False
        if found is None:
            result = None
    return result


def _properties(props: tuple[tuple[str, _Check], ...], value: Any) -> bool | None:
    if not isinstance(value, dict):
        return True
    result: bool | None = True
    for key, check in props:
        if key in value:
            found = check(value[key])
            if found is False:
                return False
            if found is None:
                result = None
    return result


def _any(options: list[_Check | None], value: Any) -> bool | None:
    results = [c(value) for c in options if c is not None]
    if any(r is True for r in results):
        return True
    return False if all(r is False for r in results) else None


def _if_then(condition: _Check, then: _Check, value: Any) -> bool | None:
    matched = condition(value)
    if matched is False:
        return True
    result = then(value)
    if matched is True or result is True:
        return result
    return None


def _check_type(tests: list[Callable[[Any], bool]], value: Any) -> bool | None:
    return any(test(value) for test in tests)


def _check_enum(options: frozenset[str], value: Any) -> bool | None:
    return (value in options) if isinstance(value, str) else None


def _check_pattern(pattern: re.Pattern[str], value: Any) -> bool | None:
    return pattern.search(value) is not None if isinstance(value, str) else True


def _check_min_length(n: int, value: Any) -> bool | None:
    return len(value) >= n if isinstance(value, str) else True


def _check_min_items(n: int, value: Any) -> bool | None:
    return len(value) >= n if isinstance(value, list) else True


def _check_required(keys: tuple[str, ...], value: Any) -> bool | None:
    return all(k in value for k in keys) if isinstance(value, dict) else True


def _check_known(known: frozenset[str], value: Any) -> bool | None:
    return all(k in known for k in value) if isinstance(value, dict) else True
