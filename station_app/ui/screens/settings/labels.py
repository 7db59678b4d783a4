"""Chinese text of the 设置 page's 分级规则 tab (the older tabs keep theirs beside their code)."""

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
