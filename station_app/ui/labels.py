"""User-visible Chinese text of the shell, written once. Screens keep their own labels module."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    name: str  # also the `screenshot --page` name
    title: str
    summary: str  # one line under the title
    will_hold: tuple[str, ...] = ()  # for modules not built yet: what the page will hold


PAGES: tuple[PageInfo, ...] = (
    PageInfo("home", "首页", "今日待办、临期和超期事项、主要指标一览"),
    PageInfo(
        "roster",
        "网格花名册",
        "网格、监管专员、网格员、志愿者和培训，带历史记录",
        (
            "网格（编号、名称、覆盖社区、边界说明、监管小组）及其人员配置",
            "“1 名监管专员 + 2–3 名网格员”配置规则检查，缺员网格醒目提示",
            "人员（监管专员、执法人员及执法证有效期、网格员、志愿者、调解员）和任职历史",
            "培训记录：日期、主题、授课人、学时、参训人员与次数统计",
            "网格花名册打印（A4 横向）、Excel 导出与导入、专员交接单",
        ),
    ),
    PageInfo(
        "entities",
        "经营主体",
        "经营主体台账：导入、查询、分级、扫街纳管",
        (
            "统一社会信用代码、身份证号、电话校验，全角半角自动纠正",
            "从历年 Excel 台账导入：自动识别表头、列映射、预览、试导入、逐行错误报告",
            "百万级台账秒级查询：名称、地址、拼音首字母、代码片段、电话",
            "官方信用风险分类与本所 A–D 分级（8 项指标、可解释、可人工调整）",
            "扫街纳管：现场快速登记未登记店铺，之后与登记主体关联",
        ),
    ),
    PageInfo(
        "sweeps",
        "扫街纳管",
        "扫街发现的店铺：现场快速登记，之后关联到已登记的经营主体；各网格待关联清单",
    ),
    PageInfo(
        "orders",
        "工单",
        "网格线索、12345 热线、企业直通车、12315 投诉举报和咨询：派单、时限、双签确认、督办、重办",
    ),
    PageInfo(
        "complaints",
        "投诉调解",
        "投诉登记、受理、调解、调解书打印、回访",
        (
            "投诉登记（12315、12345、来电、来访、来信、网格上报、服务站）",
            "受理/不予受理决定，按法定工作日（含调休）自动计算期限，临期和超期提醒",
            "调解过程、调解结果、挽回经济损失、履行情况和回访满意度",
            "投诉调解书、受理决定书、终止调解决定书等文书打印（〔年〕号自动编号）",
            "消费维权服务站及各服务站、各调解员的统计",
        ),
    ),
    PageInfo(
        "lists",
        "红黑榜",
        "红榜、黑榜、经营异常、信用修复与公示",
        (
            "红色合伙人、放心消费示范单位等红榜称号及有效期",
            "严重违法失信名单、经营异常名录/状态、食品安全黑榜、消费投诉黑榜",
            "列入须两人（提出、审批）确认；黑榜主体不能获得红榜称号",
            "信用修复申请、审核、决定，按时限提醒",
            "红黑榜公示通知（PDF、Excel），公示内容留存可原样重印",
        ),
    ),
    PageInfo(
        "visits",
        "走访服务",
        "服务队走访、诉求办理、年报情况，按网格和服务队统计",
    ),
    PageInfo(
        "violations",
        "执法与约谈",
        "违法行为登记、首违不罚审查、处理决定、行政约谈与行政指导",
    ),
    PageInfo("outreach", "普法宣传", "普法宣传活动（只记人数）、消费警示的起草、发布与打印"),
    PageInfo(
        "patrols",
        "巡查与专项",
        "日常巡查、专项行动、隐患整改",
        (
            "按分级生成巡查计划：A/B 每月巡查、每季复核；C/D 网格员每日巡查、所每周检查",
            "专项行动：目标清单、检查、整改 → 反馈 → 回头看",
            "扫街纳管行动记录与隐患整改",
        ),
    ),
    PageInfo("prices", "价格监测", "节假日酒店等价格监测、异常价格预警信号、价格曲线与提醒告诫"),
    PageInfo("warnings", "预警", "投诉集中、预付卡风险、涉老营销、许可证临期等风险预警"),
    PageInfo(
        "campaigns", "专项行动", "专项行动：检查对象清单（可复现的筛选条件）、进度、回头看、结束"
    ),
    PageInfo("draws", "双随机", "双随机一公开：对象库和执法人员库、可校验的抽取、回避、结果公示"),
    PageInfo(
        "reports",
        "报表",
        "上报县局的月报、季报、年报和数据包",
        (
            "按县局版式生成 Excel 报表：综合、网格与人员、经营主体、投诉与调解、红黑榜、培训与走访",
            "同比、环比，指标口径说明随表打印",
            "可校验的数据包（ZIP，含 SHA-256 清单），县局汇总合并",
            "综合表 PDF，供签字盖章",
        ),
    ),
    PageInfo(
        "settings",
        "设置",
        "所基本信息、数据库与备份、用户与权限、偏好设置、修改历史，节假日、分级、工单时限等全所规则",
    ),
)
PAGE_BY_NAME = {p.name: p for p in PAGES}
# The navigation's sections, in the order of PAGES (tests/ui/test_shell.py checks both agree).
NAV_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工作台", ("home",)),
    ("基础台账", ("roster", "entities", "sweeps")),
    ("受理办件", ("orders", "complaints", "lists")),
    (
        "现场监管",
        ("visits", "violations", "outreach", "patrols", "prices", "warnings", "campaigns", "draws"),
    ),
    ("上报与设置", ("reports", "settings")),
)
GOTO_MENU = "转到页面…"
GOTO_TITLE = "转到页面"
GOTO_ITEM = "{}　{}"  # a page and its summary
GOTO_HINT = "输入页面名称或拼音首字母，回车打开"

NOT_BUILT_NOTE = "本模块正在建设中，完成后这里将提供："
STATUS_DB = "数据库：{}"
STATUS_STATION = "本所：{}"
NO_STATION = "（未设置所基本信息）"
DEMO_BADGE = "演示数据库"
ERROR_TITLE = "出错了"
UNEXPECTED_ERROR = "程序遇到意外错误，已记录到日志。\n已经保存的数据不会丢失；正在进行的这一步操作可能没有完成，请检查后重试。"
LOG_AT = "日志文件：{}"
CONNECTION_LOST_TITLE = "数据库连接中断"
RETRY = "重试"
REPLACED_TITLE = "数据库已被替换"
REPLACED_BADGE = "数据库已被替换：本窗口已停止保存修改，请重新打开程序"

# lists (ui/screens/list_page.py): a page may say 户, 件, 人 instead
LIST_COUNT = "共 {:,} 条"
LIST_COUNT_MORE = "已显示前 {:,} 条，正在统计全部…"
LIST_LOADING = "正在查询…"
LIST_LOAD_FAILED = "查询失败：{}"

EM = "中"  # the width unit of columns and fields: one Chinese character
IDEOGRAPHIC_SPACE = "　"
PROGRESS_TITLE = "请稍候"
CANCEL = "取消"
CANCELLING = "正在取消，请稍候……"
SCREENSHOT_SAVED = "已保存截图：{}"
SCREENSHOT_NEEDS_PASSWORD = "截图正式数据库需要登录：请用 STATION_PASSWORD 提供密码。"
NO_DEMO_USER = "演示数据库中没有用户“{}”。"
SCREENSHOT_FAILED = "无法保存截图：{}"
SCREENSHOT_NO_TABS = "“{}”页面没有选项卡，请去掉 --tab。"
SCREENSHOT_UNKNOWN_TAB = "没有名为“{}”的选项卡。可选：{}。"
LIST_SEP = "、"
CANNOT_OPEN_DATABASE = "无法打开数据库"
CANNOT_COMPLETE = "无法完成操作"

# Qt strings that qtbase_zh_CN.qm leaves in English (ui/qt_zh.py): (context, source) → text
QT_MISSING_TRANSLATIONS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Computer"): "计算机",
    ("QFileDialog", "Recent places"): "最近访问的位置",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QAbstractFileIconProvider", "Alias"): "替身",
}
# selftest (ui/selftest.py): the Qt half of station-app selftest
SELFTEST_GLYPHS = ("监", "所")  # two characters: a font without them draws the same box twice
SELFTEST_QT = "Qt {}，PySide6 {}，平台 {}"
SELFTEST_NO_TRANSLATION = (
    "Qt 的中文翻译（qtbase_zh_CN）没有加载：标准按钮会显示英文。请重新安装本程序。"
)
SELFTEST_TRANSLATED = "，中文翻译已加载"
SELFTEST_NO_FONT = "内置字体没有加载（缺少 {}）：界面会显示方框。请重新安装本程序。"
SELFTEST_NO_GLYPHS = "字体中找不到中文字形：界面会显示方框。请重新安装本程序。"
SELFTEST_BOXES = "不同的汉字画成了相同的图形（方框）：中文无法正常显示。"
SELFTEST_FONTS = "{} 等 {} 种字体，中文显示正常"
ENUM_COMMA = "、"  # between the items of a list in running text
