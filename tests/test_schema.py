"""The published JSON Schemas: current, draft 2020-12, and as strict as the models."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import ptk_docs
from ptk_docs import KINDS, model_for_kind
from schema_strategy import from_schema

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "derby-2011"
EXAMPLE_FILES = {
    "agreement": "agreement.json",
    "business-case": "business-case.json",
    "report": "report.json",
    "register": "register.json",
}


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = ptk_docs.json_schema(kind)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


VALIDATORS = {kind: _validator(kind) for kind in KINDS}


def schema_accepts(kind: str, instance: Any) -> bool:
    return VALIDATORS[kind].is_valid(instance)


def model_errors(kind: str, instance: Any) -> list[dict[str, Any]]:
    try:
        model_for_kind(kind).model_validate(copy.deepcopy(instance))
    except ValidationError as error:
        return [dict(e) for e in error.errors()]
    return []


def model_accepts(kind: str, instance: Any) -> bool:
    return not model_errors(kind, instance)


def assert_agree(kind: str, instance: Any, shown: Any) -> None:
    """The schema and the model accept and refuse ``instance`` alike, but for rules across
    fields (unique names, consecutive appendix numbers, a review after the last one): those
    only the model checks, and it raises them on the record holding the fields, as a
    value_error, never on a value's own place."""
    errors = model_errors(kind, instance)
    if not schema_accepts(kind, instance):
        assert errors, shown
        return
    leaves = {tuple(path) for path in _leaves(instance)}
    assert all(e["type"] == "value_error" and tuple(e["loc"]) not in leaves for e in errors), (
        shown,
        errors,
    )


@pytest.mark.parametrize("kind", list(KINDS))
def it_publishes_each_schema_as_the_script_makes_it(kind: str) -> None:
    published = ROOT / "docs" / "schema" / f"{kind}.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == ptk_docs.json_schema(kind), (
        "run python scripts/build_schemas.py"
    )


@pytest.mark.parametrize("kind", list(KINDS))
def it_names_its_dialect_and_id_with_no_council_default(kind: str) -> None:
    schema = ptk_docs.json_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:ptk-docs:schema:{kind}:1"
    assert "Derby" not in json.dumps(schema)
    council = schema["properties"].get("council")
    assert council is None or council.get("default", "") == ""


@pytest.mark.parametrize("kind", list(KINDS))
def it_accepts_the_example_records(kind: str) -> None:
    example = json.loads((EXAMPLES / EXAMPLE_FILES[kind]).read_text(encoding="utf-8"))
    assert schema_accepts(kind, example) and model_accepts(kind, example)


def it_refuses_what_the_model_refuses_that_it_used_to_pass() -> None:
    register = {"entries": [{"name": "Road Safety", "priority": "High", "council_funding": "lots"}]}
    assert not schema_accepts("register", register)
    assert not model_accepts("register", register)
    blank = {"entries": [{"name": "  ", "priority": "High"}]}
    assert not schema_accepts("register", blank) and not model_accepts("register", blank)


# Values tried in place of each leaf of an example record: each is accepted by both or by
# neither. Pydantic's lax coercions ("yes" or 1 for a boolean, a number for a date) are not
# tried: the schema refuses them and the model accepts them (see the README).
TRIALS = [
    "",
    "   ",
    'Anytown & <District> "Partnership"',
    "line one\nline two",
    "bell\x07",
    "\ufffe",
    "lots",
    "12500",
    "1250.50",
    "12.345",
    "-1",
    "0.5",
    "1e3",
    "012",
    "2011-07-08",
    "2011-13-45",
    "High",
    "Urgent",
    "N/A",
    "active",
    12500,
    -1,
    10**12,
    999999999999,
    12.5,
    True,
    False,
    None,
    [],
    {},
    ["item"],
]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _leaves(item, (*path, index))]
    return [path]


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    copied = copy.deepcopy(value)
    target = copied
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copied


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def it_agrees_with_the_model_on_examples_made_from_the_models(kind: str, data: Any) -> None:
    example = json.loads((EXAMPLES / EXAMPLE_FILES[kind]).read_text(encoding="utf-8"))
    path = data.draw(st.sampled_from(_leaves(example)), label="path")
    new = data.draw(st.sampled_from(TRIALS), label="value")
    instance = _replaced(example, path, new)
    assert_agree(kind, instance, (path, new))


@pytest.mark.parametrize("kind", list(KINDS))
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def it_accepts_in_the_model_every_instance_made_from_the_schema(kind: str, data: Any) -> None:
    instance = data.draw(from_schema(ptk_docs.json_schema(kind)), label="instance")
    assert schema_accepts(kind, instance)
    assert_agree(kind, instance, instance)
