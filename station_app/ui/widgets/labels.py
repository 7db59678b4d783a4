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
