"""The county's memory of each station's audit chain (县局留存的日志锚点).

``county merge`` keeps, per station, every point (seq → hash) its packages carried and the
head of the last package merged, in one JSON file (schema ``station-county-anchors/1``). By
default the file is ``county-anchors.json`` in the county PC's data folder (the same one for
every merge, wherever the workbooks are saved); ``--state`` chooses another, e.g. a folder the
county backs up. A package is refused when:

* a point it carries has another hash than the one the county saw for that seq (history
  before it was rewritten);
* it is newer than the last package seen but does not carry that package's point (the chain
  was cut or restarted: rows deleted, tables wiped, an old backup restored);
* it is older than the last package seen and no later package vouched for its head;
* it has no anchors at all (made by a version before anchors, or stripped) while the county
  already holds anchors for the station.

The first package of a station is trusted as it comes (nothing to compare it with). After a
station has legitimately restarted its chain (a restore from an old backup), the county
accepts its next package once with ``--accept-new-chain STATION --reason …``: the reason is
kept in the file. The file is written only when the whole merge succeeded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from station_app.domain.anchors import is_hash
from station_app.domain.periods import SHANGHAI
from station_app.errors import StationError, reason_text
from station_app.files import write_private

SCHEMA = "station-county-anchors/1"
FILE_NAME = "county-anchors.json"
NEW, EXTENDS, SAME, OLDER, ACCEPTED, NO_ANCHORS = (
    "new",
    "extends",
    "same",
    "older",
    "accepted_new_chain",
    "no_anchors",
)
STATUS_LABELS = {
    NEW: "首次记录该所的日志锚点",
    EXTENDS: "日志链接续上次收到的数据包",
    SAME: "与上次收到的数据包同一链头",
    OLDER: "早于上次收到的数据包，在已知日志链上",
    ACCEPTED: "按县局决定接受新的日志链",
    NO_ANCHORS: "旧版本数据包，不含日志锚点",
}


@dataclass(frozen=True)
class Check:
    station: str
    status: str
    head_seq: int | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def load(path: Path) -> dict[str, Any]:
    """The state at ``path`` (an empty one if the file does not exist yet)."""
    if not path.exists():
        return {"schema": SCHEMA, "stations": {}}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StationError(
            f"县局锚点文件无法读取：{path}\n原因：{reason_text(exc)}\n为免误判，已拒绝汇总。"
            "请从备份恢复该文件，或用 --state 指定另一个。"
        ) from exc
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise StationError(f"{path} 不是县局锚点文件，已拒绝汇总。")
    doc.setdefault("stations", {})
    return doc


def save(path: Path, doc: dict[str, Any]) -> Path:
    text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return write_private(path, text.encode("utf-8"))


def station_points(doc: dict[str, Any], station: str) -> list[dict[str, Any]] | None:
    """Every point the county holds for ``station`` (for ``audit verify --anchor``)."""
    entry = doc.get("stations", {}).get(station)
    if not isinstance(entry, dict):
        return None
    return [{"seq": int(seq), "hash": h} for seq, h in sorted(_known(entry).items())]


def _known(entry: dict[str, Any]) -> dict[int, str]:
    return {int(seq): h for seq, h in entry.get("points", {}).items() if is_hash(h)}


def _package_points(audit: dict[str, Any]) -> dict[int, str]:
    points = {p["seq"]: p["hash"] for p in audit["checkpoints"]}
    points[audit["head"]["seq"]] = audit["head"]["hash"]
    return points


def check(
    doc: dict[str, Any], station: str, name: str, audit: dict[str, Any] | None, accept: bool
) -> Check:
    """How a package of ``station`` (display ``name``) relates to what the county saw; raises
    a Chinese ``StationError`` when its chain does not extend it. Changes nothing."""
    entry = doc["stations"].get(station)
    if audit is None:
        if entry is not None and not accept:
            raise StationError(
                f"{name} 的数据包不含操作日志锚点，而县局此前收到的该所数据包都带有锚点："
                "可能是旧版本程序生成，或锚点被去掉了。已拒绝汇总。"
            )
        return Check(station, NO_ANCHORS, None)
    head = audit["head"]["seq"]
    if entry is None or accept:
        return Check(station, ACCEPTED if entry is not None else NEW, head)
    known, ours = _known(entry), _package_points(audit)
    for seq in sorted(set(known) & set(ours)):
        if known[seq] != ours[seq]:
            raise StationError(
                f"{name} 的数据包与县局此前收到的不一致：操作日志第 {seq} 条的哈希不同，"
                "该所的操作日志在那之前被改写过。已拒绝汇总。\n"
                "请到该所用 station-app audit verify --anchor 核对；如确认是恢复旧备份等正当原因，"
                f"可加 --accept-new-chain {station} --reason 说明 后重新汇总。"
            )
    last = entry["last"]["seq"]
    if head >= last:
        if last and last not in ours:
            raise StationError(
                f"{name} 的数据包没有接续县局上次收到的数据包（{entry['last'].get('period', '')}，"
                f"操作日志第 {last} 条）：该所的操作日志可能被截断、清空或用旧备份替换过。"
                "已拒绝汇总。\n"
                "请到该所核实；如确认是正当原因，可加 "
                f"--accept-new-chain {station} --reason 说明 后重新汇总。"
            )
        return Check(station, SAME if head == last else EXTENDS, head)
    if head not in known:
        raise StationError(
            f"{name} 的数据包的操作日志只到第 {head} 条，短于县局上次收到的数据包"
            f"（{entry['last'].get('period', '')}，第 {last} 条），且不在县局记录的该所日志链上："
            "该所的操作日志可能被截断、清空或用旧备份替换过。已拒绝汇总。\n"
            "请到该所核实；如确认是正当原因，可加 "
            f"--accept-new-chain {station} --reason 说明 后重新汇总。"
        )
    return Check(station, OLDER, head)


def record(
    doc: dict[str, Any],
    result: Check,
    name: str,
    audit: dict[str, Any] | None,
    package: str,
    period: str,
    reason: str = "",
) -> None:
    """Keep what a merged package showed (after the merge succeeded)."""
    if audit is None:
        return
    now = datetime.now(SHANGHAI).isoformat(timespec="seconds")
    entry = doc["stations"].get(station_key := result.station)
    if entry is None or result.status == ACCEPTED:
        events = entry.get("events", []) if entry else []
        if result.status == ACCEPTED:
            events.append({"at": now, "event": "accepted_new_chain", "reason": reason})
        entry = doc["stations"][station_key] = {"points": {}, "events": events}
    entry["name"] = name
    entry["points"].update({str(seq): h for seq, h in _package_points(audit).items()})
    last = entry.get("last")
    if last is None or audit["head"]["seq"] >= last["seq"]:
        entry["last"] = {
            **audit["head"],
            "period": period,
            "package": package,
            "merged_at": now,
        }


# -- station keys (issue 17): registered once per station, then every package must be signed
KEY_NEW, KEY_OK, KEY_UNSIGNED = "key_registered", "signed", "unsigned"
KEY_LABELS = {
    KEY_NEW: "首次登记该所的签名密钥",
    KEY_OK: "签名与登记的所密钥一致",
    KEY_UNSIGNED: "旧版本数据包，未签名（该所尚未登记密钥）",
}


def registered_key(doc: dict[str, Any], station: str) -> str | None:
    entry = doc.get("keys", {}).get(station)
    return entry.get("public_key") if isinstance(entry, dict) else None


def check_key(doc: dict[str, Any], station: str, name: str, signed_by: str | None) -> str:
    """How a package's signature relates to the key the county registered for ``station``;
    raises when it is unsigned or signed by another key while one is registered, and when
    ``name`` is already known under another station code. Changes nothing."""
    for code, entry in {**doc.get("keys", {}), **doc.get("stations", {})}.items():
        if code != station and isinstance(entry, dict) and entry.get("name") == name and name:
            raise StationError(
                f"“{name}”在县局记录中的所代码是 {code}，这个数据包却写作 {station}：同一个所不能有两个代码。"
                "已拒绝汇总。请与该所核实所代码。"
            )
    known = registered_key(doc, station)
    if known is None:
        return KEY_NEW if signed_by else KEY_UNSIGNED
    if signed_by is None:
        raise StationError(
            f"{name} 的数据包没有签名，而县局已登记该所的签名密钥：数据包可能不是该所生成的。已拒绝汇总。"
        )
    if signed_by != known:
        from station_app.exports.signing import fingerprint

        raise StationError(
            f"{name} 的数据包不是用县局登记的该所密钥签名的（登记的指纹 {fingerprint(known)}，"
            f"数据包的指纹 {fingerprint(signed_by)}）：可能是伪造的数据包。已拒绝汇总。\n"
            "如该所确实更换了电脑或密钥，请让该所导出密钥文件，用 station-app county register-key "
            "文件 --replace --reason 说明 重新登记。"
        )
    return KEY_OK


def register_key(
    doc: dict[str, Any],
    station: str,
    name: str,
    public: str,
    source: str,
    *,
    replace_reason: str = "",
) -> bool:
    """Register ``public`` as ``station``'s key; True if it was new or replaced, False if the
    same key was registered already. Another key is replaced only with a reason."""
    from station_app.exports.signing import fingerprint

    keys = doc.setdefault("keys", {})
    entry = keys.get(station)
    if isinstance(entry, dict) and entry.get("public_key") == public:
        return False
    if isinstance(entry, dict) and not replace_reason:
        raise StationError(
            f"县局已登记 {name} 的另一把签名密钥（指纹 {fingerprint(entry['public_key'])}）。"
            "如确需更换，请加 --replace --reason 说明。"
        )
    now = datetime.now(SHANGHAI).isoformat(timespec="seconds")
    history = entry.get("history", []) if isinstance(entry, dict) else []
    if isinstance(entry, dict):
        history.append(
            {"public_key": entry["public_key"], "replaced_at": now, "reason": replace_reason}
        )
    keys[station] = {
        "name": name,
        "public_key": public,
        "fingerprint": fingerprint(public),
        "registered_at": now,
        "from": source,
        "history": history,
    }
    return True
