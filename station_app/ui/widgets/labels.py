"""Chinese text of the shared widgets (forms, tables, lists), written once."""

from __future__ import annotations

SAVE_SHORTCUT = "保存 (Ctrl+S)"
NOT_FILLED = "（未填）"
UNSAVED = "有未保存的修改，要放弃吗？"
CONFLICT_RELOADED = "\n已重新读取最新版本，请核对后再保存。"
YES = "是"
NO = "否"
XLSX_FILTER = "Excel 文件 (*.xlsx)"
XLSX_OPEN_FILTER = "Excel 文件 (*.xlsx *.xls)"
SHOW = "显示"
SHOW_TIP = "显示完整信息（会记入操作日志）"

# -- PDF preview
PREVIEW_TITLE = "打印预览 — {}"
LANDSCAPE = "横向"
PORTRAIT = "纵向"
PAGES = "共 {} 页 · A4 {}"
PRINT = "打印… (Ctrl+P)"
SAVE_PDF = "另存为 PDF… (Ctrl+S)"
CLOSE = "关闭"
PRINT_TITLE = "打印"
CANNOT_PRINT = "无法打印"
NO_PRINTER = "打印机不可用，请检查打印机设置。"
SAVE_PDF_TITLE = "另存为 PDF"
PDF_FILTER = "PDF 文件 (*.pdf)"
CANNOT_SAVE = "无法保存"
SAVE_FAILED = "无法保存到 {}：{}"
SAVED_AT = "已保存：{}"

# -- 修改历史
HISTORY_ACTIONS = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "view": "查看个人信息",
    "export": "导出个人信息",
    "login": "登录",
    "login_failed": "登录失败",
}
HISTORY_HEAD = ("时间", "操作人", "操作", "内容")
EMPTY_VALUE = "（空）"
CHANGE = "{} → {}"
NAME_SEP = "、"
WITH_REASON = "{}（原因：{}）"

# charts (widgets/charts.py)
CHART_EMPTY = "所选期间没有监测记录"
CHART_Y_AXIS = "价格（{}）"
CHART_LEGEND_LINE = "日均价（竖线为当日最低—最高）"
CHART_LEGEND_BAND = "组内 25%—75% 区间（虚线为中位数）"
CHART_LEGEND_BASELINE = "基准均价"
CHART_LEGEND_THRESHOLD = "预警线"
CHART_LEGEND_HOLIDAY = "节假日"
CHART_LEGEND_EVENT = "本地活动"
CHART_LEGEND_FLAG = "预警信号"
CHART_DAY_EMPTY = "无监测记录"
CHART_DAY_POINT = "均价 {}（最低 {}，最高 {}，{} 次）"
CHART_DAY_BAND = "组内中位数 {}（{} 家）"
CHART_DAY_FLAG = "预警：{}"
CHART_TIP = "双击查看明细"
CHART_NO_DATA = "暂无数据"

# -- 附件 (attachments.py)
ATT_TITLE = "附件（照片、扫描件）"
ATT_ADD = "添加附件…"
ATT_OPEN = "打开"
ATT_VOID = "作废附件…"
ATT_REMOVE = "删除附件…"
ATT_CHOOSE = "选择照片或扫描件"
ATT_FILTER = "照片或扫描件 (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)"
ATT_HINT = "可把照片或 PDF 拖到这里；JPEG、PNG、PDF，每个不超过 10 MB。选中后按 Enter 打开。"
ATT_NONE = "暂无附件"
ATT_COUNT = "共 {} 个附件"
ATT_VOIDED = "【已作废】{}"
ATT_TIP = "{name}\n{type}，{size}\n{at} {by}"
ATT_VOID_TIP = "\n已作废：{}"
ATT_REASON = "原因"
ATT_VOID_TITLE = "作废附件 — {}"
ATT_REMOVE_TITLE = "删除附件 — {}"
ATT_VOID_INTRO = "作废后附件仍保留在数据库中备查，列表中标为已作废，并记入操作日志。"
ATT_REMOVE_INTRO = "删除后文件不再保留；操作日志记下文件名、大小和校验值及原因。"
ATT_CANNOT_OPEN = "无法打开附件"
ATT_OPEN_FAILED = "没有可打开“{}”的程序，请安装图片查看器或 PDF 阅读器。"
ATT_ADD_FAILED = "附件未添加"
