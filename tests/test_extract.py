"""The extractor, one rule at a time, on sentences written for the purpose."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import FIXTURES
from hypothesis import given, settings
from hypothesis.strategies import text

from parkmetrics.core.errors import UsageError
from parkmetrics.extraction.extract import Vocabulary, extract
from parkmetrics.files.decoding import decode

ARTICLES = FIXTURES / "extract"


@pytest.fixture(scope="module")
def vocabulary():
    from parkmetrics.data.loading import load

    return Vocabulary.from_dataset(load(["bundled"]))


@pytest.fixture
def read(vocabulary):
    def run(text, published="2024-07-15", park="demo"):
        return extract(text, vocabulary, park, date.fromisoformat(published) if published else None)

    return run


def rows(result):
    return [(c.indicator, c.raw, c.period, c.qualifier, c.status, c.scope) for c in result.candidates]


def reasons(result):
    return [(i.raw, i.reason) for i in result.ignored]


# Qualifiers


@pytest.mark.parametrize(
    "sentence, raw, qualifier",
    [
        ("园区入驻企业超过300家。", "超过300家", "at_least"),
        ("园区入驻企业300余家。", "300余家", "at_least"),
        ("园区入驻企业1.7万余家。", "1.7万余家", "at_least"),
        ("园区从业人员3万多人。", "3万多人", "at_least"),
        ("园区入驻企业近300家。", "近300家", "approx"),
        ("园区入驻企业300家左右。", "300家左右", "approx"),
        ("园区入驻企业300家以上。", "300家以上", "at_least"),
        ("2023年园区税收收入突破20亿元。", "突破20亿元", "at_least"),
        ("2023年园区税收收入约20亿元。", "约20亿元", "approx"),
        ("2023年园区税收收入不足20亿元。", "不足20亿元", "at_most"),
    ],
)
def test_qualifier_words_stay_in_raw(read, sentence, raw, qualifier):
    [candidate] = read(sentence).candidates
    assert (candidate.raw, candidate.qualifier) == (raw, qualifier)


def test_a_word_ending_in_a_qualifier_is_not_one(read):
    # 签约 ends in 约 (about) and 通过 in 过 (over): neither qualifies the number after it.
    result = read("今年以来园区签约项目12个,通过评审的高新技术企业15家。")
    assert [(c.raw, c.qualifier) for c in result.candidates] == [("12个", "exact"), ("15家", "exact")]


# Indicators and growth attachment


def test_growth_rate_attaches_to_the_figure_before_it(read):
    result = read("今年1-5月,园区完成工业总产值88.5亿元,比上年同期增长6.2%。", published="2024-06-20")
    assert rows(result) == [
        ("industrial_output_all", "88.5亿元", "2024-01/2024-05", "exact", "actual", "park"),
        ("industrial_output_all_growth", "6.2%", "2024-01/2024-05", "exact", "actual", "park"),
    ]
    assert result.candidates[1].note.startswith("growth of the industrial_output_all figure 88.5亿元")


def test_growth_rate_with_its_own_noun(read):
    result = read("2023年,园区规上企业营业收入同比增长12.5%,利润总额同比下降3.1%。")
    assert rows(result) == [
        ("operating_revenue_growth", "12.5%", "2023", "exact", "actual", "park"),
        ("profit_growth", "下降3.1%", "2023", "exact", "actual", "park"),
    ]
    assert result.candidates[1].value == -3.1


def test_share_attaches_to_the_count_before_it(read):
    result = read("目前,园区有高新技术企业80家,占全区的40%;科技型企业200家,占全市的35%。")
    assert rows(result) == [
        ("high_tech_enterprises", "80家", "2024-07", "exact", "actual", "park"),
        ("high_tech_enterprises_regional_share", "40%", "2024-07", "exact", "actual", "park"),
        ("tech_smes", "200家", "2024-07", "exact", "actual", "park"),
        # There is no tech_smes_city_share indicator: the share stays unknown rather than guessed.
        ("unknown", "35%", "2024-07", "exact", "actual", "park"),
    ]


def test_counted_noun_after_the_number_names_the_indicator(read):
    result = read("园区建立6个党建工作指导站、9个党建活动阵地,选派25名党建工作指导员。")
    assert [(c.indicator, c.raw) for c in result.candidates] == [
        ("party_guidance_stations", "6个"),
        ("party_activity_venues", "9个"),
        ("party_instructors", "25名"),
    ]


def test_a_count_of_events_takes_only_an_indicator_counted_in_events(read):
    result = read("今年以来,各联合党委开展党建活动230余场,举办校企对接活动21场。")
    assert [(c.indicator, c.raw) for c in result.candidates] == [("unknown", "230余场"), ("talent_events", "21场")]


def test_unit_alone_names_the_indicator_when_only_one_fits(read):
    [candidate] = read("园区规划面积12.5平方公里。").candidates
    assert (candidate.indicator, candidate.confidence) == ("area", 0.9)
    [candidate] = read("以3.5平方公里智造园为核心。").candidates
    assert (candidate.indicator, candidate.scope, candidate.confidence) == ("area", "智造园", 0.6)


def test_unrecognised_figure_keeps_unknown_with_its_quote(read):
    result = read("2023年园区新建标准厂房35栋,完成绿化面积3.2万吨。")
    [candidate] = result.candidates
    assert (candidate.indicator, candidate.raw, candidate.period, candidate.confidence) == ("unknown", "3.2万吨", "2023", 0.3)
    assert candidate.quote == "2023年园区新建标准厂房35栋,完成绿化面积3.2万吨"
    assert ("35栋", "unknown unit '栋'") in reasons(result)


def test_the_longest_name_of_a_growth_rate_wins(read):
    # 规上工业总产值增长 names industrial output, not the output value that 产值增长 alone would.
    result = read("2023年,园区规上工业总产值增长8.1%。")
    assert [(c.indicator, c.raw) for c in result.candidates] == [("industrial_output_growth", "8.1%")]


def test_growth_of_a_figure_takes_the_name_before_that_figure(read):
    result = read("2023年,园区实际利用外资1.86亿美元,增长11%。")
    assert [(c.indicator, c.raw, c.period) for c in result.candidates] == [
        ("fdi_actual", "1.86亿美元", "2023"),
        ("fdi_growth", "11%", "2023"),
    ]


def test_an_increase_with_its_own_indicator_takes_it(read):
    [candidate] = read("今年以来,园区新增规上企业4家。").candidates
    assert (candidate.indicator, candidate.raw) == ("above_scale_enterprises_new", "4家")


@pytest.mark.parametrize(
    "sentence, raw, word",
    [
        ("今年以来,园区新增党组织4个。", "4个", "新增"),
        ("今年以来,园区新发展党员42名。", "42名", "新发展"),
        ("新组建非公企业党组织十一个。", "十一个", "新组建"),
    ],
)
def test_an_increase_is_not_the_stock_it_adds_to(read, sentence, raw, word):
    [candidate] = read(sentence).candidates
    assert (candidate.indicator, candidate.raw) == ("unknown", raw)
    assert f"an increase ({word})" in candidate.note


def test_a_title_without_its_level_names_no_indicator(read):
    result = read("园区有专精特新“小巨人”企业12家,国家级专精特新“小巨人”企业5家,省级专精特新“小巨人”企业9家。")
    assert [(c.indicator, c.raw) for c in result.candidates] == [
        ("unknown", "12家"),
        ("little_giants_national", "5家"),
        ("little_giants_provincial", "9家"),
    ]
    assert "does not say which level" in result.candidates[0].note


def test_a_count_of_a_size_class_is_not_the_count_of_all(read):
    # 亿元以上项目 inside 10亿元以上项目 is not that alias, and 签约…项目 counts all signed projects.
    result = read("其中投资10亿元以上项目5个,园区签约10亿元以上项目3个。")
    assert [(c.indicator, c.raw) for c in result.candidates] == [("unknown", "5个"), ("unknown", "3个")]
    assert "counts a size class (10亿元以上项目)" in result.candidates[1].note


# Periods against the publication date


@pytest.mark.parametrize(
    "sentence, published, period",
    [
        ("今年1-11月,园区完成产值96亿元。", "2024-12-20", "2024-01/2024-11"),
        # Published in January, 1-11月 of "this year" cannot have happened yet: it is last year's.
        ("今年1-11月,园区完成产值96亿元。", "2024-01-10", "2023-01/2023-11"),
        ("今年1月至9月,园区完成产值96亿元。", "2024-10-20", "2024-01/2024-09"),
        ("前三季度,园区完成产值96亿元。", "2024-10-20", "2024-01/2024-09"),
        ("今年一季度,园区完成产值96亿元。", "2024-04-20", "2024-01/2024-03"),
        ("上半年,园区完成产值96亿元。", "2024-07-15", "2024-01/2024-06"),
        ("去年,园区完成产值96亿元。", "2024-03-01", "2023"),
        ("2022年,园区完成产值96亿元。", "2024-03-01", "2022"),
        ("今年以来,园区完成产值96亿元。", "2024-05-31", "2024-01-01/2024-05-31"),
        ("近三年来,园区累计完成产值96亿元。", "2024-05-31", "2021/2023"),
    ],
)
def test_periods(read, sentence, published, period):
    [candidate] = read(sentence, published=published).candidates
    assert candidate.period == period


def test_a_partial_year_is_never_a_full_year(read):
    [candidate] = read("今年1-11月,园区完成产值96亿元。", published="2025-01-08").candidates
    assert candidate.period == "2024-01/2024-11"
    assert "ends after its publication" in candidate.note


def test_comparison_base_is_not_the_period(read):
    [output, growth] = read("2023年园区完成产值96亿元,较去年同期增长8%。").candidates
    assert (output.period, growth.period) == ("2023", "2023")


def test_a_period_after_a_comparison_word_is_not_the_period(read):
    result = read("上半年,园区产值增速较一季度加快;工业投资增长12%。", published="2024-07-22")
    assert [(c.indicator, c.period) for c in result.candidates] == [("industrial_investment_growth", "2024-01/2024-06")]


def test_stock_without_a_period_is_dated_by_the_publication_month(read):
    [candidate] = read("目前,园区共有高新技术企业68家。", published="2024-07-15").candidates
    assert candidate.period == "2024-07"
    assert "recorded as of the publication month" in candidate.note


def test_without_a_publication_date_relative_periods_stay_empty(read):
    result = read("今年以来,园区签约项目18个。", published=None)
    assert result.published is None
    assert [(c.period, c.confidence) for c in result.candidates] == [("", 0.7)]


def test_the_header_date_is_used_when_none_is_given(read):
    result = read("发布时间:2024-07-15 09:30\n目前,园区共有高新技术企业68家。", published=None)
    assert (result.published, result.published_from) == (date(2024, 7, 15), "header")
    assert result.candidates[0].period == "2024-07"


def test_a_labelled_issue_date_beats_the_reading_date(read):
    result = read("电子报 2025-12-06 星期六\n日期:12-03\n目前,园区共有高新技术企业68家。", published=None)
    assert result.published == date(2025, 12, 3)


def test_flow_without_a_period_takes_the_period_of_the_paragraph(read):
    result = read("2023年园区完成产值96亿元。工业投资增速12%。")
    assert [c.period for c in result.candidates] == ["2023", "2023"]


def test_next_year_in_a_target(read):
    result = read("园区将力争明年建成党建示范点30个。", published="2024-12-10")
    assert [(c.period, c.status) for c in result.candidates] == [("2025", "target")]


def test_a_year_less_period_takes_the_year_stated_earlier_in_the_paragraph(read):
    # Published in January 2025: 全年 is the 2024 the paragraph opened with, not the publication year.
    result = read("2024年,园区经济稳中有进。全年新签约项目86个。", published="2025-01-10")
    assert [(c.indicator, c.period) for c in result.candidates] == [("signed_projects", "2024")]
    assert "takes 2024 from '2024年'" in result.candidates[0].note


def test_a_year_less_period_that_would_end_after_publication_is_last_years(read):
    result = read("1-6月,园区完成产值50亿元。", published="2025-01-10")
    assert [c.period for c in result.candidates] == ["2024-01/2024-06"]
    assert "would end after the publication date 2025-01-10" in result.candidates[0].note


def test_a_target_may_end_after_publication(read):
    result = read("全年力争完成产值120亿元。", published="2025-01-10")
    assert [(c.period, c.status) for c in result.candidates] == [("2025", "target")]


def test_when_this_year_means_last_year(read):
    # A month still to come (今年6月开工) does not move 今年; a cumulative span from January would.
    result = read("新项目计划于今年6月开工。今年1-2月,园区完成产值20亿元。", published="2024-03-28")
    assert [c.period for c in result.candidates] == ["2024-01/2024-02"]


def test_dangnian_names_the_whole_year_in_context(read):
    result = read("园区当年新开工项目52个。", published="2024-12-20")
    assert [(c.raw, c.period) for c in result.candidates] == [("52个", "2024")]


def test_a_list_split_by_semicolons_shares_its_as_of_date(read):
    result = read("截至6月底,园区有高新技术企业120家;科技型中小企业260家。", published="2024-07-22")
    assert [(c.indicator, c.period) for c in result.candidates] == [
        ("high_tech_enterprises", "2024-06"),
        ("tech_smes", "2024-06"),
    ]


def test_a_period_opening_a_sentence_carries_to_the_next_sentences(read):
    result = read("今年前5个月,园区经济运行平稳。园区完成工业总产值80亿元。", published="2025-06-18")
    assert [c.period for c in result.candidates] == ["2025-01/2025-05"]
    assert "carried from '今年前5个月' earlier in the paragraph" in result.candidates[0].note


def test_a_period_inside_a_clause_does_not_carry(read):
    # 近三年来 says when the total first recovered, not the period of the next figures.
    result = read("2022年园区完成产值80亿元,经济总量近三年来首次回升。工业投资增速12%。", published="2023-02-27")
    assert [c.period for c in result.candidates] == ["2022", "2022"]


def test_a_paragraph_without_a_period_continues_the_one_before(read):
    result = read("今年1-5月,园区完成工业总产值80亿元。\n\n分产业看,新材料产业完成产值30亿元。", published="2025-06-18")
    assert [c.period for c in result.candidates] == ["2025-01/2025-05", "2025-01/2025-05"]
    assert "earlier in the paragraph before" in result.candidates[1].note


def test_a_carried_year_that_is_not_over_is_not_an_actual_period(read):
    # 今年 (2025) has not ended on 2025-12-03: the events are dated by the publication month instead.
    result = read("今年,园区签约项目12个。\n园区举办校企对接活动21场。", published="2025-12-03")
    assert [(c.indicator, c.period) for c in result.candidates] == [("signed_projects", "2025"), ("talent_events", "2025-12")]


def test_a_carried_partial_year_is_the_articles_own_period_even_before_it_ends(read):
    result = read("今年一季度,园区签约项目12个。\n此次签约的项目中,外资项目3个。", published="2024-03-28")
    assert [c.period for c in result.candidates] == ["2024-01/2024-03", "2024-01/2024-03"]


def test_an_unknown_figure_is_a_flow_when_money_or_a_flow_verb_says_so(read):
    result = read("2024年,园区实现产值100亿元。新开工项目52个。危化品运输车辆1350辆。", published="2025-01-10")
    assert [(c.raw, c.period) for c in result.candidates] == [("100亿元", "2024"), ("52个", "2024"), ("1350辆", "2025-01")]


def test_an_unknown_count_in_a_list_opened_by_a_flow_verb_is_a_flow(read):
    result = read("2024年,园区新签约项目40个。此次签约的项目中,外资项目3个。园区现有危化品运输车辆1350辆。", published="2025-01-10")
    assert [(c.raw, c.period) for c in result.candidates] == [("40个", "2024"), ("3个", "2024"), ("1350辆", "2025-01")]


# Status


@pytest.mark.parametrize(
    "sentence, status, note",
    [
        ("力争2025年实现产值120亿元。", "target", "target (力争)"),
        ("预计2025年实现产值120亿元。", "estimate", "estimate (预计)"),
        ("预估全年实现产值120亿元;税收达到12亿元。", "estimate", "estimate (预估)"),
        ("今年计划实施项目20个,完成投资15亿元。", "target", "target (计划)"),
        ("园区拟2025年兑现人才补贴300万元。", "target", "target (拟)"),
        ("通过模拟测算,2023年园区实现产值120亿元。", "actual", ""),
    ],
)
def test_status_words(read, sentence, status, note):
    candidates = read(sentence).candidates
    assert [candidate.status for candidate in candidates] == [status] * len(candidates) and candidates
    assert all(candidate.note.startswith(note) for candidate in candidates)


# Scope


def test_chain_named_at_the_start_of_a_paragraph_is_the_scope_of_its_figures(read):
    result = read("新材料产业链现有规上企业23家,从业人员4500人。\n园区现有规上企业90家。")
    assert [(c.indicator, c.scope) for c in result.candidates] == [
        ("above_scale_enterprises", "新材料产业链"),
        ("employees", "新材料产业链"),
        ("above_scale_enterprises", "park"),
    ]


def test_a_chain_introduced_with_zai_is_the_scope(read):
    result = read("在新材料产业链,联合党委下设党支部9个。在智能装备产业链,设立党员先锋岗12个。")
    assert [(c.indicator, c.scope) for c in result.candidates] == [
        ("party_organizations", "新材料产业链"),
        ("party_pioneer_posts", "智能装备产业链"),
    ]


def test_the_park_acting_within_a_chain_named_with_zai_keeps_the_chain_as_scope(read):
    result = read("在光伏产业链,园区推动成立党建联盟,吸纳成员企业40家。\n园区现有规上企业90家。")
    assert [(c.raw, c.scope) for c in result.candidates] == [("40家", "光伏产业链"), ("90家", "park")]


def test_a_part_of_the_park_named_by_one_word_is_the_scope(read):
    result = read("2023年,新区实现地区生产总值980亿元;其中,直管区实现地区生产总值410亿元。")
    assert [(c.raw, c.scope) for c in result.candidates] == [("980亿元", "park"), ("410亿元", "直管区")]


def test_the_part_in_a_share_is_not_the_scope_of_what_follows(read):
    result = read("2023年,高端装备产业产值占规上工业总产值比重达到35%。全年完成固定资产投资120亿元。")
    assert [(c.raw, c.scope) for c in result.candidates] == [("35%", "park"), ("120亿元", "park")]


@pytest.mark.parametrize(
    "sentence, scope",
    [
        ("在东区片区,党建联盟串起上下游企业四十家。", "东区片区"),  # 党建联盟 names no part of the park
        ("园区辖东区、西区两个片区,现有规上企业40家。", "park"),  # 辖…两个片区 lists parts, it is not one of them
        ("目前,园区共组建产业链联合党委4个,党员40名。", "park"),  # 组建 is what is done, not a topic
    ],
)
def test_words_that_name_no_part_of_the_park_are_not_a_scope(read, sentence, scope):
    assert {c.scope for c in read(sentence).candidates} == {scope}


def test_the_park_named_at_the_start_of_the_title_is_the_park_itself(read):
    # 样例工业园区 is not in the dataset; the title says it is the park the article is about.
    result = read("样例工业园区举行重大项目集中签约活动\n\n今年一季度,样例工业园区现场签约项目12个。", published="2024-03-28")
    assert [(c.indicator, c.scope) for c in result.candidates] == [("signed_projects", "park")]


# Chinese numerals and traditional characters


def test_chinese_numerals_in_counts(read):
    result = read("上半年,园区新增十二家专精特新企业,新增三个工业片区规划,设置了一个服务窗口,数十家企业参加。")
    assert [(c.indicator, c.raw, c.value) for c in result.candidates] == [("specialized_smes_new", "十二家", 12.0)]
    assert reasons(result) == [
        ("三个", "count in Chinese numerals with no known indicator (prose, e.g. 三个工业片区)"),
        ("一个", "一 read as 'a', not a count"),
        ("十家", "vague quantity (数十, 几十), not a figure"),
    ]


def test_traditional_characters_are_read_and_quoted_as_written(read):
    result = read((ARTICLES / "traditional.txt").read_text(encoding="utf-8"))
    assert [(c.indicator, c.raw, c.value, c.unit) for c in result.candidates] == [
        ("industrial_output", "215.6億元", 215.6, "亿元"),
        ("industrial_output_growth", "7.3%", 7.3, "%"),
        ("high_tech_enterprises", "68家", 68.0, "家"),
    ]
    assert result.candidates[0].quote == "上半年,樣例經開區完成規上工業總產值215.6億元"


def test_traditional_words_of_running_text_are_matched(read):
    # 聯合黨委下設黨支部 and 協調解決…問題: characters beyond those of figures and units.
    result = read("園區聯合黨委下設黨支部９個,協調解決企業用工問題３１個。", published="2024-07-15")
    assert [(c.indicator, c.raw, c.value) for c in result.candidates] == [
        ("party_organizations", "９個", 9.0),
        ("enterprise_issues_resolved", "３１個", 31.0),
    ]
    assert result.candidates[1].quote == "協調解決企業用工問題３１個"


# Company-level figures


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("样例科技有限公司2023年实现产值12亿元。", "one company's or project's figure (公司 in the clause)"),
        ("总投资20亿元的新材料项目已开工。", "investment of one project or company (投资…的), not a park figure"),
        ("样例药业二期投资6亿元建设生产线。", "one company's or project's figure (二期 in the clause)"),
        ("“今年我们的产值增长了15%,订单排到了年底。”公司负责人介绍。", "said by a company (公司), one company's figure"),
        ("企业员工上千人,300名技术人员如何留住?", "in a question, not a reported figure"),
    ],
)
def test_company_and_project_figures_are_ignored(read, sentence, reason):
    result = read(sentence)
    assert result.candidates == []
    assert reason in [r for _, r in reasons(result)]


def test_a_companys_subject_goes_on_to_the_end_of_its_sentence(read):
    # The growth rate and the project's capacity belong to the company and the project named before them.
    result = read("样例电池有限公司全年实现产值126亿元,同比增长32%。总投资56亿元的年产30万吨新材料项目开工。")
    assert result.candidates == []
    assert ("32%", "one company's or project's figure, like 126亿元 before it in the sentence") in reasons(result)
    assert ("30万吨", "one company's or project's figure, like 56亿元 before it in the sentence") in reasons(result)


def test_an_estimate_goes_on_describing_the_companys_project(read):
    result = read("其中,由样例集团投资50亿元建设的电池基地项目,预计建成后可实现年销售收入80亿元。")
    assert result.candidates == []
    assert ("80亿元", "one company's or project's figure, like 50亿元 before it in the sentence") in reasons(result)


def test_a_company_named_right_before_a_money_figures_name_is_its_subject(read):
    # 引进项目346个 counts projects, but 公司产值15亿元 is the company's output.
    result = read("样例科技负责人介绍,今年公司产值预计达到15亿元。")
    assert result.candidates == []


def test_a_clause_opening_with_a_target_or_the_park_is_a_new_subject(read):
    result = read("园区将推进总投资56亿元的新材料项目建设,力争全年工业总产值突破620亿元。", published="2025-06-18")
    assert [(c.indicator, c.raw, c.status) for c in result.candidates] == [("industrial_output_all", "突破620亿元", "target")]


def test_enterprises_listed_in_the_article_are_recognised_later(read):
    result = read("支持青松制药、远航电气、蓝海纳米等企业做大做强。2023年,远航电气实现产值40亿元。")
    assert result.candidates == []
    assert reasons(result)[-1] == ("40亿元", "one company's figure (远航, named among the article's enterprises)")


def test_a_group_of_enterprises_is_a_park_figure(read):
    [candidate] = read("青松制药、远航电气等8家企业获评国家高新技术企业。").candidates
    assert (candidate.indicator, candidate.raw) == ("high_tech_enterprises", "8家")


def test_a_parks_own_words_for_a_project_count_are_kept(read):
    [candidate] = read("加快推进创新大道等5条道路建设。").candidates
    assert (candidate.indicator, candidate.raw) == ("road_projects", "5条")


# Ignored numbers


def test_every_other_number_is_ignored_with_a_reason(read):
    text = (
        "1、园区概况\n"
        "2023年3月15日,园区排名全省第2位,提高2.5个百分点。\n"
        "签约10亿元以上项目5个,建成6GWh储能项目,打造百亿级产业集群,建设50亿级产业园。\n"
        "联系电话:0571-8888 6666,图片 3f1364262ea9f6d205a4.jpeg\n"
        "相关阅读\n"
        "某园区签约项目20个\n"
    )
    assert reasons(read(text)) == [
        ("1、", "list numbering"),
        ("2023年3月15日", "date or period, not a figure"),
        ("第2位", "rank or ordinal (第…)"),
        ("2.5个百分点", "percentage points are a difference, not a figure with a unit"),
        ("10亿元以上", "size class in a category name (…以上项目), not a figure"),
        ("6", "unknown unit 'GWh'"),
        ("50亿", "bare 万/亿 without a unit (亿级产)"),
        ("0571-8888 6666", "page furniture (page or forum metadata, contact line)"),
        ("3f1364262ea9f6d205a4.jpeg", "page furniture (page or forum metadata, contact line)"),
        ("20个", "page furniture after the article (related links, copyright, sharing)"),
    ]


def test_links_to_other_articles_and_reading_counters_are_page_furniture(read):
    result = read("来源:样例园区  发布日期:2024-03-28  阅读:2016次\n\n今年一季度,园区签约项目12个。\n\n上一篇:园区召开安全生产工作会议\n下一篇:园区企业春季招聘会提供岗位3000余个")
    assert [c.raw for c in result.candidates] == ["12个"]
    assert [(raw, reason) for raw, reason in reasons(result) if raw in ("2016次", "3000余个")] == [
        ("2016次", "page furniture (page or forum metadata, contact line)"),
        ("3000余个", "page furniture (page or forum metadata, contact line)"),
    ]


def test_phone_numbers_in_the_body(read):
    assert reasons(read("企业可拨打 400 123 4567 咨询入园政策,或致电0571-88886666。")) == [
        ("400 123 4567", "phone number"),
        ("0571-88886666", "phone number"),
    ]


def test_a_figure_stated_twice_is_proposed_once(read):
    result = read("目前,园区组建8个党建联盟。\n园区围绕主导产业组建8个党建联盟。")
    assert [c.raw for c in result.candidates] == ["8个"]
    assert reasons(result)[0][1].startswith("repeats 8个 (party_alliances) stated earlier at character")


def test_full_years_with_the_same_value_are_two_figures(read):
    result = read("2022年园区完成产值100亿元。2023年园区完成产值100亿元。")
    assert [c.period for c in result.candidates] == ["2022", "2023"]


# Offsets and quotes


def test_raw_and_quote_are_the_original_text_at_the_offsets(read):
    text = (ARTICLES / "news_article.txt").read_text(encoding="utf-8")
    result = read(text)
    assert len(result.candidates) == 14
    for candidate in result.candidates:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.raw in candidate.quote
    for item in result.ignored:
        assert text[item.start : item.end] == item.raw


def test_full_width_digits_keep_their_original_form(read):
    [candidate] = read("２０２３年园区完成产值９６．５亿元。").candidates
    assert (candidate.raw, candidate.value, candidate.period) == ("９６．５亿元", 96.5, "2023")


# Decoding


def test_gb18030_and_utf8_read_the_same():
    utf8 = (ARTICLES / "news_article.txt").read_bytes()
    gb = (ARTICLES / "news_article_gb18030.txt").read_bytes()
    assert utf8 != gb
    assert decode(gb, "gb.txt").text == decode(utf8, "utf8.txt").text
    assert decode(b"\xef\xbb\xbf" + utf8, "bom.txt").text == decode(utf8, "utf8.txt").text


def test_binary_input_is_refused():
    with pytest.raises(UsageError, match="binary data"):
        decode(b"PK\x03\x04\x00\x00", "archive.zip")


def test_square_metre_sign_is_read_by_the_one_parser(read):
    from parkmetrics.core.figures import Figure, parse_figure

    assert parse_figure("300㎡") == Figure(300.0, "平方米", "exact")
    [candidate] = read("园区新建标准厂房12万㎡。").candidates
    # Floor space is not the zone's area: the unit alone names an indicator only in that indicator's own unit.
    assert (candidate.raw, candidate.unit, candidate.indicator) == ("12万㎡", "万平方米", "unknown")


def test_a_bare_multiplier_takes_the_unit_of_its_indicator(read):
    [investment, growth] = read("2023年园区完成固定资产投资45亿,同比增长9%。").candidates
    assert (investment.indicator, investment.raw, investment.value, investment.unit) == ("fixed_asset_investment", "45亿", 45.0, "亿元")
    assert investment.note == "the article writes 45亿 without a unit; 元 is implied by the indicator"
    assert (growth.indicator, growth.raw) == ("fixed_asset_investment_growth", "9%")


def test_a_count_of_projects_is_not_a_projects_own_figure(read):
    [candidate] = read("截至目前,园区累计入驻项目120个。").candidates
    assert (candidate.raw, candidate.indicator) == ("120个", "unknown")


ALPHABET = "0123456789.,%-:/ \n。,;、?“”第余多超近约亿万元家个名年月日今去以来增长同比占全市产值企业公司项目力争的等一二三十百１２億"


@settings(max_examples=100, deadline=None)
@given(text(alphabet=ALPHABET, max_size=80))
def test_any_text_gives_rows_that_quote_the_article(vocabulary, article):
    result = extract(article, vocabulary, "demo", date(2024, 7, 15))
    for candidate in result.candidates:
        assert article[candidate.start : candidate.end] == candidate.quote
        assert candidate.raw in candidate.quote
    for item in result.ignored:
        assert article[item.start : item.end] == item.raw


# Reposts with pinyin glosses, and units parkmetrics does not know


@pytest.mark.parametrize(
    "sentence",
    [
        "上半年,園區實現規上工業總產(chǎn)值418.6億元,同比增長9.3%,高於全市2.3個百分點(diǎn)。",
        "上半年,园区实现规上工业总产(chǎn)值418.6亿元,同比增长9.3%,高于全市2.3个百分点(diǎn)。",
    ],
)
def test_pinyin_glosses_are_read_past_in_traditional_and_simplified_text(read, sentence):
    result = read(sentence)
    assert [(c.indicator, c.value, c.unit, c.period) for c in result.candidates] == [("industrial_output", 418.6, "亿元", "2024-01/2024-06"), ("industrial_output_growth", 9.3, "%", "2024-01/2024-06")]
    assert "總產(chǎn)值" in result.candidates[0].quote or "总产(chǎn)值" in result.candidates[0].quote
    assert [reason for _, reason in reasons(result)] == ["percentage points are a difference, not a figure with a unit"]


def test_a_gloss_of_an_estimate_word_still_makes_an_estimate(read):
    [candidate] = read("2025年,新區預(yù)計地區生產總值增長8%左右。").candidates
    assert (candidate.indicator, candidate.status, candidate.period) == ("gdp_growth", "estimate", "2025")


def test_brackets_that_are_not_pinyin_stay(read):
    [candidate] = read("2023年园区地区生产总值(GDP)达到120亿元。").candidates
    assert (candidate.indicator, candidate.raw) == ("gdp", "120亿元")


def test_a_unit_not_known_leaves_the_figure_out_and_is_never_cut_short(read):
    result = read("2023年园区举办培训14期,建成服务驿站6处,服务求职者超1.2万人次,引进人才320人。")
    assert [(c.raw, c.unit) for c in result.candidates] == [("320人", "人")]
    assert reasons(result)[1:] == [("14期", "unknown unit '期'"), ("6处", "unknown unit '处'"), ("1.2万人次", "unknown unit '万人次'")]


# 分别 lists


def test_each_item_of_a_list_takes_its_own_figure(read):
    result = read("一季度,园区地区生产总值、规上工业增加值、固定资产投资分别同比增长6.2%、8.1%、5.4%。")
    assert [(c.indicator, c.value, c.scope) for c in result.candidates] == [("gdp_growth", 6.2, "park"), ("industrial_value_added_growth", 8.1, "park"), ("fixed_asset_investment_growth", 5.4, "park")]


def test_items_that_name_no_indicator_are_the_scopes_of_their_figures(read):
    result = read("上半年,集成电路、智能终端、生物医药三大产业产值分别增长21.5%、12.6%、8.9%。")
    assert [(c.indicator, c.value, c.scope) for c in result.candidates] == [
        ("output_value_growth", 21.5, "集成电路"),
        ("output_value_growth", 12.6, "智能终端"),
        ("output_value_growth", 8.9, "生物医药"),
    ]
    result = read("上半年,新能源汽车产业链、新型储能产业链分别实现产值88.4亿元、41.2亿元。")
    assert [(c.indicator, c.value, c.scope) for c in result.candidates] == [("output_value", 88.4, "新能源汽车产业链"), ("output_value", 41.2, "新型储能产业链")]


def test_a_list_with_more_items_than_figures_is_not_paired(read):
    result = read("上半年,集成电路、智能终端、生物医药产业分别增长21.5%、12.6%。")
    assert {c.scope for c in result.candidates} == {"park"}


def test_an_estimate_word_outweighs_a_future_tense_after_it(read):
    [candidate] = read("预计前三季度,园区规上工业总产值将达到640亿元。").candidates
    assert (candidate.status, candidate.note.split(";")[0]) == ("estimate", "estimate (预计)")


def test_a_growth_rate_with_its_own_period_keeps_it(read):
    result = read("预计前三季度,园区规上工业总产值将达到640亿元,全年增长9%左右。")
    assert [(c.indicator, c.period) for c in result.candidates] == [("industrial_output", "2024-01/2024-09"), ("industrial_output_growth", "2024")]


def test_growth_of_an_indicator_without_a_declared_growth_rate(read):
    result = read("2023年,园区社会消费品零售总额增长2.6%;全社会用电量增长8.8%。")
    assert [(c.indicator, c.value) for c in result.candidates] == [("retail_sales_growth", 2.6), ("electricity_consumption_growth", 8.8)]


# Periods: plans, events, cut-off days, increases since January


def test_a_five_year_plan_is_its_five_years(read):
    result = read("“十三五”期间,园区累计完成固定资产投资1260亿元,累计引进外资项目86个。", published="2021-02-08")
    assert [(c.raw, c.period) for c in result.candidates] == [("1260亿元", "2016/2020"), ("86个", "2016/2020")]


def test_an_events_figures_take_its_date_not_the_year_in_its_name(read):
    result = read("6月29日,园区2023年夏季招商引资项目签约活动举行,现场签约项目23个,签约总投资131.6亿元。", published="2023-07-03")
    assert [(c.indicator, c.period) for c in result.candidates] == [("signed_projects", "2023-06"), ("signed_investment", "2023-06")]


def test_an_event_without_a_date_is_dated_by_publication_unless_its_name_gives_months(read):
    undated = read("日前,园区2023年招商引资项目签约活动举行,现场签约项目23个。", published="2023-07-03")
    assert [(c.period, c.note) for c in undated.candidates] == [("2023-07", "figure of an event ('2023年…') whose date is not given; recorded as of the publication month")]
    quarter = read("日前,园区2024年第一季度重大项目集中签约活动举行,现场签约项目12个。", published="2024-03-28")
    assert [c.period for c in quarter.candidates] == ["2024-01/2024-03"]


def test_a_count_up_to_a_stated_day_runs_from_january_to_that_day(read):
    result = read("今年以来,截至6月25日,园区累计签约项目71个,协议总投资386.2亿元。", published="2023-07-03")
    assert [c.period for c in result.candidates] == ["2023-01-01/2023-06-25"] * 2


def test_a_stock_counted_up_to_a_month_end_is_dated_then_even_with_gongyou(read):
    [candidate] = read("截至11月底,园区共有规上工业企业326家。", published="2024-12-20").candidates
    assert (candidate.indicator, candidate.period) == ("above_scale_enterprises", "2024-11")


def test_an_increase_since_the_start_of_the_year_runs_from_january(read):
    result = read("截至9月底,全区拥有国家高新技术企业892家,较年初增加57家。", published="2024-10-28")
    assert [(c.indicator, c.period) for c in result.candidates] == [("high_tech_enterprises", "2024-09"), ("unknown", "2024-01/2024-09")]


# Indicators named too broadly by the clause


def test_projects_breaking_ground_are_not_signed_ones(read):
    result = read("6月11日,园区重大项目集中开工活动举行,集中开工项目16个,投资总额达92.5亿元。")
    assert [(c.indicator, c.raw) for c in result.candidates] == [("unknown", "16个"), ("unknown", "92.5亿元")]
    assert result.candidates[1].note.startswith("signed_investment counts what was 签约, which the sentence does not say")


def test_several_stages_counted_together_are_no_one_indicator(read):
    [candidate] = read("今年以来,园区签约、开工、投产项目合计58个。").candidates
    assert (candidate.indicator, candidate.note.split(";")[0]) == ("unknown", "counts several stages together (签约、开工、投产)")


def test_an_increase_of_a_money_flow_is_not_the_flow(read):
    [candidate] = read("1-5月,园区新增规上工业产值23.6亿元。").candidates
    assert (candidate.indicator, candidate.note.split(";")[0]) == ("unknown", "an increase (新增) of industrial_output, not its total")


def test_a_narrower_population_than_the_indicator_counts(read):
    [candidate] = read("2023年,园区规上工业营业收入突破800亿元。").candidates
    assert (candidate.indicator, candidate.note.split(";")[0]) == ("unknown", "operating_revenue of 规上工业 only, a part of what operating_revenue counts")


def test_an_amount_that_classes_enterprises_is_not_a_figure(read):
    result = read("截至5月底,园区现有规上工业企业211家,其中产值超10亿元企业12家。")
    assert [(c.indicator, c.raw) for c in result.candidates] == [("above_scale_enterprises", "211家"), ("unknown", "12家")]
    assert ("超10亿元", "size class in a category name (…以上项目), not a figure") in reasons(result)


def test_a_net_increase_after_a_stock_is_its_net_new_indicator(read):
    result = read("截至2月底,全区共有国家高新技术企业365家,较年初净增11家。", published="2024-03-05")
    assert [(c.indicator, c.period) for c in result.candidates] == [("high_tech_enterprises", "2024-02"), ("high_tech_enterprises_net_new", "2024-01/2024-02")]


# League tables


def test_a_league_table_gives_the_parks_rank_and_not_the_other_zones_counts(read):
    result = read("近日,2023年国家级经济技术开发区综合发展水平考核评价结果揭晓,园区在全国229家国家级经开区中位列第38位,在全省127家省级以上开发区中居第3位,全省99个开发区参评。", published="2024-03-05")
    assert [(c.indicator, c.raw, c.value, c.unit, c.period) for c in result.candidates] == [("etdz_composite_rank", "第38位", 38, "位", "2023")]
    assert [(raw, reason) for raw, reason in reasons(result) if raw != "2023年"] == [
        ("229家", "count of the zones in a league table or region (全国229家), not a park figure"),
        ("127家", "count of the zones in a league table or region (全国229家), not a park figure"),
        ("第3位", "rank or ordinal (第…)"),
        ("99个", "count of the zones in a league table or region (全国229家), not a park figure"),
    ]


def test_an_ordinal_without_a_ranked_table_stays_left_out(read):
    result = read("园区举办第3届招商大会,排名第2位。")
    assert result.candidates == []
    assert ("第2位", "rank or ordinal (第…)") in reasons(result)


# Several parks in one article


def test_without_a_known_park_the_first_named_is_the_articles_own(read):
    result = read("范例高新区上半年实现规上工业总产值418.6亿元。\n范本高新区上半年实现规上工业总产值96.4亿元。", park="")
    assert [(c.park, c.raw) for c in result.candidates] == [("", "418.6亿元"), ("范本高新区", "96.4亿元")]
    assert result.other_parks == {"范本高新区": 1}


def test_a_park_of_the_dataset_named_in_the_text_is_given_its_id(read):
    result = read("示例高新区上半年实现规上工业总产值418.6亿元。\n常德经济技术开发区上半年实现规上工业总产值96.4亿元。", park="demo")
    assert [(c.park, c.raw) for c in result.candidates] == [("demo", "418.6亿元"), ("changde", "96.4亿元")]


def test_a_generic_zone_name_is_not_another_park(read):
    result = read("国家级经开区上半年实现规上工业总产值418.6亿元。")
    assert [c.park for c in result.candidates] == ["demo"] and result.other_parks == {}


def test_a_part_named_after_qizhong_keeps_the_indicator_within_that_part(read):
    result = read("今年以来,截至6月25日,园区共签约项目38个,协议总投资215.4亿元,其中制造业项目29个,协议投资168亿元。", published="2023-06-30")
    assert [(c.indicator, c.raw, c.scope) for c in result.candidates] == [
        ("signed_projects", "38个", "park"),
        ("signed_investment", "215.4亿元", "park"),
        ("signed_projects", "29个", "制造业"),
        ("signed_investment", "168亿元", "制造业"),
    ]


def test_a_plan_as_a_noun_sets_no_target(read):
    result = read("以项目作为用地计划的依据,推进14个项目组卷报征;园区计划新增企业20家。")
    assert [(c.raw, c.status) for c in result.candidates] == [("14个", "actual"), ("20家", "target")]


def test_a_stock_at_a_year_end_is_dated_by_its_december_as_import_stores_it(read):
    result = read("截至2023年底,园区规上工业企业达到120家。2023年,园区国家高新技术企业158家。", published="2024-01-10")
    assert [(c.indicator, c.raw, c.period) for c in result.candidates] == [("above_scale_enterprises", "120家", "2023-12"), ("high_tech_enterprises", "158家", "2023-12")]


def test_a_flow_counted_up_to_a_day_runs_from_january_even_without_jinnian_yilai(read):
    result = read("截至10月20日,园区今年已签约项目56个,现有企业320家。", published="2024-11-05")
    assert [(c.raw, c.period) for c in result.candidates] == [("56个", "2024-01-01/2024-10-20"), ("320家", "2024-10")]


def test_a_goal_and_a_year_after_publication_are_targets(read):
    goal = read("目标:到2027年,园区营业收入达到3000亿元。", published="2024-09-05")
    assert [(c.status, c.period, c.note.split(";")[0]) for c in goal.candidates] == [("target", "2027", "target (目标)")]
    future = read("到2030年规上工业营业收入突破1500亿元。", published="2024-09-05")
    assert [(c.status, c.period) for c in future.candidates] == [("target", "2030")]
    guided = read("坚持目标导向,领导班子成员挂点14家重点企业。", published="2024-09-05")
    assert [c.status for c in guided.candidates] == ["actual"]


def test_a_figure_too_broad_for_an_indicator_is_dated_like_that_indicator(read):
    result = read("今年1-8月,园区引进项目42个,其中亿元以上项目18个。", published="2024-09-05")
    assert [(c.raw, c.indicator, c.period) for c in result.candidates] == [("42个", "unknown", "2024-01/2024-08"), ("18个", "unknown", "2024-01/2024-08")]


def test_places_gained_in_a_league_table_are_a_difference(read):
    result = read("国家级经开区综合发展水平考核评价结果出炉,园区位居全国第12位,较上年提升5位。", published="2024-09-05")
    assert [(c.indicator, c.raw) for c in result.candidates] == [("etdz_composite_rank", "第12位")]
    assert ("5位", "places gained or lost in a league table (提升5位), a difference, not a figure") in reasons(result)


def test_list_items_are_scopes_only_when_the_words_after_them_name_an_indicator(read):
    result = read("一季度,园区完成工业投资、技改投资分别为18.2亿元、6.5亿元。")
    assert [(c.indicator, c.scope) for c in result.candidates] == [("unknown", "park"), ("unknown", "park")]


def test_list_items_may_stand_in_the_clause_before_fenbie(read):
    result = read("目前,园区已形成电子信息、新材料两大主导产业,产值分别达到560亿元、320亿元。")
    assert [(c.indicator, c.value, c.scope) for c in result.candidates] == [("output_value", 560, "电子信息"), ("output_value", 320, "新材料")]
    result = read("一季度,园区完成规上工业总产值、固定资产投资分别为18.2亿元、6.5亿元。")
    assert [c.indicator for c in result.candidates] == ["industrial_output", "fixed_asset_investment"]


def test_a_park_name_with_he_is_another_park_and_a_status_word_is_no_park_name(read):
    result = read("鸿远高新区与澄和经开区联合招商\n推介会上,鸿远高新区签约项目11个;澄和经开区签约项目8个。\n预计全年新区规上工业总产值增长6%左右。", published="2024-05-16", park="")
    assert [(c.park, c.raw) for c in result.candidates] == [("", "11个"), ("澄和经开区", "8个"), ("", "6%左右")]


def test_a_part_after_qizhong_that_names_an_indicator_is_that_indicator(read):
    result = read("今年以来,园区累计签约项目64个,签约总投资318亿元,其中先进制造业项目41个;园区现有企业126家,其中规上工业企业58家。", published="2024-09-03")
    assert [(c.indicator, c.raw, c.scope) for c in result.candidates] == [
        ("signed_projects", "64个", "park"),
        ("signed_investment", "318亿元", "park"),
        ("signed_projects", "41个", "先进制造业"),
        ("enterprises", "126家", "park"),
        ("above_scale_enterprises", "58家", "park"),
    ]


def test_the_companies_an_article_lists_come_in_one_order_whatever_the_hash_seed():
    import os
    import subprocess
    import sys

    script = (
        "from parkmetrics.extraction.article import Article\n"
        "from parkmetrics.extraction.companies import company_names\n"
        "print(company_names(Article.from_text('。华为公司、中兴公司、小米公司、比亚迪公司等企业入驻。'), []))\n"
    )
    orders = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert orders == {"['比亚迪', '中兴', '华为', '小米']\n"}
