"""Chinese text of the 执法与约谈 page: violations, the 首违不罚 check, decisions."""

from __future__ import annotations

COLUMNS = {
    "found_on": "发现日期",
    "entity": "当事人",
    "type": "违法行为类型",
    "source": "发现途径",
    "rectification": "整改",
    "decision": "处理决定",
    "fine": "罚款（元）",
    "number": "决定书文号",
}
COUNT = "共 {:,} 起"
SEARCH = "搜索当事人名称、统一社会信用代码、文号、类型"
DECISION_FILTERS = (
    ("全部", ""),
    ("未决定", "none"),
    ("不予处罚", "no_penalty"),
    ("减轻处罚", "mitigated"),
    ("从轻处罚", "lighter"),
    ("处罚", "penalty"),
    ("移送", "transfer"),
)
NEW = "登记违法行为…"
GUIDANCE = "行政指导书…"
PRINT_NO_PENALTY = "打印不予行政处罚决定书"
DECIDE = "作出处理决定…"
RECTIFIED = "登记已改正…"
CHECK_TITLE = "首违不罚审查"
NO_SELECTION = "选择一起违法行为，查看首违不罚审查结果。"
MET = {True: "✓", False: "✗", None: "？"}
CRITERION = "{mark} {label}：{text}"
DECIDED = "已决定：{label}　{number}"
OVERRIDE = "未采纳审查意见的理由：{}"
CHECK_HEAD = ("", "审查项", "说明")

# the violation dialog
ADD_TITLE = "登记违法行为"
ADD_INTRO = "当事人填写统一社会信用代码或编号；类型可填编码、名称或名称中的关键词。"
F_ENTITY = "当事人"
F_ENTITY_HINT = "统一社会信用代码或编号"
F_TYPE = "违法行为类型"
F_FOUND_ON = "发现日期"
F_SOURCE = "发现途径"
F_REFERENCE = "来源记录编号"
F_FACTS = "违法事实"
F_HARM = "危害后果"
F_DEADLINE = "改正期限"
F_RECTIFIED = "改正日期"
F_HAZARD = "巡查隐患编号"
F_HAZARD_HINT = "由巡查发现的隐患登记时填写，巡查记录随之关联"
BAD_NUMBER = "“{}”不是编号，请填写数字。"

# the decision dialog
DECIDE_TITLE = "作出处理决定"
F_DECISION = "处理决定"
F_GROUND = "不予处罚情形"
F_FINE = "罚款金额（元）"
F_WARNING = "警告"
F_WARNING_TEXT = "给予警告"
F_NUMBER = "决定书文号"
F_NUMBER_HINT = "不填则自动编号"
F_TRANSFER = "移送对象"
F_REASON = "情节或说明"
F_OVERRIDE = "未采纳审查意见的理由"
F_OVERRIDE_HINT = "决定不予处罚而审查未建议时必填（至少 10 个字）"
F_DECIDED_ON = "决定日期"
GROUND_CHOICES = (("按清单自动", ""), ("首违不罚", "first"), ("轻微免罚", "minor"),
                  ("无主观过错", "no_fault"))  # fmt: skip
TRANSFER_CHOICES = ("", "执法大队", "公安机关", "其他部门")
RECTIFIED_PROMPT = "改正日期（YYYY-MM-DD）："
BAD_DATE = "日期“{}”无法识别，请写作 2026-11-29。"

# the guidance dialog and its print
GUIDANCE_TITLE = "签发行政指导书"
GUIDANCE_INTRO = "向“{entity}”签发行政指导书（柔性指导，不是行政处罚）。保存后编号并打开打印预览。"
F_MATTERS = "发现的问题"
F_ADVICE = "指导意见"
F_ADVICE_HINT = "每行一条，按顺序编号"
F_BASIS = "依据"
F_ISSUED_ON = "签发日期"
F_REPLY_BY = "反馈期限"
GUIDANCE_FILE = "行政指导书"
MATTERS_START = "{type}。{facts}"
STOP = "。"
NO_PENALTY_FILE = "不予行政处罚决定书"

# 设置 → 违法行为类型 (ui/screens/settings/violation_types_tab.py)
TYPES_NOTE = (
    "违法行为类型及其违反条款、处罚依据；首违不罚、轻微免罚清单事项按施行日期生效。"
    "首违不罚审查按违法行为发现之日有效的清单事项提出建议。清单事项不删除，只终止。"
)
TYPES_HEAD = ("编码", "名称", "类别", "违反条款", "处罚依据", "免罚清单", "状态")
LISTINGS_HEAD = ("清单", "发文字号", "清单名称", "序号", "施行日期", "终止日期", "免罚条件")
ACTIVE = {True: "使用中", False: "已停用"}
LISTINGS_OF = "“{name}”的免罚清单事项"
NO_TYPE = "选择一个违法行为类型，查看其免罚清单事项。"
OPEN_END = "—"
LIST_SEP = "、"
CONDITION_SEP = "；"
NEW_TYPE = "新建类型…"
EDIT_TYPE = "编辑类型…"
NEW_LISTING = "新建清单事项…"
END_LISTING = "终止清单事项…"
TYPE_TITLE = "违法行为类型"
TYPE_INTRO = (
    "编码保存后不能修改：首违不罚审查按编码认定“同类违法行为”。违反条款、处罚依据须照法条原文填写。"
)
F_CODE = "编码"
F_CODE_HINT = "字母、数字和 . _ -，如 L-SIGN"
F_NAME = "名称"
F_CATEGORY = "类别"
F_PROVISION = "违反条款"
F_PENALTY_BASIS = "处罚依据"
F_ACTIVE = "状态"
F_ACTIVE_TEXT = "使用中（取消则停用：登记时不再列出）"
F_NOTE = "备注"
LISTING_TITLE = "新建清单事项"
LISTING_INTRO = (
    "把“{name}”列入首违不罚或轻微免罚清单：写明文件、清单名称、序号和施行日期；免罚条件每行一条。"
)
F_LIST_KIND = "清单"
F_DOCUMENT = "发文字号"
F_DOCUMENT_HINT = "如 国市监法〔2025〕10号"
F_LIST_NAME = "清单名称"
F_ITEM_NO = "序号"
F_FROM = "施行日期"
F_TO = "终止日期"
F_CONDITIONS = "免罚条件"
F_CONDITIONS_HINT = "每行一条，审查时供执法人员逐条核实"
END_TITLE = "终止清单事项"
END_INTRO = "终止后，该日期之后发现的违法行为不再按此事项审查；已作出的决定不受影响。\n{citation}"
F_END_ON = "最后有效日"
F_END_REASON = "终止原因"
F_END_REASON_HINT = "如“被新版清单替代”"
