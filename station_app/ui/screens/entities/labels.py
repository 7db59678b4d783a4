"""Chinese text of the entity registry screens."""

from __future__ import annotations

SEARCH_PLACEHOLDER = "检索：名称、地址、拼音首字母（如 zsj）、统一社会信用代码或电话片段（Ctrl+F）"
ALL = "全部"
NEW = "新建 (Ctrl+N)"
IMPORT = "导入台账…"
EXPORT = "导出…"
CLEAR = "清除筛选"
COUNT = "共 {:,} 户"
COUNT_MORE = "已显示前 {:,} 户，正在统计全部…"
LOADING = "正在查询…"
LOAD_FAILED = "查询失败：{}"
FILTERS = {
    "grid": "网格",
    "type": "类型",
    "industry": "行业",
    "status": "状态",
    "grade": "本所分级",
    "tag": "标签",
    "licence": "许可证",
}
EXPIRING = (("不限", None), ("30 天内到期或已过期", 30), ("90 天内到期或已过期", 90), ("已过期", 0))
VIEWS = "常用筛选"
VIEWS_TIP = "保存当前的检索词和筛选条件，下次一点即用（只对您本人可见）"
VIEWS_NONE = "（还没有常用筛选）"
VIEWS_SAVE = "保存当前筛选…"
VIEWS_DELETE = "删除"
VIEWS_NAME_TITLE = "保存常用筛选"
VIEWS_NAME_PROMPT = "名称（如“城关网格 C 级餐饮”）："
VIEWS_REPLACE = "已有名为“{}”的常用筛选。用当前条件替换它吗？"
VIEWS_DELETE_CONFIRM = "删除常用筛选“{}”吗？"
VIEWS_MISSING = "常用筛选“{}”中的{}已不存在，已忽略该条件。"
VIEWS_APPLIED = "（常用筛选：{}）"
MENU_OPEN = "查看详情"
MENU_EDIT = "编辑…"
MENU_DELETE = "删除…"
MENU_COPY_NAME = "复制名称"
MENU_COPY_CODE = "复制统一社会信用代码"
MENU_EXPORT_SELECTION = "导出所选…"
DELETE_CONFIRM = "确定删除经营主体“{}”吗？\n其许可证、行业、标签和分级记录一并删除，操作记入日志。"
DELETE_REASON = "删除原因（记入操作日志）："
EXPORTED = "已导出 {:,} 户到：{}"
EXPORT_FILTER = "Excel 工作簿 (*.xlsx)"
EXPORT_MASK_NOTE = "（个人联系电话已脱敏）"

CARD_TITLE = "经营主体：{}"
TAB_BASIC = "基本信息"
TAB_LICENCES = "许可证"
TAB_GRADE = "分级"
TAB_GRADE_HISTORY = "分级记录"
TAB_HISTORY = "修改历史"
EDIT = "编辑…"
CLOSE = "关闭"
SHOW_PHONE = "显示完整号码"
NO_PHONE = "（未填）"
OVERRIDE = "人工调整分级…"
CLEAR_OVERRIDE = "取消人工调整"
OVERRIDE_REASON = "调整原因（必填，记入操作日志）："
GRADE_LINE = "本所分级：{}　得分：{}　巡查频次：{}"
GRADE_OVERRIDDEN = "已人工调整为 {}（计算结果 {}），原因：{}"
LICENCE_HEADERS = ("种类", "编号", "发证日期", "有效期至", "发证机关", "状态")
CONTRIB_HEADERS = ("指标", "情况", "扣分")
GRADE_HISTORY_HEADERS = ("时间", "分级", "得分", "方式", "原因", "操作人")
NO_LICENCES = "没有登记许可证。"

EDIT_NEW_TITLE = "新建经营主体"
EDIT_TITLE = "编辑经营主体：{}"
SAVE = "保存 (Ctrl+S)"
CANCEL = "取消"
UNSAVED = "有未保存的修改。要保存吗？"
TYPE_FROM_CODE = "按代码：{}"
ADD_LICENCE = "添加许可证"
REMOVE_LICENCE = "删除所选许可证"
NO_GRID = "（未划入网格）"
NO_DATE = "未填"
PHONE_MASKED_IN_EDITOR = "联系电话已脱敏显示：不改动的保持原号码，直接输入新号码即可更正。"
SHOW_PHONE_FOR_EDIT = "显示完整号码以便修改"
PHONE_FULL_IN_EDITOR = "已显示完整联系电话（已记入操作日志）。"
REVEAL_TIP = "显示完整信息（会记入操作日志）"
BAD_DATE = "许可证第 {} 行的日期“{}”无法识别，请写作 2025-06-30。"

IMPORT_CHANGED_HEADERS = ("行号", "名称", "未导入的原因")
IMPORT_AGAIN = "重新导入这些行"
IMPORT_AGAIN_TIP = "按这些经营主体现在的数据重新比对并导入（会覆盖他人刚才的修改，请先核对）"
IMPORT_FORGET_MAPPING = "清除已保存的对应关系"
IMPORT_FORGET_TIP = "删除为这种表头保存的列对应关系（全所共用，记入操作日志），改按表头文字识别各列"
IMPORT_FORGET_CONFIRM = (
    "删除为这种表头保存的列对应关系吗？\n删除后全所打开表头相同的文件时都改按表头文字识别各列；"
    "需要时可以再次保存。"
)
IMPORT_MAPPING_FORGOTTEN = "已清除保存的对应关系，已按表头文字重新识别各列。请核对。"

COLUMN_LABELS = {
    "name": "名称",
    "uscc": "统一社会信用代码",
    "entity_type": "类型",
    "legal_rep": "法人/经营者",
    "phone": "联系电话",
    "address": "经营地址",
    "grid": "网格",
    "industries": "行业",
    "status": "状态",
    "registered_on": "成立日期",
    "credit_class": "信用风险分类",
    "local_grade": "本所分级",
}
FILTER_LABEL = "{}："
NAME_SEP = "、"
DELETE_TITLE = "删除"
DELETE_REASON_TITLE = "删除原因"
EXPORT_TITLE = "导出经营主体"
EXPORT_FILE = "经营主体台账.xlsx"
EXPORT_DONE = "导出完成"
EXPORTING = "正在导出…"

# -- the card
BASIC_ROWS = (
    "统一社会信用代码",
    "注册号",
    "主体类型",
    "法定代表人/经营者",
    "经营地址",
    "所属网格",
    "行业",
    "标签",
    "成立日期",
    "登记状态",
    "信用风险分类（官方）",
    "本所分级",
    "来源",
    "备注",
    "建档时间",
)
PHONE_ROW = "联系电话："
NONE = "（无）"
NOT_FILLED = "（未填）"
CREDIT_LINE = "{}（{}，{}）"
NO_CREDIT_DATE = "日期未填"
NOT_CLASSIFIED = "未分类"
EXPIRING_SOON = "临期"
EXPIRING_IN = "临期（还有 {} 天）"
NO_EXPIRY = "长期"
GRADE_PROMPT = "分级："
TAB_COUNTED = "{}（{}）"
TAB_COMPLAINTS = "投诉与调解（{}）"
TAB_LISTS = "红黑榜"

# -- the editor
HINT_NAME = "如：城关镇张三记餐馆"
HINT_USCC = "18 位，可留空（未登记）"
HINT_REG_NO = "旧版 15 位注册号，可留空"
HINT_PHONE = "手机或固定电话"
CREDIT_CHOICE = "{}（{}）"
LICENCE_EDIT_HEADERS = ("种类", "编号", "发证日期", "有效期至", "发证机关")
LICENCE_SEP = "；"
SOURCE_REGISTERED = "登记"
UNSAVED_TITLE = "未保存的修改"

# -- the import wizard
STEPS = ("1. 选择文件", "2. 核对列映射", "3. 试导入检查", "4. 导入")
NOT_MAPPED = "（不导入）"
FILE_HELP = (
    "选择经营主体台账（.xlsx、.xls 或 .csv）。表头可以在任意一行，上面的标题行和合并单元格会自动跳过；"
    "日期可以是 2023-05-01、2023年5月1日、2023.5.1、20230501；统一社会信用代码请存为文本。"
)
MAPPING_HELP = (
    "第 {} 行被识别为表头（工作表“{}”，{} 行数据）。请核对每一列对应的字段，不需要的列选“不导入”。"
)
MAPPING_SAVED = "已套用保存的对应关系（此前为表头相同的文件保存）。如有不对，改正后可再次保存。"
MAPPING_SAVE = "保存此对应关系（以后打开表头相同的文件时自动套用，全所共用）"

IMPORT_TITLE = "导入经营主体台账"
BACK = "上一步"
NEXT = "下一步"
NEXT_BY_STEP = {0: "下一步", 1: "试导入检查", 2: "开始导入"}
FINISH = "完成"
CHOOSE_FILE = "选择文件…"
NO_FILE = "（未选择）"
MAPPING_HEAD = ("表中的列", "示例", "导入为")
PROBLEM_HEAD = ("行号", "问题", "说明")
VALID_ONLY = "只导入无误的行（有错误的行跳过）"
ERROR_REPORT = "导出错误报告…"
STEP_SEP = "　→　"
CURRENT_STEP = "<b>{}</b>"
CHOOSE_LEDGER = "选择台账文件"
LEDGER_FILTER = "表格 (*.xlsx *.xls *.xlsm *.csv);;所有文件 (*)"
CANNOT_READ = "无法读取文件"
READING = "正在读取文件…"
CHECKING_ROWS = "正在检查各行…"
DUPLICATES_NOTE = "\n另有 {} 处可能重复，请核对。"
MAYBE_DUPLICATE = "可能重复"
DUPLICATE_OF = "{}：与{}（相似度 {}）"
SAVE_REPORT = "保存错误报告"
REPORT_FILE = "导入错误报告.xlsx"
ROWS_WITH_ERRORS = "有错误的行"
ROWS_WITH_ERRORS_TEXT = "有 {} 行有错误。请修正后重新导入，或勾选“只导入无误的行”。"
IMPORTING = "正在导入…"

# -- a new station's first day (first_day.py)
FIRST_DAY_NO_GRIDS = (
    "经营主体库还是空的。第一步：在“网格花名册”中新建网格，或导入网格花名册；"
    "第二步：点击“导入台账…”导入经营主体台账（台账里的网格还没有建的，导入时可以一并新建）。"
)
FIRST_DAY_GRIDS = (
    "经营主体库还是空的。已有 {} 个网格，下一步：点击“导入台账…”导入经营主体台账，"
    "或点击“新建”逐户登记。"
)
FIRST_DAY_ROSTER = "去网格花名册…"
CREATE_GRIDS = "台账中有 {n} 个网格还没有建立（{names}）：导入时按台账的网格列新建这些网格（覆盖的社区或村稍后在网格花名册中补充）"
AND_MORE = "等"
