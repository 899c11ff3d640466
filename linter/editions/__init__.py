"""The official formats as data: every edition's sections, tables, cell ids, equations and named facts.

Each edition is ``common.yaml`` (in this folder) merged with an edition file: every other ``.yaml`` file of
this folder, and of the files and folders listed in the environment variable ``DISCLINT_EDITIONS`` (local
variants, tests), is an edition named by its file name. An edition file either states its own tables or
``extends`` another edition by explicit changes (docs/editions.md). Files are checked against a schema
(docs/edition.schema.json) and their references followed when an edition is built (``build``): a defect
is an EditionError naming the file and line. Equations are written as cell patterns and expanded once, so
rules only see plain lists of cell ids; rules ask for named facts (``applications.new``), never for ids.
A built edition is cached on disk (linter/cache.py), so a start neither reads YAML nor checks it.
"""
from __future__ import annotations

import os
from functools import cache

from ..cache import load_or_build
from ..labels import norm
from .model import Column, Equation, LabelInfo, Relation, Row, Section, Statement, Table, Template, Vocabulary, years_text

__all__ = ["Column", "Equation", "LabelInfo", "Relation", "Row", "Section", "Statement", "Table", "Template",
           "Vocabulary", "all_sections", "edition_for_year", "editions", "label_index", "load", "sections_with_tables",
           "vocabulary", "years_text"]

_HERE = os.path.dirname(__file__)
_CODE = tuple(os.path.join(_HERE, m) for m in ("__init__.py", "model.py", "build.py", "schema.py"))  # in the key

COMMON = "common.yaml"


@cache
def _edition_files() -> dict[str, str]:
    """Edition name → its YAML file: this folder's files, then those of ``DISCLINT_EDITIONS``."""
    places = [_HERE] + [p for p in os.environ.get("DISCLINT_EDITIONS", "").split(os.pathsep) if p]
    found = {}
    for place in places:
        names = sorted(os.listdir(place)) if os.path.isdir(place) else [os.path.basename(place)]
        folder = place if os.path.isdir(place) else os.path.dirname(place)
        for name in names:
            if name.endswith((".yaml", ".yml")) and name != COMMON:
                found[name.rsplit(".", 1)[0]] = os.path.join(folder, name)
    return found


def editions() -> tuple[str, ...]:
    """The names of every edition known (``2019``, ``2021``…), in order of name."""
    return tuple(sorted(_edition_files()))



@cache
def load(edition: str) -> Template:
    """The template of an edition, built (and checked) once and cached on disk."""
    files = _edition_files()
    if edition not in files:
        raise KeyError(f"no edition {edition!r} (known: {', '.join(editions())})")

    def make():
        from .build import build  # the YAML reader and the schema: only when an entry is built, not on a start

        return build(edition, files, os.path.join(_HERE, COMMON))

    return load_or_build(f"template-{edition}", _sources(), make, _CLASSES, _check)


def _sources() -> tuple[str, ...]:
    """The files a built edition depends on: every edition file (an edition may extend any other) and the code."""
    files = _edition_files()
    return (os.path.join(_HERE, COMMON), *(files[e] for e in editions()), *_CODE)


_CLASSES = {c.__name__: c for c in (Template, Table, Column, Row, Section, Equation, Statement, Relation)}


def _check(template) -> None:
    """A template from the cache is of the right shape, or this raises (and it is built again)."""
    if not isinstance(template, Template) or not all(isinstance(t, Table) for t in template.tables.values()):
        raise ValueError("not a template")


def edition_for_year(year: int) -> str | None:
    """The edition that applies to a report year (the latest that covers it), or None for years before the
    2019 条例 formats."""
    covering = [(first, e) for e, (first, last) in vocabulary().years.items()
                if year >= first and (last is None or year <= last)]
    return max(covering)[1] if covering else None


def all_sections() -> tuple[Section, ...]:
    """The sections of every edition, each once (by id; a later edition's wording first)."""
    return vocabulary().sections


def sections_with_tables() -> list[tuple[Section, bool]]:
    """Every section, and whether some edition puts a table in it."""
    return [(s, s.id in vocabulary().holding_tables) for s in all_sections()]


def label_index() -> dict[str, LabelInfo]:
    """Every label of every edition, by normalised text: the lexer's vocabulary."""
    return vocabulary().labels




def _labels() -> dict[str, LabelInfo]:
    """Every label of every edition, by normalised text."""
    found: dict[str, dict] = {}

    def add(kind: str, text: str, edition: str, official: bool = True):
        entry = found.setdefault(norm(text), {"kind": kind, "text": text, "editions": set()})
        if official:
            entry["editions"].add(edition)
        if kind == "label":  # a row label wins over a header of the same text
            entry["kind"] = kind

    for edition in editions():
        template = load(edition)
        for table in template.tables.values():
            if table.caption:
                add("caption", table.caption, edition)
            kind = "header" if table.label_less else "label"  # the groups of a label-less table head columns
            for row in table.rows:
                add(kind, row.label, edition)
                for variant in row.variants:
                    add(kind, variant, edition, official=False)
            for column in table.columns:
                add("header", column.label, edition)
            for text in table.headers:
                add("header", text, edition)
        for text in template.groups:
            add("label", text, edition)
    return {key: LabelInfo(e["kind"], e["text"], frozenset(e["editions"])) for key, e in found.items()}




@cache
def vocabulary() -> Vocabulary:
    classes = {**_CLASSES, "LabelInfo": LabelInfo, "Vocabulary": Vocabulary}
    return load_or_build("vocabulary", _sources(), _build_vocabulary, classes, _check_vocabulary)


def _check_vocabulary(value) -> None:
    if not isinstance(value, Vocabulary) or not all(isinstance(v, LabelInfo) for v in value.labels.values()):
        raise ValueError("not a vocabulary")


def _build_vocabulary() -> Vocabulary:
    found: dict[str, Section] = {}
    for edition in reversed(editions()):
        for section in load(edition).sections:
            found.setdefault(section.id, section)
    return Vocabulary(_labels(), tuple(sorted(found.values(), key=lambda s: s.id)),
                      {e: (load(e).first_year, load(e).last_year) for e in editions()},
                      frozenset(t.section for e in editions() for t in load(e).tables.values()),
                      {e: load(e).instrument for e in editions()})
