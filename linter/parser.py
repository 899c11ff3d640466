"""Parsing the lexer's tokens with the Lark grammar (grammar/report.lark) into the syntax tree.

Lark analyses the grammar into LALR(1) tables. Importing the ``lark`` package costs 45–70 ms, more than
all the rest of a run on one report, so the tables Lark computes are cached (as plain data) in the user's
cache directory, keyed by disclint's version, the grammar and this module's code, and a small driver runs
them: Lark is imported only when the cache is missing or stale (the first run, or a read-only cache).
The driver does what Lark's LALR parser does with this grammar: shift, reduce, inline the rules whose
names start with ``_`` (``_block``, ``_value`` and Lark's generated ``__…_star`` rules) into their
parent, and accept at the end state. The grammar is permissive, so every token sequence parses.
"""
from __future__ import annotations

import os
from functools import cache

from .ast import Document, Row, Section
from .cache import load_or_build, read_text
from .lexer import Piece

SHIFT, REDUCE, END = 0, 1, "$END"


def _analyse(grammar: str) -> dict:
    """Lark's LALR(1) tables for the grammar, as plain data the driver runs."""
    from lark import Lark
    from lark.lexer import Lexer

    class Tokens(Lexer):  # the tokens come from linter/lexer.py; Lark only needs to know it is custom
        def __init__(self, lexer_conf):
            pass

        def lex(self, lexer_state, parser_state):  # never called: the tables are all that is wanted
            return iter(())

    table = Lark(grammar, parser="lalr", lexer=Tokens, maybe_placeholders=False).parser.parser.parser.parse_table
    states: dict[int, dict[str, tuple]] = {}
    for state, actions in table.states.items():
        states[state] = {}
        for symbol, (action, argument) in actions.items():
            symbol = "".join(symbol)  # a plain str: Lark's names are str subclasses, not plain data
            if action.name == "Shift":
                states[state][symbol] = (SHIFT, argument)
            else:
                if argument.alias or argument.options.expand1:
                    raise ValueError(f"the parse driver does not support rule options ({argument})")
                states[state][symbol] = (REDUCE, ("".join(argument.origin.name), len(argument.expansion)))
    rules = {argument[1][0] for actions in states.values() for argument in actions.values() if argument[0] == REDUCE}
    return {"states": states, "start": table.start_states["start"], "end": table.end_states["start"],
            # rules whose children go to their parent: Lark's convention for names starting with “_”
            "inlined": frozenset(rule for rule in rules if rule.startswith("_"))}


@cache
def _tables() -> dict:
    from disclint import grammar as package

    grammar = os.path.join(os.path.dirname(package.__file__), "report.lark")
    # how the tables are extracted (this module) is part of the key
    return load_or_build("lalr", (grammar, __file__), lambda: _analyse(read_text(grammar)), check=_check)


def _check(tables) -> None:
    """Tables from the cache are of the shape the driver runs, or this raises (and they are built again)."""
    states = tables["states"]
    if not (isinstance(states, dict) and states and tables["start"] in states and tables["end"] in states
            and isinstance(tables["inlined"], frozenset) and all(type(r) is str for r in tables["inlined"])):
        raise ValueError("not LALR tables")
    for actions in states.values():
        for symbol, (action, argument) in actions.items():
            ok = type(argument) is int and argument in states if action == SHIFT else \
                action == REDUCE and type(argument) is tuple and type(argument[0]) is str and type(argument[1]) is int
            if not (type(symbol) is str and type(actions) is dict and ok):
                raise ValueError("not LALR tables")


def _run(types: list[str]):
    """The parse tree of a token-type sequence: (rule, children) tuples, token indexes as leaves."""
    tables = _tables()
    states, end, inlined = tables["states"], tables["end"], tables["inlined"]
    state_stack = [tables["start"]]
    value_stack: list = []  # token indexes and (rule, children) trees
    for index, token in enumerate([*types, END]):
        while True:
            try:
                action, argument = states[state_stack[-1]][token]
            except KeyError:  # cannot happen with the permissive grammar: a bug, not bad input
                raise RuntimeError(f"the grammar does not accept token {index} ({token})") from None
            if action == SHIFT:
                state_stack.append(argument)
                value_stack.append(index)
                break
            rule, size = argument
            flat = []
            if size:
                children = value_stack[-size:]
                first = children[0]
                if type(first) is tuple and first[0] in inlined:
                    # a left-recursive ``x*`` rule: extend its list in place rather than copy it at every
                    # reduce, which made parsing quadratic in the number of blocks
                    flat = first[1]
                    children = children[1:]
                for child in children:
                    if type(child) is tuple and child[0] in inlined:
                        flat.extend(child[1])
                    else:
                        flat.append(child)
                del value_stack[-size:]
                del state_stack[-size:]
            state_stack.append(states[state_stack[-1]][rule][1])
            value_stack.append((rule, flat))
            if token == END and state_stack[-1] == end:
                return value_stack[-1]


def parse(pieces: list[Piece]) -> Document:
    """The document tree of a token list. Never fails: the grammar accepts every token sequence."""
    _, (front, *sections) = _run([piece.type for piece in pieces])

    def blocks(children):
        out = []
        for kind, leaves in children:
            out.append(Row(pieces[leaves[0]], tuple(pieces[i] for i in leaves[1:])) if kind == "row"
                       else pieces[leaves[0]])
        return out

    return Document(blocks(front[1]), [Section(pieces[s[1][0]], blocks(s[1][1:])) for s in sections])
