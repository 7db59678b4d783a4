"""双随机一公开 draws: the verifiable consistent-sampling draw (algorithm ``ccs-sha256-1``). Pure.

The algorithm is published in ``docs/draws.md`` with a reference implementation that a third
party runs on the printed 抽取记录 and the exported pool file; ``tests/unit/test_draws*.py``
runs that very text against this module. In short:

* **Pool lines.** Every object of the object pool is one line ``GRADE KEY`` (``C
  91350100M000100Y43``), every inspector of the inspector pool one line ``P KEY`` (``P
  3709812019001``; the key of an inspector is the 执法证号). The *pool text* is the lines
  sorted by code point (= UTF-8 byte order) and joined with ``\\n``, no final newline; it is
  the exported pool file byte for byte, so ``sha256sum`` of that file is the pool hash.
* **Pool hash** = SHA-256 of the pool text (lowercase hex).
* **Seed** = SHA-256 of ``pool_hash|draw_time|witness`` (draw time in Beijing time
  ``YYYY-MM-DD HH:MM:SS``; witness = the digits the witness typed in: dice, a lottery result).
* **Ticket** of object ``k`` = SHA-256 of ``seed|k``; per grade the ``n`` lowest tickets win
  (ties, never seen, by key). ``n`` = ⌈ratio × pool size of the grade⌉ computed exactly
  (fractions, never floats), or a fixed number ``#n`` (at most the grade's size).
* **Inspectors** of a drawn object ``k``: the ``m`` lowest SHA-256 of ``seed|k|p`` over the
  inspector keys ``p`` not recused for ``k`` (m = the minimum per object, ≥ 2).

Sorting makes the result independent of the order the pools came in; lowest-ticket selection
makes a larger sample keep every earlier pick (consistent sampling, as in public election
audits). Python's ``random`` is never used: its ``sample``/``shuffle`` may change between
versions, and nobody outside could recompute them from a printed record.

Recusal (回避) is decided **before** the seed exists: every object of the pool must keep at
least ``m`` eligible inspectors or nothing is drawn (:func:`check_cover`), so a refusal says
nothing about what the draw would have picked and cannot be used to draw again.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from station_app.domain.periods import SHANGHAI
from station_app.domain.text import remove_spaces, to_halfwidth
from station_app.errors import ValidationError

ALGORITHM = "ccs-sha256-1"
"""Name and version of the algorithm, stored with every draw (a later version gets a new name
and the old one stays here so old draws still verify)."""
ALGORITHM_LABEL = "一致性抽样（SHA-256）第 1 版"
GRADES = ("A", "B", "C", "D")
INSPECTOR_PREFIX = "P"
MIN_INSPECTORS, MAX_INSPECTORS = 2, 4
MAX_WITNESS_DIGITS = 64
RELATION, SPECIALIST, PREVIOUS = "relation", "specialist", "previous"
RECUSAL_LABELS = {
    RELATION: "登记的利害关系",
    SPECIALIST: "该网格监管专员",
    PREVIOUS: "上次同一事项抽查曾检查该对象",
}
_KEY_BAD = re.compile(r"[\s|]")


# ---- keys, pool lines, hashes ---------------------------------------------------------------


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_key(key: str, who: str) -> str:
    """Keys are joined with ``|`` and lines with ``\\n``: neither may appear in one."""
    if not key or _KEY_BAD.search(key):
        raise ValidationError(f"“{who}”的编号“{key}”含有空白或“|”，不能用于抽取。")
    return key


def object_line(grade: str, key: str) -> str:
    return f"{grade} {key}"


def inspector_line(key: str) -> str:
    return f"{INSPECTOR_PREFIX} {key}"


def pool_text(lines: Iterable[str]) -> str:
    """The pool file: the non-empty lines sorted by code point, joined with ``\\n``."""
    return "\n".join(sorted(line for line in lines if line))


def parse_pool_text(text: str) -> list[str]:
    """The lines of a pool file (any line ends, a final newline or not)."""
    return [line for line in text.splitlines() if line]


def pool_hash(lines: Iterable[str]) -> str:
    return sha256_hex(pool_text(lines))


def draw_time_text(moment: datetime) -> str:
    """The draw time as it enters the seed: Beijing time to the second (a naive value is taken
    as Beijing time)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(SHANGHAI)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def check_witness(digits: str | None) -> str:
    """The witness's digits: 0–9 only (full-width and spaces allowed as typed), at most 64.
    Empty is allowed (the record then says there were none)."""
    text = remove_spaces(to_halfwidth(digits or ""))
    if text and not (text.isascii() and text.isdecimal()):
        raise ValidationError(
            f"见证数字只能填写阿拉伯数字（掷骰子或开奖号码），“{digits}”中有其他字符。",
            field="witness",
        )
    if len(text) > MAX_WITNESS_DIGITS:
        raise ValidationError(
            f"见证数字最多 {MAX_WITNESS_DIGITS} 位，现为 {len(text)} 位。", field="witness"
        )
    return text


def seed(pool_hash_hex: str, when: str, witness: str) -> str:
    return sha256_hex(f"{pool_hash_hex}|{when}|{witness}")


def ticket(seed_hex: str, *keys: str) -> str:
    """SHA-256 of ``seed|key`` (object) or ``seed|object|inspector`` (an inspector for it)."""
    return sha256_hex("|".join((seed_hex, *keys)))


def lowest(keys: Iterable[str], n: int, seed_hex: str, *prefix: str) -> list[tuple[str, str]]:
    """The ``n`` keys with the lowest tickets, as ``(key, ticket)`` in ticket order (ties,
    which SHA-256 never gives in practice, by key). Raw digests compare like the hex digits
    they print as; the hash state after ``seed|prefix|`` is computed once and copied (a
    100,000-key pool costs ~0.25 s on our machines)."""
    if n <= 0:
        return []
    base = hashlib.sha256("|".join((seed_hex, *prefix, "")).encode("utf-8"))
    scored = []
    for key in keys:
        h = base.copy()
        h.update(key.encode("utf-8"))
        scored.append((h.digest(), key))
    best = heapq.nsmallest(n, scored) if n < len(scored) // 4 else sorted(scored)[:n]
    return [(key, digest.hex()) for digest, key in best]


# ---- quotas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quota:
    """How many of a grade are drawn: a ratio (exact fraction 0…1) or a fixed number."""

    grade: str
    ratio: Fraction | None = None
    count: int | None = None

    @property
    def text(self) -> str:
        """As stored and printed: ``0.05`` or ``#3`` (what the reference implementation reads)."""
        if self.count is not None:
            return f"#{self.count}"
        return decimal_text(self.ratio or Fraction(0))

    @property
    def percent(self) -> str:
        return f"{decimal_text((self.ratio or Fraction(0)) * 100)}%"

    @property
    def label(self) -> str:
        return f"固定 {self.count} 户" if self.count is not None else f"比例 {self.percent}"

    def size(self, pool_size: int) -> int:
        """⌈ratio × pool size⌉ exactly, or the fixed number (at most the pool size)."""
        if self.count is not None:
            return min(self.count, pool_size)
        return math.ceil((self.ratio or Fraction(0)) * pool_size)

    @classmethod
    def from_text(cls, grade: str, text: str) -> Quota:
        """Back from :attr:`text`."""
        if text.startswith("#"):
            return cls(grade, count=int(text[1:]))
        return cls(grade, ratio=Fraction(text))


def decimal_text(value: Fraction) -> str:
    """A fraction with a finite decimal expansion as a plain decimal (``0.05``, ``1``)."""
    whole, rest = divmod(value.numerator, value.denominator)
    if not rest:
        return str(whole)
    digits = ""
    for _ in range(12):
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits += str(digit)
        if not rest:
            break
    return f"{whole}.{digits.rstrip('0')}"


def check_min_inspectors(value: int) -> int:
    if value < MIN_INSPECTORS:
        raise ValidationError(
            f"每个抽查对象至少需要 {MIN_INSPECTORS} 名执法人员（--min-inspectors 不能小于 "
            f"{MIN_INSPECTORS}）。",
            field="min_inspectors",
        )
    if value > MAX_INSPECTORS:
        raise ValidationError(
            f"每个抽查对象最多安排 {MAX_INSPECTORS} 名执法人员。", field="min_inspectors"
        )
    return value


# ---- the pools ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolObject:
    """One candidate object: its key and grade (the line), and what the record prints."""

    key: str
    grade: str
    name: str = ""
    entity_id: int = 0
    grid: str = ""  # grid code: the grid's specialist is recused

    @property
    def line(self) -> str:
        return object_line(self.grade, self.key)

    @property
    def label(self) -> str:
        return f"“{self.name}”（{self.key}）" if self.name else self.key


@dataclass(frozen=True)
class Inspector:
    key: str  # 执法证号
    name: str = ""
    person_id: int = 0

    @property
    def line(self) -> str:
        return inspector_line(self.key)


def check_pools(objects: Sequence[PoolObject], inspectors: Sequence[Inspector], m: int) -> None:
    """Pools a draw can run on: objects present, keys unique and clean, grades known, at least
    ``m`` inspectors with distinct 执法证号."""
    if not objects:
        raise ValidationError("对象库为空：筛选条件下没有可抽取的经营主体，未进行抽取。")
    keys = [o.key for o in objects]
    if _KEY_BAD.search("".join(keys)) or not all(keys):
        bad = next(o for o in objects if not o.key or _KEY_BAD.search(o.key))
        check_key(bad.key, bad.name or bad.key)
    if len(set(keys)) != len(keys):
        seen: dict[str, str] = {}
        for obj in objects:
            if obj.key in seen:
                raise ValidationError(
                    f"对象库中 {obj.key} 出现两次（{seen[obj.key]}、{obj.name}）。"
                )
            seen[obj.key] = obj.name
    wrong = next((o for o in objects if o.grade not in GRADES), None)
    if wrong is not None:
        raise ValidationError(f"{wrong.label}的等级“{wrong.grade}”无效。")
    people: dict[str, str] = {}
    for person in inspectors:
        check_key(person.key, person.name)
        if person.key in people:
            raise ValidationError(
                f"执法人员 {people[person.key]} 和 {person.name} 登记了同一个执法证号 "
                f"{person.key}，请先在网格花名册中更正。"
            )
        people[person.key] = person.name
    if len(inspectors) < m:
        raise ValidationError(
            f"执法人员库只有 {len(inspectors)} 人持有效执法证，每个对象需要 {m} 人，未进行抽取。"
        )


# ---- recusal (回避) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Recusals:
    """Who must not inspect what. ``by_object``: object key → {inspector key: reason} (a
    recorded relation, the previous draw's inspector of the same item); ``by_grid``: grid
    code → {inspector key: reason} (the grid's specialist on the draw day)."""

    by_object: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    by_grid: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def of(self, obj: PoolObject) -> dict[str, str]:
        out = dict(self.by_grid.get(obj.grid, {})) if obj.grid else {}
        out.update(self.by_object.get(obj.key, {}))
        return out


def _recusal_text(recused: Mapping[str, str], names: Mapping[str, str]) -> str:
    return "；".join(
        f"{names.get(k, k)}（{RECUSAL_LABELS.get(r, r)}）" for k, r in sorted(recused.items())
    )


def check_cover(
    objects: Sequence[PoolObject], inspectors: Sequence[Inspector], recusals: Recusals, m: int
) -> None:
    """Every object keeps at least ``m`` inspectors after recusal, or a ``ValidationError``
    naming the first such object, who is recused and why, and how many more fail. Checked
    over the whole pool before the seed exists (see the module's docstring)."""
    pool = {p.key for p in inspectors}
    names = {p.key: p.name for p in inspectors}
    grid_left = {g: len(pool - set(r)) for g, r in recusals.by_grid.items()}
    failing: list[tuple[PoolObject, dict[str, str]]] = []
    for obj in objects:
        if obj.key not in recusals.by_object and grid_left.get(obj.grid, len(pool)) >= m:
            continue
        recused = {k: r for k, r in recusals.of(obj).items() if k in pool}
        if len(pool) - len(recused) < m:
            failing.append((obj, recused))
    if not failing:
        return
    obj, recused = failing[0]
    left = len(pool) - len(recused)
    text = (
        f"抽查对象{obj.label}{'（网格 ' + obj.grid + '）' if obj.grid else ''}"
        f"可选执法人员不足 {m} 名：执法人员库 {len(pool)} 人，需回避 {len(recused)} 人——"
        f"{_recusal_text(recused, names)}，只剩 {left} 人。"
    )
    if len(failing) > 1:
        text += f"另有 {len(failing) - 1} 个对象同样不足。"
    raise ValidationError(text + "未进行抽取：请扩大执法人员库或核对回避登记。", field="inspectors")


# ---- the draw -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    """A drawn object: its grade, key, ticket and rank in its grade (1 = lowest ticket), and
    its inspectors ``(key, ticket)`` in ticket order; ``recused`` as applied to it."""

    grade: str
    key: str
    ticket: str
    rank: int
    inspectors: tuple[tuple[str, str], ...]
    recused: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DrawResult:
    pool_text: str
    pool_hash: str
    when: str
    witness: str
    seed: str
    quotas: Mapping[str, str]  # grade → Quota.text
    pool_sizes: Mapping[str, int]  # grade → objects in the pool
    sizes: Mapping[str, int]  # grade → objects drawn
    inspector_pool_size: int
    min_inspectors: int
    picks: tuple[Pick, ...]

    def loads(self) -> dict[str, int]:
        """Inspector key → objects assigned (printed on the record)."""
        out: dict[str, int] = {}
        for pick in self.picks:
            for key, _ in pick.inspectors:
                out[key] = out.get(key, 0) + 1
        return out


def select_objects(
    objects: Sequence[PoolObject], quotas: Mapping[str, Quota], seed_hex: str
) -> list[tuple[str, str, str, int]]:
    """Per grade in A–D order the lowest tickets at the grade's quota: ``(grade, key,
    ticket, rank)``."""
    by_grade: dict[str, list[str]] = {g: [] for g in GRADES}
    for obj in objects:
        by_grade[obj.grade].append(obj.key)
    out = []
    for grade in GRADES:
        keys = by_grade[grade]
        quota = quotas.get(grade) or Quota(grade, ratio=Fraction(0))
        for rank, (key, tk) in enumerate(lowest(keys, quota.size(len(keys)), seed_hex), 1):
            out.append((grade, key, tk, rank))
    return out


def run_draw(
    objects: Sequence[PoolObject],
    inspectors: Sequence[Inspector],
    quotas: Mapping[str, Quota],
    when: str,
    witness: str,
    *,
    min_inspectors: int = MIN_INSPECTORS,
    recusals: Recusals | None = None,
) -> DrawResult:
    """The whole draw, from frozen pools to picks. Refuses (nothing drawn) bad pools and any
    object left with fewer than ``min_inspectors`` eligible inspectors."""
    m = check_min_inspectors(min_inspectors)
    witness = check_witness(witness)
    recusals = recusals or Recusals()
    check_pools(objects, inspectors, m)
    check_cover(objects, inspectors, recusals, m)
    text = pool_text([o.line for o in objects] + [p.line for p in inspectors])
    hash_hex = sha256_hex(text)
    seed_hex = seed(hash_hex, when, witness)
    by_key = {o.key: o for o in objects}
    people = sorted(p.key for p in inspectors)
    in_pool = set(people)
    picks = []
    for grade, key, tk, rank in select_objects(objects, quotas, seed_hex):
        obj = by_key[key]
        recused: dict[str, str] = {}
        if key in recusals.by_object or obj.grid in recusals.by_grid:
            recused = {k: r for k, r in recusals.of(obj).items() if k in in_pool}
        eligible = [p for p in people if p not in recused] if recused else people
        team = tuple(lowest(eligible, m, seed_hex, key))
        picks.append(Pick(grade, key, tk, rank, team, recused))
    sizes = {g: 0 for g in GRADES}
    for obj in objects:
        sizes[obj.grade] += 1
    return DrawResult(
        pool_text=text,
        pool_hash=hash_hex,
        when=when,
        witness=witness,
        seed=seed_hex,
        quotas={g: (quotas.get(g) or Quota(g, ratio=Fraction(0))).text for g in GRADES},
        pool_sizes=sizes,
        sizes={g: sum(1 for p in picks if p.grade == g) for g in GRADES},
        inspector_pool_size=len(people),
        min_inspectors=m,
        picks=tuple(picks),
    )


# ---- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawRecord:
    """What a stored (or printed) draw says, to be recomputed by :func:`verify`."""

    pool_text: str
    when: str
    witness: str
    quotas: Mapping[str, str]
    min_inspectors: int
    pool_hash: str
    seed: str
    picks: Sequence[tuple[str, str, Sequence[str]]]  # (grade, object key, inspector keys)
    recused: Mapping[str, Iterable[str]] = field(default_factory=dict)  # object → inspectors
    algorithm: str = ALGORITHM


@dataclass(frozen=True)
class Step:
    name: str
    ok: bool
    detail: str


def verify(record: DrawRecord) -> list[Step]:
    """Recompute a draw from its record, step by step: the pool hash from the pool text, the
    seed from its parts, the number drawn per grade, the objects, the inspectors. Each step
    says what it found; a failed step does not stop the later ones."""
    if record.algorithm != ALGORITHM:
        return [Step("算法版本", False, f"记录的算法“{record.algorithm}”本程序不认识。")]
    lines = parse_pool_text(record.pool_text)
    recomputed = pool_hash(lines)
    steps = [
        _step("对象库哈希", recomputed == record.pool_hash, recomputed, record.pool_hash),
    ]
    seed_hex = seed(record.pool_hash, record.when, record.witness)
    steps.append(_step("随机种子", seed_hex == record.seed, seed_hex, record.seed))
    objects: dict[str, list[str]] = {g: [] for g in GRADES}
    people = []
    for line in lines:
        prefix, _, key = line.partition(" ")
        if prefix == INSPECTOR_PREFIX:
            people.append(key)
        elif prefix in objects:
            objects[prefix].append(key)
    expected: list[tuple[str, str, list[str]]] = []
    for grade in GRADES:
        quota = Quota.from_text(grade, record.quotas.get(grade, "0"))
        for key, _ in lowest(objects[grade], quota.size(len(objects[grade])), record.seed):
            recused = set(record.recused.get(key, ()))
            eligible = [p for p in people if p not in recused]
            team = [k for k, _ in lowest(eligible, record.min_inspectors, record.seed, key)]
            expected.append((grade, key, team))
    counts = {g: sum(1 for e in expected if e[0] == g) for g in GRADES}
    stored_counts = {g: sum(1 for p in record.picks if p[0] == g) for g in GRADES}
    steps.append(
        _step("各等级抽取数量", counts == stored_counts, _counts(counts), _counts(stored_counts))
    )
    want = {(g, k) for g, k, _ in expected}
    have = {(g, k) for g, k, _ in record.picks}
    steps.append(
        Step(
            "抽中对象",
            want == have,
            f"{len(want)} 个，与记录一致"
            if want == have
            else f"记录多出 {len(have - want)} 个、缺少 {len(want - have)} 个",
        )
    )
    teams = {k: list(t) for _, k, t in expected}
    bad = [k for _, k, t in record.picks if teams.get(k) != list(t)]
    steps.append(
        Step(
            "检查人员",
            not bad,
            "每个对象的检查人员与记录一致" if not bad else f"{len(bad)} 个对象不一致，如 {bad[0]}",
        )
    )
    return steps


def _step(name: str, ok: bool, recomputed: str, stored: str) -> Step:
    if ok:
        return Step(name, True, f"重算结果与记录一致：{recomputed}")
    return Step(name, False, f"重算结果 {recomputed}，记录为 {stored}")


def _counts(counts: Mapping[str, int]) -> str:
    return "，".join(f"{g} 类 {counts.get(g, 0)}" for g in GRADES)


def record_of(result: DrawResult) -> DrawRecord:
    """The record a fresh result is stored (and later verified) as."""
    return DrawRecord(
        pool_text=result.pool_text,
        when=result.when,
        witness=result.witness,
        quotas=dict(result.quotas),
        min_inspectors=result.min_inspectors,
        pool_hash=result.pool_hash,
        seed=result.seed,
        picks=[(p.grade, p.key, [k for k, _ in p.inspectors]) for p in result.picks],
        recused={p.key: sorted(p.recused) for p in result.picks if p.recused},
    )
