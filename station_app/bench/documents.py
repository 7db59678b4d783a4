"""``documents`` bench: 投诉调解书 PDF first in a fresh process, warm, and 50 to one file.

"First" is the first agreement printed in a new process whose services are loaded (as in the
running application): it pays for importing reportlab and parsing the embedded fonts."""

from __future__ import annotations

import subprocess
import sys
import time

FIRST = r"""
import sys, time, tempfile
from pathlib import Path
from station_app.bench.documents import sample_docs
docs = sample_docs(1)  # the running application has its services loaded already
t0 = time.perf_counter()
from station_app.documents.mediation import write_document
write_document(Path(tempfile.mkdtemp()) / "a.pdf", docs, kind="agreement")
print(f"BENCH_FIRST {time.perf_counter() - t0:.4f}")
"""


def sample_docs(n: int):
    """Synthetic agreements (no database): what the printing code gets from the service."""
    from datetime import date

    from station_app.documents.mediation import CaseDocument
    from station_app.services.complaints import ComplaintView, MediatorView, SessionView, TermInput

    base = dict(
        channel="12315",
        received_on=date(2026, 10, 8),
        complainant_name="张小明",
        complainant_phone="13812348000",
        complainant_address="东平县城关镇幸福路12号",
        complainant_id_type="居民身份证",
        complainant_id_number="11010519491231002X",
        agent_name="",
        agent_phone="",
        agent_authorised=False,
        entity_id=None,
        respondent_name="东平县鑫源家电销售有限公司",
        respondent_address="东平县城关镇人民路120号",
        respondent_uscc="91350100M000100Y43",
        respondent_contact="李强",
        respondent_phone="0538-2285678",
        goods="空调一台",
        occurred_on=date(2026, 9, 20),
        place="被投诉人门店",
        amount_fen=329900,
        claim="退货",
        claim_detail="",
        facts="安装后制冷不良，两次维修未解决，要求退货退款。",
        service_station_id=None,
        status="调解成功",
        decided_on=date(2026, 10, 9),
        refusal_ground="",
        refusal_note="",
        acceptance_due=date(2026, 10, 16),
        mediation_due=date(2026, 12, 10),
        notice_due=None,
        deadline_warning="",
        rules_name="《市场监督管理投诉举报处理办法》（国家市场监督管理总局令第121号）",
        mediation_way="现场",
        result_on=date(2026, 10, 15),
        termination_reason="",
        termination_note="",
        notice_on=None,
        performance_method="",
        performed_on_spot=False,
        money_recovered_fen=329900,
        performance_status="",
        performance_note="",
        performance_checked_on=None,
        visit_on=None,
        visit_way="",
        visit_process="",
        visit_result="",
        visit_note="",
        closed_on=None,
        version=1,
        personal_masked=False,  # full values as stored: the document masks the parties' copies
        mediators=(MediatorView(1, "赵敏", False),),
        sessions=(SessionView(1, date(2026, 10, 15), "现场", "调解室", "双方同意退货退款。"),),
        terms=(
            TermInput("退款", "被投诉人向投诉人退还购机款", date(2026, 10, 20), 329900, "银行转账"),
        ),
    )
    return [
        CaseDocument(
            case=ComplaintView(id=i + 1, number=f"TS2026-{i + 1:04d}", **base),
            number=f"东市监城调〔2026〕{i + 1}号",
            issued_on=date(2026, 10, 15),
            reprint=False,
            station_name="城关市场监督管理所",
            bureau="",
            seal_text="东平县市场监督管理局城关市场监督管理所",
        )
        for i in range(n)
    ]


def bench_documents(cfg) -> list:
    import tempfile
    from pathlib import Path

    from station_app.bench.base import Figure
    from station_app.documents.mediation import write_document

    firsts = []
    for _ in range(max(1, min(cfg.runs, 3))):
        proc = subprocess.run(
            [sys.executable, "-c", FIRST], capture_output=True, text=True, timeout=120
        )
        line = next(x for x in proc.stdout.splitlines() if x.startswith("BENCH_FIRST"))
        firsts.append(float(line.split()[1]))
    out = Path(tempfile.mkdtemp()) / "a.pdf"
    one = sample_docs(1)
    write_document(out, one, kind="agreement")
    warm = []
    for _ in range(max(3, cfg.runs)):
        t = time.perf_counter()
        write_document(out, one, kind="agreement")
        warm.append(time.perf_counter() - t)
    fifty = sample_docs(50)
    t = time.perf_counter()
    write_document(out, fifty, kind="agreement")
    batch = time.perf_counter() - t
    # baseline: a bare reportlab page with the same embedded font and one paragraph
    from reportlab.pdfgen import canvas

    from station_app.documents.fonts import SERIF, register_fonts

    register_fonts()
    t = time.perf_counter()
    c = canvas.Canvas(str(out))
    c.setFont(SERIF, 16)
    c.drawString(72, 700, "投诉调解书")
    c.save()
    bare = time.perf_counter() - t
    service_batch = _service_batch(cfg)
    warm_s = sorted(warm)[len(warm) // 2]
    return [
        Figure("documents.agreement_first_process", round(min(firsts), 4), "s"),
        Figure("documents.agreement_warm", round(warm_s, 4), "s"),
        Figure("documents.bare_reportlab_page", round(bare, 4), "s"),
        Figure("documents.warm_ratio", round(warm_s / bare, 2) if bare else 0.0, "x"),
        Figure("documents.agreements_50_one_file", round(batch, 4), "s"),
        Figure("documents.agreements_50_service_sqlite", round(service_batch, 4), "s"),
    ]


def _service_batch(cfg) -> float:
    """50 agreements through the service (issue + number + PDF, one transaction) on a SQLite
    database holding the demo complaints."""
    import random
    import tempfile
    from pathlib import Path

    from station_app.bootstrap import open_context
    from station_app.data.engine import sqlite_url
    from station_app.demo import DemoOptions, DemoRun
    from station_app.demo.complaints import complaints_step
    from station_app.domain.auth import SYSTEM
    from station_app.domain.complaints import ComplaintFilter
    from station_app.services.base import NullProgress

    folder = Path(tempfile.mkdtemp(prefix="bench-docs-", dir=cfg.home))
    ctx = open_context(sqlite_url(folder / "b.sqlite3"), actor=SYSTEM, create=True)
    try:
        complaints_step(DemoRun(ctx.db, random.Random(1), DemoOptions(), NullProgress()))
        svc = ctx.services.complaints
        ids = [
            c["id"]
            for c in svc.list_cases(ComplaintFilter())
            if c["status"] in ("调解成功", "已办结")
        ]
        ids = [i for i in ids if svc.get(i).terms][:50]
        t = time.perf_counter()
        svc.print_agreements(ids, folder / "batch.pdf")
        return time.perf_counter() - t
    finally:
        ctx.close()
