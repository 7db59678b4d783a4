"""The reference implementation published in docs/draws.md agrees with domain/draws.py.

The code is read from the document itself (the block after ``<!-- reference-implementation
-->``), so what a third party copies from the page is what is tested: on random pools with
random grades, quotas, witness digits and recusals, as a function and as the command line
a third party runs on the exported pool file; and the worked example prints what the page
says it prints.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain import draws as d
from station_app.domain.draw_inputs import parse_quotas

DOC = Path(__file__).resolve().parents[2] / "docs" / "draws.md"


def _block(marker: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```\w+\n(.*?)```", text, re.S)
    assert match, f"docs/draws.md has no block after <!-- {marker} -->"
    return match.group(1)


def reference() -> ModuleType:
    module = ModuleType("draw_check")
    exec(compile(_block("reference-implementation"), "draw_check.py", "exec"), module.__dict__)
    return module


def test_the_reference_implementation_is_about_twenty_lines_of_stdlib_python():
    code = _block("reference-implementation")
    lines = [line for line in code.splitlines() if line.strip()]
    assert len(lines) <= 26
    imports = {
        m for line in lines if line.startswith(("import", "from")) for m in re.findall(r"\w+", line)
    }
    assert {"hashlib", "math", "sys", "fractions"} <= imports
    assert "random" not in imports
    function = code[code.index("def draw(") : code.index("if __name__")]
    assert len([line for line in function.splitlines() if line.strip()]) <= 15


keys = st.text("0123456789ABCDEFGHJKLMNPQRTUWXY#", min_size=1, max_size=18)
objects_st = st.lists(
    st.tuples(st.sampled_from(d.GRADES), keys), max_size=60, unique_by=lambda t: t[1]
)
ratio_st = st.one_of(
    st.integers(0, 10000).map(lambda n: str(n / 10000) if n % 10000 else str(n // 10000)),
    st.integers(0, 70).map(lambda n: f"#{n}"),
)


@given(
    objects_st.filter(bool),
    st.integers(3, 7),
    st.lists(ratio_st, min_size=4, max_size=4),
    st.text("0123456789", max_size=10),
    st.integers(2, 3),
    st.data(),
)
@settings(max_examples=150, deadline=None)
def test_the_reference_agrees_with_the_application(objects, n_people, ratios, witness, m, data):
    pool = [d.PoolObject(k, g, f"对象{k}", i, f"G{i % 3}") for i, (g, k) in enumerate(objects)]
    people = [d.Inspector(f"37098{i:09d}", f"人{i}") for i in range(n_people)]
    recused_people = data.draw(
        st.dictionaries(
            st.sampled_from([o.key for o in pool]),
            st.sets(st.sampled_from([p.key for p in people]), max_size=n_people - m),
            max_size=5,
        )
    )
    recusals = d.Recusals(
        by_object={k: dict.fromkeys(v, d.RELATION) for k, v in recused_people.items()}
    )
    spec = ",".join(f"{g}={r}" for g, r in zip(d.GRADES, ratios) if not r.startswith("#"))
    numbers = ",".join(f"{g}={r[1:]}" for g, r in zip(d.GRADES, ratios) if r.startswith("#"))
    quotas = parse_quotas(spec, numbers)
    when = "2026-07-06 09:30:05"
    ours = d.run_draw(pool, people, quotas, when, witness, min_inspectors=m, recusals=recusals)

    shuffled = data.draw(st.permutations(ours.pool_text.splitlines()))
    theirs = reference().draw(
        "\r\n".join(shuffled) + "\n",  # a file saved on Windows, lines in any order
        when,
        witness,
        {g: q for g, q in ours.quotas.items()},
        m,
        {k: set(v) for k, v in recused_people.items()},
    )
    assert theirs[0] == ours.pool_hash
    assert theirs[1] == ours.seed
    assert theirs[2] == [(p.grade, p.key, [k for k, _ in p.inspectors]) for p in ours.picks]


def _example_inputs(tmp_path: Path) -> tuple[Path, Path]:
    doc = DOC.read_text(encoding="utf-8")
    pool_text = re.search(r"Pool file.*?```text\n(.*?)```", doc, re.S).group(1)
    pool_file = tmp_path / "对象库.txt"
    pool_file.write_text(pool_text, encoding="utf-8")
    pairs = re.search(r"\(`回避.txt`: (.*?), one pair a line\)", doc, re.S).group(1)
    recusal_file = tmp_path / "回避.txt"
    recusal_file.write_text(
        "".join(p.strip("` ") + "\n" for p in pairs.replace("\n", " ").split(",")),
        encoding="utf-8",
    )
    return pool_file, recusal_file


def test_the_worked_example_prints_what_the_page_says(tmp_path):
    pool_file, recusal_file = _example_inputs(tmp_path)
    script = tmp_path / "draw_check.py"
    script.write_text(_block("reference-implementation"), encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            str(script),
            str(pool_file),
            "2026-07-06 09:30:05",
            "364152",
            "A=0.05,B=0.5,C=0.3,D=1",
            "2",
            str(recusal_file),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        env={"PYTHONIOENCODING": "utf-8"},
    ).stdout
    assert out.splitlines() == _block("worked-example").splitlines()


def test_the_worked_example_is_what_the_application_draws(tmp_path):
    pool_file, recusal_file = _example_inputs(tmp_path)
    lines = d.parse_pool_text(pool_file.read_text(encoding="utf-8"))
    objects = [d.PoolObject(line[2:], line[0]) for line in lines if not line.startswith("P ")]
    people = [d.Inspector(line[2:]) for line in lines if line.startswith("P ")]
    recused: dict[str, dict[str, str]] = {}
    for line in recusal_file.read_text(encoding="utf-8").splitlines():
        obj, person = line.split()
        recused.setdefault(obj, {})[person] = d.SPECIALIST
    result = d.run_draw(
        objects,
        people,
        parse_quotas("A=0.05,B=0.5,C=0.3,D=1"),
        "2026-07-06 09:30:05",
        "364152",
        recusals=d.Recusals(by_object=recused),
    )
    printed = [f"对象库哈希 {result.pool_hash}", f"随机种子 {result.seed}"] + [
        " ".join([p.grade, p.key, *(k for k, _ in p.inspectors)]) for p in result.picks
    ]
    assert printed == _block("worked-example").splitlines()
