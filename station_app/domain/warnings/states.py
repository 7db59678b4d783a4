"""A warning's life: 新 (new) → 已确认 (acknowledged: who, when) → 已处置 (resolved: what was
done). Pure; the service records who and when.
"""

from __future__ import annotations

from station_app.domain.warnings.kinds import RESOLUTIONS
from station_app.errors import ValidationError

NEW, ACKED, RESOLVED = "新", "已确认", "已处置"
STATES = (NEW, ACKED, RESOLVED)
OPEN_STATES = frozenset({NEW, ACKED})
STATE_CODES: dict[str, str] = {"new": NEW, "acknowledged": ACKED, "resolved": RESOLVED}
"""The command line's ``--state`` words and ``--json`` values."""
CODE_OF = {v: k for k, v in STATE_CODES.items()}
MAX_NOTE = 2000


def state_of(text: str) -> str:
    """``new`` / ``新`` → 新; an unknown word: a Chinese message listing the choices."""
    value = (text or "").strip()
    if value in STATES:
        return value
    if value.lower() in STATE_CODES:
        return STATE_CODES[value.lower()]
    choices = "、".join(f"{code}（{label}）" for code, label in STATE_CODES.items())
    raise ValidationError(f"状态“{text}”无法识别，可选：{choices}。", field="state")


def check_ack(state: str) -> str:
    if state != NEW:
        raise ValidationError(f"这条预警已是“{state}”，只有“新”的预警需要确认。", field="state")
    return ACKED


def check_resolve(state: str, action: str, note: str) -> tuple[str, str, str]:
    """(new state, action, note): a resolution says what was done."""
    if state == RESOLVED:
        raise ValidationError("这条预警已处置。", field="state")
    if action not in RESOLUTIONS:
        raise ValidationError(f"处置方式应为：{'、'.join(RESOLUTIONS)}。", field="action")
    note = (note or "").strip()
    if not note:
        raise ValidationError("请填写处置情况（做了什么、结果如何）。", field="note")
    if len(note) > MAX_NOTE:
        raise ValidationError(f"处置情况不能超过 {MAX_NOTE} 字。", field="note")
    return RESOLVED, action, note


def check_reopen(state: str, reason: str) -> str:
    if state != RESOLVED:
        raise ValidationError("只有已处置的预警可以重新打开。", field="state")
    if not (reason or "").strip():
        raise ValidationError("请填写重新打开的理由。", field="reason")
    return ACKED
