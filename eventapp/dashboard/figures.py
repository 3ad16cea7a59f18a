"""A figure of the dashboard: labels along one axis and one or more series of whole numbers.

The same Figure is drawn as a chart (its `chart_data`, read by static/js/dashboard-charts.js),
shown as a table under the chart (`header` and `rows`) and exported as CSV or XLSX, so the
three can never disagree. Pure: no Flask, no database.
"""
from dataclasses import dataclass, field

CHART_KINDS = ("bar", "stacked", "horizontal", "line")
# Colours for series that bring none (the groups bring their own): the app's green, blue and
# orange first, then quieter ones; all readable on white.
PALETTE = ("#1f6f43", "#1d4e89", "#b5531c", "#6b4c9a", "#8a7a12", "#2a7f8f", "#9b2d4a", "#555555")


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]
    colour: str = ""


@dataclass(frozen=True)
class Figure:
    """`labels[i]` is the i-th point or bar; each series has one value per label.

    `unit` is "" for counts or a currency code for money; `note` is one sentence saying
    how the figure is counted, shown under it."""

    key: str
    title: str
    chart: str
    label_heading: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    note: str = ""
    # Extra columns for the table and the exports only (not drawn), one value per label.
    extra: tuple[Series, ...] = field(default=())

    def __post_init__(self):
        if self.chart not in CHART_KINDS:
            raise ValueError(f"unknown chart kind {self.chart!r}")
        for series in (*self.series, *self.extra):
            if len(series.values) != len(self.labels):
                raise ValueError(f"series {series.label!r} has {len(series.values)} values "
                                 f"for {len(self.labels)} labels")

    @property
    def empty(self) -> bool:
        return not self.labels or not any(any(s.values) for s in self.series)

    def header(self) -> list[str]:
        return [self.label_heading, *(s.label for s in self.series), *(s.label for s in self.extra)]

    def rows(self) -> list[list]:
        columns = [s.values for s in (*self.series, *self.extra)]
        return [[label, *(values[i] for values in columns)] for i, label in enumerate(self.labels)]

    def totals(self) -> list[int]:
        """The sum of each drawn series (the table's last line)."""
        return [sum(s.values) for s in self.series]

    def chart_data(self) -> dict:
        """What the chart script needs, as plain JSON-able values."""
        return {
            "kind": self.chart,
            "unit": self.unit,
            "labels": list(self.labels),
            "series": [
                {"label": s.label, "values": list(s.values), "colour": s.colour or PALETTE[i % len(PALETTE)]}
                for i, s in enumerate(self.series)
            ],
        }
