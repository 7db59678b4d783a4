"""专项行动与双随机 in the county report and on the home page (issue #18). The section counts
the period's campaign checks (patrol records of #15 linked to a campaign, not voided), the
problem shops and hazards they found, the 回头看 visits, and the period's draws with their
objects and results, each figure with its definition; rates as ``RateDef`` over two counts so
a county total recomputes them. No person's data. Tiles: 回头看到期 (overdue red),
专项行动已到期未结束, 双随机待录入结果."""

from __future__ import annotations

from datetime import date

from station_app.data.engine import Database
from station_app.domain.periods import Period
from station_app.domain.report_model import Figure, RateDef, Section
from station_app.queries import campaigns as q
from station_app.services.dashboard import ALERT, WARN, Tile

SECTION = "专项行动与双随机"
FIGURES = (
    ("campaigns_started", "新设立专项行动", "项", "本期开始的专项行动（不含扫街行动）"),
    ("campaigns_working", "开展检查的专项行动", "项", "本期内登记过专项检查的专项行动"),
    ("shops_checked", "专项检查商户", "户", "本期专项检查已完成的检查对象（闭门未遇不计，作废记录不计）"),
    ("problem_shops", "问题商户", "户", "本期专项检查或回头看发现隐患的检查对象"),
    ("hazards_found", "专项检查发现隐患", "处", "本期专项检查和回头看记录发现的隐患（含当场整改）"),
    ("revisits_done", "回头看", "次", "本期登记的回头看（隐患复查和抽样回头看）"),
    ("draws", "双随机抽取", "次", "本期进行的双随机抽取（已重抽的原记录不计）"),
    ("drawn_objects", "双随机抽中对象", "户", "本期抽取中抽中的检查对象"),
    ("draw_results", "双随机录入结果", "户", "本期检查并录入结果的抽查对象（含无法检查）"),
    ("draw_findings", "双随机发现问题", "户", "检查结果为发现问题或当场整改的抽查对象"),
)  # fmt: skip
RATES = (
    ("problem_rate", "专项检查问题发现率", "problem_shops", "shops_checked",
     "问题商户 ÷ 专项检查商户"),
    ("draw_problem_rate", "双随机问题发现率", "draw_findings", "draw_results",
     "双随机发现问题 ÷ 双随机录入结果"),
)  # fmt: skip


def campaigns_section(db: Database, period: Period) -> Section:
    counts = q.report_counts(db, period.start, period.last)
    figures = [
        Figure(f"campaigns.{key}", label, counts[key], unit, definition=text,
               headline=key in ("shops_checked", "draws"))
        for key, label, unit, text in FIGURES
    ]  # fmt: skip
    rates = [
        RateDef(f"campaigns.{key}", label, f"campaigns.{num}", f"campaigns.{den}", text)
        for key, label, num, den, text in RATES
    ]
    return Section(SECTION, figures, [], rates)


def campaigns_dashboard(db: Database, today: date):
    c = q.home_counts(db, today)
    due, overdue = c["revisits_due"], c["revisits_overdue"]
    level = ALERT if overdue else (WARN if due else "ok")
    return [
        Tile("campaigns.revisits", "回头看到期", due, f"其中已逾期 {overdue} 个" if overdue else "",
             level, "campaigns", {"phase": "running"}),
        Tile("campaigns.due", "专项行动已到期未结束", c["campaigns_due"], "",
             WARN if c["campaigns_due"] else "ok", "campaigns", {"phase": "due"}),
        Tile("draws.results", "双随机待录入结果", c["draw_results_waiting"], "",
             WARN if c["draw_results_waiting"] else "ok", "draws", {}),
    ], []  # fmt: skip
