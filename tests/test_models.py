"""Records: the seed's data loads, the toolkit's rules hold, bad records name every field."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import ptk_docs
import ptk_docs._records._base
from ptk_docs import (
    PartnershipAgreement,
    PartnershipRegister,
    Priority,
    RecordError,
    RegisterStatus,
    load_record,
    save_record,
)
from ptk_docs._records._base import field_specs
from ptk_docs._records.agreement import AGREEMENT_HEADINGS
from ptk_docs._records.business_case import RESOURCE_LINES, BusinessCase


def it_loads_the_seed_register_with_its_figures(examples: Path) -> None:
    register = load_record(examples / "register.json")
    assert isinstance(register, PartnershipRegister)
    assert len(register.listed) == 29
    assert register.counts_by_priority() == {
        Priority.HIGH: 5,
        Priority.MEDIUM: 7,
        Priority.LOW: 9,
        Priority.NA: 8,
    }
    assert register.counts_by_status()[RegisterStatus.REMOVED] == 6
    assert register.counts_by_status()[RegisterStatus.PENDING_REMOVAL] == 2
    assert register.figures()["previously_listed"] == 35
    pending = {e.name for e in register.with_status(RegisterStatus.PENDING_REMOVAL)}
    assert pending == {
        "Supporting People Board (+ sub partnerships)",
        "Derby Carers Partnership Strategy Board",
    }


@pytest.mark.parametrize("kind", ["business-case", "agreement", "report", "register"])
def it_loads_every_example_and_round_trips_it(examples: Path, tmp_path: Path, kind: str) -> None:
    record = load_record(examples / f"{kind}.json", kind=kind)
    for suffix in (".json", ".yaml"):
        saved = save_record(record, tmp_path / f"{kind}{suffix}")
        assert load_record(saved, kind=kind) == record
    assert load_record(examples / f"{kind}.json") == record  # kind guessed from the keys


def it_has_the_nineteen_headings_in_the_seeds_order() -> None:
    assert len(AGREEMENT_HEADINGS) == 19
    assert [h for _, h in AGREEMENT_HEADINGS][:3] == [
        "Purpose",
        "Accountability",
        "Terms of Reference",
    ]
    sections = PartnershipAgreement(partnership_name="X").sections()
    assert [heading for _, heading, _ in sections] == [h for _, h in AGREEMENT_HEADINGS]


def it_keeps_the_twelve_resource_lines() -> None:
    assert [label for _, label in RESOURCE_LINES] == [
        "Finance", "Staff", "Accommodation", "Facilities", "Legal", "IT", "Administration",
        "Training", "Insurance", "Recruitment", "Advice", "Other",
    ]  # fmt: skip
    paths = {spec.path for spec in field_specs(BusinessCase)}
    assert "resources.it.cost" in paths and "authorisation.date" in paths


def it_defaults_the_next_review_to_a_year_after_the_last() -> None:
    agreement = PartnershipAgreement(partnership_name="X", last_review=dt.date(2024, 2, 29))
    assert agreement.next_review == dt.date(2025, 2, 28)


def it_reports_every_problem_with_its_field_path() -> None:
    with pytest.raises(RecordError) as caught:
        ptk_docs._records._base.validate_record(
            PartnershipAgreement,
            {
                "partnership_name": " ",
                "colour": "blue",
                "membership": {"chair": "\x07bell"},
            },
        )
    paths = {path for path, _ in caught.value.problems}
    assert paths == {"partnership_name", "colour", "membership.chair"}
    assert "colour" in str(caught.value)


def it_refuses_negative_money_and_early_signatures() -> None:
    with pytest.raises(RecordError, match=r"resources\.finance\.cost"):
        ptk_docs._records._base.validate_record(
            BusinessCase, {"partnership_name": "X", "resources": {"finance": {"cost": "-1"}}}
        )
    with pytest.raises(RecordError, match="before the date of agreement"):
        ptk_docs._records._base.validate_record(
            PartnershipAgreement,
            {
                "partnership_name": "X",
                "date_of_agreement": "2011-07-08",
                "signatories": [{"organisation": "A", "date_signed": "2011-07-01"}],
            },
        )


def it_refuses_duplicate_names_in_a_register() -> None:
    with pytest.raises(RecordError, match="repeats"):
        ptk_docs._records._base.validate_record(
            PartnershipRegister,
            {"entries": [{"name": "A", "priority": "High"}, {"name": " a ", "priority": "Low"}]},
        )


def it_publishes_a_json_schema_for_every_kind() -> None:
    for kind in ptk_docs.KINDS:
        schema = ptk_docs.json_schema(kind)
        assert schema["type"] == "object"
        assert schema.get("additionalProperties") is False
        json.dumps(schema)


def it_keeps_money_exact(examples: Path) -> None:
    case = load_record(examples / "business-case.json", kind="business-case")
    assert isinstance(case, BusinessCase)
    assert case.resources.it.cost == Decimal("1250.50")
