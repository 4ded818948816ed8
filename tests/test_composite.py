"""Composite rankings on a four-park fixture whose every score is worked out by hand below.

tests/fixtures/composite_small (whole-park actual figures used by default):

    park  output_value (亿元, 2022)  invention_patents (件)  energy_intensity (lower is better)
    a     10 (8 in 2021)            30                      0.4
    b     20                        10                      0.2
    c     30                        >15 (15余件)            0.6
    d     40                        5, part zone 一期 only   none

With weights output 2, patents 1, energy 1 (shares 1/2, 1/4, 1/4), d covers 1/2 of the
weight and is screened out at the default minimum of 2/3; a, b and c are normalised:

    minmax     output 0, 50, 100      patents 100, 0, 25        energy 50, 100, 0
    rank       output 0, 50, 100      patents 100, 0, 50        energy 50, 100, 0
    zscore     output -1, 0, 1        patents (x - 55/3) / sd   energy 0, 1, -1
    leader     output 100/3, 200/3, 100   patents 100, 100/3, 50   energy 50, 100, 100/3
    benchmark  output 50, 100, 150    patents 150, 50, 75       energy 100, 200, 200/3
"""

from __future__ import annotations

import json
import math
import statistics

import pytest
from helpers import EIGHT_PARKS, FIXTURES, extended_copy

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

SMALL = str(FIXTURES / "composite_small")
PROFILES = FIXTURES / "profiles"
WEIGHTS = "output_value=2,invention_patents=1,energy_intensity=1"
D_NOT_RANKED = ',d,,50,,"not ranked: coverage 50 % is below 66.7 %; lacks invention_patents (only part-zone figures (一期)), energy_intensity (no figure)"\n'
D_WARNING = "warning: 1 park(s) not ranked: their figures cover less than 66.7 % of the weight; they are listed last with the reason\n"

PATENT_SD = statistics.stdev([30, 10, 15])
PATENT_Z = [(value - 55 / 3) / PATENT_SD for value in (30, 10, 15)]


def rank(run, *args):
    return run("rank", "--data", SMALL, *args, "-f", "csv", "--lang", "en")


def scores(stdout: str) -> dict[str, float]:
    lines = stdout.splitlines()[1:]
    return {cells[1]: float(cells[2]) for cells in (line.split(",") for line in lines) if cells[0]}


def test_minmax_arithmetic_csv_is_exact(run):
    result = rank(run, "--weights", WEIGHTS)
    assert result.exit_code == 0
    assert result.stdout == (
        "rank,park,score,coverage,inexact,note\n"
        "1,c,56.25,100,invention_patents >15,\n"  # (2*100 + 25 + 0) / 4
        "2,b,50,100,,\n"  # (2*50 + 0 + 100) / 4
        "3,a,37.5,100,,\n" + D_NOT_RANKED  # (2*0 + 100 + 50) / 4
    )
    assert result.stderr == D_WARNING


@pytest.mark.parametrize(
    "method, expected",
    [
        ("minmax", {"a": (0 + 100 + 50) / 4, "b": (100 + 0 + 100) / 4, "c": (200 + 25 + 0) / 4}),
        ("rank", {"a": (0 + 100 + 50) / 4, "b": (100 + 0 + 100) / 4, "c": (200 + 50 + 0) / 4}),
        ("zscore", {"a": (-2 + PATENT_Z[0] + 0) / 4, "b": (0 + PATENT_Z[1] + 1) / 4, "c": (2 + PATENT_Z[2] - 1) / 4}),
        ("leader", {"a": (200 / 3 + 100 + 50) / 4, "b": (400 / 3 + 100 / 3 + 100) / 4, "c": (200 + 50 + 100 / 3) / 4}),
    ],
)
def test_every_normalisation_with_arithmetic_mean(run, method, expected):
    result = rank(run, "--weights", WEIGHTS, "--normalize", method)
    assert scores(result.stdout) == {park: round(value, 4) for park, value in expected.items()}


def test_benchmark_normalisation_from_a_profile(run):
    result = rank(run, "--profile", str(PROFILES / "benchmark.toml"))
    expected = {"b": (2 * 100 + 50 + 200) / 4, "c": (2 * 150 + 75 + 200 / 3) / 4, "a": (2 * 50 + 150 + 100) / 4}
    assert scores(result.stdout) == {park: round(value, 4) for park, value in expected.items()}
    assert list(scores(result.stdout)) == ["b", "c", "a"]


def test_geometric_mean_lifts_zero_scores_and_says_so(run):
    result = run("rank", "--data", SMALL, "--weights", WEIGHTS, "--aggregate", "geometric", "-f", "markdown", "--lang", "en")
    # minmax scores include 0, so every score is raised by 1 before the geometric mean and lowered after.
    expected = {
        "c": (101**2 * 26 * 1) ** 0.25 - 1,
        "b": (51**2 * 1 * 101) ** 0.25 - 1,
        "a": (1**2 * 101 * 51) ** 0.25 - 1,
    }
    rows = [line.split(" | ") for line in result.stdout.splitlines()[2:5]]
    assert [(row[1], float(row[2])) for row in rows] == [(f"Park {park.upper()}", round(value, 4)) for park, value in expected.items()]
    assert "geometric mean of the normalised scores plus 1 (lifting the lowest to 1), minus 1 again  " in result.stdout


def test_geometric_mean_of_positive_scores_needs_no_shift(run):
    result = rank(run, "--weights", WEIGHTS, "--aggregate", "geometric", "--normalize", "leader")
    assert scores(result.stdout)["a"] == round(((100 / 3) ** 2 * 100 * 50) ** 0.25, 4)


def test_geometric_mean_of_z_scores_does_not_crash(run):
    result = rank(run, "--weights", WEIGHTS, "--aggregate", "geometric", "--normalize", "zscore")
    assert result.exit_code == 0
    assert list(scores(result.stdout)) == ["c", "b", "a"]
    assert all(math.isfinite(value) for value in scores(result.stdout).values())


def test_groups_are_aggregated_first(run):
    result = rank(run, "--profile", str(PROFILES / "groups.toml"))
    # size (output) weighs 3, quality (mean of patents and energy) 1; d has the size group, 3/4 of the
    # weight, so it is ranked, on size alone, and output is normalised over four parks: 0, 100/3, 200/3, 100.
    expected = {"d": 100, "c": (3 * 200 / 3 + (25 + 0) / 2) / 4, "b": (3 * 100 / 3 + (0 + 100) / 2) / 4, "a": (3 * 0 + (100 + 50) / 2) / 4}
    assert scores(result.stdout) == expected


def test_lower_coverage_ranks_d_on_the_figure_it_has(run):
    result = rank(run, "--weights", WEIGHTS, "--min-coverage", "1/2")
    # Now four parks share the output scale (10..40): 0, 100/3, 200/3, 100; d is scored on output alone.
    assert result.stdout == (
        "rank,park,score,coverage,inexact,note\n"
        '1,d,100,50,,"weights re-scaled without invention_patents (only part-zone figures (一期)), energy_intensity (no figure)"\n'
        f"2,b,{round((200 / 3 + 0 + 100) / 4, 4)},100,,\n"
        f"3,c,{round((400 / 3 + 25 + 0) / 4, 4)},100,invention_patents >15,\n"
        "4,a,37.5,100,,\n"
    )
    assert result.stderr == ""


def test_verbose_shows_each_normalised_score_value_and_period(run):
    result = rank(run, "--weights", "output_value=1,energy_intensity=1", "--verbose")
    lines = result.stdout.splitlines()
    assert lines[0] == ("rank,park,score,coverage,inexact,output_value.score,output_value.value,output_value.period,energy_intensity.score,energy_intensity.value,energy_intensity.period,note")
    assert lines[1:4] == [
        "1,b,75,100,,50,20,2022,100,0.2,2022,",
        "2,c,50,100,,100,30,2022,0,0.6,2022,",
        "3,a,25,100,,0,10,2022,50,0.4,2022,",
    ]


def test_period_fixes_the_year(run):
    result = rank(run, "--weights", "output_value=1", "--period", "2021", "--verbose")
    assert result.stdout.splitlines()[1] == "1,a,50,100,,50,8,2021,"
    assert result.stdout.splitlines()[2] == ",b,,0,,,,,not ranked: coverage 0 % is below 66.7 %; lacks output_value (no figure for 2021)"
    assert result.stderr == "warning: only one park is ranked (a); its score compares it with no other park\n" + D_WARNING.replace("1 park(s)", "3 park(s)")


def test_a_partial_year_is_never_ranked_with_full_years(run, tmp_path):
    copy = extended_copy(FIXTURES / "composite_small", tmp_path / "data", observations=["b,output_value,2023-01/2023-06,park,actual,exact,12亿元,12,亿元,fixture,乙园区2023年上半年产值12亿元,"])
    result = run("rank", "--data", str(copy), "--weights", WEIGHTS, "--verbose", "-f", "csv", "--lang", "en")
    # b's later half-year figure is not set against the others' full years: b is scored on its 2022 figure.
    assert result.stdout.splitlines()[1:4] == [
        "1,c,56.25,100,invention_patents >15,100,30,2022,25,15,2022-12,0,0.6,2022,",
        "2,b,50,100,,50,20,2022,0,10,2022-12,100,0.2,2022,",
        "3,a,37.5,100,,0,10,2022,100,30,2022-12,50,0.4,2022,",
    ]
    assert result.stderr == D_WARNING


def test_bounds_are_flagged_in_human_output(run):
    result = run("rank", "--data", SMALL, "--weights", WEIGHTS, "-f", "markdown", "--lang", "en")
    assert "| 1 | Park C | 56.25 | 100 | invention_patents >15 |" in result.stdout
    assert "bounds (超, 余) and approximate figures enter at their stated value; see column inexact" in result.stdout


def test_direction_reversal_reverses_a_single_indicator_ranking(run):
    default = rank(run, "--weights", "energy_intensity=1")
    reversed_ = rank(run, "--profile", str(PROFILES / "direction_override.toml"))
    assert list(scores(default.stdout)) == ["b", "a", "c"]
    assert list(scores(reversed_.stdout)) == ["c", "a", "b"]


def test_classes_split_at_the_score_quantile(run):
    result = run("rank", "--data", SMALL, "--profile", str(PROFILES / "classes.toml"), "-f", "json")
    records = json.loads(result.stdout)
    assert [(r["park"], r["class"]) for r in records] == [("c", "A"), ("b", "A"), ("a", "B"), ("d", None)]


def test_uncertainty_without_noise_or_method_choice_reproduces_the_nominal_ranks(run, tmp_path):
    runs = tmp_path / "runs.json"
    result = run("rank", "--data", SMALL, "--profile", str(PROFILES / "fixed_runs.toml"), "--uncertainty", "50", "--seed", "3", "--uncertainty-runs", str(runs), "-f", "csv")
    assert result.stdout.splitlines()[:4] == [
        "rank,park,score,coverage,rank_median,rank_low,rank_high,inexact,note",
        "1,c,56.25,100,1,1,1,invention_patents >15,",
        "2,b,50,100,2,2,2,,",
        "3,a,37.5,100,3,3,3,,",
    ]
    records = json.loads(runs.read_text(encoding="utf-8"))
    assert len(records) == 50
    assert records[0] == {"run": 1, "normalize": "minmax", "weight.output_value": 0.5, "weight.invention_patents": 0.25, "weight.energy_intensity": 0.25, "first": "c"}


def test_uncertainty_is_reproducible_with_a_seed(run, tmp_path):
    args = ("--weights", WEIGHTS, "--uncertainty", "300", "--seed", "7")
    first, second = rank(run, *args), rank(run, *args)
    assert first.stdout == second.stdout
    assert first.stderr == second.stderr == D_WARNING
    for line in first.stdout.splitlines()[1:4]:
        median, low, high = (int(cell) for cell in line.split(",")[4:7])
        assert 1 <= low <= median <= high <= 3


def test_uncertainty_without_seed_says_which_seed_it_drew(run):
    result = rank(run, "--weights", WEIGHTS, "--uncertainty", "20")
    first = result.stderr.splitlines()[0]
    assert first.startswith("warning: rank intervals drawn with seed ") and "pass --seed " in first


def test_uncertainty_runs_file_is_not_overwritten_without_force(run, tmp_path):
    target = tmp_path / "runs.csv"
    target.write_text("precious", encoding="utf-8")
    args = ("--weights", WEIGHTS, "--uncertainty", "10", "--seed", "1", "--uncertainty-runs", str(target))
    refused = rank(run, *args)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert target.read_text(encoding="utf-8") == "precious"
    forced = rank(run, *args, "--force")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert forced.exit_code == 0
    assert lines[0] == "run,normalize,weight.output_value,weight.invention_patents,weight.energy_intensity,first"
    assert len(lines) == 11
    for line in lines[1:]:
        cells = line.split(",")
        assert cells[1] in ("minmax", "zscore", "rank", "leader")
        assert sum(float(cell) for cell in cells[2:5]) == pytest.approx(1, abs=1e-5)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--profile", str(PROFILES / "unknown_indicator.toml")],
            "error: profile 'unknown_indicator': unknown indicator 'invention_patent'; did you mean invention_patents, invention_patents_growth? run `parkmetrics indicators` to see them all\n",
        ),
        (["--weights", "output_value=2,patents"], "error: --weights: 'patents' is not name=weight; write e.g. high_tech_enterprises=2,invention_patents=1\n"),
        (["--weights", "output_value=-1"], "error: --weights: weight of 'output_value' must be a positive number (got '-1')\n"),
        (["--weights", "output_value=1", "--min-coverage", "3/2"], "error: --min-coverage must be a share of the weight between 0 and 1, such as 0.5 or '2/3' (got '3/2')\n"),
        (
            ["--weights", "output_value=1", "--normalize", "benchmark"],
            "error: --normalize benchmark: benchmark normalisation needs a benchmark value for output_value; add `benchmark = …` to those indicators in the profile or choose another --normalize\n",
        ),
        (
            ["--profile", "nosuch"],
            "error: unknown profile 'nosuch'; shipped profiles are headline, innovation, land_efficiency, productivity, scale (see `parkmetrics profiles`), or give a .toml file\n",
        ),
        (["output_value", "--weights", "output_value=1"], "error: give INDICATOR (output_value) or --profile/--weights, not both\n"),
        (["--profile", "scale", "--weights", "gdp=1"], "error: give --profile or --weights, not both; to change a profile's weights, copy it to a .toml file\n"),
        ([], "error: name an INDICATOR, or rank by several with --profile NAME or --weights a=2,b=1\n"),
        (["output_value", "--normalize", "zscore", "--verbose"], "error: --normalize, --verbose apply to composite rankings; add --profile NAME or --weights a=2,b=1\n"),
        (["--weights", "output_value=1", "--uncertainty-runs", "runs.csv"], "error: --uncertainty-runs needs --uncertainty N (the number of runs)\n"),
        (["--weights", "output_value=1", "--seed", "7"], "error: --seed needs --uncertainty N (the number of runs)\n"),
    ],
)
def test_composite_usage_errors_are_one_line_with_exit_2(run, args, message):
    result = run("rank", "--data", SMALL, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_leader_normalisation_refuses_a_non_positive_leader(run, tmp_path):
    copy = extended_copy(
        FIXTURES / "composite_small",
        tmp_path / "data",
        indicators=["output_value_growth,产值增速,Output value growth,%,rate,higher,,Growth."],
        observations=["a,output_value_growth,2022,park,actual,exact,-3%,-3,%,fixture,甲园区产值增速-3%,"],
    )
    result = run("rank", "--data", str(copy), "--weights", "output_value_growth=1", "--normalize", "leader")
    assert (result.exit_code, result.stderr) == (
        2,
        ("error: distance to the leader needs a positive best value, and output_value_growth's best is -3; choose another --normalize (minmax, zscore or rank work on any figures)\n"),
    )


def test_derived_indicators_can_be_ranked(run):
    result = rank(run, "--weights", "output_value_per_km2=1", "--verbose")
    assert result.stdout.splitlines()[1] == "1,a,50,100,,50,5,2022,"
    assert result.stdout.splitlines()[2] == (",b,,0,,,,,not ranked: coverage 0 % is below 66.7 %; lacks output_value_per_km2 (periods do not match (output_value 2022; area 2023-03))")


def test_composite_table_is_a_plain_api_for_reports():
    from parkmetrics.analysis.composite import composite_table
    from parkmetrics.analysis.profiles import load_profile
    from parkmetrics.data.loading import load

    bundled = load([str(EIGHT_PARKS)])
    table = composite_table(bundled, "innovation", "en")
    assert [row["park"] for row in table.rows] == ["changde", "jinzhong", "tianfu", "ganjiang", "qianjiang", "suzhou", "longling", "changfeng"]
    assert [row.get("rank") for row in table.rows] == [None] * 8
    lowered = composite_table(bundled, load_profile("innovation").with_options(min_coverage=0.5), "en")
    assert [(row["rank"], row["park"], row["score"], row["coverage"]) for row in lowered.rows[:2]] == [(1, "jinzhong", 75.0, 50.0), (2, "qianjiang", 25.0, 58.3)]


def test_innovation_on_the_bundled_data(run):
    result = run("rank", "--profile", "innovation", "--min-coverage", "0.5", "-f", "csv")
    assert result.stdout.splitlines()[:4] == [
        "rank,park,score,coverage,inexact,note",
        # firms: the most high-tech enterprises (>2,100), 专精特新 (>700) and little giants (108): (2*100 + 100 + 100) / 4.
        '1,beijing-etdz,100,50,"high_tech_enterprises >2,100; specialized_smes >700","weights re-scaled without rd_intensity (no figure), rd_institutions (no figure), invention_patents (no figure)"',
        # firms: high-tech 0 (the fewest, 50); research: R&D institutions 50, patents 50 (each alone among the ranked); (0 + 50) / 2.
        '2,qianjiang,25,58.3,,"weights re-scaled without specialized_smes (no figure), little_giants_national (no figure), rd_intensity (no figure)"',
        # firms: high-tech (170 - 50) / (2,100 - 50) = 5.8537, the fewest 专精特新 and little giants: 2 * 5.8537 / 4.
        '3,jinzhong,2.9268,50,,"weights re-scaled without rd_intensity (no figure), rd_institutions (no figure), invention_patents (no figure)"',
    ]


def test_profiles_lists_the_shipped_profiles(run):
    result = run("profiles", "-f", "csv")
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["profile", "headline", "innovation", "land_efficiency", "productivity", "scale"]


def test_profiles_shows_one_profile(run):
    result = run("profiles", "land_efficiency", "-f", "csv")
    assert result.stdout.splitlines() == [
        "indicator,weight,share,direction,normalize,benchmark,unit,formula",
        "tax_intensity,3,37.5,higher,leader,,万元/亩,",
        "value_added_intensity,2,25,higher,leader,,万元/亩,",
        "output_intensity,1,12.5,higher,leader,,万元/亩,",
        "labour_productivity,1,12.5,higher,leader,,万元/人,",
        "energy_intensity,1,12.5,lower,leader,,吨标准煤/万元,",
    ]
    grouped = run("profiles", "innovation", "-f", "csv").stdout.splitlines()
    assert grouped[0] == "group,group_weight,indicator,weight,share,direction,normalize,benchmark,unit,formula"
    assert grouped[1] == "firms,1,high_tech_enterprises,2,25,higher,minmax,,家,"
    derived = run("profiles", "productivity", "-f", "csv").stdout.splitlines()
    assert derived[1] == "gdp_per_km2,2,33.3,higher,minmax,,亿元/平方公里,gdp ÷ area"


def test_profiles_markdown_explains_the_scheme(run):
    text = run("profiles", "land_efficiency", "-f", "markdown", "--lang", "en").stdout
    assert "亩均效益综合评价" in text and "classes by score quantile: A ≥ 0.8, B ≥ 0.3, C ≥ 0.05, D ≥ 0" in text


@pytest.mark.parametrize("name", ["headline", "scale", "innovation", "land_efficiency", "productivity"])
def test_every_shipped_profile_runs_on_the_eight_parks(run, name):
    result = run("rank", "--profile", name, "--uncertainty", "50", "--seed", "1", "-f", "json", "--data", str(EIGHT_PARKS))
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert sorted(record["park"] for record in records) == ["changde", "changfeng", "ganjiang", "jinzhong", "longling", "qianjiang", "suzhou", "tianfu"]
    assert all(record["coverage"] is not None for record in records)


def test_uncertainty_needs_a_method_the_figures_allow(run, tmp_path):
    profile = tmp_path / "benchmark_only.toml"
    profile.write_text("[indicators]\noutput_value = 1\n[uncertainty]\nnormalize = ['benchmark']\n", encoding="utf-8")
    result = rank(run, "--profile", str(profile), "--uncertainty", "10")
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "error: no normalisation the uncertainty runs may draw from works on these figures (benchmark is left out of "
            "the uncertainty runs: benchmark normalisation needs a benchmark value for output_value); add minmax, zscore "
            "or rank to [uncertainty] normalize in the profile\n"
        ),
    )
