"""What the prints of the area hold (plain data the service fills; ``documents/prices_pdf``
lays them out): the 价格提醒告诫书 and the chart's page with its table. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from station_app.domain.prices.chart import ChartData

LEGAL_BASIS = (
    "《中华人民共和国价格法》第十四条",
    "《明码标价和禁止价格欺诈规定》（国家市场监督管理总局令第56号）",
)
REMINDERS = (
    "严格执行明码标价规定，在经营场所和网络销售页面醒目位置如实标示房型（商品）价格及收费项目，"
    "不得在标价之外加价出售，不得收取任何未予标明的费用；",
    "不得捏造、散布涨价信息，不得哄抬价格，不得利用虚假的或者使人误解的价格手段诱骗消费者交易；",
    "已接受预订的，应当按约定价格履行，不得无正当理由取消预订后加价另售；",
    "自觉接受社会监督，对价格异常情况作出说明并及时改正。",
)


@dataclass(frozen=True)
class LetterLine:
    """One flagged price the letter names."""

    day: date
    subject: str
    price_fen: int
    explanation: str


@dataclass(frozen=True)
class LetterSheet:
    number: str
    entity_name: str
    entity_address: str
    station_name: str
    seal_text: str
    issued_on: date
    lines: tuple[LetterLine, ...]
    reply_days: int = 3
    served_to: str = ""
    served_way: str = ""
    served_at: datetime | None = None
    reprint: bool = False


@dataclass(frozen=True)
class ChartRow:
    """A day of the chart's table."""

    day: date
    window: str
    low_fen: int
    mean_fen: int
    high_fen: int
    n: int
    median_fen: int | None
    flags: str


@dataclass(frozen=True)
class ChartSheet:
    chart: ChartData
    station_name: str
    subject: str
    entity: str
    posted_fen: int | None
    period_label: str
    rows: tuple[ChartRow, ...]
    baselines: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
