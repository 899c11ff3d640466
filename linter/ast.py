"""The syntax tree of a report: the front matter and sections, made of the lexer's pieces.

Leaves are ``lexer.Piece`` objects (a paragraph line, a caption, a header, a value cell), which carry
their own positions; the only inner nodes are rows (a label and its values) and sections.
"""
from __future__ import annotations

from typing import NamedTuple

from .lexer import Piece, SectionMatch


class Row(NamedTuple):
    label: Piece
    values: tuple[Piece, ...]


Block = Piece | Row


class Section(NamedTuple):
    heading: Piece
    blocks: list[Block]

    @property
    def match(self) -> SectionMatch:
        """The heading's match: a section starts only where the lexer recognised a heading."""
        assert self.heading.section is not None, "a section of the tree has a recognised heading"
        return self.heading.section


class Document(NamedTuple):
    front: list[Block]
    sections: list[Section]

    def blocks(self):
        """Every block in document order, each with the section it stands in (None for front matter)."""
        for block in self.front:
            yield None, block
        for section in self.sections:
            for block in section.blocks:
                yield section, block
