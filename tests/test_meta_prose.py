"""The meta checks of the prose (issue 19, item 5): a date whose year runs into its month (M605) and a
sentence stating the year's work under another year (M606), on generated reports of both editions, every
year and every layout, as properties; the exact cases are in tests/cases/M605.yaml and M606.yaml."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclint.api import lint_bytes
from disclint.synth import generate

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

reports = st.fixed_dictionaries({
    "seed": st.integers(0, 10**6),
    "year": st.sampled_from([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]),
    "layout": st.sampled_from(["cells", "pipes", "html", "crawler"]),
    "busy": st.booleans(),
})


def lint(options: dict, edit) -> list:
    year = options["year"]
    text = generate(edition="2019" if year < 2021 else "2021", **options).text
    edited = edit(text, year)
    assert edited != text, "the edit must change the report"
    return lint_bytes("r.html" if options["layout"] == "html" else "r.txt", edited.encode("utf-8")).findings


@SETTINGS
@given(reports, st.sampled_from(["1月1日", "12月31日"]))
def test_a_year_run_into_its_month_is_one_finding_naming_the_date(options, date):
    def edit(text, year):
        return text.replace(f"{year}年{date}", f"{year}{date}")  # every such date of the report

    findings = [f for f in lint(options, edit) if f.code == "M605"]
    assert len(findings) == 1
    assert f"应为“{options['year']}年{date}”" in findings[0].message


@SETTINGS
@given(reports, st.integers(2, 5))
def test_a_sentence_stating_the_years_work_under_an_earlier_year_is_one_warning(options, back):
    def edit(text, year):
        return text.replace("落实三审制度。", f"落实三审制度。{year - back}年制作政策解读5篇。", 1)

    findings = [f for f in lint(options, edit) if f.code == "M606"]
    assert [(f.severity, f.actual) for f in findings] == [("warning", options["year"] - back)]


@SETTINGS
@given(reports, st.integers(1, 5), st.sampled_from([
    "与{y}年相比，主动公开增加10条。", "{y}年12月31日前公开信息5条。", "{y}年以来共公开信息30条。",
    "根据《{y}年政务公开工作要点》，公开信息5条。", "{y}年受理的2件申请已于本年度办结。", "较{y}年增加政策解读5篇。",
]))
def test_a_year_that_is_a_reference_is_never_reported(options, back, sentence):
    def edit(text, year):
        return text.replace("落实三审制度。", "落实三审制度。" + sentence.format(y=year - back), 1)

    assert [f for f in lint(options, edit) if f.code == "M606"] == []


def test_a_date_whose_year_runs_into_its_month_names_its_other_places_as_the_file_has_them():
    page = generate(seed=1, year=2023, layout="html").text.replace("统计期限自2023年1月1日起至2023年12月31日止", "统计期限自20231月1日起至2023年12月31日止", 1)
    page = page.replace("落实三审制度。</p>", "落实三审制度。</p>\n\n<p>截至202312月31日，已完成整改。</p>", 1)
    second = next(n for n, line in enumerate(page.split("\n"), 1) if "截至202312月31日" in line)
    [finding] = [f for f in lint_bytes("r.html", page.encode("utf-8")).findings if f.code == "M605"]
    assert finding.message == f"日期“20231月1日”有误：年份与月份之间缺“年”，应为“2023年1月1日”（第{second}行“202312月31日”同样缺“年”）"
