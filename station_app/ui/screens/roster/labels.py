"""Chinese text of the 网格花名册 screen."""

from __future__ import annotations

TAB_GRIDS = "网格"
TAB_PEOPLE = "人员"
TAB_TRAININGS = "培训"

NEW_GRID = "新建网格 (Ctrl+N)"
NEW_PERSON = "新建人员 (Ctrl+N)"
NEW_TRAINING = "新建培训 (Ctrl+N)"
PRINT = "打印花名册 (Ctrl+P)"
EXPORT = "导出 Excel…"
EXPORT_MASKED = "导出 Excel（个人信息脱敏）…"
EXPORT_UNMASKED = "导出 Excel（不脱敏，记入操作日志）…"
IMPORT = "从 Excel 导入…"
TEMPLATE = "下载导入模板…"

GRID_COLUMNS = (
    "编号",
    "网格名称",
    "覆盖社区",
    "监管小组",
    "监管专员",
    "网格员",
    "在岗人数",
    "经营主体",
    "C/D级",
    "配置提示",
)
PERSON_COLUMNS = (
    "姓名",
    "性别",
    "人员类别",
    "工作单位",
    "联系电话",
    "监管小组",
    "所在网格",
    "执法证",
    "状态",
)
TRAINING_COLUMNS = ("日期", "主题", "授课人", "学时", "地点", "参训人数")
MEMBER_COLUMNS = ("职务", "姓名", "联系电话", "起始日期")
HISTORY_COLUMNS = ("职务", "姓名", "起始日期", "离任日期", "状态")
PERSON_GRID_COLUMNS = ("网格", "职务", "起始日期", "离任日期")

NO_GRID = "请在左侧选择一个网格。"
NO_PERSON = "请在左侧选择一个人员。"
NO_TRAINING = "请在左侧选择一次培训，再勾选参训人员。"
RULE_OK = "✓ 人员配置符合规定（1 名监管专员 + 2–3 名网格员）"
EDIT_GRID = "编辑网格…"
ADD_MEMBER = "添加人员…"
END_MEMBER = "结束任职…"
REPLACE_SPECIALIST = "更换监管专员…"
HANDOVER = "交接单…"
MEMBERS_ON = "查看日期："
TAB_MEMBERS = "在岗人员"
TAB_ASSIGNMENT_HISTORY = "任职历史"
TAB_CHANGE_HISTORY = "修改历史"
EDIT_PERSON = "编辑…"
LEAVE = "离任…"
SEARCH_HINT = "按姓名、拼音首字母或电话查找（Ctrl+F）"
ALL_ROLES = "全部类别"
ALL_GROUPS = "全部监管小组"
INCLUDE_LEFT = "含已离任"
EDIT_TRAINING = "编辑…"
DELETE_TRAINING = "删除"
DELETE = "删除"
ALL_YEARS = "全部年度"
ATTENDANCE_FILTER = "查找人员（姓名、拼音首字母）"
SAVE_ATTENDANCE = "保存签到 (Ctrl+S)"
ATTENDANCE_COUNT = "已勾选 {} 人"
ATTENDANCE_SAVED = "已保存签到：{} 人。"
ONLY_CHECKED = "只看已勾选"

GRID_FIELD_LABELS = {
    "code": "网格编号",
    "name": "网格名称",
    "communities": "覆盖社区",
    "boundary": "边界说明",
    "supervision_group": "监管小组",
    "active": "启用",
    "note": "备注",
    "member": "人员",
}
PERSON_FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "phone": "联系电话",
    "id_number": "身份证号",
    "organisation": "工作单位",
    "roles": "人员类别",
    "cert_no": "执法证号",
    "cert_expiry": "执法证有效期",
    "supervision_group": "监管小组",
    "note": "备注",
    "active": "在岗",
    "left_on": "离任日期",
    "grid": "网格任职",
    "fields": "字段",
}

CERT_ALERTS = "⚠ {} 人的执法证 30 天内到期或已过期"
UNCOVERED = "{name} 已离任。以下网格自 {date} 起人员配置不符合规定，请尽快安排人员：\n\n{grids}"
LEFT_OK = "{name} 已离任，所在网格人员配置仍符合规定。"
IMPORT_CONFIRM = "试导入检查通过：\n{summary}\n\n确定正式导入吗？"
IMPORT_ERRORS_TITLE = "导入文件有错误，未导入任何数据"
EXPORTED = "已导出：{}"
MASKED_HINT = "联系电话、身份证号已脱敏显示；不修改则保持原值。"
