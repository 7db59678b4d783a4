"""The vocabulary of work orders (工单): kinds, channels, categories, states, steps, sign-off
sides, handling ways and the formats of numbers. Pure data; stored values read as they are
shown (``"12345"``, ``"待派单"``), like the complaint area's statuses.

Sources: the issue (#14) for the kinds and the flow; STATIONS.md §1 (Feicheng: grid clues,
双签字、双督办), §3 (Jiyang: 重办 escalation), §4 (Zibo: 2 h / 24 h); FACTS §2.2 and §5 (举报).
"""

from __future__ import annotations

import re

# ---- kinds (工单类型): the values of ``orders add --kind`` ----------------------------------
CLUE = "网格线索"
HOTLINE = "12345"
DIRECT = "企业直通车"
COMPLAINT = "12315投诉"
REPORT = "12315举报"
CONSULT = "咨询"
KINDS = (CLUE, HOTLINE, DIRECT, COMPLAINT, REPORT, CONSULT)
KIND_LABELS: dict[str, str] = {
    CLUE: "网格线索",
    HOTLINE: "12345热线工单",
    DIRECT: "企业直通车",
    COMPLAINT: "12315投诉",
    REPORT: "12315举报",
    CONSULT: "咨询",
}
#: kinds forwarded by a platform: they carry the platform's order number
PLATFORM_KINDS = frozenset({HOTLINE, DIRECT, COMPLAINT, REPORT})
#: kinds the platform may send back for re-handling (重办), escalating the lead
REWORK_KINDS = frozenset({HOTLINE, DIRECT})
#: kinds whose requester (诉求人/举报人) is kept confidential from the reported party (FACTS §2.8)
CONFIDENTIAL_KINDS = frozenset({REPORT})
#: kinds that may be turned into a complaint mediation case (转调解): a 12315 complaint, and a
#: walk-in consultation that turned out to be a complaint; such an order closes with its case
MEDIATION_KINDS = frozenset({COMPLAINT, CONSULT})

# ---- channels (来源): how the order reached the station ------------------------------------
CH_GRID_WORKER = "网格员上报"
CH_VOLUNTEER = "志愿者上报"
CH_PLATFORM = "平台转办"
CH_PHONE = "来电"
CH_VISIT = "来访"
CH_LETTER = "来信"
CHANNELS = (CH_GRID_WORKER, CH_VOLUNTEER, CH_PLATFORM, CH_PHONE, CH_VISIT, CH_LETTER)
DEFAULT_CHANNEL: dict[str, str] = {
    CLUE: CH_GRID_WORKER,
    HOTLINE: CH_PLATFORM,
    DIRECT: CH_PLATFORM,
    COMPLAINT: CH_PLATFORM,
    REPORT: CH_PLATFORM,
    CONSULT: CH_VISIT,
}

# ---- categories (问题类别) -------------------------------------------------------------------
CATEGORIES = (
    "食品安全",
    "特种设备",
    "价格",
    "无照经营",
    "涉老诈骗",
    "药品医疗器械",
    "化妆品",
    "产品质量",
    "计量",
    "广告",
    "知识产权",
    "消费纠纷",
    "其他",
)

# ---- states (状态) -------------------------------------------------------------------------
WAITING_DISPATCH = "待派单"
WAITING_RESPONSE = "待响应"
HANDLING = "处置中"
WAITING_CONFIRM = "待确认"
CONFIRMED = "待办结"
CLOSED = "已办结"
VOID = "已作废"
STATES = (WAITING_DISPATCH, WAITING_RESPONSE, HANDLING, WAITING_CONFIRM, CONFIRMED, CLOSED, VOID)
OPEN_STATES = frozenset({WAITING_DISPATCH, WAITING_RESPONSE, HANDLING, WAITING_CONFIRM, CONFIRMED})

# ---- steps (the events of an order's log) --------------------------------------------------
REGISTER = "register"
DISPATCH = "dispatch"
RETURN = "return"
RESPOND = "respond"
ONSITE = "onsite"
HANDLE = "handle"
LINK_CASE = "case"
DECIDE = "decide"
EXTEND = "extend"
NOTIFY = "notify"
FEEDBACK = "feedback"
CONFIRM = "confirm"
REJECT = "reject"
CLOSE = "close"
VISIT = "visit"
PAUSE = "pause"
RESUME = "resume"
SUPERVISE = "supervise"
REWORK = "rework"
VOID_STEP = "void"
NOTE = "note"
BREACH = "breach"  # written by the system when a deadline passes: freezes it
CASE_CLOSE = "case_close"  # a complaint order closed with its mediation case (the system)
EVENT_LABELS: dict[str, str] = {
    REGISTER: "登记",
    DISPATCH: "派单",
    RETURN: "退单",
    RESPOND: "响应",
    ONSITE: "到场",
    HANDLE: "处置",
    LINK_CASE: "转调解",
    DECIDE: "立案决定",
    EXTEND: "延期",
    NOTIFY: "告知举报人",
    FEEDBACK: "反馈",
    CONFIRM: "确认",
    REJECT: "不认可",
    CLOSE: "办结",
    VISIT: "回访",
    PAUSE: "挂起",
    RESUME: "恢复",
    SUPERVISE: "督办",
    REWORK: "重办",
    VOID_STEP: "作废",
    NOTE: "备注",
    BREACH: "超时",
    CASE_CLOSE: "随调解案件办结",
}
#: the timestamps an order shows (issue: received, dispatched, responded, on site, handled,
#: fed back, confirmed, closed) → the step that sets each
TIMESTAMPS: dict[str, str] = {
    "received_at": REGISTER,
    "dispatched_at": DISPATCH,
    "responded_at": RESPOND,
    "onsite_at": ONSITE,
    "handled_at": HANDLE,
    "fed_back_at": FEEDBACK,
    "confirmed_at": CONFIRM,
    "closed_at": CLOSE,
}

# ---- handling (处置方式) ---------------------------------------------------------------------
WAY_ONSITE = "现场核查"
WAY_MEDIATION = "调解"
WAY_REPORT_CHECK = "举报核查"
WAY_REFERRAL = "移送"
WAY_ANSWER = "答复"
WAY_RECTIFY = "责令整改"
HANDLING_WAYS = (WAY_ONSITE, WAY_MEDIATION, WAY_REPORT_CHECK, WAY_REFERRAL, WAY_ANSWER, WAY_RECTIFY)

# ---- report decisions (举报: 立案 / 不予立案) -------------------------------------------------
FILE_CASE = "立案"
NO_CASE = "不予立案"
DECISIONS = (FILE_CASE, NO_CASE)

# ---- sign-off (双签确认) --------------------------------------------------------------------
REPORTER_SIDE = "reporter"
HANDLER_SIDE = "handler"
REVIEWER_SIDE = "reviewer"
SIDE_LABELS: dict[str, str] = {
    REPORTER_SIDE: "上报网格员",
    HANDLER_SIDE: "承办专员",
    REVIEWER_SIDE: "审核人",
}
#: who must confirm before an order may be closed, per kind: a grid clue by the grid worker who
#: reported it and the specialist who handled it (Feicheng 双签字); the others by the handler
#: and a second staff member (审核); a walk-in consultation by the one who answered it.
SIGN_OFF: dict[str, tuple[str, ...]] = {
    CLUE: (REPORTER_SIDE, HANDLER_SIDE),
    HOTLINE: (HANDLER_SIDE, REVIEWER_SIDE),
    DIRECT: (HANDLER_SIDE, REVIEWER_SIDE),
    COMPLAINT: (HANDLER_SIDE, REVIEWER_SIDE),
    REPORT: (HANDLER_SIDE, REVIEWER_SIDE),
    CONSULT: (HANDLER_SIDE,),
}

# ---- satisfaction (回访) ---------------------------------------------------------------------
SATISFACTION = ("满意", "基本满意", "不满意")
SATISFIED = frozenset({"满意", "基本满意"})
VISIT_WAYS = ("电话", "现场", "短信", "网络")

# ---- 督办 -----------------------------------------------------------------------------------
#: the ladder of FIELDWORK §1: a reminder, then 催办, then 督办, then 通报
SUPERVISION_LEVELS = ("提醒", "催办", "督办", "通报")

# ---- numbers --------------------------------------------------------------------------------
ORDER_NUMBER = re.compile(r"^GD(\d{4})-(\d{6})$")


def order_number(year: int, n: int) -> str:
    """The station's own number of an order: ``GD2026-000123`` (reset yearly, by receipt)."""
    return f"GD{year}-{n:06d}"


#: the platforms' order numbers: 12345 and 企业直通车 orders are letters (a city prefix, at most
#: six) and 8–24 digits; 12315 numbers are 10–32 digits. A number of another shape is refused
#: (an import row from another sheet, a typo) rather than stored.
PLATFORM_NUMBER: dict[str, re.Pattern[str]] = {
    HOTLINE: re.compile(r"^[A-Z]{0,6}\d{8,24}$"),
    DIRECT: re.compile(r"^[A-Z]{0,6}\d{8,24}$"),
    COMPLAINT: re.compile(r"^\d{10,32}$"),
    REPORT: re.compile(r"^\d{10,32}$"),
}
PLATFORM_NUMBER_EXAMPLE: dict[str, str] = {
    HOTLINE: "JN2026050100123",
    DIRECT: "QY2026050100017",
    COMPLAINT: "13701022026050100031",
    REPORT: "13701022026050100032",
}

#: printable documents: kind → (title, the character of its number 〔年〕N号; "" = the order's
#: own number)
DOC_KINDS: dict[str, tuple[str, str]] = {
    "order": ("工单处理单", ""),
    "supervision": ("督办通知单", "督"),
    "report_form": ("举报登记表", ""),
    "filing_notice": ("举报立案告知书", "举立"),
    "no_filing_notice": ("举报不予立案告知书", "举不立"),
}
