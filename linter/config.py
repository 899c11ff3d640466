"""Configuration: ``.disclint.yaml`` (or ``[tool.disclint]`` in ``pyproject.toml``), nearest to the report.

Validation is strict: an unknown key or a bad value is an error naming the file, the line (YAML) and the
allowed values, so a typo never silently turns a check off.

Keys: ``extends`` (another config file, relative to this one), ``edition`` (auto/2019/2021), ``select`` and
``ignore`` (codes, names or families), ``rules`` (per rule: ``level`` error/warning/info/off and the rule's
options), ``per-file-ignores`` (glob → codes), ``exclude`` (globs of files not to check in folders),
``agencies`` (a name as a report writes it → the agency's name, for pairing years: linter/pairs.py).
"""
from __future__ import annotations

import fnmatch
import math
import os
import sys
from collections.abc import Sequence

from .errors import ConfigError

CONFIG_NAMES = (".disclint.yaml", ".disclint.yml")
KEYS = ("extends", "edition", "select", "ignore", "rules", "per-file-ignores", "exclude", "agencies")
LEVELS = ("error", "warning", "info", "off")
#: How many files an ``extends`` chain may pass through.
MAX_EXTENDS = 20
#: How many values a configuration may hold once its YAML aliases are expanded. A real one holds a few
#: hundred; 375 bytes of nested aliases (a “billion laughs”) expand to billions, which printing in an
#: error message would take for ever.
MAX_VALUES = 10_000


class Config:
    """The settings for the reports under one configuration file (or the defaults)."""

    def __init__(self, path: str | None = None, root: str = "."):
        self.path, self.root = path, root
        self.edition: str | None = None
        self.select: list[str] = []
        self.ignore: list[str] = []
        self.rules: dict[str, dict] = {}                 # rule code → {"level": …, options…}
        self.per_file_ignores: dict[str, list[str]] = {}
        self.exclude: list[str] = []
        self.agencies: dict[str, str] = {}               # a name as written → the agency's name

    def relative(self, path: str) -> str:
        try:
            return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        except ValueError:
            return path

    def excluded(self, path: str) -> bool:
        rel = self.relative(path)
        return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(path), g) for g in self.exclude)

    def ignored_for(self, path: str) -> list[str]:
        rel = self.relative(path)
        return [code for pattern, codes in self.per_file_ignores.items()
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern) for code in codes]


def rule_keys(rules) -> set[str]:
    """What a configuration may name a rule by: its code, its name or its family."""
    return {r.code for r in rules} | {r.name for r in rules} | {r.name.split(".")[0] for r in rules}


def _where(path: str, node) -> str:
    line = getattr(getattr(node, "start_mark", None), "line", None)
    return f"{path}:{line + 1}" if line is not None else path


def load_yaml(path: str):
    """The mapping of a YAML config (or of another YAML file disclint reads: a scorecard), and a function giving
    the line of a key path (for messages; an integer in the path is an item of a list)."""
    import yaml

    text = _text(path)
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if _expanded(node) > MAX_VALUES:
            raise ConfigError(f"{path}: 配置文件中的 YAML 别名展开后超过 {MAX_VALUES} 个值，不像 disclint 的配置")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{path}:{mark.line + 1}" if mark else path
        raise ConfigError(f"{at}: 配置文件不是有效的 YAML（{getattr(exc, 'problem', exc)}）") from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, lists nested thousands deep
        raise ConfigError(f"{path}: 配置文件中有无法读取的值（{type(exc).__name__}: {str(exc)[:100]}）") from None

    def locate(*keys):
        current = node
        for key in keys:
            if current is None or not hasattr(current, "value") or not isinstance(current.value, list):
                return _where(path, current)
            if isinstance(key, int) and current.tag.endswith(":seq"):  # an item of a list (a scorecard's items)
                if key >= len(current.value):
                    return _where(path, current)
                current = current.value[key]
                continue
            match = next(((k, v) for k, v in current.value if getattr(k, "value", None) == key), None) \
                if current.tag.endswith(":map") else None
            if match is None:
                return _where(path, current)
            current = match[0] if key == keys[-1] else match[1]
        return _where(path, current)

    return ({} if data is None else data), locate


def _expanded(node) -> int:
    """How many values the YAML ``node`` holds with its aliases expanded (a node met through an alias counts
    each time), counted without expanding them: each node's count is computed once. A recursive alias
    counts as too many."""
    counts: dict[int, int] = {}

    def count(current) -> int:
        if id(current) not in counts:
            counts[id(current)] = MAX_VALUES + 1  # met again while it is counted: it holds itself
            items = current.value if isinstance(current.value, list) else ()  # a mapping's are (key, value)
            children = [node for item in items for node in (item if isinstance(item, tuple) else (item,))]
            counts[id(current)] = 1 + sum(map(count, children))
        return counts[id(current)]

    return 0 if node is None else count(node)


def quoted(value) -> str:
    """A value as an error message quotes it: at most 60 characters, however large the value."""
    import reprlib

    text = value if isinstance(value, str) else reprlib.repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _text(path: str, toml: bool = False) -> str:
    """A config file's text: UTF-8 (with or without BOM) or UTF-16 with a BOM; GBK too for YAML (Notepad's
    “ANSI” on a Chinese Windows), never for TOML, which is UTF-8 by definition."""
    from .paths import open_regular

    try:
        with open_regular(path) as handle:
            data = handle.read(1 << 20)
            if handle.read(1):
                raise ConfigError(f"{path}: 配置文件超过 1 MB，不像 disclint 的配置")
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取配置文件（{exc.strerror}）") from None
    from .readers import SourceError
    from .readers.text import decode

    try:
        text, encoding = decode(data)
    except SourceError as exc:
        raise ConfigError(f"{path}:{exc.line or 1}: 配置文件无法解码（{exc}）；请保存为 UTF-8") from None
    if toml and encoding == "gb18030":
        raise ConfigError(f"{path}: TOML 文件须为 UTF-8 编码（此文件看来是 GBK）；请另存为 UTF-8")
    return text


def _load_toml(path: str):
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib  # type: ignore[import-not-found]  # Python 3.10 only (a dependency there)
    try:
        data = tomllib.loads(_text(path, toml=True))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: 不是有效的 TOML（{exc}）") from None
    except (ValueError, RecursionError) as exc:
        raise ConfigError(f"{path}: 配置文件中有无法读取的值（{type(exc).__name__}: {str(exc)[:100]}）") from None
    tool = data.get("tool")
    section = tool.get("disclint") if isinstance(tool, dict) else None
    return section, (lambda *keys: f"{path} [tool.disclint{''.join('.' + str(k) for k in keys[:-1])}] {keys[-1] if keys else ''}".rstrip())


def _codes(values, where, key, known) -> list[str]:
    if isinstance(values, str):
        values = [v.strip() for v in values.split(",") if v.strip()]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where(key)}: “{key}”应为规则代码、名称或类别的列表")
    for value in values:
        if value not in known and value.upper() not in known:
            raise ConfigError(f"{where(key)}: 未知的规则或类别“{quoted(value)}”（可用 disclint rules 查看）")
    return values


def parse(data, path: str, locate, rules: Sequence, chain: tuple[str, ...] = ()) -> Config:
    """Validate a config mapping read from ``path`` against ``rules`` (the rule classes it may name and set:
    the caller's registry); ``locate(*keys)`` names where a key stands; ``chain`` holds the files that extend
    this one, to refuse a cycle."""
    known = rule_keys(rules)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 配置应为键值映射")
    config = Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{locate(key)}: 未知的配置项“{quoted(key)}”；可用的配置项：{', '.join(KEYS)}")
    if "extends" in data:
        if not isinstance(data["extends"], str):
            raise ConfigError(f"{locate('extends')}: “extends”应为另一个配置文件的路径")
        target = os.path.normpath(os.path.join(config.root, data["extends"]))
        if target in chain or len(chain) > MAX_EXTENDS:
            cycle = " → ".join((*chain, target)) if target in chain else f"超过 {MAX_EXTENDS} 层"
            raise ConfigError(f"{locate('extends')}: “extends”形成循环（{cycle}）")
        base = load(target, rules, (*chain, target))
        config.edition, config.select, config.ignore = base.edition, list(base.select), list(base.ignore)
        config.rules = {k: dict(v) for k, v in base.rules.items()}
        config.per_file_ignores, config.exclude = dict(base.per_file_ignores), list(base.exclude)
        config.agencies = dict(base.agencies)
    if "edition" in data:
        from .editions import editions

        edition = quoted(data["edition"])
        if edition not in ("auto", *editions()):
            raise ConfigError(f"{locate('edition')}: “edition”应为 auto、{'、'.join(editions())} 之一，实为“{edition}”")
        config.edition = None if edition == "auto" else edition
    for key in ("select", "ignore"):
        if key in data:
            setattr(config, key, _codes(data[key], locate, key, known))
    if "exclude" in data:
        if not isinstance(data["exclude"], list) or not all(isinstance(g, str) for g in data["exclude"]):
            raise ConfigError(f"{locate('exclude')}: “exclude”应为文件通配模式的列表")
        config.exclude = data["exclude"]
    if "agencies" in data:
        names = data["agencies"]
        if not isinstance(names, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                  for k, v in names.items()):
            raise ConfigError(f"{locate('agencies')}: “agencies”应为 报告中的单位名称 → 统一的单位名称 的映射")
        config.agencies.update(names)
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{locate('per-file-ignores')}: “per-file-ignores”应为 通配模式 → 规则列表 的映射")
        for pattern, codes in table.items():
            config.per_file_ignores[str(pattern)] = _codes(codes, lambda k: locate("per-file-ignores", k), pattern, known)
    if "rules" in data:
        if not isinstance(data["rules"], dict):
            raise ConfigError(f"{locate('rules')}: “rules”应为 规则 → 设置 的映射")
        for key, settings in data["rules"].items():
            rule = next((r for r in rules if str(key).upper() == r.code or key == r.name), None)
            if rule is None:
                raise ConfigError(f"{locate('rules', key)}: 未知的规则“{quoted(key)}”（可用 disclint rules 查看）")
            if not isinstance(settings, dict):
                raise ConfigError(f"{locate('rules', key)}: 规则 {rule.code} 的设置应为映射（level 及选项）")
            allowed = ("level", *rule.options)
            settings = dict(settings)
            if settings.get("level") is False:
                settings["level"] = "off"  # YAML 1.1 reads a bare off as false
            for option, value in settings.items():
                where = locate("rules", key, option)
                if option not in allowed:
                    raise ConfigError(f"{where}: 规则 {rule.code} 没有选项“{quoted(option)}”；可用：{', '.join(allowed)}")
                if option == "level" and value not in LEVELS:
                    raise ConfigError(f"{where}: level 应为 {', '.join(LEVELS)} 之一，实为“{quoted(value)}”")
                if option != "level":
                    kind = rule.options[option].type
                    if isinstance(value, bool) or not isinstance(value, kind) or \
                            (isinstance(value, float) and not math.isfinite(value)):
                        raise ConfigError(f"{where}: 选项 {option} 应为{_KIND_NAMES.get(kind, str(kind))}，实为“{quoted(value)}”")
            config.rules.setdefault(rule.code, {}).update(settings)
    return config


_KIND_NAMES = {float: "数值", int: "整数", (int, float): "数值", str: "文字"}


def load(path: str, rules: Sequence, chain: tuple[str, ...] = ()) -> Config:
    """Read and validate one config file (.yaml or pyproject.toml) against ``rules`` (as ``parse``);
    ``chain``: the files extending it."""
    path = os.path.normpath(path)
    if path.endswith(".toml"):
        data, locate = _load_toml(path)
        if data is None:
            raise ConfigError(f"{path}: 没有 [tool.disclint] 配置")
    else:
        data, locate = load_yaml(path)
    if len(chain) > 1 and (not isinstance(data, dict) or any(key not in KEYS for key in data)):
        # a file named by ``extends`` that is no configuration: said without quoting a word of it
        raise ConfigError(f"{chain[-2]}: “extends”指向的 {path} 不是 disclint 的配置文件")
    return parse(data, path, locate, rules, chain or (path,))


def discover(folder: str, rules: Sequence, loaded: dict | None = None) -> Config:
    """The nearest config from ``folder`` upwards: a .disclint.yaml, or a pyproject.toml with [tool.disclint],
    validated against ``rules`` (as ``parse``). ``loaded`` (path → Config) keeps the files read during one run,
    so each is read once."""
    loaded = {} if loaded is None else loaded

    def read(path):
        if path not in loaded:
            loaded[path] = load(path, rules)
        return loaded[path]

    directory = os.path.realpath(folder)
    while True:
        for name in CONFIG_NAMES:
            if os.path.isfile(os.path.join(directory, name)):
                return read(os.path.join(directory, name))
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject):
            with open(pyproject, "rb") as handle:
                if b"[tool.disclint" in handle.read():
                    return read(pyproject)
        parent = os.path.dirname(directory)
        if parent == directory:
            return Config()
        directory = parent
