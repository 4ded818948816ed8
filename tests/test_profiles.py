"""Profiles: every shipped one is valid, and every mistake in a profile is one line naming the fix."""

from __future__ import annotations

import re

import pytest
from helpers import REPO

from parkmetrics.analysis.profiles import load_profile, parse_profile, profile_from_weights, shipped_names
from parkmetrics.core.errors import UsageError

MINIMAL = "[indicators]\ngdp = 1\n"


def test_shipped_profiles_explain_themselves_and_resolve(bundled):
    from parkmetrics.analysis.derived import derive

    vocabulary = derive(bundled, ids=()).dataset
    assert shipped_names() == ["headline", "innovation", "land_efficiency", "productivity", "scale"]
    for name in shipped_names():
        profile = load_profile(name)
        assert profile.title and profile.title_zh and len(profile.description) > 200 and profile.scheme
        assert profile.resolve(vocabulary).ids == profile.ids  # shipped profiles name indicators by id


def test_defaults():
    profile = parse_profile(MINIMAL, "p", "p.toml")
    assert (profile.normalize, profile.aggregate, profile.min_coverage, profile.weight_noise) == ("minmax", "arithmetic", 2 / 3, 0.25)
    assert (profile.groups, profile.classes, profile.uncertainty_methods) == ((), (), ())


def test_effective_weights_with_groups():
    profile = load_profile("innovation")
    shares = profile.effective_weights()
    assert shares == pytest.approx(
        {
            "high_tech_enterprises": 0.25,
            "specialized_smes": 0.125,
            "little_giants_national": 0.125,
            "rd_intensity": 1 / 6,
            "rd_institutions": 1 / 6,
            "invention_patents": 1 / 6,
        }
    )


def test_weights_option_builds_a_profile():
    profile = profile_from_weights("a=2, b=0.5,")
    assert [(item.id, item.weight) for item in profile.indicators] == [("a", 2.0), ("b", 0.5)]


@pytest.mark.parametrize(
    "text, message",
    [
        ("[indicators\n", "profile 'p.toml' is not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 12); fix that line"),
        ("", "profile 'p.toml': no [indicators]; add a table of indicator = weight, e.g. high_tech_enterprises = 2"),
        (
            "normalise = 'minmax'\n" + MINIMAL,
            "profile 'p.toml': unknown key 'normalise'; allowed keys are title, title_zh, description, description_zh, scheme, "
            "scheme_zh, normalize, aggregate, min_coverage, groups, indicators, classes, uncertainty",
        ),
        ("normalize = 'maxmin'\n" + MINIMAL, "profile 'p.toml': normalize = 'maxmin' is not one of minmax, zscore, rank, leader, benchmark"),
        ("aggregate = 'harmonic'\n" + MINIMAL, "profile 'p.toml': aggregate = 'harmonic' is not one of arithmetic, geometric"),
        ("min_coverage = 1.5\n" + MINIMAL, "profile 'p.toml': min_coverage must be a share of the weight between 0 and 1, such as 0.5 or '2/3' (got 1.5)"),
        ("[indicators]\ngdp = 0\n", "profile 'p.toml': indicators.gdp.weight must be a positive number (got 0)"),
        ("[indicators]\ngdp = { group = 'x' }\n", "profile 'p.toml': indicators.gdp.weight is missing; give every indicator a positive weight"),
        ("[indicators]\ngdp = { weight = 1, sign = '-' }\n", "profile 'p.toml': unknown key 'indicators.gdp.sign'; allowed keys are weight, group, direction, normalize, benchmark"),
        ("[indicators]\ngdp = { weight = 1, direction = 'up' }\n", "profile 'p.toml': indicators.gdp.direction = 'up' is not one of higher, lower"),
        ("[indicators]\ngdp = { weight = 1, group = 'size' }\n", "profile 'p.toml': indicators.gdp.group = 'size' but the profile has no [groups]; declare it there"),
        ("[groups]\nsize = 1\n[indicators]\ngdp = 1\n", "profile 'p.toml': indicators.gdp has no group; with [groups], give every indicator group = one of size"),
        ("[groups]\nsize = 1\n[indicators]\ngdp = { weight = 1, group = 'sise' }\n", "profile 'p.toml': indicators.gdp.group = 'sise' is not one of the [groups] (size); name a declared group"),
        ("[groups]\nsize = 1\nempty = 1\n[indicators]\ngdp = { weight = 1, group = 'size' }\n", "profile 'p.toml': group(s) empty have no indicator; remove them or assign indicators"),
        (
            "[indicators]\ngdp = { weight = 1, normalize = 'benchmark' }\n",
            "profile 'p.toml': benchmark normalisation needs a benchmark value for gdp; add `benchmark = …` to those indicators in the profile or choose another --normalize",
        ),
        ("[indicators]\ngdp = { weight = 1, benchmark = -2 }\n", "profile 'p.toml': indicators.gdp.benchmark must be a positive number (got -2)"),
        (MINIMAL + "[classes]\nA = 0.5\nB = 0.2\n", "profile 'p.toml': [classes] must list labels best first with falling quantiles from below 1 down to 0, e.g. A = 0.8, B = 0.3, C = 0.05, D = 0"),
        (MINIMAL + "[uncertainty]\nweight_noise = 1.5\n", "profile 'p.toml': uncertainty.weight_noise must be a number from 0 to below 1 (0.25 means ±25 %)"),
        (MINIMAL + "[uncertainty]\nnormalize = ['minmax', 'log']\n", "profile 'p.toml': uncertainty.normalize must be a list of minmax, zscore, rank, leader, benchmark"),
    ],
)
def test_profile_mistakes_name_the_key_and_the_fix(text, message):
    with pytest.raises(UsageError) as caught:
        parse_profile(text, "p", "p.toml")
    assert str(caught.value) == message


def test_a_missing_profile_file(tmp_path):
    with pytest.raises(UsageError, match=r"^cannot read profile '.*nothere.toml' \(No such file or directory\); give an existing"):
        load_profile(str(tmp_path / "nothere.toml"))


def test_a_profile_naming_an_indicator_twice(bundled):
    profile = parse_profile("[indicators]\ngdp = 1\nGDP = 2\n", "twice", "twice.toml")
    with pytest.raises(UsageError, match="^profile 'twice' names gdp twice; keep one entry per indicator$"):
        profile.resolve(bundled)


def test_the_documented_keys_example_is_a_valid_profile():
    text = (REPO / "docs" / "profiles.md").read_text(encoding="utf-8")
    example = re.search(r"## Keys\n\n```toml\n(.*?)```", text, re.S).group(1)
    profile = parse_profile(example, "example", "docs/profiles.md")
    assert [item.id for item in profile.indicators] == ["high_tech_enterprises", "invention_patents", "tax_intensity", "gdp"]
    assert profile.indicators[1].normalize == "rank" and profile.indicators[2].benchmark == 1
    assert profile.classes == (("A", 0.8), ("B", 0.3), ("C", 0.05), ("D", 0.0))
