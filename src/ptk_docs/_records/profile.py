"""A council's profile: its name and the words, contact and defaults its documents use."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field

from ptk_docs._records._base import Record, Text

#: The words a document uses where a council's own would go, when there is no profile.
NEUTRAL_WORDING: dict[str, str] = {
    "council": "the Council",
    "council_short": "Council",
    "intranet": "the Council's intranet",
    "risk_appendix": "the risk management appendix",
    "agreement_appendix": "the toolkit's agreement template",
    "interests_appendix": "the toolkit's guidance on interests",
    "exit_guidance": "the toolkit's guidance on exit strategies",
    "area_plan": "the area's community plan",
    "council_plan": "the Council Plan",
    "contact": "the team that keeps the Partnership Register",
}


class ToolkitReferences(Record):
    """Where the council's own copy of the toolkit points officers."""

    intranet: Text = Field(
        default="", description="The council's intranet, where the toolkit is kept"
    )
    risk_appendix: Text = Field(
        default="", description="The toolkit's risk appendix as officers know it ('Appendix 9')"
    )
    agreement_appendix: Text = Field(
        default="", description="Where the toolkit gives the agreement template ('Appendix 3')"
    )
    interests_appendix: Text = Field(
        default="", description="Where the toolkit covers declarations of interest ('Appendix 6')"
    )
    exit_guidance: Text = Field(
        default="", description="Where the toolkit covers exit strategies ('paragraph 19, page 20')"
    )
    area_plan: Text = Field(
        default="", description="The plan for the whole area named in the business case"
    )
    council_plan: Text = Field(
        default="", description="The council's own corporate plan named in the business case"
    )


class Logo(Record):
    """An image shown on the council's documents, with the text that describes it."""

    path: Text = Field(default="", description="The image file (relative to the profile)")
    alt_text: Text = Field(default="", description="What the image shows, for screen readers")


class CouncilProfile(Record):
    """One council's profile (``ptk.toml``): every council-specific word ptk writes."""

    record_kind: ClassVar[str] = "profile"

    council: Text = Field(default="", description="The council's name")
    short_name: Text = Field(
        default="", description="The council's name in short, as in 'XCC staff' or 'XCC rules'"
    )
    toolkit: ToolkitReferences = Field(default_factory=ToolkitReferences)
    contact: Text = Field(
        default="", description="Who to ask about the register (a team, an email address)"
    )
    logo: Logo = Field(default_factory=Logo)
    house_style: Text = Field(
        default="", description="A reference .docx whose styles the council's documents use"
    )
    draft_priorities: list[Text] = Field(
        default_factory=lambda: ["high", "medium"],
        description="The priorities drafts are made for when none are given",
    )
    register_columns: dict[str, Text] = Field(
        default_factory=dict,
        description="The council's register headers mapped to ptk's fields ('Ref' = 'reference')",
    )
    #: The folder the profile was read from: relative paths in it are relative to here.
    folder: Path | None = Field(default=None, exclude=True, repr=False)

    def wording(self) -> dict[str, str]:
        """The words documents use, the council's own where the profile gives them."""
        own = {
            "council": self.council,
            "council_short": self.short_name,
            "intranet": self.toolkit.intranet,
            "risk_appendix": self.toolkit.risk_appendix,
            "agreement_appendix": self.toolkit.agreement_appendix,
            "interests_appendix": self.toolkit.interests_appendix,
            "exit_guidance": self.toolkit.exit_guidance,
            "area_plan": self.toolkit.area_plan,
            "council_plan": self.toolkit.council_plan,
            "contact": self.contact,
        }
        return {key: own[key].strip() or neutral for key, neutral in NEUTRAL_WORDING.items()}

    def resolve(self, path: str) -> Path | None:
        """A path named in the profile, relative to the profile's folder; None when empty."""
        if not path.strip():
            return None
        given = Path(path)
        return given if given.is_absolute() or self.folder is None else self.folder / given
