"""The council's profile (``ptk.toml``): found in the working folder or given, and written."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ptk_docs._errors import RecordError
from ptk_docs._io.files import atomic_write_bytes, check_writable
from ptk_docs._records._base import validate_record
from ptk_docs._records.profile import CouncilProfile

#: The profile's file name, looked for in the working folder.
PROFILE_NAME = "ptk.toml"

#: What ``ptk init`` writes: every setting, commented, with the neutral wording as the example.
PROFILE_TEMPLATE = """\
# The council's profile for ptk: the words, contact and defaults of its documents.
# ptk reads ptk.toml from the folder it runs in, or the file given with --profile.
# Leave a setting empty ("") and documents use neutral wording ("the Council", "the Toolkit").

# The council's name as documents print it, e.g. "Anytown Borough Council".
council = ""
# Its name in short, as in "XCC staff" and "XCC rules" (empty: "Council staff").
short_name = ""

# Who to ask about the Partnership Register, as a sentence ends after "If not email ...",
# e.g. "the Performance Team at performance@anytown.gov.uk".
contact = ""

# A reference .docx whose styles (fonts, colours, spacing) the council's documents use.
house_style = ""

# The priorities drafts are made for when `ptk drafts` is given no --priority.
draft_priorities = ["high", "medium"]

[toolkit]
# Where the council keeps the toolkit, e.g. "the intranet" or "Anynet".
intranet = ""
# The toolkit's risk appendix as officers know it, e.g. "Appendix 9".
risk_appendix = ""
# Where it gives the agreement template, covers declarations of interest and exit strategies,
# e.g. "Appendix 3", "Appendix 6" and "paragraph 19, page 20".
agreement_appendix = ""
interests_appendix = ""
exit_guidance = ""
# The plans the business case asks about, as a sentence names them,
# e.g. "the Anytown Plan" and "the Council Plan".
area_plan = ""
council_plan = ""

[logo]
# An image for the council's documents (relative to this file) and what it shows.
path = ""
alt_text = ""

# The council's own register headers mapped to ptk's fields, for `ptk register import`
# (headers ptk knows, such as "Name of Partnership", need no mapping). For example:
# [register_columns]
# "Ref" = "reference"
# "Partnership" = "name"
# "Risk" = "priority"
# "Agreement held (Y/N)" = "agreement_received"
"""


def load_profile(path: str | Path) -> CouncilProfile:
    """Read a council profile (TOML); ``RecordError`` naming every problem in it."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RecordError(f"cannot read the profile {path}: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RecordError(f"{path.name} is not a valid TOML profile: {error}") from None
    profile = validate_record(CouncilProfile, data)
    return profile.model_copy(update={"folder": path.parent})


def find_profile(
    given: str | Path | None = None, folder: str | Path | None = None
) -> CouncilProfile | None:
    """The profile ``given``, else ``ptk.toml`` in ``folder`` (the working folder), else None."""
    if given is not None:
        return load_profile(given)
    candidate = Path(folder if folder is not None else Path.cwd()) / PROFILE_NAME
    return load_profile(candidate) if candidate.is_file() else None


def write_profile_template(dest: str | Path = PROFILE_NAME, *, force: bool = False) -> Path:
    """Write a commented ``ptk.toml`` to fill in; refuses to overwrite unless ``force``."""
    dest = Path(dest)
    check_writable(dest, force=force)
    return atomic_write_bytes(dest, PROFILE_TEMPLATE.encode("utf-8"), force=force)
