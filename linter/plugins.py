"""Rule packs of other packages: a package declares an entry point in the group ``disclint.rules`` naming a
sequence of Rule subclasses (or one), e.g. in its pyproject.toml::

    [project.entry-points."disclint.rules"]
    province = "province_rules:RULES"

They are read only when asked for (``disclint check --plugins``, ``disclint.api.use_plugins()``): finding entry
points reads the metadata of every installed distribution, which a start-up that does not need it never pays.
A pack's rules are rules like disclint's own (a code, a name, a Chinese doc, ``check``); a pack whose entry
point cannot be loaded, that names something that is not a rule, or whose rule reuses a code or a name, is
refused with a usage error naming the pack, rather than run half.
"""
from __future__ import annotations

from collections.abc import Sequence

from .errors import UsageError
from .rule import Rule

GROUP = "disclint.rules"


def load(known: Sequence[type[Rule]]) -> tuple[type[Rule], ...]:
    """The rule classes of every installed pack, packs in the order of their entry point names; ``known``:
    the rules already registered, whose codes and names a pack may not reuse."""
    from importlib.metadata import entry_points

    codes, names = {r.code for r in known}, {r.name for r in known}
    found: list[type[Rule]] = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: (p.name, p.value)):
        pack = f"规则包 {point.name}（{point.value}）"
        try:
            loaded = point.load()
        except Exception as exc:  # an import error, a name missing from the module: the pack's own defect
            raise UsageError(f"{pack}无法加载：{type(exc).__name__}: {exc}") from None
        for rule in (loaded,) if isinstance(loaded, type) else tuple(loaded):
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise UsageError(f"{pack}中的 {rule!r} 不是规则类（disclint.rule.Rule 的子类）")
            if rule.code in codes or rule.name in names:
                raise UsageError(f"{pack}的规则 {rule.code}（{rule.name}）与已有规则的代码或名称相同")
            codes.add(rule.code)
            names.add(rule.name)
            found.append(rule)
    return tuple(found)
