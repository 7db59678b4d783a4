"""网格花名册 and 交接单 PDFs: text content per page, repeated header, page numbers, masking."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from station_app.documents.roster_pdf import build_handover_pdf, build_roster_pdf
from station_app.domain.roster_sheet import (
    HandoverSheet,
    RosterSheet,
    SheetGrid,
    SheetMember,
    SheetVolunteer,
)

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


def _sheet(grids: int = 21, volunteers: int = 60) -> RosterSheet:
    out = []
    for n in range(1, grids + 1):
        members = [
            SheetMember(
                "监管专员",
                f"{SURNAMES[n % 30]}专{n}",
                "男",
                "城关所",
                "138****0001",
                "鲁A1（2028-01-01 到期）",
            )
        ]
        members += [
            SheetMember(
                "网格员",
                f"{SURNAMES[(n + k) % 30]}格{n}{k}",
                "女",
                f"社区{n}",
                f"139****{n:02d}{k:02d}",
            )
            for k in range(1 + n % 3)
        ]
        out.append(
            SheetGrid(
                f"GZ{n:02d}",
                f"第{n}网格",
                f"社区{n}",
                "第一监管小组",
                tuple(members),
                ("网格员仅 1 名（应 2–3 名）",) if n % 3 == 0 else (),
            )
        )
    vols = tuple(
        SheetVolunteer("第二监管小组", f"志{v}", "男", "王庄村", "137****0000")
        for v in range(volunteers)
    )
    return RosterSheet(
        "城关市场监督管理所", date(2026, 11, 22), date(2026, 11, 22), tuple(out), vols
    )


def _pages(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(__import__("io").BytesIO(data)).pages]


def test_roster_pdf_lists_every_grid_and_person_with_header_on_every_page():
    sheet = _sheet()
    data = build_roster_pdf(sheet)
    reader = PdfReader(__import__("io").BytesIO(data))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    pages = _pages(data)
    assert len(pages) >= 3
    total = len(pages)
    text = "\n".join(pages)
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {total} 页" in page
        assert "城关市场监督管理所" in page and "打印日期：2026-11-22" in page
        assert "姓名" in page  # the table header row is repeated
    grid_pages = [p for p in pages if "网格编号" in p]
    assert len(grid_pages) >= 2
    for grid in sheet.grids:
        assert grid.code in text
        for member in grid.members:
            assert member.name in text
    for v in sheet.volunteers:
        assert v.name in text
    assert "个人联系电话已脱敏处理" in pages[0]
    assert "13800000001" not in text


def test_grid_members_stay_on_one_page():
    sheet = _sheet()
    pages = _pages(build_roster_pdf(sheet))
    for grid in sheet.grids:
        holding = [p for p in pages if grid.members[-1].name in p]
        assert len(holding) == 1 and grid.members[0].name in holding[0]


def test_handover_sheet():
    sheet = HandoverSheet(
        "城关市场监督管理所",
        "GZ05",
        "府前街网格",
        "府前街社区",
        "第二监管小组",
        date(2025, 7, 1),
        "刘志强",
        "138****1234",
        "陈晓东",
        "139****5678",
        (SheetMember("监管专员", "陈晓东", phone="139****5678", since=date(2025, 7, 1)),),
        entities=520,
        cd_entities=31,
    )
    pages = _pages(build_handover_pdf(sheet))
    assert len(pages) == 1
    text = pages[0]
    for expected in (
        "网格监管专员交接单",
        "GZ05",
        "刘志强",
        "陈晓东",
        "520 户",
        "31 户",
        "第 1 页 共 1 页",
        "移交人（签字）",
    ):
        assert expected in text
