"""The shape of an edition file, as a JSON Schema (published as docs/edition.schema.json for editors), and the
reading of a YAML file that keeps every value's line, so that a file of the wrong shape is refused with its
file and line instead of failing later inside the build.

Only the keywords the schema below uses are checked here (``type``, ``properties``, ``required``,
``additionalProperties``, ``items``, ``prefixItems``, ``minItems``, ``maxItems``, ``minProperties``,
``maxProperties``, ``if``/``then``/``else`` over ``required``, and ``false``); a test checks the
shipped editions with a full JSON Schema validator too, so that the two never disagree. This runs only when
an edition is built, never when it comes from the cache.
"""
from __future__ import annotations

import difflib

import yaml

from ..errors import EditionError

_ID = {"type": "string", "description": "机器用的标识（英文、数字、连字符）"}
_TEXTS = {"type": "array", "items": {"type": "string"}}
_ROW = {
    "type": "object",
    "description": "表格的一行",
    "required": ["id", "label"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "label": {"type": "string", "description": "格式中的行名"},
        "variants": {**_TEXTS, "description": "实际报告中常见的其他写法"},
        "group": {"type": "string", "description": "所属的分组单元格，如（三）不予公开"},
        "short": {"type": "string", "description": "行名较长时，提示信息中的简称"},
        "opens": {**_TEXTS, "description": "此行之前印出的分组单元格"},
    },
}
_COLUMN = {
    "type": "object",
    "description": "表格的一列",
    "required": ["id", "label"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "label": {"type": "string", "description": "格式中的列名"},
        "signed": {"type": "boolean", "description": "可为负数（本年增/减）"},
        "amount": {"type": "boolean", "description": "金额，可有小数"},
        "unit": {"type": "string", "description": "数值的单位（万元）"},
        "unit_in_cell": {"type": "boolean", "description": "单位写在单元格里而不是表头里"},
        "group": {"type": "string", "description": "跨此列及相邻列的表头单元格（法人或其他组织）"},
    },
}
_EACH = {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": {"type": "string"},
         "description": "变量: 集合名；每个成员一个等式"}
_EQUATION = {
    "type": "object",
    "description": "勾稽关系：left 之和 = right 之和",
    "required": ["id", "each", "left", "right"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "summary": {"type": "string"},
        "name": {"type": "string", "description": "读者看到的等式，{label} 为所在的列、行或组"},
        "each": _EACH,
        "sum": {"type": "object", "additionalProperties": {"type": "string"}, "description": "变量: 集合名；在一侧内求和"},
        "left": _TEXTS,
        "right": _TEXTS,
    },
}
_SUBTABLE = {
    "type": "object",
    "description": "表二的一个子表（第二十条的一项）",
    "required": ["id", "caption", "columns", "rows"],
    "additionalProperties": False,
    "properties": {"id": _ID, "caption": {"type": "string"}, "columns": {"type": "array", "items": _COLUMN},
                   "rows": {"type": "array", "items": _ROW}},
}
_TABLE = {
    "type": "object",
    "description": "表三或表四",
    "required": ["name", "header_rows", "columns", "rows"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "label_less": {"type": "boolean", "description": "数值在一行中、没有行名，每组列为表格的一“行”"},
        "header_rows": {"type": "array", "items": _TEXTS, "description": "印出的表头，逐行"},
        "columns": {"type": "array", "items": _COLUMN},
        "rows": {"type": "array", "items": _ROW},
    },
}
_RELATION = {
    "type": "object",
    "description": "与上年报告的关系：this 之和 = previous 之和（“-”开头的单元格相减）",
    "required": ["rule", "each", "this", "previous"],
    "additionalProperties": False,
    "properties": {"rule": {"type": "string"}, "each": _EACH, "this": _TEXTS, "previous": _TEXTS},
}
_SETS = {"type": "object", "additionalProperties": _TEXTS, "description": "集合名 → 成员（行或列的标识）"}
_FACTS = {"type": "object", "additionalProperties": _TEXTS, "description": "事实名 → 其单元格（求和）"}
_CHANGE = {
    "type": "object",
    "description": "对所扩展版本的一项修改（每项只写一种）",
    "minProperties": 1,
    "maxProperties": 1,
    "additionalProperties": False,
    "properties": {
        "add_row": {
            "type": "object",
            "description": "在某行之后加一行；新行加入所跟随的行所在的每个行集合（因而进入其每个等式），除非用 sets 指明",
            "required": ["table", "after", "row"],
            "additionalProperties": False,
            "properties": {"table": _ID, "after": _ID, "row": _ROW,
                           "sets": {**_TEXTS, "description": "新行加入的集合（写明时只加入这些）"}},
        },
        "rename_column": {
            "type": "object",
            "description": "改列名；表头中的旧列名一并改掉",
            "required": ["table", "column", "label"],
            "additionalProperties": False,
            "properties": {"table": _ID, "column": _ID, "label": {"type": "string"}},
        },
        "add_table": {
            "type": "object",
            "description": "在表二的某个子表之后加一个子表",
            "required": ["after", "table"],
            "additionalProperties": False,
            "properties": {"after": _ID, "table": _SUBTABLE},
        },
        "replace_equation": {**_EQUATION, "description": "替换同一 id 的勾稽关系"},
    },
}
_YEAR = {"type": "integer"}

EDITION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "disclint edition file (linter/editions/<edition>.yaml, or a file named in DISCLINT_EDITIONS)",
    "type": "object",
    "required": ["edition", "instrument", "years"],
    "additionalProperties": False,
    "properties": {
        "edition": {"type": ["string", "integer"], "description": "版本名，与文件名相同"},
        "instrument": {"type": "string", "description": "发布格式的文件，如 国办公开办函〔2021〕30号"},
        "years": {"type": "array", "prefixItems": [_YEAR, {"type": ["integer", "null"]}], "minItems": 2, "maxItems": 2,
                  "description": "适用的第一个和最后一个报告年度（null：至今）"},
        "extends": {"type": ["string", "integer"], "description": "所扩展的版本；其余内容用 changes 修改"},
        "changes": {"type": "array", "items": _CHANGE, "description": "对所扩展版本的修改，依次执行"},
        "statements": {"type": "array", "description": "格式要求某部分写明的内容",
                       "items": {"type": "object", "required": ["id", "section", "pattern", "says", "example"],
                                 "additionalProperties": False,
                                 "properties": {"id": _ID, "section": _ID, "pattern": {"type": "string"},
                                                "says": {"type": "string"}, "example": {"type": "string"}}}},
        "sets": _SETS,
        "facts": _FACTS,
        "s3_other_rows": {"type": "object", "required": ["after", "rows"], "additionalProperties": False,
                          "description": "表三中插入的（六）其他处理各行",
                          "properties": {"after": _ID, "rows": {"type": "array", "items": _ROW}}},
        "s2": {"type": "object", "required": ["name", "headers", "items"], "additionalProperties": False,
               "description": "表二：各子表",
               "properties": {"name": {"type": "string"}, "headers": _TEXTS,
                              "items": {"type": "array", "items": _SUBTABLE}}},
        "previous_year": {"type": "array", "items": _RELATION},
        "boilerplate": {**_TEXTS, "description": "每年可重复的句子（正则表达式）"},
    },
    # A full edition states its tables; an extension changes those of the edition it extends, by operations.
    "if": {"required": ["extends"]},
    "then": {"properties": {"s2": False, "s3_other_rows": False}},
    "else": {"required": ["sets", "s3_other_rows", "s2"], "properties": {"changes": False}},
}

COMMON = {
    "type": "object",
    "required": ["sections", "sets", "tables", "equations"],
    "additionalProperties": False,
    "properties": {
        "sections": {"type": "array", "items": {
            "type": "object", "required": ["id", "number", "title"], "additionalProperties": False,
            "properties": {"id": _ID, "number": {"type": "string"}, "title": {"type": "string"}, "accepted": _TEXTS,
                           "variants": _TEXTS, "keywords": {"type": "array", "items": _TEXTS}}}},
        "facts": _FACTS,
        "sets": _SETS,
        "tables": {"type": "object", "required": ["s3", "s4"], "additionalProperties": False,
                   "properties": {"s3": _TABLE, "s4": _TABLE}},
        "equations": {"type": "array", "items": _EQUATION},
        "previous_year": {"type": "array", "items": _RELATION},
        "boilerplate": _TEXTS,
    },
}

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
_TYPE_WORDS = {"object": "键值表", "array": "列表", "string": "文字", "integer": "整数", "boolean": "true 或 false",
               "null": "null"}


class Marks:
    """Where each value read from the edition files stands: the file and line of a list or mapping, and of each
    of its items, so that an error found after the files are merged still names the place to edit."""

    def __init__(self):
        self._places: dict[tuple[int, object], tuple[str, int]] = {}
        self._kept: list = []  # the values whose ids are keys, kept alive so that an id is never reused

    def note(self, container, key, path: str, line: int) -> None:
        self._kept.append(container)
        self._places[id(container), key] = (path, line)

    def same(self, new, old) -> None:
        """``new`` (a copy made while merging) stands where ``old`` does."""
        place = self._places.get((id(old), None))
        if place:
            self.note(new, None, *place)

    def merged(self, *mappings: dict) -> dict:
        """The mappings merged (a later one's keys win), each key standing where its value was written."""
        out: dict = {}
        for mapping in mappings:
            out.update(mapping)
            for key in mapping:
                place = self._places.get((id(mapping), key))
                if place:
                    self.note(out, key, *place)
        return out

    def error(self, container, key, message: str) -> EditionError:
        """The error to raise about ``container[key]`` (or the container itself when key is None)."""
        place = self._places.get((id(container), key)) or self._places.get((id(container), None))
        return EditionError(f"{place[0]}:{place[1]}: {message}" if place else message)


def read(path: str, text: str, schema: dict, marks: Marks) -> dict:
    """The file's data, checked against ``schema``; ``marks`` learns where its values stand."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise EditionError(f"{path}: 版本文件是空的")
        data = _data(node, loader, marks, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else path
        raise EditionError(f"{where}: 不是有效的 YAML（{exc.problem}）") from None
    except yaml.YAMLError as exc:
        raise EditionError(f"{path}: 不是有效的 YAML（{exc}）") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise EditionError(f"{path}: 版本文件应为键值表（键: 值）")
    check(data, schema, marks)
    return data


def _data(node, loader, marks: Marks, path: str):
    """The value of a YAML node, each list and mapping and each of their items noted with its line."""
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        marks.note(out, None, path, node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise EditionError(f"{path}:{key_node.start_mark.line + 1}: 键应为文字")
            key = str(key)
            if key in out:
                raise EditionError(f"{path}:{key_node.start_mark.line + 1}: 键“{key}”重复")
            out[key] = _data(value_node, loader, marks, path)
            marks.note(out, key, path, key_node.start_mark.line + 1)
            if isinstance(out[key], (dict, list)):  # a block under a key stands at its key's line
                marks.note(out[key], None, path, key_node.start_mark.line + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        items: list = []
        marks.note(items, None, path, node.start_mark.line + 1)
        for value_node in node.value:
            marks.note(items, len(items), path, value_node.start_mark.line + 1)
            items.append(_data(value_node, loader, marks, path))
        return items
    return loader.construct_object(node)


def check(value, schema, marks: Marks, container=None, key=None, name: str = "") -> None:
    """Raise EditionError at the first place where ``value`` (``container[key]``) does not fit ``schema``."""
    here = f"“{name}”" if name else "文件"
    if schema is False:  # the keys a full edition or an extension must not have
        raise marks.error(container, key, f"{here}不能出现在这里（扩展另一版本的文件用 changes 修改表格，完整的版本文件不写 changes）")
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, k) for k in kinds):
            raise marks.error(container, key, f"{here}应为{'或'.join(_TYPE_WORDS[k] for k in kinds)}")
    if isinstance(value, dict):
        _check_mapping(value, schema, marks, container, key, name)
    elif isinstance(value, list):
        count = len(value)
        if count < schema.get("minItems", 0) or count > schema.get("maxItems", count):
            size = schema.get("minItems") if schema.get("minItems") == schema.get("maxItems") else "合适"
            raise marks.error(container, key, f"{here}应有 {size} 项，而不是 {count} 项")
        fixed = schema.get("prefixItems", [])
        for index, item in enumerate(value):
            item_schema = fixed[index] if index < len(fixed) else schema.get("items", {})
            check(item, item_schema, marks, value, index, f"{name}[{index}]")


def _check_mapping(value: dict, schema: dict, marks: Marks, container, key, name: str) -> None:
    here = f"“{name}”" if name else "文件"
    if "if" in schema:
        chosen = schema["then"] if all(k in value for k in schema["if"].get("required", ())) else schema["else"]
        check(value, {k: v for k, v in schema.items() if k not in ("if", "then", "else")} | _join(schema, chosen),
              marks, container, key, name)
        return
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for item_key in value:  # an unknown key first: a misspelt key is also a missing one
        if item_key not in properties and extra is False:
            near = difflib.get_close_matches(item_key, list(properties), n=1)
            hint = f"（是否应为“{near[0]}”？）" if near else f"（可用的键：{'、'.join(properties)}）"
            raise marks.error(value, item_key, f"未知的键“{f'{name}.{item_key}' if name else item_key}”{hint}")
    for required in schema.get("required", ()):
        if required not in value:
            raise marks.error(value, None, f"{here}缺少键“{required}”")
    if len(value) < schema.get("minProperties", 0) or len(value) > schema.get("maxProperties", len(value)):
        raise marks.error(value, None, f"{here}应只写一项，如：{'、'.join(properties) or '变量: 集合名'}")
    for item_key, item in value.items():
        inner = f"{name}.{item_key}" if name else item_key
        if item_key in properties:
            check(item, properties[item_key], marks, value, item_key, inner)
        elif isinstance(extra, dict):
            check(item, extra, marks, value, item_key, inner)


def _join(schema: dict, chosen: dict) -> dict:
    """The keywords of an ``if`` branch added to the schema's own (its properties and required lists joined)."""
    return {"required": [*schema.get("required", ()), *chosen.get("required", ())],
            "properties": {**schema.get("properties", {}), **chosen.get("properties", {})}}


def _is(value, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return isinstance(value, _TYPES[kind])
