"""The rule reference (docs/rules.md), generated from the rules' own attributes and docstrings.

Regenerate with ``python -m disclint.docs docs/rules.md``; a test fails when the file is stale.
"""
from __future__ import annotations

import inspect
import sys


def rules_markdown() -> str:
    from disclint.rules.registry import RULES

    out = ["# Rule reference", "",
           "Generated from the rules by `python -m disclint.docs docs/rules.md`; do not edit by hand.", "",
           "| code | name | severity | summary |", "|---|---|---|---|"]
    out += [f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity} | {r.summary} |" for r in RULES]
    for rule in RULES:
        out += ["", f"## {rule.code}", "", f"`{rule.name}` · default severity **{rule.severity}** · {rule.summary}", "",
                inspect.cleandoc(rule.__doc__ or "")]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else None
    text = rules_markdown()
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
