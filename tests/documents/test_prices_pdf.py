"""The 价格提醒告诫书, the 节日价格监测日报 and the chart page: their text and fonts."""

from __future__ import annotations

from datetime import date, datetime

from pypdf import PdfReader

from station_app.documents import prices_pdf
from station_app.domain.prices.chart import DayPoint
from station_app.domain.prices.daily import DailyReport, RiseLine
from station_app.domain.prices.sheets import ChartRow, ChartSheet, LetterLine, LetterSheet
from station_app.domain.prices.windows import Window
from tests.documents.test_price_chart import sample_chart

ND = Window(date(2026, 10, 1), date(2026, 10, 7), "国庆节")


def text_of(path) -> str:
    """The text with line breaks and spaces taken out (lines wrap anywhere in CJK)."""
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


def fonts_of(path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def letter_sheet(**kw) -> LetterSheet:
    lines = (LetterLine(date(2026, 10, 2), "标准间", 40500, "¥405比节前30天均价¥248高63%"),)
    base = dict(
        number="城关市监价告〔2026〕3号", entity_name="城关宾馆有限公司", entity_address="人民路12号",
        station_name="城关市场监督管理所", seal_text="城关市场监督管理所", issued_on=date(2026, 10, 2), lines=lines,
    )  # fmt: skip
    return LetterSheet(**{**base, **kw})


def test_letter_has_both_copies_the_prices_and_the_receipt(tmp_path) -> None:
    out = prices_pdf.letter(
        tmp_path / "l.pdf",
        letter_sheet(
            served_to="王经理", served_way="直接送达", served_at=datetime(2026, 10, 2, 10, 30)
        ),
    )
    text = text_of(out)
    for words in (
        "价格提醒告诫书",
        "城关市监价告〔2026〕3号",
        "城关宾馆有限公司：",
        "¥405比节前30天均价",
        "价格法》第十四条",
        "经营者联",
        "存档联",
        "2026年10月2日",
        "（印章）",
    ):
        assert words in text, words
    assert text.count("送达回证") == 1  # on the archive copy only
    assert "王经理" in text and "2026-10-0210:30" in text
    assert any("NotoSerifSC" in f for f in fonts_of(out))


def test_letter_unserved_leaves_blanks_and_reprint_is_marked(tmp_path) -> None:
    text = text_of(prices_pdf.letter(tmp_path / "l.pdf", letter_sheet(reprint=True)))
    assert "签收人：" in text and "王经理" not in text
    assert "副本" in text


def test_daily_report(tmp_path) -> None:
    rises = tuple(
        RiseLine(
            "标准间", f"酒店{i}", 40500 + i * 100, 24800, 16331 + i * 40, "节假日涨幅>50%", "待处理"
        )
        for i in range(3)
    )
    report = DailyReport(date(2026, 10, 2), ND, "城关市场监督管理所", 40, 38, 76, (("网络平台", 60), ("现场", 16)),
                         (("规则「节假日涨幅>50%」第1版", 3),), rises, (("提醒告诫", 2),), 4, thin_baselines=2)  # fmt: skip
    text = text_of(prices_pdf.daily(tmp_path / "d.pdf", report))
    for words in ("国庆节价格监测日报", "2026年10月2日", "监测对象40个", "监测记录76条", "网络平台60条", "新增预警信号3条", "尚待处理4条",
                  "基期监测次数不足", "酒店0标准间", "+63%", "提醒告诫", "第1页共1页"):  # fmt: skip
        assert words in text, words


def test_daily_report_of_a_quiet_day(tmp_path) -> None:
    report = DailyReport(date(2026, 3, 3), None, "城关所", 40, 0, 0, (), (), (), (), 0)
    text = text_of(prices_pdf.daily(tmp_path / "d.pdf", report))
    assert "价格价格监测日报" not in text and "价格监测日报" in text
    assert "非节假日" in text and "当日无预警信号" in text and "当日无处置记录" in text


def test_chart_page_holds_the_chart_and_its_table(tmp_path) -> None:
    chart = sample_chart()
    rows = tuple(
        ChartRow(
            p.day,
            "国庆节" if ND.contains(p.day) else "",
            p.low_fen,
            p.mean_fen,
            p.high_fen,
            p.n,
            None,
            "",
        )
        for p in chart.points
    )
    sheet = ChartSheet(
        chart,
        "城关所",
        "标准间",
        "城关宾馆",
        35800,
        "2026-09-01至2026-10-15",
        rows,
        ("节前30天均价¥250",),
        ("2026-10-02¥415",),
    )
    text = text_of(prices_pdf.chart_page(tmp_path / "c.pdf", sheet))
    for words in (
        "价格监测曲线",
        "城关宾馆标准间",
        "明码标价¥358",
        "国庆节",
        "基准：节前30天均价¥250",
        "预警：2026-10-02¥415",
        "2026-10-15",
        "组内中位数",
        "第2页共2页",
    ):
        assert words in text, words
    assert isinstance(chart.points[0], DayPoint)
