"""The curated vocabulary that tells which toolkit heading a passage of text speaks to.

For each of the 19 agreement headings: the seed's questions under it (the checklist, taken from
the record models so the two cannot drift), the section titles that suggest it, and the
governance terms that show a passage actually covers it, grouped by the question they answer.

Weights, chosen by what a careful reader would accept as evidence:

- 3: decisive wording, the heading's own subject ("quorum", "indemnify", "exit strategy").
- 2: good evidence that usually needs one other term to be sure ("complaints", "budget").
- 1 or less: supporting words, common in other contexts ("meeting", "statutory", "notice").

``ignore`` patterns are removed from a passage before that heading's terms are looked for: a
"conflict of interest" is a matter of conduct, not of conflict resolution; a "risk of harm" to
victims is not the partnership's risk management. Patterns are regular expressions matched
case-insensitively (``(?-i:...)`` for acronyms); plain groups are made non-capturing when
compiled, so write them naturally.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from ptk_docs._records.agreement import AGREEMENT_HEADINGS, PartnershipAgreement


@dataclass(frozen=True)
class Term:
    """A governance term: what it is called in the evidence, its pattern and its weight."""

    label: str
    pattern: str
    weight: float
    #: The field of the heading's section whose question this term answers ("" for general).
    answers: str = ""


@dataclass(frozen=True)
class HeadingVocabulary:
    """What shows that a document addresses one toolkit heading."""

    field: str
    heading: str
    #: Patterns for a document's own section titles that suggest this heading.
    titles: tuple[str, ...]
    terms: tuple[Term, ...]
    ignore: tuple[str, ...] = ()
    #: Patterns for what the whole document calls itself (its title, "these terms of reference")
    #: that suggest this heading for every section of it.
    document_titles: tuple[str, ...] = ()

    @property
    def questions(self) -> dict[str, str]:
        """The seed's questions under this heading: field name -> question."""
        model = PartnershipAgreement.model_fields[self.field].annotation
        fields = getattr(model, "model_fields", {})
        return {name: info.description or name for name, info in fields.items()}


def T(label: str, pattern: str, weight: float, answers: str = "") -> Term:
    return Term(label, pattern, weight, answers)


# Small building blocks shared by several headings.
_BODY = r"(partnership|board|committee|group|steering group|forum|panel|executive|sub-?group|network|trust|alliance)"

_PARTY = r"(partners?|members?|organisations?|agenc(y|ies)|part(y|ies)|signator(y|ies)|councils?|bodies|body)"

_FREQUENCY = (
    r"(quarterly|monthly|bi-?monthly|annually|yearly|weekly|fortnightly|six-?weekly|bi-?annually|"
    r"(once|twice|three times|four times|\w+ times) (a|per|each|every) (year|annum|quarter|month)|"
    r"every (\w+ )?(weeks?|months?))"
)


# One line per term, so that the vocabulary reads as a table.
# fmt: off
_VOCABULARY: dict[str, tuple[tuple[str, ...], tuple[Term, ...], tuple[str, ...]]] = {
    "purpose": (
        (r"purpose", r"\baims?\b", r"objectives?", r"vision", r"mission", r"introduction", r"background", r"why we"),
        (
            T("purpose of the partnership", rf"\bpurposes? of (this|the|our) (information sharing )?(agreement|{_BODY}|protocol|document|arrangements?|sharing)", 3, "aims_and_objectives"),
            T("aims and objectives", r"\baims and objectives\b|\b(our|its|the|key|main|overall|shared|strategic|primary) (aims?|objectives?)\b", 3, "aims_and_objectives"),
            T("aims to", r"\b(aims?|objectives?|purposes?) (is|are|will be) to\b|\baims? to\b", 3, "aims_and_objectives"),
            T("vision", r"\bvision\b", 2, "aims_and_objectives"),
            T("what the body is for", rf"\b(the )?{_BODY} (will|shall|is to|exists to) (\w+ )?(ensure|lead|promote|oversee|bring together|improve|drive|co-?ordinate|perform)\b|\b(key|strategic|leading|lead) (strategic )?role in\b|^\W*to (perform|provide|act as|lead|oversee|co-?ordinate) (a|an|the) (\w+ ){{0,3}}(function|forum|focus|lead)\b", 2, "aims_and_objectives"),
            T("mission", r"\bmission\b", 2, "aims_and_objectives"),
            T("established to", r"\b(has been|was|is|were) (established|set up|formed|created|convened) (to|in order to|in response to|for)\b", 2, "aims_and_objectives"),
            T("working together to", r"\bwork(ing)? together to\b|\bjoined[- ]up\b", 1, "aims_and_objectives"),
            T("priorities", r"\bpriorit(y|ies)\b", 1, "aims_and_objectives"),
            T("purpose", r"\bpurposes?\b", 1, "aims_and_objectives"),
            T("an aim", r"^\W*(to )?(reduce|improve|increase|promote|tackle|prevent|protect|raise|enable|empower|achieve|eliminate|end|fight|make)\b", 1, "aims_and_objectives"),
        ),
        (r"\bfor (this|that|these|those) purposes?\b", r"\bfor the purposes? of (this|that|the) (paragraph|section|clause|act|regulations?|schedule)\b", r"\bfit for purpose\b", r"\b(agreed|identified|specified|stated|original|compatible) purposes?\b", r"\bpurposes? (set out|identified|stated)\b"),
    ),
    "accountability": (
        (r"accountab", r"governance (structure|arrangements)", r"reporting", r"reports? to", r"scrutiny", r"oversight"),
        (
            T("accountable to", r"\b(accountable|answerable) to\b", 3, "accountable_to"),
            T("held to account", r"\bhold\w* (\w+ ){0,2}to account\b|\bheld to account\b", 3, "accountable_to"),
            T("accountability", r"\baccountabilit(y|ies)\b", 2, "accountability_includes"),
            T("accountable body", r"\baccountable body\b", 2, "accountable_to"),
            T("accountable", r"\baccountable\b", 1.5, "accountable_to"),
            # A named body (capitalised: "the NHSCB", "Anytown City Council"), not "relevant boards".
            T("reports to a named body", r"\b(report\w*|send|sent|submit\w*|present\w*|circulat\w*)\b[^.;]{0,40}?(?-i:\bto (the )?(?!The\b)[A-Z][\w&]+)", 2, "accountable_to"),
            T("reports to", rf"\breport(s|ed|ing)? ([\w-]+ly,? |back ){{0,2}}(in)?to (the |each |its |their |all )?(\w+ ){{0,4}}({_BODY}|cabinet|councils?|commissioner|secretary of state|authority|authorities|nhs\w*|ministers?|executive)\b", 3, "accountable_to"),
            T("reports to (who does what)", rf"\b(the )?{_BODY} (will|shall|must|is to|are to)( \w+)? report\b|\b(will|shall) (be )?report(ed)? ([\w-]+ ){{0,2}}(in)?to\b", 3, "accountable_to"),
            T("scrutiny", r"\bscrutin(y|ise|ised|ize)\b", 2, "accountability_includes"),
            T("oversight", r"\boversight\b|\bsubject to (the )?(approval|agreement|ratification) of\b", 1, "accountability_includes"),
            T("annual report", r"\bannual reports?\b", 1, "accountability_includes"),
            T("copies sent to", r"\b(send|sent|submit\w*|present\w*) (to (the )?[\w ]{1,40} )?(a )?cop(y|ies) of\b", 1, "accountability_includes"),
        ),
        (r"^\W*accountability\s*[–:—-][^.]*",),
    ),
    "terms_of_reference": (
        (r"terms of reference", r"\bremit\b", r"functions", r"^[\d.\s]*duties\b|duties of the (board|group|committee|partnership)", r"\bpowers\b", r"\bscope\b", rf"role of the {_BODY}"),
        (
            T("terms of reference", r"\bterms of reference\b", 3, "terms"),
            T("remit", r"\bremit\b", 2, "terms"),
            T("functions of the body", rf"\b(functions|duties|powers) of the {_BODY}\b", 2, "terms"),
            T("the body shall", rf"\bthe {_BODY}s? (shall|will|is to|are to|must) (?!be\b|not\b)(\w+)", 1.5, "terms"),
            T("oversee", r"\boversee\w*\b|\boversight\b|\bstrategic (direction|leadership|oversight)\b", 1, "terms"),
            T("scope", r"\bscope of (the|this) (agreement|partnership|group|board|committee)\b", 1, "terms"),
        ),
        (),
    ),
    "roles_and_responsibilities": (
        (r"\broles?\b", r"responsibilit", r"duties of", r"obligations", r"commitments?", r"co-?ordination", r"lead (agency|organisation|officer)", r"officers"),
        (
            T("roles and responsibilities", r"\broles? and responsibilit(y|ies)\b", 3, "member_roles"),
            T("responsibility of each partner", rf"\bresponsibilit(y|ies) of (each|the|all|every) ({_PARTY}|lead|chair\w*)\b", 3, "member_roles"),
            T("responsibilities", r"\bresponsibilit(y|ies)\b", 2, "member_roles"),
            T("responsible for", r"\b(be|is|are|remain|remains) (jointly |solely )?responsible for\b", 2, "member_roles"),
            T("duties of", r"\b(the )?duties of (the|each|a|an)\b", 2, "member_roles"),
            T("role", rf"\broles?\s*(:|of(?! the ([\w&'-]+ ){{0,5}}{_BODY}\b)|is|are|will|shall|to)\s|\b(take|taking|taken) on (specific |the |a )?roles?\b", 2, "member_roles"),
            T("lead agency", r"\blead (agency|organisation|body|partner|authority|officer)s?\b", 2, "member_roles"),
            T("each partner will", rf"\b(each|every|all) {_PARTY} (will|shall|must|agrees?|undertakes?)\b", 2, "member_roles"),
            T("obligations", r"\bobligations?\b|\bcommit(s|ment|ments)? to\b", 1, "member_roles"),
            T("members will", r"\b(members?|partners?|representatives?) (will|shall|must|agree to|are expected to|undertake to)\b|\b(is|are) expected to\b", 1.5, "member_roles"),
            T("contribution", r"\bcontribut(e|es|ion|ions)\b|\bbring to the partnership\b", 1, "sector_contributions"),
        ),
        (),
    ),
    "membership": (
        (r"membership", r"\bmembers\b", r"\bpartners\b", r"\bparties\b", r"composition", r"steering group", r"representation", r"appointment", r"election", r"decision[- ]making", r"term of office", r"vacanc", r"signatories"),
        (
            T("membership", r"\bmembership\b", 2, "arrangements"),
            T("members appointed", r"\b(members?|representatives?)\b[^.;]{0,80}\b(appointed|elected|nominated|drawn from|co-?opted)\b|\b(appoint|elect|nominate)\w* (\w+ ){0,2}(members?|representatives?)\b|\b(appointed|elected|nominated) by\b", 2, "arrangements"),
            T("number of members", r"\bnumber of (members|representatives|places|seats)\b", 1.5, "arrangements"),
            T("co-opted members", r"\bco-?opt\w*\b", 2, "arrangements"),
            T("term of office", r"\bterms? of office\b|\bhold office\b", 2, "arrangements"),
            T("vacancy", r"\bvacanc(y|ies)\b", 1, "arrangements"),
            T("observers", r"\bobservers?\b", 1, "arrangements"),
            T("member agencies", r"\bmember (agencies|organisations|bodies)\b|\bpartner (agencies|organisations)\b", 1, "members"),
            T("representatives", r"\brepresentatives? (of|from)\b|\brepresent(s|ing|ative of)\b", 1, "members"),
            T("sectors", r"\b(public|private|voluntary|community|statutory|third|business) sectors?\b", 1, "members"),
            T("vice chair", r"\bvice[- ]?chair(man|person)?\b", 2, "vice_chair"),
            T("chair", r"\bchair(ed)? by\b|\bchair(man|person)?\s*:|\b(appoint|elect)\w* (a|the) chair\w*\b|\bthe chair(man|person)?\b", 1.5, "chair"),
            T("membership reviewed", r"\bmembership (will|shall) be reviewed\b|\breview\w* (of )?(the )?membership\b", 3, "review_frequency"),
            T("decisions taken", r"\bdecisions? (will|shall|must|can|are to) (only )?be (taken|made|reached|agreed)\b|\bby consensus\b|\bmake (\w+ )?decisions\b", 2, "decision_making"),
        ),
        (),
    ),
    "information": (
        (r"\binformation\b(?! security| governance)", r"communicat", r"reporting", r"exchange", r"publicity"),
        (
            T("information sharing", r"\binformation (sharing|exchange)\b|\bshar(e|ed|ing) (of )?(relevant |personal |this )?(information|intelligence)\b|\bexchange (of )?information\b", 3, "information_shared"),
            T("information to be shared", r"\b(type|types|kind|categories|extent) of (information|data)\b|\binformation (to be|that will be|which will be) (shared|provided|exchanged)\b", 3, "information_shared"),
            T("information provided", r"\b(information|data|reports?|papers) (will|shall|may|must) be (shared|exchanged|disclosed|provided|sent|circulated|supplied|published)\b", 2, "sharing_arrangements"),
            T("inform", r"\binform (the|all|each|its|partners|members)\b|\bkeep\w* (\w+ ){0,2}informed\b", 1.5, "sharing_arrangements"),
            T("agendas and minutes", r"\b(agendas?|minutes)\b", 1, "sharing_arrangements"),
            T("copies", r"\bcop(y|ies) of\b", 1, "sharing_arrangements"),
            T("circulated", r"\b(circulat\w+|distribut\w+|disseminat\w+)\b", 1, "sharing_arrangements"),
            T("communications", r"\bcommunicat\w+\b", 1, "sharing_arrangements"),
            T("website", r"\bwebsite\b|\bnewsletters?\b|\bbriefings?\b", 1, "sharing_arrangements"),
            T("information request", r"\brequest\w* (for )?(additional |further )?information\b", 1.5, "sharing_arrangements"),
            T("disclosure", r"\bdisclos(e|ed|ure)\b", 1, "sharing_arrangements"),
        ),
        (r"\bfreedom of information\b",),
    ),
    "code_of_conduct": (
        (r"conduct", r"standards", r"behaviou?r", r"ethic", r"declarations? of interest", r"\binterests\b", r"probity", r"fit and proper", r"disciplin", r"breach of governance", r"nolan"),
        (
            T("code of conduct", r"\bcodes? of (conduct|practice for members)\b", 3, "conduct_arrangements"),
            T("principles of public life", r"\bnolan\b|\bprinciples of public life\b", 3, "conduct_arrangements"),
            T("standards of conduct", r"\bstandards of (conduct|behaviour|behavior)\b|\b(expected|acceptable|appropriate) (conduct|behaviour|behavior)\b", 3, "conduct_arrangements"),
            T("fit and proper person", r"\bfit and proper\b", 2, "conduct_arrangements"),
            T("breach of governance", r"\bbreach\w* of (good )?(governance|the code|conduct|standards)\b|\bmisconduct\b", 2, "conduct_arrangements"),
            T("declarations of interest", r"\bdeclar\w+ (of |an? |any )?(\w+ )?interests?\b", 3, "declarations_of_interest"),
            T("conflict of interest", r"\bconflicts? of interests?\b", 3, "declarations_of_interest"),
            T("register of interests", r"\bregisters? of interests\b|\b(pecuniary|prejudicial|disclosable) interests?\b|\bgifts? and hospitality\b", 3, "declarations_of_interest"),
            T("conduct", r"\bconduct\b", 1, "conduct_arrangements"),
            T("behaviour", r"\bbehaviou?r\b", 1, "conduct_arrangements"),
            T("ethical", r"\bethic(al|s)\b|\bintegrity\b|\bprobity\b|\bhonest(y|ly)\b", 1, "conduct_arrangements"),
            T("reputation", r"\breputation\b", 1, "conduct_arrangements"),
            T("confidentiality", r"\bconfidentiality\b", 0.5, "conduct_arrangements"),
        ),
        (r"\bconduct(s|ed|ing)? (its|their|the|his|her) (affairs|business|meetings?|work)\b",),
    ),
    "conflict_and_complaints_resolution": (
        (r"disputes?", r"conflict(?!s? of interest)", r"complaint", r"resolution", r"grievance", r"mediation", r"arbitration", r"escalation", r"disagreement"),
        (
            T("disputes", r"\bdisputes?\b", 3, "dispute_processes"),
            T("mediation", r"\bmedia(te|tion|tor|ted)\b", 3, "dispute_processes"),
            T("arbitration", r"\barbitrat\w+\b", 3, "dispute_processes"),
            T("conflict resolution", r"\bconflict resolution\b|\bresolv\w* (any )?conflicts?\b", 3, "dispute_processes"),
            T("complaints", r"\bcomplain(t|ts|ant)?\b", 2, "resolution_arrangements"),
            T("disagreement", r"\bdisagree(ment|ments)?\b", 2, "dispute_processes"),
            T("grievance", r"\bgrievances?\b", 2, "resolution_arrangements"),
            T("escalation", r"\bescalat\w+\b", 1, "resolution_arrangements"),
            T("resolve", r"\bresol(ve|ved|ving|ution)\b", 1, "resolution_arrangements"),
            T("investigated", r"\binvestigat\w+ (the|any|a|such|an) (complaint|allegation|breach)\b|\ballegations?\b", 1, "resolution_arrangements"),
        ),
        (r"\bconflicts? of interests?\b",),
    ),
    "equalities": (
        (r"equalit", r"diversity", r"inclusion", r"equal opportunit", r"fairness", r"discrimination"),
        (
            T("equality impact assessment", r"\bequalit(y|ies) (and diversity )?impact (needs )?assessments?\b|(?-i:\bE[Qq]?IAs?\b)", 3, "impact_assessments"),
            T("Equality Act", r"\bequality act\b|\b(public sector )?equality duty\b|\bprotected characteristics?\b", 3, "promoting_equality"),
            T("equal opportunities", r"\bequal opportunit\w+\b|\bequality of opportunity\b", 3, "promoting_equality"),
            T("equality", r"\bequalit(y|ies)\b", 2, "promoting_equality"),
            T("diversity", r"\bdiversity\b", 2, "promoting_equality"),
            T("discrimination", r"\b(anti-?)?discriminat\w+\b", 2, "promoting_equality"),
            T("inclusion", r"\binclusi(on|ve|vity)\b|\bhard[- ]to[- ]reach\b", 1, "promoting_equality"),
        ),
        (),
    ),
    "scheme_of_delegation": (
        (r"delegat", r"decision[- ]making", r"\bauthority\b", r"\bdecisions\b", r"\bpowers\b"),
        (
            T("scheme of delegation", r"\bscheme of delegation\b", 3, "decisions"),
            T("delegated authority", r"\bdelegated\b|\bdelegat(e|es|ion) (of )?(authority|powers?|functions?|decisions?|responsibilit\w+|to)\b", 3, "decisions"),
            T("authority to decide", r"\b(authority|power|powers|mandate) to (make|take|approve|agree|commit|sign|spend|act|bind|exercise|decide)\b", 2, "decisions"),
            T("executive functions", r"\bexecutive (functions?|decisions?|powers?)\b", 2, "decisions"),
            T("decisions made", r"\bdecisions? (will|shall|can|may|must) (only )?be (made|taken|agreed|ratified)\b|\bdecision[- ]making\b|\b(make|take|takes|makes) decisions\b", 2, "decisions"),
            T("binding on partners", rf"\bbind(s|ing)? (the|its|their|any|individual) {_PARTY}\b|\bsovereign\w*\b", 2, "decisions"),
            T("on behalf of the partners", rf"\bon behalf of (the|any|its|their|each|all) (respective )?(member|partner|constituent|individual) ?{_PARTY}?\b", 1, "decisions"),
            T("approval", r"\bsign(ed)?[- ]off\b|\bratif\w+\b", 1, "decisions"),
            T("approval limits", r"\b(may|can) (approve|authori[sz]e|decide|sign off|commit)\b|\b(decides|approves)\b|\bspending (up to|limits?)\b|\bup to £", 1.5, "decisions"),
        ),
        (r"\blead\w* delegations?\b", r"\bdelegations? (to|in|at) meetings\b"),
    ),
    "meetings": (
        (r"meetings?", r"quorum", r"frequency", r"proceedings", r"voting", r"agenda", r"\bAGM\b"),
        (
            T("meeting frequency", rf"\b(meet|meets|meeting|meetings)\b[^.]{{0,50}}\b{_FREQUENCY}|{_FREQUENCY}[^.]{{0,30}}\bmeetings?\b|\bfrequency of (the )?meetings\b", 3, "frequency_and_timing"),
            T("meetings held", r"\bmeetings? (will|shall) (be held|take place)\b|\b(will|shall) meet\b|\bmeet as (required|necessary)\b", 3, "frequency_and_timing"),
            T("quorum", r"\bquor(um|ate)\b", 3, "voting"),
            T("casting vote", r"\bcasting vote\b", 3, "voting"),
            T("voting", r"\bvot(e|es|ed|ing)\b|\bproxy\b|\bshow of hands\b", 2, "voting"),
            T("notice of meetings", r"\bnotice of (the |any |a )?(meeting|time and place)\b|\b(days|weeks)'?\s?notice\b|\btime and place\b", 2, "frequency_and_timing"),
            T("chairing", r"\bchair(s|ed)? (the |all |its )?meetings?\b|\bchairing\b|\babsence of the chair\w*\b", 2, "chairing"),
            T("venue", r"\bvenues?\b", 2, "venue"),
            T("consensus", r"\bconsensus\b|\bsimple majority\b|\bmajority of (the )?(members|votes)\b", 1.5, "voting"),
            T("agendas and minutes", r"\b(agendas?|minutes)\b", 1, "frequency_and_timing"),
            T("annual general meeting", r"\bannual general meeting\b|(?-i:\bAGM\b)", 2, "frequency_and_timing"),
            T("meeting", r"\bmeetings?\b", 1, "frequency_and_timing"),
        ),
        (),
    ),
    "risk_management": (
        (r"\brisks?\b(?! (and|&) threat)", r"liabilit"),
        (
            T("risk management", r"\brisk management\b|\bmanag\w+ (of )?(the )?risks? (to|of|associated with|facing) (the )?(partnership|council|partners|organisations?|project|programme|agreement)\b", 3, "arrangements"),
            T("risk register", r"\brisk (registers?|logs?|appetite|owners?)\b", 3, "arrangements"),
            T("risks to the partnership", r"\brisks? (to|associated with|facing|for|of) (the )?(partnership|council|partners|partner organisations|project|programme|agreement|delivery)\b", 3, "arrangements"),
            T("mitigation", r"\bmitigat\w+\b", 2, "arrangements"),
            T("liabilities", r"\bliabilit(y|ies)\b", 2, "council_liabilities"),
            T("risk assessment", r"\brisk assessments?\b", 1.5, "arrangements"),
            T("managing risks", r"\b(assess|identif|manag|monitor|review|mitigat)\w* (and \w+ )?(the |any |all )?risks?\b", 1.5, "arrangements"),
            T("risk", r"\brisks?\b", 0.5, "arrangements"),
        ),
        (r"\bat risk\b", r"\brisks? (of|to) (harm|abuse|exploitation|offending|reoffending|re-offending|victims?|communities|individuals|children|adults|the public|them|people|persons)\b", r"\b(serious|significant|high) risks? of\b", r"\bthreat\b"),
    ),
    "performance_and_monitoring": (
        (r"performance", r"monitor", r"evaluation", r"progress", r"outcomes", r"targets", r"indicators"),
        (
            T("progress reports", r"\bprogress reports?\b|\breports? on (\w+ )?progress\b|\breport(ing)? (on )?progress\b|\bupdates? on (\w+ )?progress\b|\bprogress (will|shall) be (reported|communicated|reviewed|monitored)\b", 3, "progress_communication"),
            T("performance indicators", r"\b(key )?performance indicators?\b|(?-i:\bKPIs?\b)|\bperformance (framework|management|measures?|targets?|reports?|reporting)\b", 3, "performance_review"),
            T("performance", r"\bperformance\b", 2, "performance_review"),
            T("monitoring", r"\bmonitor(s|ed|ing)?\b", 2, "performance_review"),
            T("targets", r"\btargets?\b|\bmilestones?\b|\boutcome measures?\b", 2, "performance_review"),
            T("evaluation", r"\bevaluat\w+\b", 1.5, "performance_review"),
            T("action plan", r"\b(action|delivery|work|business|implementation|improvement) plans?\b", 1, "performance_review"),
            T("progress", r"\bprogress\b", 1, "progress_communication"),
            T("annual report", r"\bannual reports?\b", 1, "progress_communication"),
            T("outcomes", r"\boutcomes?\b", 1, "performance_review"),
        ),
        (r"\bperformance of (his|her|their|its) (duties|functions)\b",),
    ),
    "financial_protocols": (
        (r"financ", r"budget", r"funding", r"\baccounts\b", r"treasur", r"expenditure", r"costs", r"charges", r"money", r"audit"),
        (
            T("financial rules", r"\bfinancial (procedure|procedural|regulations|rules|standing orders|arrangements|protocols?|management|controls?|governance|procedures|year|reporting)\b|\bstanding financial instructions\b", 3, "arrangements"),
            T("pooled budget", r"\bpooled (budgets?|funds?)\b", 3, "arrangements"),
            T("budget", r"\bbudget(s|ary)?\b", 2, "arrangements"),
            T("accounts", r"\b(statement of )?accounts\b|\baudited\b|\bauditors?\b|\bbank account\b", 2, "arrangements"),
            T("treasurer", r"\btreasurer\b|\bfinance (officer|director)\b|\bsection 151\b|\bs151\b", 2, "arrangements"),
            T("income and expenditure", r"\bexpenditure\b|\bincome\b|\binvoic\w+\b|\bspend(ing)?\b", 1.5, "arrangements"),
            T("expenses", r"\bexpenses\b|\bremuneration\b|\ballowances?\b|\blevy\b|\bpayments?\b", 1, "arrangements"),
            T("funding", r"\bfund(s|ing|ed)?\b|\bgrants?\b|\bcontributions?\b", 1, "arrangements"),
            T("finance", r"\bfinanc(e|es|ial|ially)\b", 1, "arrangements"),
            T("sums of money", r"£\s?\d", 1, "arrangements"),
        ),
        (),
    ),
    "resources": (
        (r"resources?", r"procurement", r"insurance", r"staffing", r"support", r"secretariat", r"co-?ordination", r"administration", r"financ", r"funding", r"budget"),
        (
            T("procurement", r"\bprocure(ment|d|s)?\b", 3, "procurement"),
            T("insurance", r"\binsur(ance|ed|er|ers)\b", 3, "insurance"),
            T("resources", r"\bresourc(e|es|ed|ing)\b", 2, ""),
            T("secretariat", r"\bsecretariat\b|\badministrative support\b|\badmin(istration)? support\b|\bsupport tasks?\b|\bco-?ordinator\b", 2, ""),
            T("supported by a team", r"\b(supported|serviced|administered|clerked|hosted) by (the |a |an )?([\w&-]+ ){0,6}?(team|officers?|unit|service|secretariat|council|directorate|department)\b|\bsecretariat (support )?(will be|is|shall be) provided\b|\bprovides? (the )?secretariat\b", 3, ""),
            T("in kind", r"\bin[- ]kind\b|\bseconded\b|\bsecondment\b", 2, ""),
            T("staff", r"\bstaff(ing)?\b|\bofficer time\b", 1, ""),
            T("premises and equipment", r"\b(accommodation|premises|equipment|facilities|office space)\b", 1, ""),
            T("contracts", r"\bcontract(s|ed|ing)?\b|\bcommission(ed|ing)? (of )?services\b", 1, "procurement"),
            T("funding", r"\bfund(s|ing|ed)?\b|\bexpenses\b|\bremuneration\b", 1, ""),
            T("assets", r"\bassets?\b|\bproperty\b", 1, ""),
        ),
        (r"\bcommissioning board\b", r"\bhuman resources\b"),
    ),
    "data_sharing": (
        (r"\bdata\b", r"information security", r"confidential", r"privacy", r"information governance", r"freedom of information", r"retention", r"GDPR", r"subject access", r"records management"),
        (
            T("Freedom of Information", r"\bfreedom of information\b|(?-i:\bFOIA?\b)|\benvironmental information regulations\b", 3, "freedom_of_information"),
            T("data protection", r"\bdata protection\b|(?-i:\b(UK )?GDPR\b)|\bgeneral data protection regulation\b", 3, "data_protection"),
            T("data controller", r"\bdata (controllers?|processors?)\b|\bjoint controllers?\b", 3, "data_protection"),
            T("subject access", r"\bsubject access\b|\bcaldicott\b|\bprivacy (notice|impact assessment)s?\b|(?-i:\bDPIA\b)", 3, "data_protection"),
            T("data quality", r"\bdata quality\b|\b(accurate|accuracy|up[- ]to[- ]date)\b", 1.5, "data_quality_and_audit"),
            T("personal data", r"\bpersonal (data|information)\b|\bsensitive (personal )?data\b|\bspecial categor(y|ies)\b", 2, "data_protection"),
            T("lawful processing", r"\bfair and lawful\b|\blawful (basis|processing)\b|\bprocessing of (personal )?data\b", 2, "data_protection"),
            T("retention and disposal", r"\bretention\b|\bdispos(al|ed) of\b|\bdestr(oy|oyed|uction)\b|\bretain\w*\b", 2, "data_management"),
            T("information security", r"\b(information|data) security\b|\bunauthori[sz]ed (access|disclosure|processing)\b|\bencrypt\w*\b|\bsecurely\b", 2, "data_management"),
            T("information governance", r"\binformation governance\b|\brecords management\b|\bdata (sharing|management|handling)\b|\binformation sharing (agreement|protocol)s?\b", 2, "data_management"),
            T("audit of data", r"\baudit\w* (of )?(compliance|access|trails?|systems)\b|\baccess to (the )?(data|systems|records)\b", 1.5, "data_quality_and_audit"),
            T("confidential", r"\bconfidential(ity)?\b", 1, "data_protection"),
        ),
        (),
    ),
    "business_continuity_plans": (
        (r"continuity", r"contingenc", r"resilience", r"disaster recovery", r"emergency"),
        (
            T("business continuity", r"\bbusiness continuity\b|\bcontinuity (plans?|planning|arrangements|of services?)\b", 3, "plans"),
            T("contingency plans", r"\bcontingency (plans?|planning|arrangements)\b|\bdisaster recovery\b", 3, "plans"),
            T("resilience", r"\bresilien(ce|t)\b", 2, "plans"),
            T("emergency plans", r"\b(emergency|major incident) (plans?|planning|arrangements)\b|\bsuccession plan\w*\b", 2, "plans"),
            T("continuity", r"\bcontinuity\b", 2, "plans"),
            T("deputise", r"\bdeputi[sz]\w+\b|\bsubstitutes?\b", 1, "plans"),
            T("disruption", r"\b(failure|malfunction|disruption|outage|unavailab\w+)\b|\bloss of (service|staff|key)\b", 1, "plans"),
        ),
        (),
    ),
    "legalities": (
        (r"\blegal", r"\blaw\b", r"indemn", r"liabilit", r"governing law", r"jurisdiction", r"fraud", r"legal status", r"statut", r"lawful", r"recognition", r"\bstatus\b"),
        (
            T("legal status", r"\blegal (status|entity|personality|body)\b|\b(un)?incorporated\b|\blegally binding\b|\bcompany limited by guarantee\b|\b(registered|charitable) (charity|incorporated)\b", 3, "legal_status"),
            T("indemnity", r"\bindemni\w+\b", 3, "legal_status"),
            T("governing law", r"\bgoverning law\b|\bjurisdiction\b|\blaws? of england\b", 3, "legal_status"),
            T("fraud prevention", r"\b(anti|counter)-?fraud\b|\bbribery\b|\bmoney laundering\b|\bcorrupt(ion)?\b|\bwhistle-?blow\w*\b", 3, "fraud_prevention"),
            T("fraud", r"\bfraud\w*\b", 1, "fraud_prevention"),
            T("liability", r"\bliabilit(y|ies)\b|\bliable\b", 2, "legal_status"),
            T("legal basis", r"\blawful(ly)? (authority|basis|power)\b|\blegal (basis|gateway|powers?|obligations?|requirements?|duty|duties|advice|action)\b|\bstatutory (basis|powers?|duty|duties|requirement)\b", 2, "legal_status"),
            T("statutory recognition", r"\b(recognised|established|constituted|formed|designated) (by|under|in accordance with)\b[^.;]{0,100}\bact\b", 2.5, "legal_status"),
            T("under an Act", r"\b(under|in accordance with|pursuant to|by virtue of) (the provisions of )?(section \d+\w* of )?the (\w+ ){0,8}act\b|\bsection \d+\w* of the\b", 1.5, "legal_status"),
            T("legislation", r"\blegislat(ion|ive)\b|\bstatut(e|es|ory)\b|\b(illegal|unlawful)\b|\bcommon law\b|\bact \d{4}\b", 1, "legal_status"),
        ),
        (),
    ),
    "exit_strategies": (
        (r"\bexit", r"terminat", r"dissol", r"withdraw", r"\bending\b", r"closure", r"wind", r"duration", r"cessation"),
        (
            T("exit strategy", r"\bexit (strateg(y|ies)|plans?|arrangements)\b", 3, "exit_strategy"),
            T("dissolution", r"\bdissol(ve|ved|ution|ving)\b|\bwind(ing)?[- ]up\b|\bwound up\b", 3, "ending_arrangements"),
            T("termination", r"\bterminat(e|es|ed|ing|ion)\b", 2, "ending_arrangements"),
            T("withdrawal", rf"\bwithdraw(s|n|al|ing)?\b|\bleave the {_BODY}\b|\bcease to be a {_PARTY}\b", 2, "circumstances_for_ending"),
            T("notice period", r"\b(\w+ )?(months?|weeks?)'?s? (written )?notice\b|\bnotice (period|of (termination|withdrawal))\b", 1.5, "ending_arrangements"),
            T("partnership ends", rf"\b(the )?{_BODY} (will|shall|may) (end|cease|close|come to an end)\b|\bcome to an end\b|\bend of the (partnership|agreement|arrangements?)\b|\bcease to (exist|operate|have effect)\b", 2, "circumstances_for_ending"),
            T("expiry", r"\bexpir(y|es|ation|e|ed)\b|\bduration of (this|the) (agreement|partnership)\b|\bremain in (force|effect) until\b", 1.5, "circumstances_for_ending"),
            T("assets on ending", r"\b(remaining|surplus|residual|outstanding) (funds|assets|balances?|monies)\b|\bdistribution of (funds|assets)\b", 2, "funds_and_assets"),
            T("staff on ending", r"(?-i:\bTUPE\b)|\bredundanc(y|ies)\b|\bgrant funded staff\b", 2, "grant_funded_staff"),
        ),
        (),
    ),
}

# fmt: on

#: A job title ("Head of Information Governance & Data Protection", "Insurance Manager",
#: "Equality, Diversity and Community Engagement Manager"): who sits on a body, never evidence
#: that the body has data, insurance or equality arrangements of its own. Capitalised words only.
JOB_TITLE = (
    r"(?-i:\b(?:(?:Deputy|Assistant|Chief|Senior|Interim|Acting|Joint|Executive) )*"
    r"(?:Head|Director|Manager|Officer|Lead|Adviser|Advisor|Co-?ordinator|Controller|Portfolio Holder)"
    r" (?:of|for) (?:the )?[A-Z][\w&-]*(?:,? (?:(?:&|and) )?[A-Z][\w&-]*)*(?: [–-] [A-Z][\w&-]*(?: [A-Z][\w&-]*)*)?"
    r"|\b(?:[A-Z][\w&-]*,? (?:(?:&|and) )?){1,6}(?:Manager|Officer|Director|Adviser|Advisor|Co-?ordinator|Controller|Lead)\b)"
)

#: A document that is itself a terms of reference or a constitution sets out the body's remit.
_DOCUMENT_TITLES = {"terms_of_reference": (r"\bterms of reference\b", r"\bconstitution\b")}


def _heading_vocabulary() -> tuple[HeadingVocabulary, ...]:
    vocabularies = []
    for name, heading in AGREEMENT_HEADINGS:
        titles, terms, ignore = _VOCABULARY[name]
        vocabularies.append(
            HeadingVocabulary(name, heading, titles, terms, ignore, _DOCUMENT_TITLES.get(name, ()))
        )
    return tuple(vocabularies)


#: One entry per toolkit heading, in the seed's order.
HEADING_VOCABULARY: tuple[HeadingVocabulary, ...] = _heading_vocabulary()


_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")


def _non_capturing(pattern: str) -> str:
    return _CAPTURING.sub("(?:", pattern)


def compile_term(term: Term) -> re.Pattern[str]:
    return re.compile(_non_capturing(term.pattern), re.IGNORECASE)


#: A literal shorter than this is not worth looking for before the pattern itself.
_MIN_LITERAL = 3


def required_literals(pattern: str) -> tuple[str, ...]:
    """Lower-case strings one of which must be in a text for ``pattern`` to match in it.

    Looking for them with ``in`` is much faster than running the pattern, so a term whose
    literals are absent from a paragraph is not run at all. Empty when no such strings can be
    told (the pattern must then always be run).
    """
    try:  # the standard library's own regular expression parser (private, so guarded)
        c: Any = importlib.import_module("re._constants")
        _parser: Any = importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - it moved: no prefilter, every pattern is run
        return ()

    def needed(items: Any) -> set[str] | None:
        options: list[set[str]] = []
        run: list[str] = []

        def flush() -> None:
            if len(run) >= _MIN_LITERAL:
                options.append({"".join(run).lower()})
            run.clear()

        for op, av in items:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            flush()
            found: set[str] | None = None
            if op is c.SUBPATTERN:
                found = needed(av[-1])
            elif op is c.BRANCH:
                branches = [needed(b) for b in av[1]]
                if all(b is not None for b in branches):
                    found = set().union(*(b for b in branches if b is not None))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                found = needed(av[2])
            if found:
                options.append(found)
        flush()
        if not options:
            return None
        # The most selective choice: the option whose shortest string is longest.
        return max(options, key=lambda o: (min(map(len, o)), -len(o)))

    result = needed(_parser.parse(_non_capturing(pattern), re.IGNORECASE))
    return tuple(sorted(result)) if result else ()
