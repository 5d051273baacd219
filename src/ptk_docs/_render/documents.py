"""One record into .docx bytes with a built-in or custom template."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ptk_docs._errors import TemplateError
from ptk_docs._io.envelope import docx_record_part
from ptk_docs._io.files import atomic_write_bytes, check_writable
from ptk_docs._records._base import Record
from ptk_docs._records.kinds import model_for_kind
from ptk_docs._records.profile import CouncilProfile
from ptk_docs._render.context import blank_context, record_context
from ptk_docs._render.engine import compiled
from ptk_docs._render.lint import check_template

#: The kinds ptk ships a template for (the committee report is built by ``report_doc``).
BUILTIN_TEMPLATES = {"agreement": "agreement.docx", "business-case": "business-case.docx"}


@functools.cache
def _templates_folder() -> Path:
    return Path(str(resources.files("ptk_docs.templates"))).resolve()


def builtin_template(kind: str) -> Path:
    """The packaged template for ``kind`` (``agreement`` or ``business-case``)."""
    try:
        name = BUILTIN_TEMPLATES[kind]
    except KeyError:
        raise TemplateError(
            f"ptk has no built-in template for '{kind}' "
            f"(it has: {', '.join(BUILTIN_TEMPLATES)}); give your own with --template"
        ) from None
    return _templates_folder() / name


def _is_builtin(path: Path) -> bool:
    folder = _templates_folder()
    return path.parent == folder or path.resolve().parent == folder


def template_context(record: Record, profile: CouncilProfile | None = None) -> dict[str, Any]:
    """The values a template sees for ``record`` (formatted dates and money, blank prompts)."""
    return record_context(record, profile)


def render_bytes(
    template: Path,
    context: Mapping[str, Any],
    *,
    record: Record | None,
    template_name: str | None,
    check_values: bool = False,
) -> bytes:
    engine = compiled(template, sandboxed=not _is_builtin(template), name=template_name)
    name = template_name or template.name
    part = (
        docx_record_part(record, template_name=name, template_sha256=engine.sha256)
        if record is not None
        else None
    )
    return engine.render(context, part, check_values=check_values)


def render_docx(
    template: str | Path,
    context: Mapping[str, Any],
    dest: str | Path,
    *,
    record: Record | None = None,
    template_name: str | None = None,
    force: bool = False,
) -> Path:
    """Fill a docxtpl ``template`` with ``context`` into ``dest`` (.docx), embedding ``record``.

    Templates outside ptk's own folder render in a sandboxed Jinja environment. Escaping is
    always on; a value with a character XML cannot carry is a ``RecordError``. ``OutputExistsError`` when ``dest`` exists and ``force`` is not set;
    ``TemplateError`` for a template that cannot be filled.
    """
    dest = Path(dest)
    check_writable(dest, force=force)
    data = render_bytes(
        Path(template), context, record=record, template_name=template_name, check_values=True
    )
    return atomic_write_bytes(dest, data, force=force, durable=False)


def document_bytes(
    record: Record, template: str | Path | None, profile: CouncilProfile | None = None
) -> bytes:
    """The .docx bytes for ``record`` with its built-in template or a linted custom one."""
    if template is None:
        path = builtin_template(record.record_kind)
    else:
        path = Path(template)
        check_template(path, type(record))
    return render_bytes(path, record_context(record, profile), record=record, template_name=None)


def blank_bytes(kind: str, profile: CouncilProfile | None = None) -> bytes:
    """An empty document of ``kind`` for an officer to complete by hand, as .docx bytes."""
    model = model_for_kind(kind)
    if kind not in BUILTIN_TEMPLATES:
        raise TemplateError(
            f"ptk has no blank form for '{kind}' (it has: {', '.join(BUILTIN_TEMPLATES)})"
        )
    return render_bytes(
        builtin_template(kind), blank_context(model, profile), record=None, template_name=None
    )
