"""Check a council's own template against a record model before filling it: every problem at once.

Like docxtemplater's error report, not Jinja's first-error-and-a-line-number: every unknown
variable or field, every tag that does not parse, every block left open or closed twice, each
with its place in the document as an officer sees it (the heading above it and the paragraph
number, counting every paragraph from the top, tables included). Word's smart quotes inside
tags are read as straight quotes, as docxtpl does. Attributes starting with ``_`` (the way out
of a Jinja sandbox) are refused here already; the sandbox refuses them again when rendering.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]

from ptk_docs._errors import DocumentError, TemplateError
from ptk_docs._io.guard import read_bounded_file
from ptk_docs._io.limits import DEFAULT_LIMITS
from ptk_docs._records._base import Record
from ptk_docs._render.context import shape_of
from ptk_docs._render.engine import (
    CompiledTemplate,
    contained,
    main_document,
    read_template_package,
    templated_names,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_OPENERS = re.compile(r"\{\{|\{%|\{#")

_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}

#: Tags in one template: a real one has a few hundred; each costs a Jinja parse.
MAX_TAGS = 20_000


def split_tags(text: str) -> tuple[list[str], str]:
    """The tags in a paragraph's text, and what is left once they are taken out.

    Linear in the text: a lazy ``{{.*?}}`` regex rescans to the end from every opener that has
    no closer, which is quadratic on a paragraph of thousands of ``{{``; here an opener whose
    closer is missing marks its kind as never closing again.
    """
    tags: list[str] = []
    rest: list[str] = []
    unclosed: set[str] = set()
    position = kept = 0
    while (match := _OPENERS.search(text, position)) is not None:
        opener = match.group()
        start = match.start()
        end = -1 if opener in unclosed else text.find(_CLOSERS[opener], start + 2)
        if end < 0:
            unclosed.add(opener)
            if len(unclosed) == len(_CLOSERS):
                break
            position = start + 1
            continue
        rest.append(text[kept:start])
        tags.append(text[start : end + 2])
        position = kept = end + 2
    rest.append(text[kept:])
    return tags, "".join(rest)


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "„": '"', "‟": '"'})

# docxtpl's own statements, which Jinja does not know: skipped (their expressions are checked).
_DOCXTPL_STATEMENTS = {"colspan", "cellbg", "vm", "hm"}

_BLOCKS = {"for": "endfor", "if": "endif", "with": "endwith", "macro": "endmacro",
           "filter": "endfilter", "call": "endcall", "raw": "endraw"}  # fmt: skip

_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false", "none"}


class _Any:
    """A value whose shape is unknown (``{% set %}`` results): anything goes below it."""


ANY = _Any()


@dataclass
class _Scope:
    kind: str
    opened_at: str
    names: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Linter:
    shape: dict[str, Any]
    environment: jinja2.Environment
    problems: list[str] = field(default_factory=list)
    scopes: list[_Scope] = field(default_factory=list)

    # -- names ------------------------------------------------------------------------------

    def lookup(self, name: str) -> Any:
        for scope in reversed(self.scopes):
            if name in scope.names:
                return scope.names[name]
        if name in self.shape:
            return self.shape[name]
        if name in _GLOBALS:
            return ANY
        raise KeyError(name)

    def check_expression(self, node: nodes.Node, place: str) -> None:
        for filt in node.find_all(nodes.Filter):
            if filt.name not in self.environment.filters:
                self.problems.append(f"{place}: unknown filter '{filt.name}'")
        for test in node.find_all(nodes.Test):
            if test.name not in self.environment.tests:
                self.problems.append(f"{place}: unknown test '{test.name}'")
        for attr in node.find_all(nodes.Getattr):
            if attr.attr.startswith("_"):
                self.problems.append(f"{place}: '{attr.attr}' is not allowed in a template")
        # Outermost attribute chains only: a.b.c is checked once, from its root.
        inner: set[int] = set()
        for chain in node.find_all((nodes.Getattr, nodes.Getitem)):
            for child in chain.iter_child_nodes():
                inner.add(id(child))
        for chain in node.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
            if id(chain) in inner:
                continue
            if isinstance(chain, nodes.Name) and chain.ctx != "load":
                continue
            self.resolve(chain, place)

    def resolve(self, node: nodes.Node, place: str) -> Any:
        """The shape of a chain like ``membership.members[0].name``; reports what is unknown."""
        if isinstance(node, nodes.Name):
            try:
                return self.lookup(node.name)
            except KeyError:
                self.problems.append(
                    f"{place}: unknown variable '{node.name}'{_suggest(node.name, self.known())}"
                )
                return ANY
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = self.resolve(node.node, place)
            if base is ANY:
                return ANY
            if isinstance(node, nodes.Getitem):
                if isinstance(base, list) and isinstance(node.arg, nodes.Const):
                    return base[0] if isinstance(node.arg.value, int) else ANY
                if isinstance(base, dict) and isinstance(node.arg, nodes.Const):
                    return self._field(base, str(node.arg.value), node.node, place)
                return ANY
            if isinstance(base, dict):
                return self._field(base, node.attr, node.node, place)
            if base is None and hasattr(str, node.attr):
                return ANY  # a string method such as upper
            if isinstance(base, list) and hasattr(list, node.attr):
                return ANY
            self.problems.append(f"{place}: '{_dotted(node.node)}' has no field '{node.attr}'")
            return ANY
        return ANY

    def _field(self, base: dict[str, Any], name: str, parent: nodes.Node, place: str) -> Any:
        if name in base:
            return base[name]
        if hasattr(dict, name):
            return ANY
        self.problems.append(
            f"{place}: unknown field '{_dotted(parent)}.{name}'"
            + _suggest(name, list(base), f"{_dotted(parent)}.")
        )
        return ANY

    def known(self) -> list[str]:
        names = list(self.shape)
        for scope in self.scopes:
            names += list(scope.names)
        return names

    # -- tags -------------------------------------------------------------------------------

    def tag(self, raw: str, place: str) -> None:
        text = raw.translate(_QUOTES)
        if text.startswith("{#"):
            return
        body = text[2:-2].strip("-+ \t\n")
        body = re.sub(r"^(tr|tc|p|r)\s", "", body)
        if text.startswith("{{"):
            self.expression(body, place, raw)
        else:
            self.statement(body, place, raw)

    def parse(self, source: str, place: str, raw: str) -> nodes.Template | None:
        try:
            return self.environment.parse(source)
        except jinja2.TemplateSyntaxError as error:
            self.problems.append(f"{place}: {raw.strip()} does not parse: {error.message}")
            return None

    def expression(self, body: str, place: str, raw: str) -> None:
        tree = self.parse("{{ " + body + " }}", place, raw)
        if tree is not None:
            self.check_expression(tree, place)

    def statement(self, body: str, place: str, raw: str) -> None:
        keyword = body.split(None, 1)[0] if body.split() else ""
        rest = body[len(keyword) :].strip()
        if keyword in _DOCXTPL_STATEMENTS:
            if rest:
                self.expression(rest, place, raw)
            return
        if keyword == "for":
            tree = self.parse("{% " + body + " %}{% endfor %}", place, raw)
            scope = _Scope("for", place, {"loop": ANY})
            if tree is not None:
                loop = next(tree.find_all(nodes.For))
                self.check_expression(loop.iter, place)
                if loop.test is not None:
                    self.check_expression(loop.test, place)
                items = self.resolve(loop.iter, place) if _is_chain(loop.iter) else ANY
                element = items[0] if isinstance(items, list) else ANY
                if isinstance(loop.target, nodes.Name):
                    scope.names[loop.target.name] = element
                for target in loop.target.find_all(nodes.Name):
                    scope.names[target.name] = ANY
            self.scopes.append(scope)
        elif keyword in ("if", "elif"):
            if keyword == "elif" and not self._inside("if", place, raw):
                return
            tree = self.parse("{% if " + rest + " %}{% endif %}", place, raw)
            if tree is not None:
                self.check_expression(next(tree.find_all(nodes.If)).test, place)
            if keyword == "if":
                self.scopes.append(_Scope("if", place))
        elif keyword == "else":
            if not self.scopes or self.scopes[-1].kind not in ("if", "for"):
                self.problems.append(f"{place}: {raw.strip()} has no {{% if %}} or {{% for %}}")
        elif keyword == "set":
            tree = self.parse("{% " + body + " %}", place, raw)
            if tree is not None:
                assign = next(tree.find_all(nodes.Assign), None)
                if assign is not None:
                    self.check_expression(assign.node, place)
                    names = self.scopes[-1].names if self.scopes else self.shape
                    targets: list[nodes.Node] = [assign.target]
                    targets += assign.target.find_all(nodes.Name)
                    for assigned in targets:
                        if isinstance(assigned, nodes.Name):
                            names[assigned.name] = ANY
        elif keyword.startswith("end"):
            opener = keyword[3:]
            if not self._inside(opener, place, raw):
                return
            self.scopes.pop()
        elif keyword in _BLOCKS:
            self.scopes.append(_Scope(keyword, place))
            if rest:
                self.parse("{% " + body + " %}{% " + _BLOCKS[keyword] + " %}", place, raw)
        else:
            self.problems.append(f"{place}: {raw.strip()} is not a statement a template can use")

    def _inside(self, kind: str, place: str, raw: str) -> bool:
        if self.scopes and self.scopes[-1].kind == kind:
            return True
        open_kind = self.scopes[-1].kind if self.scopes else None
        detail = f" (the open block is {{% {open_kind} %}})" if open_kind else ""
        self.problems.append(f"{place}: {raw.strip()} has no matching {{% {kind} %}}{detail}")
        return False


def _is_chain(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "the value"


def _suggest(name: str, choices: list[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean '{prefix}{close[0]}'?)" if close else ""


def _paragraph_text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t", f"{{{W}}}instrText"))


def _style(paragraph: Any) -> str:
    style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    return str(style.get(f"{{{W}}}val", "")) if style is not None else ""


def _part_label(name: str) -> str:
    stem = PurePosixPath(name).stem
    if stem == "document":
        return ""
    return re.sub(r"\d+$", "", stem) + " "


def lint_template(path: str | Path, model: type[Record]) -> list[str]:
    """Every problem of the template at ``path`` for records of ``model``, each with its place."""
    path = Path(path)
    try:
        source = read_bounded_file(path, _limits())
    except DocumentError as error:
        raise TemplateError(f"cannot read template: {' '.join(str(error).split())}") from None
    parts = dict(read_template_package(source, path.name, _limits()))

    main = main_document(parts)
    templated = templated_names(parts, main)
    linter = _Linter(shape_of(model), SandboxedEnvironment(autoescape=True))
    tags = 0
    for name in [main, *sorted(n for n in templated if n != main)]:
        if name not in templated:
            continue
        try:
            root = etree.fromstring(
                parts[name], etree.XMLParser(resolve_entities=False, no_network=True)
            )
        except etree.XMLSyntaxError as error:
            linter.problems.append(f"{name} is not well-formed XML: {error.msg}")
            continue
        heading = ""
        for number, paragraph in enumerate(root.iter(f"{{{W}}}p"), start=1):
            text = _paragraph_text(paragraph)
            style = _style(paragraph)
            if style.startswith(("Heading", "Title")) and text.strip():
                heading = text.strip()
            if not _OPENERS.search(text):
                continue
            under = f"under '{heading}', " if heading else ""
            place = f"{_part_label(name)}{under}paragraph {number}".strip()
            found, leftover = split_tags(text)
            tags += len(found)
            if tags > MAX_TAGS:
                raise TemplateError(
                    f"template {path.name} has more than {MAX_TAGS:,} tags: too many to check"
                )
            for tag in found:
                linter.tag(tag, place)
            if _OPENERS.search(leftover):
                linter.problems.append(f"{place}: a tag is not closed in '{leftover.strip()[:60]}'")
    for scope in linter.scopes:
        linter.problems.append(
            f"{scope.opened_at}: {{% {scope.kind} %}} is never closed (add {{% end{scope.kind} %}})"
        )
    if not linter.problems:
        try:
            # Compiling folds constant expressions (a constant '%0999999999d'|format(1)), so
            # it runs contained like filling does.
            contained(path.name, _compile_sandboxed, source, path.name)
        except TemplateError as error:
            linter.problems += error.problems or [str(error)]
    return linter.problems


def _compile_sandboxed(source: bytes, name: str) -> None:
    CompiledTemplate(source, name, sandboxed=True)


def _limits() -> Any:

    return DEFAULT_LIMITS


def check_template(path: str | Path, model: type[Record]) -> None:
    """Raise ``TemplateError`` listing every problem, or return when the template is usable."""
    problems = lint_template(path, model)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise TemplateError(f"template {Path(path).name} has {count}", problems)
