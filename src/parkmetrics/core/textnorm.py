"""Text normalisation shared by the figure parser, import and extraction.

Chinese spreadsheets and reposted articles mix full-width digits (９．０５％),
traditional characters (億元, 餘) and typographic minus signs. Matching works on
the normalised text; stored quotes always keep the original.
"""

from __future__ import annotations

import re
import unicodedata

from .i18n import Words

# The one traditional -> simplified table, used by every reader of text (figures, units,
# park and indicator names, spreadsheet headers, articles): each traditional character
# followed by its simplified form; whitespace is ignored. Only one-to-one pairs of OpenCC's
# character tables, and (except 於 and 後, which reposted figures use) only characters
# outside simplified Chinese (GB 2312), so simplified text is never changed (著, 乾 and 藉
# stay as they are). Stored quotes always keep the original characters.
_TRADITIONAL_PAIRS = """
億亿萬万餘余約约個个項项畝亩頃顷戶户噸吨場场條条輛辆過过將将減减長长幣币裏里時时標标準准點点開开發发區区園园業业產产値值總总額额稅税
資资規规經经濟济術术體体數数達达實实現现營营務务黨党員员組组織织專专門门於于與与為为來来國国級级聯联簽签設设狀状劃划後后漲涨東东絲丝
兩两嚴严箇个豐丰臨临爲为麗丽舉举義义樂乐習习書书爭争雲云亞亚親亲僅仅從从倉仓儀仪們们價价眾众衆众優优會会偉伟傳传脩修儲储兌兑蘭兰關关
興兴養养獸兽內内冊册寫写農农沖冲衝冲決决況况淨净淩凌幾几鳳凤齣出擊击劉刘創创刪删別别彆别製制劑剂劇剧辦办動动勵励勁劲勞劳勢势勛勋勳勋
醫医韆千華华協协單单佔占衛卫卻却捲卷廠厂曆历歷历壓压廈厦參参蔘参雙双髮发變变敘叙疊叠隻只檯台臺台颱台號号喫吃閤合衕同嚮向曏向聽听啓启
啟启週周鹹咸嚥咽響响噴喷迴回團团糰团睏困圍围圖图圓圆塊块堅坚壇坛罈坛壘垒壯壮聲声處处備备復复複复夠够頭头奮奋奧奥妝妆婁娄娛娱學学審审
傢家寬宽對对尋寻導导盡尽侷局層层屆届屬属崗岗嶺岭嶄崭鞏巩佈布師师帶带幫帮幹干榦干並并併并倖幸廣广莊庄慶庆牀床庫库應应異异張张強强歸归
當当彔录錄录徹彻徑径誌志憂忧唸念懷怀態态懇恳癒愈纔才紮扎釦扣擴扩掃扫揚扬搶抢報报擔担擬拟擁拥攔拦擰拧拏拿掛挂揮挥據据攬揽攜携撐撑鬥斗
斷断無无崑昆顯显晉晋朮术機机雜杂權权桿杆楊杨闆板極极構构菓果櫛栉棟栋樹树樣样覈核橋桥夢梦檢检樓楼歡欢氣气匯汇彙汇滙汇溝沟沒没註注澤泽
測测瀏浏濃浓潤润漸渐遊游灣湾滾滚滿满潛潜燈灯靈灵煉炼煙烟熱热煥焕愛爱牽牵犧牺獨独獻献環环電电暢畅療疗監监蓋盖盤盘睞睐碼码礪砺礎础確确
礙碍離离種种積积稱称穩稳競竞築筑篳筚籌筹籤签簡简類类粵粤係系繫系緊紧纍累糾纠紅红縴纤纖纤緯纬純纯納纳紛纷紙纸紐纽紓纾細细終终紹绍結结
繞绕給给絡络統统繼继績绩續续繩绳維维綢绸綜综綠绿縷缕編编縫缝繳缴網网羅罗羣群職职膽胆揹背膠胶脈脉腦脑腳脚緻致捨舍艱艰藝艺節节蕪芜囌苏
蘇苏範范薦荐榮荣葯药藥药萊莱獲获穫获藍蓝慮虑虛虚蠶蚕補补錶表裝装見见觀观視视覽览觸触譽誉計计訂订認认討讨讓让訓训訊讯記记講讲許许論论
訪访証证證证評评識识訴诉試试誠诚話话誕诞詢询該该詳详說说請请諾诺讀读課课調调談谈謀谋謝谢譜谱穀谷貝贝負负貢贡財财責责貨货質质購购貫贯
貼贴貸贷貿贸費费賈贾賦赋賴赖賽赛讚赞贊赞贏赢贛赣趕赶趨趋躍跃踐践蹤踪車车軌轨轉转輪轮軟软載载較较輻辐輯辑輸输轄辖邊边遷迁運运還还這这
進进遠远違违連连遲迟跡迹蹟迹適适選选鄧邓鄒邹鄰邻寀采採采釋释裡里鑑鉴鑒鉴針针鍼针鐵铁鉑铂鉚铆鋁铝銀银鑄铸鏈链銷销鎖锁鋰锂鋒锋錨锚錘锤
錦锦鍵键錳锰閉闭問问閑闲間间聞闻閱阅闊阔隊队陽阳陣阵階阶際际陳陈陝陕難难霧雾靜静頁页順顺顧顾預预領领頻频顆颗題题風风飛飞飲饮館馆饋馈
馬马驅驱駐驻驗验驥骥魯鲁鴻鸿黃黄齊齐齒齿龍龙
"""
_PAIRS = "".join(_TRADITIONAL_PAIRS.split())
_TRADITIONAL = str.maketrans(_PAIRS[0::2], _PAIRS[1::2])

# Minus signs and dashes that people type for negative numbers.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\uff0d": "-"})

# Invisible characters that copy-paste brings along and that never carry meaning.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


# Unit symbols that NFKC would spell with a digit (㎡ -> m2); written out instead.
_UNIT_SYMBOLS = str.maketrans({"㎡": "平方米", "㎢": "平方公里"})
# The squared metre of units.txt (m², km²), which NFKC must not turn into m2.
_SQUARE = "m²"

# The three tables applied after NFKC, as one: their keys are distinct and no table maps a
# character to a key of another, so one pass does what three passes would (a test checks it).
_AFTER_NFKC = {**_INVISIBLE, **_MINUS, **_TRADITIONAL}


def normalize(text: str) -> str:
    """Full-width to ASCII, traditional to simplified, invisible characters removed."""
    if text.isascii():  # NFKC leaves ASCII alone and every table here maps non-ASCII characters only
        return text
    text = text.translate(_UNIT_SYMBOLS)
    if _SQUARE in text:  # NFKC would turn m² (and km², units.txt symbols) into m2
        return _SQUARE.join(unicodedata.normalize("NFKC", part).translate(_AFTER_NFKC) for part in text.split(_SQUARE))
    return unicodedata.normalize("NFKC", text).translate(_AFTER_NFKC)


# The text rules of a dataset (docs/dataset.md#text), shared by validation and import.
# Refused everywhere: control characters other than tab and line breaks (NUL, backspace,
# terminal escapes …) and the bidirectional controls that reorder how text is shown.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Invisible characters that carry nothing in Chinese text: zero-width characters, the byte-order
# mark used as a zero-width space, direction marks and the soft hyphen. Import removes them.
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u00ad"
_LINE_BREAKS = "\n\r\u2028\u2029"
_ANY_BREACH = re.compile(f"[{_CONTROL}{_BIDI_CONTROLS}{INVISIBLE_CHARACTERS}]")
_ONE_LINE_BREACH = re.compile(f"[{_CONTROL}{_BIDI_CONTROLS}{INVISIBLE_CHARACTERS}{_LINE_BREAKS}]")
_REMOVABLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
_CR_LINE_END = re.compile(r"\r\n?")


def text_breach(text: str, one_line: bool) -> Words | None:
    """What in text breaks the text rules, with the fix, or None; one_line forbids line breaks too."""
    match = (_ONE_LINE_BREACH if one_line else _ANY_BREACH).search(text)
    if match is None:
        return None
    char, position = match.group(), match.start() + 1
    code = f"U+{ord(char):04X}"
    if char in _LINE_BREAKS:
        return Words(f"第 {position} 个字符处的换行符（{code}）；请写在一行内", f"a line break ({code}) at character {position}; write it on one line")
    if char in INVISIBLE_CHARACTERS:
        return Words(
            f"第 {position} 个字符处的不可见字符 {code}（{unicodedata.name(char)}）；请删去（`parkmetrics import` 会去掉这类字符）",
            f"the invisible character {code} ({unicodedata.name(char)}) at character {position}; delete it (`parkmetrics import` removes such characters)",
        )
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return Words(
            f"第 {position} 个字符处的方向控制符 {code}（{unicodedata.name(char)}），它会改变文字的显示顺序；请删去",
            f"the direction control {code} ({unicodedata.name(char)}) at character {position}, which reorders how the text is shown; delete it",
        )
    return Words(
        f"第 {position} 个字符处的控制字符 {code}；请删去（控制字符可在终端上隐藏或伪装文字）",
        f"the control character {code} at character {position}; delete it (control characters can hide or disguise text on a terminal)",
    )


def breaches_anywhere(texts, one_line: bool) -> bool:
    """Quick test over many texts at once: can any of them break the rules?"""
    return (_ONE_LINE_BREACH if one_line else _ANY_BREACH).search("\t".join(texts)) is not None


def cleaned(text: str) -> str:
    """Text as import stores it: invisible characters removed, CR and CRLF line ends written as LF."""
    return _CR_LINE_END.sub("\n", _REMOVABLE.sub("", text))


_UNPRINTABLE = re.compile(f"[{_CONTROL}\t\n\r{_BIDI_CONTROLS}{INVISIBLE_CHARACTERS}{_LINE_BREAKS}]")


def printable(text: str) -> str:
    r"""Text to show a person on one line: control, direction and invisible characters as escapes (\x1b, \u202e).

    Messages quote what a file says; a terminal must show that, not act on it.
    """
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
