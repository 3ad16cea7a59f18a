"""The Figure: its table, totals and chart data agree, and a malformed one is refused."""
import pytest

from eventapp.dashboard.figure_exports import figure_csv, figure_xlsx
from eventapp.dashboard.figures import PALETTE, Figure, Series


def fees() -> Figure:
    return Figure(
        key="fees", title="Fees: billed / collected", chart="bar", label_heading="Category",
        labels=("G1", "G2"),
        series=(Series("Billed", (800_000, 200_000)), Series("Collected", (400_000, 0), "#123456")),
        unit="TZS", extra=(Series("Registrations", (2, 1)),),
    )


def test_header_rows_and_totals_follow_the_series():
    figure = fees()
    assert figure.header() == ["Category", "Billed", "Collected", "Registrations"]
    assert figure.rows() == [["G1", 800_000, 400_000, 2], ["G2", 200_000, 0, 1]]
    assert figure.totals() == [1_000_000, 400_000]
    assert not figure.empty


def test_chart_data_gives_each_series_a_colour():
    data = fees().chart_data()
    assert data["labels"] == ["G1", "G2"] and data["unit"] == "TZS" and data["kind"] == "bar"
    assert [(s["label"], s["colour"]) for s in data["series"]] == [("Billed", PALETTE[0]), ("Collected", "#123456")]


def test_a_figure_without_values_is_empty():
    figure = Figure(key="x", title="X", chart="line", label_heading="Day", labels=("a",), series=(Series("n", (0,)),))
    assert figure.empty


@pytest.mark.parametrize("changes, message", [
    ({"chart": "pie"}, "unknown chart kind"),
    ({"series": (Series("n", (1, 2, 3)),)}, "has 3 values for 2 labels"),
])
def test_a_malformed_figure_is_refused(changes, message):
    values = {"key": "x", "title": "X", "chart": "bar", "label_heading": "L", "labels": ("a", "b"),
              "series": (Series("n", (1, 2)),)} | changes
    with pytest.raises(ValueError, match=message):
        Figure(**values)


def test_exports_hold_the_table():
    import io

    from openpyxl import load_workbook

    assert figure_csv(fees()).splitlines() == ["\ufeffCategory,Billed,Collected,Registrations",
                                               "G1,800000,400000,2", "G2,200000,0,1"]
    sheet = load_workbook(io.BytesIO(figure_xlsx(fees()))).active
    assert sheet.title == "Fees billed  collected"
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Category", "Billed", "Collected", "Registrations"], ["G1", 800000, 400000, 2], ["G2", 200000, 0, 1]]
