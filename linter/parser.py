"""Parsing the lexer's tokens with the Lark LALR grammar into the syntax tree (linter/ast.py).

The Lark parser is built once per process. Its analysis is cached on disk in the user's cache
directory, keyed by disclint's version and the grammar's hash, so a cold start does not rebuild the
LALR tables; a read-only or missing cache directory only costs that speed-up.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lark import Lark, Token
from lark.lexer import Lexer

from .ast import Document, Row, Section
from .cache import path_for
from .lexer import Piece


class PieceLexer(Lexer):
    """Feeds the lexer's pieces to Lark; a token's ``start_pos`` is the piece's index."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, pieces):
        for index, piece in enumerate(pieces):
            yield Token(piece.type, piece.text, start_pos=index, line=piece.line, column=piece.column)


@lru_cache(maxsize=None)
def _parser() -> Lark:
    grammar = resources.files("disclint.grammar").joinpath("report.lark").read_text("utf-8")
    options = dict(parser="lalr", lexer=PieceLexer, maybe_placeholders=False)
    cache = path_for("grammar", grammar)
    if cache:
        try:
            return Lark(grammar, cache=str(cache), **options)
        except Exception:  # an unreadable or stale cache file: build without it
            pass
    return Lark(grammar, **options)


def parse(pieces: list[Piece]) -> Document:
    """The document tree of a token list. Never fails: the grammar accepts every token sequence."""
    tree = _parser().parse(pieces)

    def blocks(children):
        out = []
        for child in children:
            leaves = [pieces[t.start_pos] for t in child.children]
            out.append(Row(leaves[0], tuple(leaves[1:])) if child.data == "row" else leaves[0])
        return out

    front, *sections = tree.children
    return Document(
        blocks(front.children),
        [Section(pieces[s.children[0].start_pos], blocks(s.children[1:])) for s in sections])
