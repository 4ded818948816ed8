"""Derived indicators: computed only from inputs of the same scope and matching periods, never estimated."""

from __future__ import annotations

import pytest
from helpers import FIXTURES, REPO

from parkmetrics.analysis.derived import DERIVATIONS, RATIO_QUALIFIER, derive
from parkmetrics.core.figures import APPROX, AT_LEAST, AT_MOST, EXACT
from parkmetrics.data.loading import load

SMALL = FIXTURES / "composite_small"


def derived_rows(dataset, park):
    frame = derive(dataset).dataset.observations
    frame = frame[(frame["park"] == park) & (frame["formula"] != "")]
    return [(row.indicator, row.period, row.scope, row.qualifier, row.canonical_value, row.canonical_unit, row.raw) for row in frame.itertuples()]


def test_derived_figures_of_the_fixture():
    dataset = load([str(SMALL)])
    # a: output 10亿元 (2022) over area 2平方公里 (as of 2022-12, inside 2022), and employees 1000人 (as of 2022-06).
    assert derived_rows(dataset, "a") == [
        ("output_value_per_mu", "2022", "park", EXACT, pytest.approx(10 * 10000 / (2 * 1500)), "万元/亩", "10亿元 ÷ 2平方公里"),
        ("output_value_per_km2", "2022", "park", EXACT, 5.0, "亿元/平方公里", "10亿元 ÷ 2平方公里"),
        ("output_per_employee", "2022", "park", EXACT, 100.0, "万元/人", "10亿元 ÷ 1000人"),
    ]
    # b's area is stated as of 2023-03, outside its output's year: nothing is derived, and it is said why.
    assert derived_rows(dataset, "b") == []
    skipped = derive(dataset).skipped
    assert skipped[skipped["park"] == "b"].to_dict("records") == [
        {"park": "b", "indicator": "output_value_per_mu", "scope": "park", "reason": "periods do not match (output_value 2022; area 2023-03)"},
        {"park": "b", "indicator": "output_value_per_km2", "scope": "park", "reason": "periods do not match (output_value 2022; area 2023-03)"},
    ]


def test_an_older_flow_is_not_paired_with_a_later_stock():
    dataset = load([str(SMALL)])
    frame = derive(dataset).dataset.observations
    assert not ((frame["park"] == "a") & (frame["period"] == "2021") & (frame["formula"] != "")).any()


def test_bundled_derived_figures_keep_scope_sources_and_quotes(bundled):
    frame = derive(bundled).dataset.observations
    derived = frame[frame["formula"] != ""]
    assert derived[["park", "indicator", "period", "scope", "raw", "source"]].to_dict("records") == [
        {"park": "changde", "indicator": "tax_share_of_output", "period": "2021", "scope": "医药化工产业链", "raw": "2.78亿元 ÷ 107.75亿元", "source": "changde-2023-01-05"},
        {"park": "changde", "indicator": "party_member_share", "period": "2023-01", "scope": "医药化工产业链", "raw": "537名 ÷ 5330名", "source": "changde-2023-01-05"},
    ]
    assert derived["canonical_value"].tolist() == [pytest.approx(2.78 / 107.75 * 100), pytest.approx(537 / 5330 * 100)]
    assert derived["value"].tolist() == ["2.58004640371", "10.0750469043"]  # the number as text, as stored figures hold it


@pytest.mark.parametrize(
    "numerator, denominator, expected",
    [
        (EXACT, EXACT, EXACT),
        (AT_LEAST, EXACT, AT_LEAST),
        (EXACT, AT_LEAST, AT_MOST),
        (AT_MOST, EXACT, AT_MOST),
        (EXACT, AT_MOST, AT_LEAST),
        (AT_LEAST, AT_MOST, AT_LEAST),
        (APPROX, EXACT, APPROX),
        (AT_LEAST, AT_LEAST, None),
        (AT_MOST, AT_MOST, None),
        (APPROX, AT_LEAST, None),
    ],
)
def test_qualifier_of_a_ratio_follows_from_its_inputs(numerator, denominator, expected):
    assert RATIO_QUALIFIER.get((numerator, denominator)) == expected


def test_two_lower_bounds_give_no_derived_figure(tmp_path):
    from helpers import copy_dataset

    copy = copy_dataset(SMALL, tmp_path / "data")
    with open(copy / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("c,output_value,2023,park,actual,at_least,超50亿元,50,亿元,fixture,丙园区2023年产值超50亿元,\n")
        handle.write("c,area,2023-12,park,actual,at_least,3余平方公里,3,平方公里,fixture,丙园区面积3余平方公里,\n")
        handle.write("c,employees,2023-12,park,actual,exact,2000人,2000,人,fixture,丙园区员工2000人,\n")
    dataset = load([str(copy)])
    rows = derived_rows(dataset, "c")
    assert rows == [("output_per_employee", "2023", "park", AT_LEAST, 250.0, "万元/人", "超50亿元 ÷ 2000人")]
    skipped = derive(dataset).skipped
    assert skipped[skipped["park"] == "c"]["reason"].tolist() == [
        "超50亿元 ÷ 3余平方公里: the bounds give no bound for the ratio",
        "超50亿元 ÷ 3余平方公里: the bounds give no bound for the ratio",
    ]


def test_show_derived(run):
    result = run("show", "changde", "--derived", "-f", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "indicator,value,unit,qualifier,period,scope,status,formula"
    assert lines[-2:] == [
        "tax_share_of_output,2.58004640371,%,exact,2021,医药化工产业链,actual,tax_revenue ÷ output_value",
        "party_member_share,10.0750469043,%,exact,2023-01,医药化工产业链,actual,party_members ÷ employees",
    ]
    table = run("show", "changde", "--derived", "-f", "markdown", "--lang", "en").stdout
    assert "| Party members' share of employees | 10.1 | % | 2023-01 | 医药化工产业链 | actual | party_members ÷ employees |" in table
    assert ("not derived: changde output_per_employee (医药化工产业链): periods do not match (output_value 2021, 2022-01/2022-11; employees 2023-01)") in table


def test_show_without_derived_is_unchanged(run):
    assert "formula" not in run("show", "changde", "-f", "csv").stdout


def test_compare_derived_marks_rows_and_accepts_derived_names(run):
    result = run("compare", "changde", "jinzhong", "--derived", "--indicators", "人均产值,party_member_share", "-f", "markdown", "--lang", "en")
    assert "| Party members' share of employees ƒ | % | 10.1 (2023-01)† |  |  | not in both |" in result.stdout
    assert "ƒ derived: computed from two stored figures of the same scope and matching periods" in result.stdout


def test_every_derivation_is_documented():
    text = (REPO / "docs" / "indicators.md").read_text(encoding="utf-8")
    for d in DERIVATIONS:
        assert f"| `{d.id}` | {d.name_zh} | {d.name_en} | {d.unit} | {d.formula} | {d.direction} | {d.definition} |" in text


@pytest.mark.usefixtures("english")
def test_a_dataset_may_not_reuse_a_derived_id(dataset_copy, run):
    with open(dataset_copy / "indicators.csv", "a", encoding="utf-8") as handle:
        handle.write("tax_per_mu,亩均税收,Tax per mu,万元/亩,ratio,higher,,Tax per mu.\n")
    result = run("show", "changde", "--derived", "--data", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (2, ("error: indicator id(s) tax_per_mu are reserved for derived indicators; rename them in indicators.csv\n"))


def test_a_derived_ratio_is_shown_to_the_precision_of_its_inputs(run):
    from parkmetrics.analysis.derived import shown_digits

    table = run("show", "changde", "--derived", "-f", "markdown", "--lang", "en").stdout
    assert "| Tax revenue as a share of output value | 2.58 | % | 2021 |" in table  # 2.78 ÷ 107.75: three digits
    assert "| Party members' share of employees | 10.1 | % | 2023-01 |" in table  # 537 ÷ 5330, not 10.075
    machine = run("show", "changde", "--derived", "-f", "csv").stdout
    assert "tax_share_of_output,2.58004640371,%" in machine  # machine formats keep the computed value
    assert [shown_digits(raw) for raw in ("2.78亿元 ÷ 107.75亿元", "537名 ÷ 5330名", "0.25亿元 ÷ 7.8275平方公里", "超140亿元 ÷ 35家", "十二家 ÷ 3家")] == [3, 3, 2, 2, 6]
