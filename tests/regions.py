"""A generated region for the reviewing office's commands (tests/test_region.py, tests/test_stats.py): a county
government, its departments and its townships, for two years, every report compliant and its figures known
(disclint.synth). The county's tables 三 and 四 are the sums of its departments' (not its townships': they are
governments of their own level), as a county's report as a whole is.
"""
from __future__ import annotations

from disclint.editions import edition_for_year, load
from disclint.synth import generate

COUNTY = "某某县人民政府"
DEPARTMENTS = ("某某县人民政府办公室", "某某县教育局", "某某县财政局", "某某县民政局")
TOWNSHIPS = ("某某县城关镇", "某某县新华街道")
YEARS = (2022, 2023)


def summed_cells(edition: str) -> list[str]:
    """The cells of tables 三 and 四 of an edition (every one a count that adds over departments)."""
    template = load(edition)
    return [c for table in ("s3", "s4") for c in template.tables[table].cells]


def write_region(folder, years=YEARS, departments=DEPARTMENTS, townships=TOWNSHIPS, seed=0, figures=None,
                 edits=None) -> dict:
    """Write the region's reports to ``folder`` as ``YEAR-AGENCY.txt``; returns (agency, year) → Synthetic.
    ``figures``: (agency, year) → cells written instead of drawn ones; ``edits``: (agency, year) → [(old, new)]
    replacements of its text (a late date, a broken cell)."""
    made = {}
    for year in years:
        edition = edition_for_year(year)
        for k, agency in enumerate((*departments, *townships)):
            made[agency, year] = generate(seed + 10 * k + year, edition, year, agency=agency,
                                          figures=(figures or {}).get((agency, year)))
        county = {c: sum(made[d, year].values[c] for d in departments) for c in summed_cells(edition)}
        county.update((figures or {}).get((COUNTY, year), {}))
        made[COUNTY, year] = generate(seed + year, edition, year, agency=COUNTY, figures=county)
    for (agency, year), synthetic in made.items():
        text = synthetic.text
        for old, new in (edits or {}).get((agency, year), ()):
            assert old in text, old
            text = text.replace(old, new, 1)
        (folder / f"{year}-{agency}.txt").write_text(text, encoding="utf-8")
    return made
