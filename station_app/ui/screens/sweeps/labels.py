"""Chinese text of the street-sweep (扫街纳管) screens."""

from __future__ import annotations

from station_app.domain.sweeps import FIELD_LABELS

SEARCH_PLACEHOLDER = "检索：店名、地址、经营者或电话（Ctrl+F）"
CAPTURE = "快速登记 (Ctrl+N)"
LINK = "关联… (Ctrl+L)"
COUNT = "共 {:,} 户"
LOAD_FAILED = "查询失败：{}"
STATUS_FILTERS = (
    ("待关联", "待关联"),
    ("已关联", "已关联"),
    ("新登记", "新登记"),
    ("已核销", "已核销"),
    ("全部状态", None),
)
TODO_TITLE = "各网格待关联"
TODO_ALL = "全部网格（{}）"
TODO_ITEM = "{}（{}）"
TODO_TIP = "{}：待关联 {} 户，共登记 {} 户"
NO_SELECTION = "在左侧列表中选择一条扫街纳管记录。"
NO_PHOTO = "无照片"
TAB_DETAIL = "详情"
TAB_HISTORY = "修改历史"
EDIT = "编辑…"
REGISTER = "登记为新经营主体"
DISMISS = "核销…"
REOPEN = "撤销关联…"
OPEN_ENTITY = "查看经营主体"
SHOW_PHONE = "显示"

COLUMN_LABELS = {
    "captured_on": "扫街日期",
    "grid": "网格",
    "name": "店名（招牌）",
    "address": "地址",
    "phone": "电话",
    "operator": "经营者",
    "industry": "行业",
    "status": "状态",
    "linked_entity": "关联经营主体",
    "has_photo": "照片",
    "captured_by": "登记人",
}

CAPTURE_TITLE = "扫街纳管：快速登记"
EDIT_TITLE = "编辑扫街纳管记录：{}"
SAVE = "保存 (Ctrl+S)"
SAVE_NEXT = "保存并登记下一户 (Ctrl+Enter)"
CANCEL = "取消"
CHOOSE_PHOTO = "选择照片…"
REMOVE_PHOTO = "移除照片"
PHOTO_FILTER = "照片 (*.jpg *.jpeg *.png)"
PHOTO_READ_FAILED = "无法读取照片文件：{}"
UNSAVED = "有未保存的内容。要放弃吗？"
PHONE_MASKED_IN_EDITOR = "电话已脱敏显示：不改动的保持原号码，直接输入新号码即可更正。"
SHOW_PHONE_FOR_EDIT = "显示完整号码以便修改"
PHONE_FULL_IN_EDITOR = "已显示完整电话（已记入操作日志）。"
REVEAL_TIP = "显示完整信息（会记入操作日志）"
SAVED_NEXT = "已保存“{}”，请登记下一户。"
PLACEHOLDERS = {
    "name": "照招牌填写，如：张三记小吃",
    "address": "如：人民路12号",
    "phone": "可不填",
    "operator": "可不填",
    "note": "可不填：隐患、未亮照等",
}

LINK_TITLE = "关联经营主体：{}"
LINK_HINT = (
    "按匹配度排列；选中一户后按回车或“关联所选”。都不是时，可换个名称查找、登记为新经营主体或核销。"
)
FIND_PLACEHOLDER = "换个名称查找（回车）"
FIND = "查找"
LINK_SELECTED = "关联所选 (Enter)"
NO_CANDIDATES = "没有找到相似的已登记经营主体。可换个名称查找，或登记为新经营主体。"
CANDIDATE_HEADERS = ("匹配度", "名称", "地址", "电话", "网格", "类型", "匹配依据")
REGISTER_CONFIRM = "将按此记录登记一户新的经营主体：\n\n{}\n{}\n\n类型“未登记”，来源“扫街纳管”，之后可在经营主体台账中补充。继续吗？"
DISMISS_PROMPT = "核销原因（记入操作日志）："
DISMISS_REASONS = ("非经营场所", "已搬离，门面空置", "重复登记", "临时摊点，已离开")
REOPEN_PROMPT = "撤销原因（记入操作日志），撤销后记录回到“待关联”："

__all__ = ["FIELD_LABELS"]

# -- the details pane
PHONE_LINE = "电话：{}"
LINKED_TO = "：{}"
DISMISSED_BECAUSE = "（{}）"
WHEN_WHO = "{}　{}"
DETAIL_ROWS = ("店名", "地址", "经营者", "行业", "网格", "扫街日期", "状态", "处理", "备注")
DETAIL_ROW = "<tr><td style='color:#555;padding-right:8px'>{}</td><td>{}</td></tr>"
FIELD_ROW = "{}："
NO_ADDRESS = "（未填地址）"
UNSAVED_TITLE = "未保存的内容"
LINK_HEAD = (
    "<b>{name}</b>　{address}　{phone}"
    "　<span style='color:#555'>{grid}，{day:%Y-%m-%d} {who} 登记</span>"
)
