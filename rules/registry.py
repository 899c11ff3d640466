"""The explicit list of rules, in the order their docs are listed. A new rule is added here.

The package's face (the CLI, the library API, the docs generator) reads this list and passes the rules down;
the core never imports it. The pipeline's own findings (P001–P004, P011) come from the core
(linter/rule.py) and are listed first, as they were always documented."""
from __future__ import annotations

from disclint.region import RegionSum
from disclint.rule import InternalError, NotAReport, SeveralReports, Unreadable, UnreadPages

from . import arith, balance, consistency, meta, pair, parse, structure, table, text

RULES = (
    Unreadable, NotAReport, UnreadPages, InternalError, SeveralReports, parse.NoSections,
    structure.MissingSection, structure.SectionOrder, structure.SectionNumbering, structure.HeadingWording,
    structure.EditionMismatch, structure.MissingTable, structure.DuplicateSection, structure.EmptyProblemsSection,
    structure.ProcessingFee, structure.ExtraSection, structure.CutOff, structure.StatedPartCount,
    structure.CitedFormat,
    table.MissingRow, table.BlankCells, table.EmptyTable, table.Placeholder, table.NotANumber,
    table.NegativeValue, table.NonIntegerCount, table.UnitMismatch, table.UnknownRow, table.LabelVariant,
    table.ExtraValues, table.EmptyCell, table.HeaderWording, table.RunTogether, table.MissingUnit,
    table.RulesWithoutPower, table.ValidBelowMade, table.LostLines, table.RowByPosition,
    balance.CarryOver, balance.OutcomeTotal, balance.RowTotal, balance.ReviewSuitTotal,
    arith.SavingsDifference, arith.SavingsRate, arith.PartsSum, arith.SharePercentage, arith.YearOnYear,
    consistency.ProcurementCount, consistency.ProcurementAmount, consistency.NoApplicationsClaimed,
    consistency.NoReviewClaimed, consistency.ApplicationCounts, consistency.OutcomeCounts,
    consistency.ReviewSuitCounts, consistency.DisclosureCounts, consistency.ApplicantTypes,
    consistency.AllUpheldClaimed, consistency.FeeAmount, consistency.AllProcessedClaimed, consistency.StatedTwice,
    meta.LatePublication, meta.MalformedDocumentNumber, meta.TitleWording, meta.StatisticalPeriod,
    meta.MalformedDate, meta.OtherYear, meta.HeaderYear, meta.MeasuresYear,
    text.DuplicatedWord, text.DoubledCharacter, text.BlankFigure, text.Unfilled, text.ScopeWord, text.LetterPhrase,
    text.HalfWidthPunctuation, text.EmailWithoutAt, text.UnclosedBracket,
    pair.CarryOver, pair.Stock, pair.PreviousCount, pair.Repetition,
    RegionSum,
)


def by_code() -> dict:
    return {rule.code: rule for rule in RULES}
