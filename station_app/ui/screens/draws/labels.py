"""Chinese text of the 双随机 page, its draw dialog and result view."""

from __future__ import annotations

COLUMN_LABELS = {
    "number": "抽取编号",
    "item": "抽查事项",
    "drawn_at": "抽取时间",
    "pool_total": "对象库",
    "drawn_total": "抽中",
    "results": "已录结果",
    "state": "状态",
    "witness": "见证人",
}
COUNT = "共 {:,} 次抽取"
LOAD_FAILED = "抽取记录读取失败：{}"
SEARCH_HINT = "编号或抽查事项"
STATE_FILTERS = (
    ("全部状态", ""),
    ("已抽取", "drawn"),
    ("已公示", "published"),
    ("已重抽", "superseded"),
)
NEW = "新建抽取…"
VERIFY = "校验"
PRINT_RECORD = "打印抽取记录…"
RECORD_FILE = "双随机抽取记录"
PUBLISH_PDF = "公示（PDF）…"
PUBLISH_XLSX = "公示（Excel）…"
EXPORT_POOL = "导出对象库…"
NO_DRAW = "选择左侧的一次抽取，在这里显示抽取结果；或点“新建抽取…”。"

# result view
RESULT_TITLE = "{number}　{item}"
RESULT_FACTS = "抽取时间 {draw_time}　见证数字 {witness}　见证人 {witnessed_by}　状态 {state}"
POOL_HASH = "对象库哈希"
SEED = "随机种子"
SIZES = (
    "各等级（抽中/对象库，比例）：{sizes}；执法人员库 {inspectors} 人；近期已查未纳入 {excluded} 户"
)
SIZE_PART = "{grade} 类 {drawn}/{pool}（{quota}）"
REDRAW_OF = "重新抽取：原记录 {old}；理由：{reason}；批准：{approved}"
SUPERSEDED_BY = "本记录已被 {new} 重新抽取取代（保留备查）"
OBJECT_HEADERS = ("等级", "序", "抽查对象", "代码", "签号", "检查人员", "检查结果")
NO_WITNESS = "（无）"
RECUSALS = "回避 {n} 项（{counts}），如：{shown}……（打印抽取记录或 draws show 可见全部）"
VERIFY_OK = "校验通过：按记录重算，结果一致。"
VERIFY_BAD = "校验未通过：记录与重算结果不一致！"
STEP_OK, STEP_BAD = "✓", "✗"
PUBLISHED = "已生成公示文件：{}"
POOL_SAVED = "已导出：\n{}\n{}\n对象库文件的 SHA-256 即对象库哈希，可按 docs/draws.md 复算。"
PICK_FOLDER = "选择导出文件夹"
SAVE_NOTICE = "保存抽查结果公示"
PDF_FILTER = "PDF 文件 (*.pdf)"

# draw dialog
DIALOG_TITLE = "新建双随机抽取"
DIALOG_INTRO = (
    "先选抽查事项、对象库和执法人员库并“预览”，当众公布对象库哈希；"
    "再由见证人掷骰子或读开奖号码，填入见证数字后“抽取”。抽取结果不能重抽覆盖。"
)
ITEM = "抽查事项"
OBJECTS = "对象库"
INSPECTORS = "执法人员库"
ALL_OBJECTS = "全部在营经营主体（all）"
ALL_INSPECTORS = "执法证有效的全部人员（all）"
SAVED = "常用筛选：{}"
RATIOS = "抽查比例"
RATIO_HINT = "{grade} 类"
MIN_INSPECTORS = "每户执法人员"
PREVIEW = "预览"
PREVIEW_TEXT = (
    "对象库哈希：{hash}\n{sizes}\n执法人员库 {inspectors} 人：{names}\n近期已查未纳入 {excluded} 户"
)
PREVIEW_SIZE = "{grade} 类 {pool} 户，{label}，将抽取 {n} 户"
NOT_PREVIEWED = "尚未预览。"
REDRAW_NOTE = "该事项已有未公示的抽取记录 {old}：本次为重新抽取，须写明理由并由所长执行。"
WITNESS = "见证数字"
WITNESS_HINT = "掷骰子或开奖号码，如 3516"
WITNESSED_BY = "见证人"
REASON = "重抽理由"
DRAW = "抽取"
CANCEL = "取消"
PREVIEW_FIRST = "请先预览，公布对象库哈希后再抽取。"
LIST_SEP = "、"
ITEM_SEP = "；"
TITLE_SEP = "　"
LABELLED = "{}　{}"
RECUSAL_ONE = "{entity}：{inspector}（{reason}）"
RECUSAL_KIND = "{kind} {n} 项"
STEP = "{mark} {name}：{detail}"
NOTICE_FILE = "{}-公示{}"
COMMA = "，"
RECORD_RESULT = "录入结果…"
RESULT_DIALOG_TITLE = "录入双随机抽查结果"
