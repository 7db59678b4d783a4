"""The 双随机抽取记录 (A4, signed by the one who ran the draw, the witness and the head): its
payload from the stored draw, printed with the audit head stamp (日志校验码)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station_app.data.models import Draw, StationProfile
from station_app.domain.draws import GRADES, Quota
from station_app.errors import NotFoundError
from station_app.services.audit import printed_at
from station_app.services.base import Changes, Service, Tx
from station_app.services.draws.records import GONE, DrawView, view_of

KIND = "draw"
MAX_RECUSALS_PRINTED = 200


def record_payload(v: DrawView, station: str) -> dict[str, Any]:
    facts = [
        ("抽取编号", v.number),
        ("抽查事项", v.item),
        ("对象库", v.objects_filter),
        ("执法人员库", f"{v.inspectors_filter}；共 {v.inspector_pool_size} 人"),
        ("抽取时间", v.draw_time),
        ("见证数字", v.witness or "（无）"),
        ("见证人", v.witnessed_by or "（未填写）"),
        ("对象库哈希", v.pool_hash),
        ("随机种子", v.seed),
        ("算法", v.algorithm),
        ("每户执法人员", f"{v.min_inspectors} 人"),
        ("未纳入对象", f"近期检查未发现问题的 {v.excluded} 户"),
        ("抽取人", v.run_by),
    ]
    if v.redraw_of:
        facts.append(("重新抽取", f"原记录 {v.redraw_of}；理由：{v.reason}；批准：{v.approved_by}"))
    if v.superseded_by:
        facts.append(("已被重抽", f"本记录已被 {v.superseded_by} 取代，保留备查"))
    quotas = [
        [
            g,
            v.pool_sizes.get(g, 0),
            Quota.from_text(g, v.quotas.get(g, "0")).label,
            v.sizes.get(g, 0),
        ]
        for g in GRADES
    ]
    objects = [
        {
            "no": i,
            "grade": o.grade,
            "name": o.entity_name,
            "key": o.entity,
            "ticket": o.ticket[:16],
            "inspectors": "、".join(
                f"{n}（{c}）" for n, c in zip(o.inspectors, o.inspector_certs, strict=False)
            ),
        }
        for i, o in enumerate(v.objects, 1)
    ]
    shown = v.recusals[:MAX_RECUSALS_PRINTED]
    recusals = "；".join(f"{r.entity_name}：{r.inspector}（{r.reason}）" for r in shown) or "无"
    if len(v.recusals) > len(shown):
        recusals += f"；另有 {len(v.recusals) - len(shown)} 项（见导出的回避文件）"
    return {
        "station": station,
        "title": "双随机抽取记录",
        "number": v.number,
        "pool_hash": v.pool_hash,
        "facts": facts,
        "quotas": quotas,
        "objects": objects,
        "recusals": f"共 {len(v.recusals)} 项：{recusals}",
        "date_text": f"{v.draw_time[:4]}年{int(v.draw_time[5:7])}月{int(v.draw_time[8:10])}日",
    }


class DrawPrinting(Service):
    """Printing the record (part of ``DrawService``)."""

    def print_record(self, draw_id: int, path: Path) -> tuple[Path, Changes]:
        """The A4 抽取记录 as PDF at ``path``; logged as an export of the draw."""

        def log(tx: Tx) -> dict[str, Any]:
            row = tx.s.get(Draw, draw_id)
            if row is None:
                raise NotFoundError(GONE)
            profile = tx.s.get(StationProfile, 1)
            payload = record_payload(view_of(tx.s, row), profile.name if profile else "")
            tx.exported(KIND, draw_id, {"document": "双随机抽取记录", "file": Path(path).name})
            return payload

        payload, changes = self._transact("data.view", log)
        from station_app.documents import draw_record

        with printed_at(self._db):
            out = draw_record.write_pdf(payload, Path(path))
        return out, changes
