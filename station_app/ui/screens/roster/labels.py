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

# -- 网格 tab
DELETE_GRID = "删除网格"
DELETE_GRID_TIP = "只能删除从未安排过人员的网格；其他网格请在编辑时停用"
DELETE_GRID_CONFIRM = "删除网格 {code} {name}？删除记入操作日志。"
MEMBERS_ON_TIP = "查看某一天由谁负责该网格（任职历史）"
GRID_TITLE = "{code}　{name}"
INFO_COMMUNITIES = "覆盖社区：{}"
INFO_GROUP = "监管小组：{}"
INFO_ENTITIES = "经营主体：{} 户（C/D 级 {} 户）"
INFO_BOUNDARY = "边界：{}"
INFO_INACTIVE = "（已停用）"
ON_DAY = "（{}）"
WARNING_PREFIX = "⚠ "
LIST_SEP = "；"
NAME_SEP = "、"
DASH = "—"
ON_DUTY = "在任"
OFF_DUTY = "已离任"
CHOOSE_MEMBER_FIRST = "请先在“在岗人员”中选择一人。"
END_MEMBER_TITLE = "结束任职"
END_MEMBER_PROMPT = "{name}（{role}）从哪天起不再负责网格 {grid}？"
LEFT_ON = "离任日期"
HANDOVER_TITLE = "交接单"
PRINT_HANDOVER_NOW = "监管专员已更换。现在打印交接单吗？"
MAKING_HANDOVER = "正在生成交接单…"
HANDOVER_SHEET = "网格监管专员交接单"
HANDOVER_FILE = "交接单.pdf"

# -- 人员 tab
DELETE_PERSON = "删除人员"
DELETE_PERSON_TIP = "只能删除误录的人员（无任职、无培训记录）；其他人员请用“离任”"
DELETE_PERSON_CONFIRM = "删除误录的人员“{}”？"
DELETE_PERSON_REASON = "误录删除"
PERSON_GRIDS = "网格任职："
PERSON_HISTORY = "修改历史："
PEOPLE_COUNT = "共 {} 人"
PERSON_TITLE = "{name}　{roles}{state}"
LEFT_STATE = "（{} 离任）"
ALREADY_LEFT = "{} 已离任。"
LEAVE_TITLE = "人员离任"
LEAVE_PROMPT = "{} 离任后，其负责的网格从离任日期起不再由其负责。"
UNCOVERED_TITLE = "网格缺员提示"

# -- 培训 tab
YEAR = "{} 年"
ALL_SCOPE = "全部"
TOTALS = "{scope}：{totals}"
UNSAVED_ATTENDANCE_TITLE = "未保存的签到"
UNSAVED_ATTENDANCE = "签到名单有未保存的修改。要保存吗？"
TRAINING_TITLE = "{day}　{topic}（{hours:g} 学时）"
ATTENDEE = "{name}　{roles}　{organisation}"
LEFT_ATTENDEE = "（已离任人员 #{}）"
DELETE_TRAINING_TITLE = "删除培训"
DELETE_TRAINING_CONFIRM = "删除培训“{topic}”（{day}，{n} 人参训）？\n删除记入操作日志。"

# -- print, export, import
ROSTER = "网格花名册"
ROSTER_FILE = "网格花名册-{}.{}"
MAKING_ROSTER = "正在生成网格花名册…"
EXPORT_TITLE = "导出网格花名册"
EXPORT_DONE = "导出完成"
EXPORTING = "正在导出…"
TEMPLATE_TITLE = "保存导入模板"
TEMPLATE_FILE = "网格花名册导入模板.xlsx"
TEMPLATE_SHORT = "导入模板"
SAVED_AT = "已保存：{}"
IMPORT_CHOOSE = "选择花名册文件"
CHECKING_IMPORT = "正在检查导入文件…"
IMPORT_TITLE = "导入花名册"
IMPORTING = "正在导入…"
IMPORT_DONE = "导入完成"
CERT_ALERT = "{}：{}"

# -- dialogs
NEW_GRID_TITLE = "新建网格"
EDIT_GRID_TITLE = "编辑网格"
F_GRID_CODE = "网格编号 *"
F_GRID_CODE_HINT = "如 GZ22"
F_GRID_NAME = "网格名称 *"
F_GRID_NAME_HINT = "如 东关一网格"
F_COMMUNITIES = "覆盖社区 *"
F_COMMUNITIES_HINT = "多个用“、”分隔，如 东关社区、王庄村"
EXISTING_COMMUNITIES = "已有社区/村：{}"
F_GROUP = "监管小组"
F_BOUNDARY = "边界说明"
F_GRID_ACTIVE = "启用（停用的网格不检查人员配置）"
F_NOTE = "备注"
NEW_PERSON_TITLE = "新建人员"
EDIT_PERSON_TITLE = "编辑人员"
F_PERSON_NAME = "姓名 *"
F_GENDER = "性别"
F_PHONE = "联系电话"
F_PHONE_HINT = "手机号或 区号-号码"
F_ID_NUMBER = "身份证号"
F_OPTIONAL = "可不填"
F_ORGANISATION = "工作单位"
F_ORGANISATION_HINT = "如 东关社区居委会"
F_ROLES = "人员类别 *"
F_CERT_NO = "执法证号"
F_CERT_NO_HINT = "执法人员必填"
F_CERT_EXPIRY = "执法证有效期至"
ASSIGN_TITLE = "添加人员到网格"
REPLACE_TITLE = "更换监管专员"
ASSIGN_DIALOG_TITLE = "{} — {}"
F_GRID_ROLE = "网格职务"
F_FIND_PERSON = "查找人员"
F_FIND_PERSON_HINT = "按姓名、拼音首字母或电话查找"
F_START_ON = "起始日期"
F_HANDOVER_ON = "交接日期"
CANDIDATE = "{}　{}　{}　{}"
CHOOSE_PERSON_FIRST = "请先在列表中选择一个人员（可按姓名、拼音首字母查找）。"
F_REASON = "原因"
F_REASON_HINT = "记入修改历史"
NEW_TRAINING_TITLE = "新建培训"
EDIT_TRAINING_TITLE = "编辑培训"
F_HELD_ON = "培训日期 *"
F_TOPIC = "主题 *"
F_TOPIC_HINT = "如 食品安全快速检测"
F_LECTURER = "授课人"
F_HOURS = "学时"
F_LOCATION = "地点"
