"""Dates, ordinals and amounts as official documents write them (公文, 调解书, 公示). Pure."""

from __future__ import annotations

from datetime import date

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")
_SMALL = "〇一二三四五六七八九"


def cn_date(d: date | None) -> str:
    """``2026年4月5日`` (GB/T 9704: Arabic numerals, no zero padding)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "    年  月  日"


def cn_index(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (term numbers up to 99)."""
    if n < 10:
        return _SMALL[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _SMALL[tens]
    return f"{head}十{_SMALL[ones] if ones else ''}"


def _group_upper(n: int) -> str:
    out, zero = "", False
    for i, ch in enumerate(f"{n:04d}"):
        d = int(ch)
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + _UNITS[3 - i]
    return out


def rmb_upper(fen: int) -> str:
    """Amount in words as on Chinese financial documents: 128050 → 壹仟贰佰捌拾元伍角整."""
    if fen < 0:
        return "负" + rmb_upper(-fen)
    yuan_part, rest = divmod(fen, 100)
    jiao, fen_d = divmod(rest, 10)
    if yuan_part == 0 and rest == 0:
        return "零元整"
    text = ""
    if yuan_part:
        groups = []
        n = yuan_part
        while n:
            n, g = divmod(n, 10000)
            groups.append(g)
        parts: list[str] = []
        need_zero = False
        for i in range(len(groups) - 1, -1, -1):
            g = groups[i]
            if g == 0:
                need_zero = bool(parts)
                continue
            if parts and (need_zero or g < 1000):
                parts.append("零")
            parts.append(_group_upper(g) + _GROUPS[i])
            need_zero = False
        text = "".join(parts) + "元"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif fen_d and yuan_part:
        text += "零"
    if fen_d:
        text += _DIGITS[fen_d] + "分"
    else:
        text += "整"
    return text
