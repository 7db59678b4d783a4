"""Chinese text of the 设置 page and its tabs."""

from __future__ import annotations

GRADING_TAB = "分级规则"
GRADING_NOTE = (
    "本所分级从 100 分起按下列指标扣分，得分不低于 A 级分数线为 A 级，依次类推；列入黑榜的一律为 D 级。"
    "规则全所共用（保存在数据库中，各台电脑一致）。修改保存后，可按新规则重新计算全部经营主体的分级；"
    "人工调整过的分级保持不变。"
)
GRADING_HEADERS = ("指标", "项目", "本所规则", "默认")
GRADING_DEFAULT = "默认 {}"
GRADING_POINTS = " 分"
GRADING_SAVE = "保存规则"
GRADING_REVERT = "撤销修改"
GRADING_RESTORE = "恢复默认"
GRADING_RESTORE_CONFIRM = "把分级规则恢复为默认值并保存吗？（可随时再修改）"
GRADING_STATE_DEFAULT = "当前使用默认规则。"
GRADING_STATE_SAVED = "当前规则由 {} 于 {} 保存。"
GRADING_CHANGED_MARK = "与默认不同的项目以粗体显示。"
GRADING_READONLY = "您的角色无权修改分级规则，只能查看。"
GRADING_SAVED = "分级规则已保存。"
GRADING_UNCHANGED = "规则没有变化，未保存。"
GRADING_RECOMPUTE_TITLE = "重新计算分级"
GRADING_RECOMPUTE_ASK = (
    "分级规则已保存。现在按新规则重新计算全部经营主体的本所分级吗？\n"
    "（人工调整过的分级保持不变；也可以稍后在命令行运行 station-app grade recompute。）"
)
GRADING_RECOMPUTING = "正在重新计算分级…"
GRADING_RECOMPUTED = "已按新规则重新计算 {:,} 户，{:,} 户分级有变化。"
GRADING_UNSAVED = "分级规则有未保存的修改。要保存吗？"

# -- the page and its tabs (``filter_to({"tab": key})`` names them by key)
TABS = {
    "profile": "所基本信息",
    "database": "数据库与备份",
    "preferences": "偏好设置",
    "history": "修改历史",
    "holidays": "节假日",
    "grading": GRADING_TAB,
    "orders": "工单时限",
    "patrol_rules": "巡查规则",
    "checklists": "检查表",
    "warnings": "预警阈值",
    "violation_types": "违法行为类型",
    "users": "用户",
}
ROW = "{}："
READ_ONLY = "您的角色无权修改所基本信息，只能查看。"
REVERT = "撤销修改"
SAVE = "保存 (Ctrl+S)"
SAVED = "已保存。"
UNSAVED_TITLE = "未保存的修改"
UNSAVED = "所基本信息有未保存的修改。要保存吗？"
BACKUP = "立即备份…"
RESTORE = "从备份恢复…"
CHECK = "完整性检查"
BACKUP_TO = "备份数据库到"
BACKED_UP = "已备份到：{}"
BACKING_UP = "正在备份数据库…"
CHOOSE_BACKUP = "选择备份文件"
BACKUP_FILTER = "数据库备份 (*.sqlite3 *.db);;所有文件 (*)"
RESTORE_TITLE = "从备份恢复"
RESTORE_CONFIRM = (
    "将用备份文件替换当前数据库：\n{}\n\n当前数据库会先另存一份，可以找回。确定恢复吗？"
)
RESTORED = "已恢复（已记入操作日志）。原数据库另存为：{}"
FORCE_TITLE = "仍要恢复吗？"
FORCE_PROMPT = "{}\n\n如确需恢复这个备份，请写明原因（记入操作日志），然后点“确定”："
RESTORE_FAILED = "恢复失败"
RESTORING = "正在恢复…"
CHECK_OK = "完整性检查通过。"
CHECK_PROBLEM = "完整性检查发现问题：{}"
CHECKING = "正在检查数据库…"
FONT_NOTE = "字号修改在下次启动时生效。"

# -- 所基本信息: (field, label, hint)
PROFILE_FIELDS = (
    ("name", "所名称 *", "例如：城关市场监督管理所"),
    ("county_bureau", "上级局", "例如：东平县市场监督管理局"),
    ("code", "单位代码", "县局编定的所代码，可不填"),
    ("address", "地址", ""),
    ("phone", "电话", "例如：0538-2281234"),
    ("seal_text", "印章文字", "打印文书盖章处的单位名称，不填则用所名称"),
    ("doc_prefix", "文书字号前缀", "例如：东市监城（文号显示为 东市监城调〔2026〕1号）"),
)

# -- 节假日
HOLIDAYS_NOTE = (
    "法定节假日和调休上班日来自日历数据包；数据包尚未包含的年份（如国务院办公厅公布的次年安排），"
    "请在此逐日录入：放假日不勾选“上班”，调休上班的周末勾选“上班”。保存后自动重新计算未办结投诉的期限。"
)
HOLIDAY_HEAD = ("日期", "类型", "说明")
WORKDAY = "上班（调休）"
HOLIDAY_NOTE_HINT = "说明，如“春节”"
SAVE_DAY = "保存此日"
DELETE_SELECTED = "删除所选"
IS_WORKDAY = "调休上班"
IS_HOLIDAY = "放假"

# -- 用户
USER_COLUMNS = ("用户名", "姓名", "角色", "状态", "最近登录")
ADD_USER = "添加用户…"
RESET_PASSWORD = "重置密码…"
DISABLE = "停用"
ENABLE = "启用"
DISABLED = "已停用"
ACTIVE = "正常"
RESET_TITLE = "重置密码"
NEW_PASSWORD = "{} 的新密码："
ADD_USER_TITLE = "添加用户"
USER_FORM = ("用户名", "姓名", "角色", "初始密码")
PROFILE_FLAG_LABELS = {"is_demo": "演示数据库"}
