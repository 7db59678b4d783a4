"""Complaint documents (FACTS §2.6–§2.7, §3.2) on the GB/T 9704 page (``official.py``):

* 投诉调解书 (式样九): parties, claim and facts, numbered terms, 履行方式和期限, the 一式三份
  sentence, places for each party's signature or fingerprint, the mediators' signatures and the
  seal, each with a date; three copies 投诉人联 / 被投诉人联 / 存档联;
* 投诉受理决定书 (式样五), 投诉不予受理决定书 (式样六), 投诉终止调解决定书 (式样八);
* 调解记录 for an agreement performed on the spot (no 调解书 needed).

Personal data on the copies (issue 17): each party's copy shows that party's own data in full
and the other party's personal data masked. The complainant's phone, address, ID number and
the agent's phone are masked on the 被投诉人联 (it goes to the business); the respondent's phone
is masked on the 投诉人联 when it is personal data (a natural person's — 个体工商户, 未登记 — or
anyone's mobile: ``CaseDocument.respondent_phone_personal``). The 投诉人联 and the 存档联 show
the complainant's data in full only when the service hands over ``unmasked_case``, which it does
only for a user allowed to see it, logging the print as an export; without it they are masked
(the 存档联 masks the respondent's personal phone too). Names are printed in full: the parties
sign the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from station_app.documents import official
from station_app.documents.fonts import table_style
from station_app.documents.official import LEADING, Copy, esc
from station_app.domain import complaints as rules
from station_app.domain.masking import mask_address, mask_id_card, mask_phone

ARCHIVE = "存档联"
COMPLAINANT_COPY = "投诉人联"
RESPONDENT_COPY = "被投诉人联"
THREE_COPIES = (COMPLAINANT_COPY, RESPONDENT_COPY, ARCHIVE)
# the copies that show the complainant's personal data in full (given the unmasked case)
COMPLAINANT_FULL_COPIES = (COMPLAINANT_COPY, ARCHIVE)
COPIES_BY_KIND: dict[str, tuple[str, ...]] = {
    "agreement": THREE_COPIES,
    "termination": THREE_COPIES,
    "acceptance": ("投诉人联", ARCHIVE),
    "refusal": ("投诉人联", ARCHIVE),
    "record": THREE_COPIES,
}
TITLES = {
    "agreement": "投诉调解书",
    "acceptance": "投诉受理决定书",
    "refusal": "投诉不予受理决定书",
    "termination": "投诉终止调解决定书",
    "record": "调解记录",
}
THREE_COPIES_SENTENCE = "本调解书一式三份，投诉人、被投诉人各执一份，市场监督管理部门留存一份。"
NBSP = "\u00a0"
DATE_BLANK = f"年{NBSP * 6}月{NBSP * 6}日"


@dataclass(frozen=True)
class CaseDocument:
    """Everything a document prints. ``case`` is a ``services.complaints.ComplaintView`` with
    personal fields masked; ``unmasked_case`` the same case unmasked, for the 投诉人联 and the
    存档联 (None: they are masked too). ``respondent_phone_personal``: the respondent's phone is
    personal data (masked on the 投诉人联, and on the 存档联 without ``unmasked_case``)."""

    case: Any
    number: str
    issued_on: date
    reprint: bool
    station_name: str
    bureau: str
    seal_text: str
    station_address: str = ""
    station_phone: str = ""
    unmasked_case: Any = None
    respondent_phone_personal: bool = False


def _p(text: str, style) -> Paragraph:
    return Paragraph(text, style)


def _labelled(label: str, text: str, st) -> Paragraph:
    return _p(f"{esc(label)}{esc(text)}", st["flush"])


def _rules_short(rules_name: str) -> str:
    """《市场监督管理投诉举报处理暂行办法》 out of the full rule name."""
    return rules_name.split("（")[0] if rules_name else "《市场监督管理投诉举报处理暂行办法》"


def _basis(rules_name: str, article: str, item: str) -> str:
    """``《…暂行办法》第十五条第（四）项`` under Order 20, whose article numbers are known;
    under Order 121 the article numbers are not confirmed (FACTS §2.1), so only the rule."""
    name = _rules_short(rules_name)
    if "第20号" in rules_name or not rules_name:
        return f"{name}{article}第（{item}）项"
    return f"{name}的有关"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？；.!?" else text + "。"


def _party_blocks(doc: CaseDocument, st, *, copy: str) -> list:
    """投诉人 / 委托代理人 / 被投诉人 as printed on ``copy`` (see the module's rule)."""
    unmasked = copy in COMPLAINANT_FULL_COPIES and doc.unmasked_case is not None
    c = doc.unmasked_case if unmasked else doc.case
    already_masked = not unmasked and getattr(c, "personal_masked", False)

    def shown(value: str, mask) -> str:
        return value if unmasked or already_masked else mask(value)

    parts = [f"{c.complainant_name}"]
    if c.complainant_id_number:
        idno = shown(c.complainant_id_number, mask_id_card)
        parts.append(f"{c.complainant_id_type or '居民身份证'}号码：{idno}")
    parts.append(f"联系电话：{shown(c.complainant_phone, mask_phone)}")
    parts.append(f"住址：{shown(c.complainant_address, mask_address)}")
    out = [_p(f"投诉人：{esc('，'.join(parts))}。", st["flush"])]
    if c.agent_name:
        agent = [c.agent_name]
        if c.agent_phone:
            agent.append(f"联系电话：{shown(c.agent_phone, mask_phone)}")
        out.append(_p(f"委托代理人：{esc('，'.join(agent))}。", st["flush"]))
    out.append(_p(f"被投诉人：{esc('，'.join(_respondent_parts(doc, c, copy)))}。", st["flush"]))
    return out


def _respondent_parts(doc: CaseDocument, c, copy: str) -> list[str]:
    resp = [c.respondent_name]
    if c.respondent_uscc:
        resp.append(f"统一社会信用代码：{c.respondent_uscc}")
    if c.respondent_contact:
        resp.append(f"法定代表人（经营者、联系人）：{c.respondent_contact}")
    resp.append(f"地址：{c.respondent_address}")
    if c.respondent_phone:
        phone = c.respondent_phone
        own_or_full = copy == RESPONDENT_COPY or (copy == ARCHIVE and doc.unmasked_case)
        if doc.respondent_phone_personal and not own_or_full:
            phone = mask_phone(phone)
        resp.append(f"联系电话：{phone}")
    return resp


def _claim_text(c) -> str:
    claim = c.claim if c.claim != "其他" else ""
    detail = c.claim_detail.strip()
    if claim and detail:
        return f"{claim}（{detail}）"
    return claim or detail


def _facts_paragraphs(doc: CaseDocument, st) -> list:
    c = doc.case
    facts: list[str] = []
    when = f"{rules.cn_date(c.occurred_on)}" if c.occurred_on else ""
    bits = []
    if when:
        bits.append(f"{when}")
    if c.place:
        bits.append(f"在{c.place}")
    if bits or c.goods:
        line = "投诉人" + ("于" if when else "") + "".join(bits) + "消费"
        if c.goods:
            line += c.goods
        if c.amount_fen:
            line += f"，涉及金额人民币{rules.yuan(c.amount_fen)}元"
        facts.append(line + "。")
    elif c.amount_fen:
        facts.append(f"涉及金额人民币{rules.yuan(c.amount_fen)}元。")
    facts.append(c.facts.strip())
    return [
        _p(f"投诉请求：{esc(_claim_text(c))}。", st["body"]),
        _p(f"争议事实：{esc(''.join(facts))}", st["body"]),
    ]


def _term_text(t) -> str:
    text = t.description.rstrip("。；;，, ")
    if t.amount_fen:
        yuan = rules.yuan(t.amount_fen)
        if yuan not in text:
            text += f"，金额人民币{yuan}元"
        text += f"（大写：{rules.rmb_upper(t.amount_fen)}）"
    return text


def _terms(doc: CaseDocument, st) -> list:
    out = []
    n = len(doc.case.terms)
    for i, t in enumerate(doc.case.terms, start=1):
        end = "。" if i == n else "；"
        out.append(_p(f"{rules.cn_index(i)}、{esc(_term_text(t))}{end}", st["term"]))
    return out


def _performance(doc: CaseDocument, st) -> list:
    c = doc.case
    out = [_p("履行方式和期限：", st["heading"])]
    for i, t in enumerate(c.terms, start=1):
        how = t.method or "当面交付"
        out.append(
            _p(
                f"第{rules.cn_index(i)}项以{esc(how)}方式履行，"
                f"于{rules.cn_date(t.due_on)}前履行完毕。",
                st["body"],
            )
        )
    if c.performance_method and all(t.method not in c.performance_method for t in c.terms):
        out.append(_p(esc(c.performance_method), st["body"]))
    return out


def _mediation_line(doc: CaseDocument) -> str:
    c = doc.case
    names = "、".join(m.name for m in c.mediators)
    held = c.sessions[-1].held_on if c.sessions else c.result_on
    way = c.mediation_way or "现场"
    return (
        f"投诉人于{rules.cn_date(c.received_on)}通过{_channel_words(c.channel)}向本所投诉，"
        f"本所于{rules.cn_date(c.decided_on)}受理。{rules.cn_date(held)}，"
        f"本所调解人员{names}以{way}方式组织双方进行调解。"
    )


def _channel_words(channel: str) -> str:
    return {
        "12315": "全国12315平台",
        "12345": "12345政务服务便民热线",
        "来电": "电话",
        "来访": "来访",
        "来信": "来信",
        "网格上报": "社区网格员",
        "服务站": "消费维权服务站",
    }.get(channel, channel)


def _sign_table(rows: list[list], st, widths=(78 * mm, 78 * mm), heights=None) -> Table:
    table = Table(rows, colWidths=list(widths), rowHeights=heights)
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _party_signatures(st, *, respondent: bool = True) -> Table:
    s, r = st["sign"], st["sign_right"]
    left = [
        _p("投诉人（签字或按指印）：", s),
        Spacer(1, 12 * mm),
        _p(DATE_BLANK, r),
    ]
    right = [
        _p("被投诉人（签字或盖章）：", s),
        Spacer(1, 12 * mm),
        _p(DATE_BLANK, r),
    ]
    rows = [[left, right if respondent else ""]]
    table = _sign_table(rows, st, widths=(74 * mm, 82 * mm))
    table.setStyle(table_style([("RIGHTPADDING", (0, 0), (0, -1), 8 * mm)]))
    return table


def _mediator_signatures(doc: CaseDocument, st) -> Table:
    s, r = st["sign"], st["sign_right"]
    count = max(1, len(doc.case.mediators))
    left = [_p("调解人员（签字）：", s), Spacer(1, 7 * mm * count), _p(DATE_BLANK, r)]
    seal = [
        _p("市场监督管理部门（印章）：", s),
        Spacer(1, 1 * mm),
        _p(esc(doc.seal_text), st["sign_center"]),
        _p(rules.cn_date(doc.issued_on), r),
    ]
    table = _sign_table([[left, seal]], st, widths=(74 * mm, 82 * mm))
    table.setStyle(table_style([("RIGHTPADDING", (0, 0), (0, -1), 8 * mm)]))
    return table


def _issuer_block(doc: CaseDocument, st) -> list:
    """Signature of a decision: the seal text and date, right-aligned (右空四字)."""
    r = official.styles()["right"]
    pad = NBSP * 8  # 右空四字
    return [
        Spacer(1, LEADING),
        _p(f"{esc(doc.seal_text)}{pad}", r),
        _p(f"（印章）{pad}", r),
        _p(f"{rules.cn_date(doc.issued_on)}{pad}", r),
    ]


def _head(doc: CaseDocument, kind: str, st) -> list:
    out = [_p(TITLES[kind], st["title"])]
    if doc.number:
        out.append(_p(esc(doc.number), st["number"]))
    else:
        out.append(_p(f"投诉编号：{esc(doc.case.number)}", st["number"]))
    return out


# ---- the documents -------------------------------------------------------------------------


def agreement_story(doc: CaseDocument, st, *, copy: str) -> list:
    story = _head(doc, "agreement", st)
    story += _party_blocks(doc, st, copy=copy)
    story.append(_p(esc(_mediation_line(doc)), st["body"]))
    story += _facts_paragraphs(doc, st)
    story.append(_p("经调解，双方自愿达成如下协议：", st["body"]))
    story += _terms(doc, st)
    story += _performance(doc, st)
    story.append(
        _p(
            "本调解书经投诉人、被投诉人签字（盖章、按指印）并经市场监督管理部门盖章后生效，"
            "双方应当自觉履行。",
            st["body"],
        )
    )
    story.append(
        KeepTogether(
            [
                _p(THREE_COPIES_SENTENCE, st["body"]),
                Spacer(1, 3 * mm),
                _party_signatures(st),
                Spacer(1, 3 * mm),
                _mediator_signatures(doc, st),
            ]
        )
    )
    return story


def record_story(doc: CaseDocument, st, *, copy: str) -> list:
    c = doc.case
    story = _head(doc, "record", st)
    held = c.sessions[-1] if c.sessions else None
    story.append(_labelled("调解时间：", rules.cn_date(held.held_on if held else c.result_on), st))
    story.append(
        _labelled("调解地点：", (held.place if held and held.place else doc.station_name), st)
    )
    story.append(_labelled("调解方式：", c.mediation_way or "现场", st))
    story.append(_labelled("调解人员：", "、".join(m.name for m in c.mediators), st))
    story += _party_blocks(doc, st, copy=copy)
    story += _facts_paragraphs(doc, st)
    if c.sessions:
        story.append(_p("调解经过：", st["heading"]))
        for x in c.sessions:
            story.append(
                _p(f"{rules.cn_date(x.held_on)}（{esc(x.way)}）：{esc(x.notes)}", st["body"])
            )
    story.append(_p("经调解，双方自愿达成如下协议：", st["body"]))
    story += _terms(doc, st)
    story.append(
        _p(
            "上述协议已于调解当场履行完毕，双方同意不再制作调解书，由本所记录在案。"
            "双方确认以上记录属实。",
            st["body"],
        )
    )
    last = story.pop()
    story.append(
        KeepTogether(
            [
                last,
                Spacer(1, LEADING / 2),
                _party_signatures(st),
                Spacer(1, 6 * mm),
                _mediator_signatures(doc, st),
            ]
        )
    )
    return story


def acceptance_story(doc: CaseDocument, st, *, copy: str) -> list:
    c = doc.case
    story = _head(doc, "acceptance", st)
    story.append(_p(f"{esc(c.complainant_name)}：", st["flush"]))
    story.append(
        _p(
            f"你于{rules.cn_date(c.received_on)}通过{esc(_channel_words(c.channel))}"
            f"提出的对{esc(c.respondent_name)}的投诉，经审查，符合{esc(_rules_short(c.rules_name))}"
            "规定的受理条件，本所决定予以受理。",
            st["body"],
        )
    )
    story.append(
        _p(
            "本所将组织双方进行调解。调解过程中，请你如实提供有关证据材料，按时参加调解；"
            "如需变更联系方式，请及时告知本所。",
            st["body"],
        )
    )
    if doc.station_phone or doc.station_address:
        bits = []
        if doc.station_address:
            bits.append(f"联系地址：{doc.station_address}")
        if doc.station_phone:
            bits.append(f"联系电话：{doc.station_phone}")
        story.append(_p(esc("；".join(bits)) + "。", st["body"]))
    story += _issuer_block(doc, st)
    return story


def refusal_story(doc: CaseDocument, st, *, copy: str) -> list:
    c = doc.case
    ground = rules.REFUSAL_GROUNDS.get(c.refusal_ground, "")
    item = rules.cn_index(int(c.refusal_ground)) if c.refusal_ground.isdigit() else ""
    story = _head(doc, "refusal", st)
    story.append(_p(f"{esc(c.complainant_name)}：", st["flush"]))
    story.append(
        _p(
            f"你于{rules.cn_date(c.received_on)}通过{esc(_channel_words(c.channel))}"
            f"提出的对{esc(c.respondent_name)}的投诉，经审查，属于"
            f"“{esc(ground)}”的情形。根据{esc(_basis(c.rules_name, '第十五条', item))}"
            "规定，本所决定不予受理。",
            st["body"],
        )
    )
    if c.refusal_note:
        story.append(_p(f"说明：{esc(_sentence(c.refusal_note))}", st["body"]))
    story.append(
        _p(
            "你可以依法通过与经营者协商、向消费者协会等组织申请调解、申请仲裁或者向人民法院起诉等途径解决争议。",
            st["body"],
        )
    )
    story += _issuer_block(doc, st)
    return story


def termination_story(doc: CaseDocument, st, *, copy: str) -> list:
    c = doc.case
    reason = rules.TERMINATION_REASONS.get(c.termination_reason, "")
    item = rules.cn_index(int(c.termination_reason)) if c.termination_reason.isdigit() else ""
    story = _head(doc, "termination", st)
    story.append(_p(f"{esc(c.complainant_name)}、{esc(c.respondent_name)}：", st["flush"]))
    story.append(
        _p(
            f"{esc(c.complainant_name)}于{rules.cn_date(c.received_on)}投诉的与"
            f"{esc(c.respondent_name)}之间的消费者权益争议，本所已于{rules.cn_date(c.decided_on)}受理"
            f"并组织调解。因“{esc(reason)}”，根据{esc(_basis(c.rules_name, '第二十一条', item))}"
            f"规定，本所决定自{rules.cn_date(c.result_on)}起终止调解。",
            st["body"],
        )
    )
    if c.termination_note:
        story.append(_p(f"说明：{esc(_sentence(c.termination_note))}", st["body"]))
    story.append(_p("投诉人可以依法申请仲裁或者向人民法院提起诉讼。", st["body"]))
    story += _issuer_block(doc, st)
    return story


STORIES = {
    "agreement": agreement_story,
    "record": record_story,
    "acceptance": acceptance_story,
    "refusal": refusal_story,
    "termination": termination_story,
}


def doc_kind(doc: CaseDocument) -> str:
    return rules.agreement_kind(doc.case.performed_on_spot)


def write_document(
    out: Path,
    docs: Sequence[CaseDocument],
    *,
    kind: str | None,
    copies: Sequence[str] | None = None,
) -> Path:
    """One PDF with every copy of every document (``kind`` None: agreement or record per case).
    ``copies`` restricts to some copy marks (e.g. only the 存档联)."""
    st = official.styles()
    parts: list[Copy] = []
    title = ""
    for doc in docs:
        k = kind or doc_kind(doc)
        title = title or TITLES[k]
        wanted = COPIES_BY_KIND[k]
        if copies:
            unknown = [x for x in copies if x not in wanted]
            if unknown:
                from station_app.errors import ValidationError

                raise ValidationError(
                    f"{TITLES[k]}没有“{'、'.join(unknown)}”，可选：{'、'.join(wanted)}。",
                    field="copy",
                )
            wanted = tuple(x for x in wanted if x in copies)
        for label in wanted:
            parts.append(Copy(label, STORIES[k](doc, st, copy=label), doc.reprint))
    if len(docs) > 1:
        title = "投诉调解书（批量）"
    return official.build(
        Path(out), parts, title=title, author=docs[0].station_name if docs else ""
    )
