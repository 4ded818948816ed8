"""Composite-ranking profiles: which indicators, weighted how, normalised and aggregated how.

A profile is a TOML file (docs/profiles.md). The shipped ones live in
`parkmetrics/analysis/profiles/`; `--profile FILE.toml` reads the user's own, and
`--weights a=2,b=1` builds one on the spot. Every mistake in a profile is
reported with the key it concerns and how to fix it, before anything is
computed.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path

from ..core.errors import UsageError
from ..core.i18n import Words, chinese, codes, joined, pick, term
from ..core.table import HUMAN, MACHINE, Column, Table
from ..data.schema import AGGREGATIONS, NORMALIZATIONS
from ..files.limits import read_limited

DIRECTIONS = ("higher", "lower")
DEFAULT_NORMALIZATION = "minmax"
DEFAULT_AGGREGATION = "arithmetic"
DEFAULT_MIN_COVERAGE = 2 / 3
DEFAULT_WEIGHT_NOISE = 0.25
SHIPPED_DIR = "profiles"

TOP_KEYS = ("title", "title_zh", "description", "description_zh", "scheme", "scheme_zh", "normalize", "aggregate", "min_coverage", "groups", "indicators", "classes", "uncertainty")
GROUP_KEYS = ("weight", "title_zh")
INDICATOR_KEYS = ("weight", "group", "direction", "normalize", "benchmark")
UNCERTAINTY_KEYS = ("weight_noise", "normalize")


@dataclass(frozen=True)
class ProfileIndicator:
    id: str
    weight: float
    group: str | None = None
    direction: str | None = None  # overrides the indicator's direction
    normalize: str | None = None  # overrides the profile's normalisation for this indicator
    benchmark: float | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    indicators: tuple[ProfileIndicator, ...]
    groups: tuple[tuple[str, float], ...] = ()
    normalize: str = DEFAULT_NORMALIZATION
    aggregate: str = DEFAULT_AGGREGATION
    min_coverage: float = DEFAULT_MIN_COVERAGE
    classes: tuple[tuple[str, float], ...] = ()  # (label, lowest score quantile), best class first
    weight_noise: float = DEFAULT_WEIGHT_NOISE
    uncertainty_methods: tuple[str, ...] = ()  # empty: every method the data allows
    title: str = ""
    title_zh: str = ""
    description: str = ""
    description_zh: str = ""
    scheme: str = ""
    scheme_zh: str = ""
    group_titles_zh: tuple[tuple[str, str], ...] = ()  # (group, Chinese title) where the profile gives one

    def word(self, key: str, lang: str) -> str:
        """title, description or scheme in `lang`: the Chinese one where given, else the English."""
        english = getattr(self, key)
        return (getattr(self, f"{key}_zh") or english) if lang == "zh" else english

    def group_words(self, group: str) -> Words:
        """A group as tables show it (its Chinese title where the profile gives one); machine formats keep its name."""
        return Words(dict(self.group_titles_zh).get(group, group), group)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.indicators]

    def method(self, item: ProfileIndicator) -> str:
        return item.normalize or self.normalize

    def effective_weights(self) -> dict[str, float]:
        """Each indicator's share of the whole (group share × share within the group); sums to 1."""
        if not self.groups:
            total = sum(item.weight for item in self.indicators)
            return {item.id: item.weight / total for item in self.indicators}
        group_total = sum(weight for _, weight in self.groups)
        within = {name: sum(item.weight for item in self.indicators if item.group == name) for name, _ in self.groups}
        group_weight = dict(self.groups)
        return {item.id: group_weight[item.group] / group_total * item.weight / within[item.group] for item in self.indicators}

    def with_options(self, normalize: str | None = None, aggregate: str | None = None, min_coverage: float | None = None) -> Profile:
        """The profile with command-line choices in place of its own; per-indicator overrides stay."""
        changed = dataclasses.replace(
            self,
            normalize=normalize or self.normalize,
            aggregate=aggregate or self.aggregate,
            min_coverage=self.min_coverage if min_coverage is None else min_coverage,
        )
        _check_benchmarks(changed, Words(f"--normalize {changed.normalize}", f"--normalize {changed.normalize}"))
        return changed

    def resolve(self, dataset) -> Profile:
        """Indicator names replaced by ids of `dataset` (derived ones included); unknown names exit 2."""
        ids = []
        for item in self.indicators:
            if item.id in dataset.indicators.index:
                ids.append(item.id)
                continue
            try:
                ids.append(dataset.indicator_id(item.id))
            except UsageError as error:
                raise UsageError(Words(f"方案 '{self.name}'：{chinese(error)}", f"profile '{self.name}': {error}")) from None
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise UsageError(Words(f"方案 '{self.name}' 两次列出 {'、'.join(repeated)}；每个指标只保留一项", f"profile '{self.name}' names {', '.join(repeated)} twice; keep one entry per indicator"))
        items = tuple(dataclasses.replace(item, id=i) for item, i in zip(self.indicators, ids))
        return dataclasses.replace(self, indicators=items)


def shipped_names() -> list[str]:
    directory = resources.files(__package__).joinpath(SHIPPED_DIR)
    return sorted(entry.name[:-5] for entry in directory.iterdir() if entry.name.endswith(".toml"))


def load_profile(spec: str) -> Profile:
    """A shipped profile by name, or a profile file (a path, or anything ending in .toml)."""
    if spec.endswith(".toml") or os.sep in spec or "/" in spec:
        path = Path(spec)
        try:
            data = read_limited(path, spec)
        except OSError as error:
            raise UsageError(
                Words(
                    f"无法读取方案 '{spec}'（{error.strerror}）；请给出已有的 .toml 文件或内置方案（{'、'.join(shipped_names())}）",
                    f"cannot read profile '{spec}' ({error.strerror}); give an existing .toml file or a shipped profile ({', '.join(shipped_names())})",
                )
            ) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(Words(f"方案 '{spec}' 不是 UTF-8 文本；请存为 UTF-8", f"profile '{spec}' is not UTF-8 text; save it as UTF-8")) from None
        return parse_profile(text, path.stem, spec)
    if spec not in shipped_names():
        raise UsageError(
            Words(
                f"未知方案 '{spec}'；内置方案有 {'、'.join(shipped_names())}（见 `parkmetrics profiles`），也可给出 .toml 文件",
                f"unknown profile '{spec}'; shipped profiles are {', '.join(shipped_names())} (see `parkmetrics profiles`), or give a .toml file",
            )
        )
    text = resources.files(__package__).joinpath(SHIPPED_DIR, f"{spec}.toml").read_text(encoding="utf-8")
    return parse_profile(text, spec, spec)


def parse_profile(text: str, name: str, where: str) -> Profile:
    """Read and check a profile's TOML text; `where` names it in error messages."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        import re

        place = re.search(r"line (\d+), column (\d+)", str(error))
        at = f"（第 {place[1]} 行第 {place[2]} 列）" if place else ""
        raise UsageError(Words(f"方案 '{where}' 不是有效的 TOML{at}；请修正该行", f"profile '{where}' is not valid TOML: {error}; fix that line")) from None
    problem = _Checker(where)
    problem.unknown_keys(data, TOP_KEYS, "")
    groups, group_titles = _groups(data.get("groups", {}), problem)
    indicators = _indicators(data.get("indicators"), problem, groups)
    uncertainty = data.get("uncertainty", {})
    problem.require(isinstance(uncertainty, dict), Words("`[uncertainty]` 须是含 `weight_noise` 和 `normalize` 的表", "[uncertainty] must be a table with weight_noise and normalize"))
    problem.unknown_keys(uncertainty, UNCERTAINTY_KEYS, "uncertainty.")
    methods = uncertainty.get("normalize", [])
    problem.require(
        isinstance(methods, list) and all(m in NORMALIZATIONS for m in methods),
        Words(f"`uncertainty.normalize` 须是由 {codes(NORMALIZATIONS)} 组成的列表", f"uncertainty.normalize must be a list of {', '.join(NORMALIZATIONS)}"),
    )
    profile = Profile(
        name=name,
        indicators=indicators,
        groups=tuple(groups.items()),
        normalize=problem.choice(data, "normalize", NORMALIZATIONS, DEFAULT_NORMALIZATION),
        aggregate=problem.choice(data, "aggregate", AGGREGATIONS, DEFAULT_AGGREGATION),
        min_coverage=parse_coverage(data.get("min_coverage", DEFAULT_MIN_COVERAGE), Words(f"方案 '{where}'：`min_coverage`", f"profile '{where}': min_coverage")),
        classes=_classes(data.get("classes", {}), problem),
        weight_noise=problem.fraction(uncertainty, "weight_noise", DEFAULT_WEIGHT_NOISE),
        uncertainty_methods=tuple(methods),
        group_titles_zh=tuple(group_titles.items()),
        **{key: problem.text(data, key) for key in ("title", "title_zh", "description", "description_zh", "scheme", "scheme_zh")},
    )
    _check_benchmarks(profile, Words(f"方案 '{where}'", f"profile '{where}'"))
    return profile


def profile_from_weights(text: str) -> Profile:
    """'high_tech_enterprises=2,invention_patents=1' as a profile with default choices."""
    items = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        name, sep, weight = part.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                Words(
                    f"--weights：'{part}' 不是 `名称=权重`；请写成如 `high_tech_enterprises=2,invention_patents=1`",
                    f"--weights: '{part}' is not name=weight; write e.g. high_tech_enterprises=2,invention_patents=1",
                )
            )
        items.append(ProfileIndicator(name.strip(), _positive(weight.strip(), Words(f"--weights：'{name.strip()}' 的权重", f"--weights: weight of '{name.strip()}'"))))
    if not items:
        raise UsageError(
            Words("--weights 没有列出指标；请写成如 `high_tech_enterprises=2,invention_patents=1`", "--weights names no indicator; write e.g. high_tech_enterprises=2,invention_patents=1")
        )
    return Profile(name="weights", indicators=tuple(items))


def parse_coverage(value, what: str | Words) -> float:
    """A minimum coverage: a number in (0, 1] or a fraction such as '2/3'."""
    try:
        number = float(Fraction(value)) if isinstance(value, str) else float(value)
    except (ValueError, ZeroDivisionError, TypeError):
        number = math.nan
    if isinstance(value, bool) or not 0 < number <= 1:
        raise UsageError(
            Words(f"{chinese(what)} 须是 0 到 1 之间的权重占比，如 0.5 或 '2/3'（现为 {value!r}）", f"{what} must be a share of the weight between 0 and 1, such as 0.5 or '2/3' (got {value!r})")
        )
    return number


def _positive(value, what: str | Words) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not (math.isfinite(number) and number > 0):
        raise UsageError(Words(f"{chinese(what)} 须是正数（现为 {value!r}）", f"{what} must be a positive number (got {value!r})"))
    return number


class _Checker:
    """Raises UsageError naming the profile, the key and the fix."""

    def __init__(self, where: str):
        self.where = where

    def fail(self, message: Words):
        raise UsageError(Words(f"方案 '{self.where}'：{chinese(message)}", f"profile '{self.where}': {message}"))

    def require(self, condition: bool, message: Words) -> None:
        if not condition:
            self.fail(message)

    def unknown_keys(self, table: dict, allowed, prefix: str) -> None:
        for key in table:
            if key not in allowed:
                self.fail(Words(f"未知键 '{prefix}{key}'；允许的键有 {codes(allowed)}", f"unknown key '{prefix}{key}'; allowed keys are {', '.join(allowed)}"))

    def choice(self, table: dict, key: str, allowed, default: str | None, prefix: str = "") -> str | None:
        value = table.get(key, default)
        if value is not None and value not in allowed:
            self.fail(Words(f"`{prefix}{key} = {value!r}` 不是 {codes(allowed)} 之一", f"{prefix}{key} = {value!r} is not one of {', '.join(allowed)}"))
        return value

    def text(self, table: dict, key: str) -> str:
        value = table.get(key, "")
        self.require(isinstance(value, str), Words(f"`{key}` 须是字符串", f"{key} must be a string"))
        return value.strip()

    def fraction(self, table: dict, key: str, default: float) -> float:
        value = table.get(key, default)
        self.require(
            not isinstance(value, bool) and isinstance(value, (int, float)) and 0 <= value < 1,
            Words(f"`uncertainty.{key}` 须是不小于 0、小于 1 的数（0.25 表示 ±25 %）", f"uncertainty.{key} must be a number from 0 to below 1 (0.25 means ±25 %)"),
        )
        return float(value)

    def positive(self, value, key: str) -> float:
        try:
            return _positive(value, key)
        except UsageError as error:
            self.fail(error.args[0])


def _groups(table, problem: _Checker) -> tuple[dict[str, float], dict[str, str]]:
    """Group weights, and the Chinese titles of groups written as { weight = 1, title_zh = "…" }."""
    problem.require(isinstance(table, dict), Words("`[groups]` 须是 `名称 = 权重` 的表", "[groups] must be a table of name = weight"))
    weights, titles = {}, {}
    for name, entry in table.items():
        entry = entry if isinstance(entry, dict) else {"weight": entry}
        problem.unknown_keys(entry, GROUP_KEYS, f"groups.{name}.")
        weights[name] = problem.positive(entry.get("weight"), f"groups.{name}")
        if "title_zh" in entry:
            titles[name] = problem.text(entry, "title_zh")
    return weights, titles


def _indicators(table, problem: _Checker, groups: dict[str, float]) -> tuple[ProfileIndicator, ...]:
    problem.require(
        isinstance(table, dict) and table,
        Words("没有 `[indicators]`；请加一张 `指标 = 权重` 的表，如 `high_tech_enterprises = 2`", "no [indicators]; add a table of indicator = weight, e.g. high_tech_enterprises = 2"),
    )
    items = []
    for name, entry in table.items():
        entry = {"weight": entry} if not isinstance(entry, dict) else entry
        prefix = f"indicators.{name}."
        problem.unknown_keys(entry, INDICATOR_KEYS, prefix)
        problem.require("weight" in entry, Words(f"缺少 `{prefix}weight`；请给每个指标一个正的权重", f"{prefix}weight is missing; give every indicator a positive weight"))
        group = entry.get("group")
        if groups:
            problem.require(
                group is not None,
                Words(
                    f"`indicators.{name}` 没有分组；有 `[groups]` 时，每个指标须写 `group =` {codes(groups)} 之一",
                    f"indicators.{name} has no group; with [groups], give every indicator group = one of {', '.join(groups)}",
                ),
            )
            problem.require(
                group in groups,
                Words(
                    f"`{prefix}group = {group!r}` 不在 `[groups]`（{codes(groups)}）中；请写已声明的分组",
                    f"{prefix}group = {group!r} is not one of the [groups] ({', '.join(groups)}); name a declared group",
                ),
            )
        else:
            problem.require(group is None, Words(f"`{prefix}group = {group!r}`，但方案没有 `[groups]`；请在那里声明它", f"{prefix}group = {group!r} but the profile has no [groups]; declare it there"))
        benchmark = entry.get("benchmark")
        items.append(
            ProfileIndicator(
                id=name,
                weight=problem.positive(entry["weight"], f"{prefix}weight"),
                group=group,
                direction=problem.choice(entry, "direction", DIRECTIONS, None, prefix),
                normalize=problem.choice(entry, "normalize", NORMALIZATIONS, None, prefix),
                benchmark=None if benchmark is None else problem.positive(benchmark, f"{prefix}benchmark"),
            )
        )
    empty = [name for name in groups if not any(item.group == name for item in items)]
    problem.require(not empty, Words(f"分组 {'、'.join(empty)} 没有指标；请删去它们或为其分配指标", f"group(s) {', '.join(empty)} have no indicator; remove them or assign indicators"))
    return tuple(items)


def _classes(table, problem: _Checker) -> tuple[tuple[str, float], ...]:
    problem.require(isinstance(table, dict), Words("`[classes]` 须是 `标签 = 最低得分分位数` 的表，如 `A = 0.8`", "[classes] must be a table of label = lowest score quantile, e.g. A = 0.8"))
    if not table:
        return ()
    quantiles = list(table.values())
    valid = all(not isinstance(q, bool) and isinstance(q, (int, float)) and 0 <= q < 1 for q in quantiles)
    problem.require(
        valid and len(quantiles) >= 2 and quantiles[-1] == 0 and all(a > b for a, b in zip(quantiles, quantiles[1:])),
        Words(
            "`[classes]` 须从最好的标签列起，分位数从小于 1 递减到 0，如 `A = 0.8`、`B = 0.3`、`C = 0.05`、`D = 0`",
            "[classes] must list labels best first with falling quantiles from below 1 down to 0, e.g. A = 0.8, B = 0.3, C = 0.05, D = 0",
        ),
    )
    return tuple((label, float(q)) for label, q in table.items())


def _check_benchmarks(profile: Profile, what: Words) -> None:
    lacking = [item.id for item in profile.indicators if profile.method(item) == "benchmark" and item.benchmark is None]
    if lacking:
        raise UsageError(
            Words(
                f"{what.zh}：基准值标准化需要 {'、'.join(lacking)} 的基准值；请在方案中为这些指标加上 `benchmark = …`，或另选 --normalize",
                f"{what}: benchmark normalisation needs a benchmark value for {', '.join(lacking)}; add `benchmark = …` to those indicators in the profile or choose another --normalize",
            )
        )


def _percent(share: float) -> float:
    return round(share * 100, 1)


def profiles_table(dataset, lang: str) -> Table:
    """One row per shipped profile: what it ranks and how."""
    rows = []
    vocabulary = _with_derived(dataset)
    for name in shipped_names():
        profile = load_profile(name).resolve(vocabulary)
        rows.append(
            {
                "profile": name,
                "title": profile.word("title", lang),
                "indicators": ", ".join(profile.ids),
                "groups": joined(("、", ", "), [profile.group_words(group) for group, _ in profile.groups]),
                "normalize": profile.normalize,
                "aggregate": profile.aggregate,
                "min_coverage": _percent(profile.min_coverage),
                "classes": "/".join(label for label, _ in profile.classes),
                "scheme": profile.scheme,
            }
        )
    columns = [
        Column("profile"),
        Column("title"),
        Column("indicators"),
        Column("groups"),
        Column("normalize"),
        Column("aggregate"),
        Column("min_coverage", "number"),
        Column("classes"),
        Column("scheme", audience=MACHINE),
    ]
    return Table(
        columns, rows, notes=[pick(("`parkmetrics profiles NAME` 列出一个方案的权重、说明和所参照的方案", "`parkmetrics profiles NAME` shows one profile's weights, explanation and scheme"), lang)]
    )


def profile_table(dataset, spec: str, lang: str) -> Table:
    """One row per indicator of a profile, with its weight, share of the whole, direction and normalisation."""
    extended = _with_derived(dataset)
    profile = load_profile(spec).resolve(extended)
    shares = profile.effective_weights()
    groups = dict(profile.groups)
    rows = [
        {
            "group": profile.group_words(item.group) if item.group else "",
            "group_weight": groups.get(item.group),
            "indicator": item.id,
            "name": extended.indicator_name(item.id, lang),
            "weight": item.weight,
            "share": _percent(shares[item.id]),
            "direction": item.direction or extended.indicators.at[item.id, "direction"],
            "normalize": profile.method(item),
            "benchmark": item.benchmark,
            "unit": extended.indicators.at[item.id, "unit"],
            "formula": extended.indicators.at[item.id, "formula"],
        }
        for item in profile.indicators
    ]
    columns = [
        Column("group"),
        Column("group_weight", "number"),
        Column("indicator", audience=MACHINE),
        Column("name", audience=HUMAN, label=("指标", "Indicator")),
        Column("weight", "number"),
        Column("share", "number"),
        Column("direction"),
        Column("normalize"),
        Column("benchmark", "number"),
        Column("unit"),
        Column("formula"),
    ]
    if not profile.groups:
        columns = columns[2:]
    title, mean, coverage = profile.word("title", lang) or profile.name, term(profile.aggregate, lang), _percent(profile.min_coverage)
    notes = [pick((f"{title}：{mean}，最低覆盖率为权重的 {coverage:g} %", f"{title}: {mean} mean, minimum coverage {coverage:g} % of the weight"), lang)]
    description, scheme = profile.word("description", lang), profile.word("scheme", lang)
    notes += [text for text in (description, scheme and pick((f"参照：{scheme}", f"Scheme: {scheme}"), lang)) if text]
    if profile.classes:
        bands = ", ".join(f"{label} ≥ {q:g}" for label, q in profile.classes)
        notes.append(pick((f"按得分分位数分类：{bands}", f"classes by score quantile: {bands}"), lang))
    return Table(columns, rows, notes=notes)


def _with_derived(dataset):
    """The dataset whose vocabulary includes the derived indicators (their figures are not needed here)."""
    from .derived import derive

    return derive(dataset, ids=()).dataset
