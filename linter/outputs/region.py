"""``disclint region``: each government's report against its departments' (linter/region.py), for people,
as JSON, or as CSV (a row per warning, with the reports summed and those missing)."""
from __future__ import annotations

from . import emit

FORMATS = ("human", "json", "csv")
COLUMNS = ("文件", "单位", "年度", "代码", "行", "列", "问题", "合计的报告", "缺少的报告", "无法读取的报告")


def human(checks) -> str:
    if not checks:
        return "未找到可以核对的上下级报告（需要本级政府的报告及其所属部门的报告，或用 --tree 指定）。\n"
    out = []
    for c in checks:
        out.append(f"{c.path}：{c.agency} {c.year} 年度，合计 {len(c.used)} 份所属单位报告"
                   + (f"，缺少 {len(c.missing)} 份" if c.missing else ""))
        out.append("  合计的报告：" + "、".join(f"{a}（{p}）" for a, p in c.used))
        if c.missing:
            out.append("  缺少报告：" + "、".join(c.missing))
        if c.unreadable:
            out.append("  无法读取或同年多份、未合计：" + "、".join(f"{a}（{p}）" for a, p in c.unreadable))
        for f in c.findings:
            out.append(f"  {c.path}:{f.line}:{f.column}: {f.code} [警告] {f.message}")
        if not c.findings:
            out.append("  表三、表四与所属单位报告之和一致")
    warnings = sum(len(c.findings) for c in checks)
    out.append(f"\n核对了 {len(checks)} 份本级政府报告，{warnings} 个警告")
    return "\n".join(out) + "\n"


def rows(checks) -> list[list]:
    out = [list(COLUMNS)]
    for c in checks:
        used = "、".join(a for a, _ in c.used)
        unread = "、".join(a or p for a, p in c.unreadable)
        for f in c.findings:
            out.append([c.path, c.agency, c.year, f.code, f.line, f.column, f.message, used, "、".join(c.missing), unread])
    return out


def write(checks, form: str, output_file: str | None) -> None:
    import csv
    import io
    import json

    from .csv import inert

    if form == "json":
        text = json.dumps({"checks": [c.to_json() for c in checks]}, ensure_ascii=False, indent=2) + "\n"
    elif form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for row in rows(checks):
            writer.writerow([inert(v) for v in row])
        text = "\ufeff" + buffer.getvalue()
    else:
        text = human(checks)
    emit(text, output_file)
