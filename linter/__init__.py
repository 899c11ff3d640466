"""disclint: a compliance linter for 政府信息公开工作年度报告.

The library API (docs/api.md) is ``lint``, ``score`` (lint and score under a scorecard), ``extract``,
``template`` and ``check_bytes`` (one report given as bytes, for distributed engines: docs/scale.md, with
``disclint.scale``), and for a reviewing office ``statistics`` and ``region_sums`` (docs/office.md), imported on
first use so that the command's start-up stays lean.
"""
from .version import __version__  # noqa: F401  (the package's version, for callers)


def lint(paths, **options):
    """Lint reports; see disclint.api.lint."""
    from .api import lint as run

    return run(paths, **options)


def score(paths, *, scorecard, **options):
    """Lint reports and score them under a scorecard file; see disclint.api.score."""
    from .api import score as run

    return run(paths, scorecard=scorecard, **options)


def extract(paths, **options):
    """The tables of reports as data; see disclint.api.extract."""
    from .api import extract as run

    return run(paths, **options)


def template(edition=None, year=None, agency="某某单位", layout="cells"):
    """A compliant, zero-filled report; see disclint.api.template."""
    from .api import template as make

    return make(edition, year, agency, layout)


def check_bytes(name, data, *, config=None, edition=None):
    """The data contract's file object of one report given as bytes; see disclint.api.check_bytes."""
    from .api import check_bytes as check

    return check(name, data, config=config, edition=edition)


def statistics(paths, **options):
    """The year's figures per agency and level; see disclint.stats.run."""
    from .stats import run

    return run(paths, **options)


def region_sums(paths, **options):
    """Each government's tables against its departments' sums; see disclint.region.run."""
    from .region import run

    return run(paths, **options)
