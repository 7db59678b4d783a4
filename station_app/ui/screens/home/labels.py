"""Chinese text of the 首页 (home page)."""

from __future__ import annotations

EMPTY = "暂无需要关注的事项。临期、超期、到期和缺员提醒会显示在这里。"
LOADING = "正在加载待办和提醒……"
LOAD_FAILED = "待办和提醒未能加载：{}"
TILE_TIP = "点击查看明细"
CHART_TIP = "双击查看明细"
EDIT_STATION = "修改所基本信息…"
BADGE = "（{}）"
