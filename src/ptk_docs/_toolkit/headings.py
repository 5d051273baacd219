"""Recognising the toolkit's headings and labels in the words councils actually use."""

from __future__ import annotations

import re
from functools import lru_cache

from ptk_docs._records.agreement import AGREEMENT_HEADINGS

_NUMBER = re.compile(
    r"^\s*(?:(?:section|part|clause|article|schedule)\s+)?"
    r"(?:\d{1,2}(?:\.\d{1,2})*|[ivxlc]{1,6}|[a-z])[.):]?\s+(?=\S)",
    re.I,
)

_NOT_WORD = re.compile(r"[^\w\s]+")


@lru_cache(maxsize=8192)
def normalise(text: str, *, drop_number: bool = True) -> str:
    """Case, punctuation, "&" and a leading section number ignored: "2.0 Roles & Resp." -> words."""
    text = text.replace("&", " and ").replace("’", "'")
    if drop_number:
        match = _NUMBER.match(text)
        # "a" or "i" alone is a word, not a number, unless punctuation follows it.
        if match and not (len(match.group().strip()) == 1 and match.group().strip().isalpha()):
            text = text[match.end() :]
    text = _NOT_WORD.sub(" ", text.casefold())
    return " ".join(text.split())


#: Common ways councils title each toolkit heading (normalised), besides the seed's own words.
HEADING_VARIANTS: dict[str, tuple[str, ...]] = {
    "purpose": (
        "purpose of the partnership", "purpose and aims", "aims and objectives", "aims",
        "objectives", "vision", "our vision", "vision and aims", "aim", "purpose and scope",
        "purpose of the group", "purpose of the board", "introduction and purpose",
        "background and purpose", "mission", "strategic aims",
    ),
    "accountability": (
        "accountability and reporting", "governance and accountability", "reporting arrangements",
        "accountable body", "reporting", "governance", "lines of accountability",
    ),
    "terms_of_reference": (
        "terms of reference", "remit", "scope", "functions", "duties", "role of the partnership",
        "role of the board", "role of the group", "key functions", "remit and functions",
    ),
    "roles_and_responsibilities": (
        "roles and responsibilities", "responsibilities", "roles", "partner responsibilities",
        "responsibilities of partners", "responsibilities of members", "role of members",
        "partner roles", "roles of partners", "partners roles and responsibilities",
    ),
    "membership": (
        "members", "composition", "membership and attendance", "board membership",
        "steering group", "membership of the partnership", "attendance", "representation",
    ),
    "information": (
        "information sharing", "sharing information", "communication", "communications",
        "information and communication",
    ),
    "code_of_conduct": (
        "conduct", "declarations of interest", "declaration of interests", "conflicts of interest",
        "conflict of interest", "standards of conduct", "code of conduct and declarations of interest",
        "standards", "behaviour",
    ),
    "conflict_and_complaints_resolution": (
        "resolving conflicts and complaints", "dispute resolution", "disputes", "complaints",
        "conflict resolution", "resolution of disputes", "complaints procedure",
        "disputes and complaints", "complaints and disputes", "conflict and complaints",
        "resolving disputes", "conflicts and complaints",
    ),
    "equalities": (
        "equality", "equality and diversity", "equal opportunities", "diversity",
        "equality diversity and inclusion", "equality and inclusion",
    ),
    "scheme_of_delegation": (
        "delegation", "delegated authority", "delegated responsibility", "delegated powers",
        "decision making", "decision making arrangements", "delegations",
    ),
    "meetings": (
        "meeting arrangements", "frequency of meetings", "quorum", "voting", "chairing",
        "frequency of meetings and quorum", "meetings and quorum", "conduct of meetings",
        "meeting", "voting arrangements", "chair", "chair and vice chair",
    ),
    "risk_management": (
        "risk", "risks", "managing risk", "risk management appendix 9", "risk assessment",
    ),
    "performance_and_monitoring": (
        "performance monitoring", "performance management", "monitoring and evaluation",
        "monitoring", "performance", "review and evaluation", "evaluation",
        "performance management and monitoring", "monitoring and review",
    ),
    "financial_protocols": (
        "finance", "financial arrangements", "funding", "budget", "financial matters", "finances",
        "financial management", "financial procedures", "accounts", "expenses",
    ),
    "resources": ("resourcing", "procurement", "insurance", "resources and funding", "staffing"),
    "data_sharing": (
        "data protection", "freedom of information", "information governance", "data management",
        "confidentiality", "gdpr", "data protection and confidentiality",
        "data protection and freedom of information",
    ),
    "business_continuity_plans": (
        "business continuity", "continuity planning", "continuity", "business continuity plan",
        "business continuity planning",
    ),
    "legalities": (
        "legal", "legal status", "legal issues", "legal arrangements", "fraud", "liability",
        "indemnity", "legal framework", "legal basis",
    ),
    "exit_strategies": (
        "exit strategy", "exit", "termination", "dissolution", "ending the partnership",
        "withdrawal", "exit arrangements", "termination and exit", "withdrawal from the partnership",
        "exit and termination", "termination of the agreement", "winding up",
    ),
}  # fmt: skip


_EXACT: dict[str, str] = {}

for _name, _heading in AGREEMENT_HEADINGS:
    _EXACT[normalise(_heading)] = _name

for _name, _variants in HEADING_VARIANTS.items():
    for _variant in _variants:
        _EXACT.setdefault(normalise(_variant), _name)

_EXACT["risk management appendix 9"] = "risk_management"

# Longest first: "Steering group terms of reference" is about the terms of reference. Each
# variant's place in that order: the first of those inside a heading wins.
_CONTAINED = {
    variant: rank
    for rank, variant in enumerate(sorted(_EXACT, key=len, reverse=True))
    if len(variant) >= 4
}

_LONGEST_VARIANT = max(len(v.split()) for v in _CONTAINED)


def toolkit_heading(text: str) -> str | None:
    """The agreement field name (``exit_strategies``) a heading stands for, or None."""
    key = normalise(text)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    words = key.split()
    if len(words) > 9:
        return None
    # Every run of whole words in the heading that is a variant; the longest wins.
    found = [
        phrase
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + _LONGEST_VARIANT) + 1)
        if (phrase := " ".join(words[start:end])) in _CONTAINED
    ]
    return _EXACT[min(found, key=_CONTAINED.__getitem__)] if found else None


SIGNATURE_HEADINGS = {
    "signatures", "signatories", "signed", "signed on behalf of", "signing", "agreement",
    "agreement signatures", "signed by", "signatures of partners", "sign off", "approval",
}  # fmt: skip

PARTNER_HEADINGS = {
    "parties", "partners", "parties to this agreement", "parties to the agreement",
    "the parties", "partner organisations", "partner agencies", "the partners",
}  # fmt: skip
