"""Composite rankings on the command line: the options of `rank --profile/--weights`, and `profiles`."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, fields

import click

from ..data.schema import AGGREGATIONS, NORMALIZATIONS
from .options import output_options


@dataclass
class CompositeRequest:
    """What `rank` was asked beyond one indicator."""

    profile: str | None
    weights: str | None
    normalize: str | None
    aggregate: str | None
    min_coverage: str | None
    uncertainty: int
    seed: int | None
    uncertainty_runs: str | None
    verbose: bool

    @property
    def requested(self) -> bool:
        return bool(self.profile or self.weights)

    def refuse_options(self) -> None:
        """Composite-only options without a profile are a mistake worth naming."""
        defaults = {"uncertainty": 0, "verbose": False}
        given = [f"--{field.name.replace('_', '-')}" for field in fields(self) if getattr(self, field.name) not in (None, defaults.get(field.name))]
        refuse_composite_only(given, ("`--profile NAME` 或 `--weights a=2,b=1`", "--profile NAME or --weights a=2,b=1"))

    def run(self, options, indicator: str | None, period: str | None) -> None:
        from ..analysis.composite import rank_composite, result_table
        from ..analysis.profiles import load_profile, profile_from_weights
        from ..core.errors import UsageError
        from ..core.i18n import Words, pick
        from ..files.atomic import refuse_overwrite

        if indicator is not None:
            raise UsageError(Words(f"请给出 `INDICATOR`（{indicator}）或 --profile/--weights，不要两者都给", f"give INDICATOR ({indicator}) or --profile/--weights, not both"))
        if self.profile and self.weights:
            raise UsageError(
                Words(
                    "请给出 --profile 或 --weights，不要两者都给；要改方案的权重，请把它复制为 .toml 文件",
                    "give --profile or --weights, not both; to change a profile's weights, copy it to a .toml file",
                )
            )
        require_uncertainty(self.uncertainty, ("--uncertainty-runs", self.uncertainty_runs), ("--seed", self.seed))
        if self.uncertainty_runs:
            refuse_overwrite(self.uncertainty_runs, options.force)
        profile = load_profile(self.profile) if self.profile else profile_from_weights(self.weights)
        profile = with_command_line_options(profile, self.normalize, self.aggregate, self.min_coverage)
        dataset = options.load()
        label = pick(("不确定性模拟", "uncertainty runs"), options.lang)
        with click.progressbar(length=self.uncertainty, label=label, file=sys.stderr, hidden=not (self.uncertainty and sys.stderr.isatty())) as bar:
            result = rank_composite(dataset, profile, period, self.uncertainty, self.seed, progress=bar.update, lang=options.lang)
        options.emit(result_table(result, options.lang, self.verbose))
        if self.uncertainty_runs and result.simulation is not None:
            _write_runs(result, self.uncertainty_runs, options.excel_safe)


def refuse_composite_only(given: list[str], how: tuple[str, str]) -> None:
    """Composite-only options given without a profile are a mistake worth naming; how says what to add, (Chinese, English)."""
    from ..core.errors import UsageError
    from ..core.i18n import Words

    if given:
        verb = "apply" if len(given) > 1 else "applies"
        raise UsageError(Words(f"{'、'.join(given)} 只用于综合排名；请加上 {how[0]}", f"{', '.join(given)} {verb} to composite rankings; add {how[1]}"))


def require_uncertainty(uncertainty: int, *options: tuple[str, object]) -> None:
    """Options that only shape the uncertainty runs, given without --uncertainty N, are a mistake worth naming."""
    from ..core.errors import UsageError
    from ..core.i18n import Words

    for option, value in options:
        if value is not None and not uncertainty:
            raise UsageError(Words(f"{option} 需要 `--uncertainty N`（模拟次数）", f"{option} needs --uncertainty N (the number of runs)"))


def with_command_line_options(profile, normalize: str | None, aggregate: str | None, min_coverage: str | None):
    """The profile with --normalize, --aggregate and --min-coverage in place of its own choices."""
    from ..analysis.profiles import parse_coverage

    coverage = None if min_coverage is None else parse_coverage(min_coverage, "--min-coverage")
    return profile.with_options(normalize, aggregate, coverage)


# Shared by `rank` and `report`, which take the same method options.
NORMALIZE_OPTION = click.option("--normalize", type=click.Choice(NORMALIZATIONS), default=None, help="Normalisation [default: the profile's, else minmax].")
AGGREGATE_OPTION = click.option("--aggregate", type=click.Choice(AGGREGATIONS), default=None, help="Weighted mean [default: the profile's, else arithmetic].")
MIN_COVERAGE_OPTION = click.option("--min-coverage", default=None, metavar="SHARE", help="Least share of the weight a park needs figures for, e.g. 0.5 or 2/3 [default: the profile's, else 2/3].")
UNCERTAINTY_OPTION = click.option("--uncertainty", type=click.IntRange(min=0), default=0, metavar="N", help="Add each park's median rank and 5-95 % rank interval over N Monte Carlo runs.")
SEED_OPTION = click.option("--seed", type=click.IntRange(min=0), default=None, help="Seed of the uncertainty runs (reproducible).")


def _write_runs(result, path: str, excel_safe: bool) -> None:
    import io

    from ..analysis.composite import runs_table
    from ..files.atomic import atomic_write
    from ..output.render import render

    fmt = {".json": "json", ".jsonl": "jsonl", ".tsv": "tsv", ".md": "markdown"}.get(path[path.rfind(".") :].lower(), "csv")
    buffer = io.StringIO()
    render(runs_table(result), fmt, "en", buffer, excel_safe_text=excel_safe)
    with atomic_write(path) as handle:
        handle.write(buffer.getvalue())


def composite_options(command):
    """Add the composite-ranking options; the command receives them as one CompositeRequest `composite`."""

    @click.option("--profile", default=None, metavar="NAME|FILE.toml", help="Rank by a composite profile: a shipped one (see `parkmetrics profiles`) or a .toml file.")
    @click.option("--weights", default=None, metavar="a=2,b=1", help="Rank by these indicators with these weights.")
    @NORMALIZE_OPTION
    @AGGREGATE_OPTION
    @MIN_COVERAGE_OPTION
    @UNCERTAINTY_OPTION
    @SEED_OPTION
    @click.option("--uncertainty-runs", type=click.Path(dir_okay=False), default=None, metavar="FILE", help="Also write one row per run (normalisation, weights) to FILE (.csv, .tsv, .json, .jsonl).")
    @click.option("--verbose", is_flag=True, help="Add each indicator's normalised score.")
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        request = CompositeRequest(**{field.name: kwargs.pop(field.name) for field in fields(CompositeRequest)})
        return command(*args, composite=request, **kwargs)

    return wrapper


@click.command()
@click.argument("profile", required=False)
@output_options
def profiles(profile, options):
    """List the shipped composite profiles, or the indicators and weights of one.

    \b
    Examples:
      parkmetrics profiles
      parkmetrics profiles innovation --lang en
      parkmetrics profiles my_profile.toml
    """
    from ..analysis.profiles import profile_table, profiles_table

    dataset = options.load()
    options.emit(profile_table(dataset, profile, options.lang) if profile else profiles_table(dataset, options.lang))
