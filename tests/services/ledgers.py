"""Messy, real-looking ledgers for import tests (written with openpyxl)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from station_app.domain.identifiers import make_uscc

HEADERS = [
    "序号",
    "名称*",
    "统一社会信用代码（必填）",
    "法定代表人",
    "联系电话",
    "经营地址",
    "网格",
    "成立日期",
    "行业",
    "许可证种类",
    "许可证编号",
    "有效期至",
    "信用风险分类",
]


def code(kind: str, n: int) -> str:
    return make_uscc(f"9{kind}370923MA{n:07d}")


def good_rows() -> list[list]:
    return [
        [
            1,
            "城关镇张三记餐馆",
            code("2", 1),
            "张三",
            "13812345678",
            "东平县城关镇人民路12号",
            "GZ01",
            "2023年5月1日",
            "餐饮服务",
            "食品经营许可证",
            "JY137092300001",
            "2028-05-01",
            "A类",
        ],
        [
            2,
            "东平县鑫源商贸有限公司",
            code("1", 2).lower(),
            "李四",
            "0538-2281234",
            "东平县佛山街8号",
            "GZ02",
            "2023.5.1",
            "食品销售、网络交易",
            "",
            "",
            "",
            "B",
        ],
        [
            3,
            "老湖镇王五便利店",
            "  " + code("2", 3)[:9] + " " + code("2", 3)[9:],
            "王五",
            "１５９ ００００ １１１１",
            "东平县老湖镇建设路3号",
            "",
            20230501,
            "食品销售",
            "",
            "",
            "",
            "",
        ],
        [
            4,
            "州城街道赵六面馆",
            code("2", 4),
            "赵六",
            "",
            "东平县州城街道5号",
            "GZ01",
            datetime(2023, 5, 1),
            "餐饮",
            "小餐饮登记证",
            "XC-4",
            46000,
            "",
        ],
        [
            5,
            "重庆小面",
            "",
            "钱七",
            "",
            "东平县城关镇解放路7号",
            "",
            "",
            "餐饮服务",
            "",
            "",
            "",
            "",
        ],
    ]


def write_ledger(path: Path, rows: list[list], *, title: bool = True, headers=HEADERS) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    if title:
        ws.append(["东平县城关市场监督管理所经营主体台账（2023年度）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.append(["填报单位：城关所", None, None, None, None, "填报日期：2023年12月"])
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
