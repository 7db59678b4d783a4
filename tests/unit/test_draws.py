"""The 双随机 draw (domain/draws.py): hashing as published, per-grade consistent sampling,
inspectors with recusal, refusal before the seed, and verification of a stored record."""

from __future__ import annotations

import ast
import hashlib
import inspect
from dataclasses import replace
from datetime import UTC, datetime
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain import draws as d
from station_app.domain.draw_inputs import parse_quotas
from station_app.domain.periods import SHANGHAI
from station_app.errors import ValidationError

WHEN = "2026-07-06 09:30:05"


def pool(n: int, grades: str = "ABCD", grids: int = 3) -> list[d.PoolObject]:
    return [
        d.PoolObject(f"9237{i:014d}", grades[i % len(grades)], f"店{i}", i, f"G{i % grids:02d}")
        for i in range(n)
    ]


def people(n: int) -> list[d.Inspector]:
    return [d.Inspector(f"370981{i:08d}", f"人{i}", i) for i in range(n)]


def run(objects, inspectors, quotas=None, witness="364152", **kw) -> d.DrawResult:
    return d.run_draw(objects, inspectors, quotas or parse_quotas(), WHEN, witness, **kw)


def test_the_hashes_are_exactly_the_published_ones():
    lines = ["B 2", "A 1", "P 9"]
    assert d.pool_text(lines) == "A 1\nB 2\nP 9"
    assert d.pool_hash(lines) == hashlib.sha256(b"A 1\nB 2\nP 9").hexdigest()
    h = d.pool_hash(lines)
    assert d.seed(h, WHEN, "12") == hashlib.sha256(f"{h}|{WHEN}|12".encode()).hexdigest()
    s = d.seed(h, WHEN, "12")
    assert d.ticket(s, "K") == hashlib.sha256(f"{s}|K".encode()).hexdigest()
    assert d.ticket(s, "K", "P") == hashlib.sha256(f"{s}|K|P".encode()).hexdigest()
    assert [k for k, _ in d.lowest(["x", "y", "z"], 3, s)] == sorted(
        ["x", "y", "z"], key=lambda k: d.ticket(s, k)
    )


def test_the_result_carries_its_pool_file_hash_and_seed():
    result = run(pool(40), people(5))
    assert result.pool_hash == hashlib.sha256(result.pool_text.encode()).hexdigest()
    assert result.seed == d.seed(result.pool_hash, WHEN, "364152")
    assert result.pool_text.splitlines() == sorted(result.pool_text.splitlines())
    assert sum(1 for line in result.pool_text.splitlines() if line.startswith("P ")) == 5
    assert result.pool_sizes == {"A": 10, "B": 10, "C": 10, "D": 10}
    # defaults A 0.05, B 0.1, C 0.3, D 1, rounded up exactly
    assert result.sizes == {"A": 1, "B": 1, "C": 3, "D": 10}
    assert result.inspector_pool_size == 5


def test_sizes_are_exact_fractions_never_floats():
    # 0.1 × 30 is 3.0000000000000004 in floating point: a float ceil would draw 4
    assert d.Quota("B", ratio=Fraction("0.1")).size(30) == 3
    assert d.Quota("C", ratio=Fraction("0.3")).size(10) == 3
    assert d.Quota("A", ratio=Fraction("0.05")).size(1) == 1
    assert d.Quota("A", ratio=Fraction(0)).size(100) == 0
    assert d.Quota("D", count=5).size(3) == 3
    assert d.Quota("D", count=5).text == "#5"
    assert d.Quota.from_text("A", "0.05") == d.Quota("A", ratio=Fraction(1, 20))
    assert d.Quota.from_text("A", "#7") == d.Quota("A", count=7)


def test_draw_time_is_beijing_time_to_the_second():
    assert d.draw_time_text(datetime(2026, 7, 6, 9, 30, 5)) == WHEN  # naive: Beijing time
    assert d.draw_time_text(datetime(2026, 7, 6, 1, 30, 5, 999, tzinfo=UTC)) == WHEN
    assert d.draw_time_text(datetime(2026, 7, 6, 9, 30, 5, tzinfo=SHANGHAI)) == WHEN


@given(st.permutations(list(range(60))), st.text("0123456789", max_size=8))
@settings(max_examples=40, deadline=None)
def test_the_result_does_not_depend_on_the_order_of_the_pools(order, witness):
    objects, inspectors = pool(60), people(6)
    base = run(objects, inspectors, witness=witness)
    shuffled = run(
        [objects[i] for i in order], [inspectors[i] for i in order if i < 6], witness=witness
    )
    assert shuffled == base


@given(
    st.integers(1, 120),
    st.integers(0, 10000),
    st.integers(0, 10000),
    st.text("0123456789", max_size=6),
)
@settings(max_examples=60, deadline=None)
def test_a_larger_sample_keeps_every_earlier_pick(n, low, extra, witness):
    objects = pool(n)
    small = parse_quotas(",".join(f"{g}={low / 10000}" for g in d.GRADES))
    high = min(low + extra, 10000)
    large = parse_quotas(",".join(f"{g}={high / 10000}" for g in d.GRADES))
    a = run(objects, people(4), small, witness)
    b = run(objects, people(4), large, witness)
    assert {p.key for p in a.picks} <= {p.key for p in b.picks}
    assert a.seed == b.seed  # the quotas are not in the seed
    # and an object keeps its inspectors
    teams = {p.key: p.inspectors for p in b.picks}
    assert all(teams[p.key] == p.inspectors for p in a.picks)


@given(st.integers(2, 4), st.integers(3, 8))
@settings(max_examples=20, deadline=None)
def test_more_inspectors_per_object_keeps_the_first_ones(m, size):
    objects, inspectors = pool(30), people(size + 1)
    small = run(objects, inspectors, min_inspectors=2)
    large = run(objects, inspectors, min_inspectors=min(m, 4))
    for a, b in zip(small.picks, large.picks):
        assert a.key == b.key and b.inspectors[:2] == a.inspectors


def test_the_same_record_always_gives_the_same_draw_and_any_change_another():
    objects, inspectors = pool(50), people(6)
    first = run(objects, inspectors)
    assert run(objects, inspectors) == first
    assert run(objects, inspectors, witness="364153").picks != first.picks
    regraded = [replace(objects[0], grade="B" if objects[0].grade == "A" else "A"), *objects[1:]]
    assert run(regraded, inspectors).pool_hash != first.pool_hash
    assert run(objects, inspectors[:-1]).seed != first.seed


def test_picks_are_the_lowest_tickets_of_their_grade():
    result = run(pool(80), people(5))
    for grade in d.GRADES:
        keys = [o.key for o in pool(80) if o.grade == grade]
        want = sorted(keys, key=lambda k: d.ticket(result.seed, k))[: result.sizes[grade]]
        got = [p.key for p in result.picks if p.grade == grade]
        assert got == want
        assert [p.rank for p in result.picks if p.grade == grade] == list(range(1, len(got) + 1))


def test_each_object_gets_two_different_inspectors_none_of_them_recused():
    objects, inspectors = pool(60, grids=3), people(5)
    specialist = inspectors[0].key
    relation = inspectors[1].key
    recusals = d.Recusals(
        by_object={objects[4].key: {relation: d.RELATION}},
        by_grid={"G00": {specialist: d.SPECIALIST}},
    )
    quotas = parse_quotas("A=1,B=1,C=1,D=1")
    result = run(objects, inspectors, quotas, recusals=recusals)
    assert len(result.picks) == 60
    for pick, obj in zip(sorted(result.picks, key=lambda p: p.key), objects):
        team = [k for k, _ in pick.inspectors]
        assert len(team) == len(set(team)) == 2
        if obj.grid == "G00":
            assert specialist not in team and pick.recused[specialist] == d.SPECIALIST
        if obj is objects[4]:
            assert relation not in team and pick.recused == {relation: d.RELATION}


def test_too_few_eligible_inspectors_names_the_object_and_why_and_draws_nothing():
    objects, inspectors = pool(20), people(3)
    recusals = d.Recusals(
        by_object={objects[4].key: {inspectors[1].key: d.PREVIOUS}},
        by_grid={objects[4].grid: {inspectors[0].key: d.SPECIALIST}},
    )
    with pytest.raises(ValidationError) as err:
        run(objects, inspectors, recusals=recusals)
    text = err.value.message
    assert "“店4”（923700000000000004）" in text and "网格 G01" in text
    assert "人0（该网格监管专员）" in text and "人1（上次同一事项抽查曾检查该对象）" in text
    assert "只剩 1 人" in text and "未进行抽取" in text


def test_the_cover_check_runs_over_the_whole_pool_not_just_the_picks():
    objects, inspectors = pool(200), people(2)
    # an A-grade object that a 5 % quota would not pick still blocks the draw
    recusals = d.Recusals(by_object={objects[0].key: {inspectors[0].key: d.RELATION}})
    with pytest.raises(ValidationError, match="店0"):
        run(objects, inspectors, parse_quotas("A=0,B=0,C=0,D=0"), recusals=recusals)
    many = d.Recusals(by_grid={"G00": {inspectors[0].key: d.SPECIALIST}})
    with pytest.raises(ValidationError, match="另有 66 个对象同样不足"):
        run(objects, inspectors, recusals=many)


@pytest.mark.parametrize(
    ("objects", "inspectors", "m", "message"),
    [
        ([], people(3), 2, "对象库为空"),
        (pool(3), people(1), 2, "执法人员库只有 1 人"),
        (pool(3), people(3), 1, "至少需要 2 名"),
        (pool(3), people(5), 5, "最多安排 4 名"),
        ([d.PoolObject("A B", "A", "坏")], people(3), 2, "含有空白或"),
        ([d.PoolObject("K|1", "A", "坏")], people(3), 2, "含有空白或"),
        ([d.PoolObject("K1", "E", "坏")], people(3), 2, "等级“E”无效"),
        ([d.PoolObject("K1", "A", "甲"), d.PoolObject("K1", "B", "乙")], people(3), 2, "出现两次"),
        (pool(3), [d.Inspector("1", "甲"), d.Inspector("1", "乙")], 2, "同一个执法证号"),
    ],
)
def test_bad_pools_are_refused_with_the_reason(objects, inspectors, m, message):
    with pytest.raises(ValidationError, match=message):
        d.run_draw(objects, inspectors, parse_quotas(), WHEN, "1", min_inspectors=m)


@pytest.mark.parametrize(
    ("typed", "clean"), [("", ""), (" 36 41 52 ", "364152"), ("３６４", "364")]
)
def test_witness_digits(typed, clean):
    assert d.check_witness(typed) == clean


@pytest.mark.parametrize("typed", ["36a4", "一二三", "1" * 65, "²"])
def test_witness_digits_refused(typed):
    with pytest.raises(ValidationError):
        d.check_witness(typed)


def test_verify_recomputes_a_stored_record_and_finds_each_tampering():
    objects, inspectors = pool(60), people(5)
    recusals = d.Recusals(by_grid={"G01": {inspectors[2].key: d.SPECIALIST}})
    result = run(objects, inspectors, recusals=recusals)
    record = d.record_of(result)
    assert all(step.ok for step in d.verify(record))
    assert [s.name for s in d.verify(record)] == [
        "对象库哈希",
        "随机种子",
        "各等级抽取数量",
        "抽中对象",
        "检查人员",
    ]

    def failed(rec: d.DrawRecord) -> set[str]:
        return {s.name for s in d.verify(rec) if not s.ok}

    # an object slipped into the pool afterwards
    assert "对象库哈希" in failed(replace(record, pool_text=record.pool_text + "\nD 99"))
    # the time or the witness digits edited
    assert failed(replace(record, when="2026-07-06 09:30:06")) == {"随机种子"}
    # a pick swapped for another object of its grade
    other = next(o.key for o in objects if o.grade == "A" and o.key != record.picks[0][1])
    picks = [(record.picks[0][0], other, record.picks[0][2]), *record.picks[1:]]
    assert failed(replace(record, picks=picks)) == {"抽中对象", "检查人员"}
    # one pick dropped
    assert "各等级抽取数量" in failed(replace(record, picks=record.picks[1:]))
    # an inspector replaced
    g, k, team = record.picks[0]
    swapped = [(g, k, [team[1], team[0]]), *record.picks[1:]]
    assert failed(replace(record, picks=swapped)) == {"检查人员"}
    # an unknown algorithm is not "verified"
    assert not d.verify(replace(record, algorithm="other-2"))[0].ok


def test_inspector_loads_sum_to_the_assignments():
    result = run(pool(100), people(7), parse_quotas("A=1,B=1,C=1,D=1"))
    assert sum(result.loads().values()) == 200
    assert len(result.loads()) == 7


def test_the_module_never_uses_python_random():
    tree = ast.parse(inspect.getsource(d))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert "random" not in imported and "secrets" not in imported and "numpy" not in imported
