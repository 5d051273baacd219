"""Instances of a JSON Schema as a hypothesis strategy, for the keywords ptk's schemas use.

hypothesis-jsonschema 0.23.1 (the latest) fails on this Hypothesis ('many' object has no
attribute 'more'), so the tests build instances with this small walker instead: $ref into
$defs, anyOf, enum, objects (properties, required, additionalProperties), arrays, strings with
a pattern or format "date" or "date-time", integers with bounds, booleans and null.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

_SMALL = {"max_size": 3}


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Instances of ``schema`` (a whole schema, with its ``$defs``)."""
    return _strategy(schema, schema.get("$defs", {}))


def _strategy(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        return st.deferred(lambda: _strategy(defs[name], defs))
    if "anyOf" in node:
        return st.one_of([_strategy(option, defs) for option in node["anyOf"]])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        return _object(node, defs)
    if kind == "array":
        return st.lists(_strategy(node.get("items", {}), defs), **_SMALL)
    if kind == "string":
        if node.get("format") == "date":
            return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
        if node.get("format") == "date-time":
            return st.datetimes(
                dt.datetime(1990, 1, 1), dt.datetime(2100, 12, 31), timezones=st.just(dt.UTC)
            ).map(dt.datetime.isoformat)
        if "pattern" in node:
            return st.from_regex(node["pattern"])
        return st.text(**_SMALL)
    if kind == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    raise AssertionError(f"a schema keyword the walker does not know: {node}")


def _object(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = node.get("properties", {})
    if not properties:
        values = node.get("additionalProperties", {})
        return st.dictionaries(st.text(max_size=10), _strategy(values, defs), **_SMALL)
    required = set(node.get("required", ()))
    return st.fixed_dictionaries(
        {name: _strategy(properties[name], defs) for name in properties if name in required},
        optional={
            name: _strategy(properties[name], defs) for name in properties if name not in required
        },
    )
