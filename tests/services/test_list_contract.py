"""Every list keeps the one contract (``services.base.Rows``): ``service.rows(filter)`` is a
row source whose ids, pages, sort orders, count and ``with_filter`` agree, on a demo database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from station_app.demo import DemoOptions
from station_app.domain import complaints, entities, lists, roster, sweeps
from station_app.domain.orders.listing import LIST_COLUMNS as ORDER_COLUMNS
from station_app.domain.orders.listing import OrderFilter
from station_app.domain.patrols import lists as patrols
from station_app.domain.prices import lists as price_lists
from station_app.domain.warnings import lists as warning_lists


@dataclass(frozen=True)
class Case:
    name: str
    rows: Any  # services → Rows
    columns: tuple[str, ...]
    narrower: object  # a filter that keeps a subset
    unsortable: tuple[str, ...] = ()


def _cases(services) -> list[Case]:
    year = max(services.roster.training_years())
    return [
        Case(
            "patrol tasks",
            lambda: services.patrols.task_rows(patrols.TaskFilter()),
            patrols.TASK_COLUMNS,
            patrols.TaskFilter(status="done"),
            unsortable=("address", "role"),
        ),
        Case(
            "hazards",
            lambda: services.patrols.hazard_rows(patrols.HazardFilter()),
            patrols.HAZARD_COLUMNS,
            patrols.HazardFilter(state="open"),
            unsortable=("description", "grid", "notice"),
        ),
        Case(
            "patrol records",
            lambda: services.patrols.record_rows(patrols.RecordFilter()),
            patrols.RECORD_COLUMNS,
            patrols.RecordFilter(result="found"),
        ),
        Case(
            "samplings",
            lambda: services.patrols.sampling_rows(patrols.SamplingFilter()),
            patrols.SAMPLING_COLUMNS,
            patrols.SamplingFilter(qualified=False),
        ),
        Case(
            "entities",
            lambda: services.entities.rows(entities.EntityFilter()),
            entities.LIST_COLUMNS,
            entities.EntityFilter(status="在营"),
        ),
        Case(
            "sweeps",
            lambda: services.sweeps.rows(sweeps.SweepFilter()),
            sweeps.LIST_COLUMNS,
            sweeps.SweepFilter(status=sweeps.PENDING),
        ),
        Case(
            "orders",
            lambda: services.orders.rows(OrderFilter()),
            ORDER_COLUMNS,
            OrderFilter(state="已办结"),
        ),
        Case(
            "complaints",
            lambda: services.complaints.rows(complaints.ComplaintFilter()),
            complaints.LIST_COLUMNS,
            complaints.ComplaintFilter(status=complaints.CLOSED),
        ),
        Case(
            "lists",
            lambda: services.lists.rows(lists.EntryFilter()),
            lists.ENTRY_COLUMNS,
            lists.EntryFilter(colour=lists.BLACK),
        ),
        Case(
            "grids",
            lambda: services.roster.rows(roster.GridFilter()),
            roster.GRID_COLUMNS,
            roster.GridFilter(on=date.today()),
        ),
        Case(
            "people",
            lambda: services.roster.rows(roster.PersonFilter(include_left=True)),
            roster.PERSON_COLUMNS,
            roster.PersonFilter(),
        ),
        Case(
            "trainings",
            lambda: services.roster.rows(roster.TrainingFilter()),
            roster.TRAINING_COLUMNS,
            roster.TrainingFilter(year=year),
        ),
        Case(
            "price subjects",
            lambda: services.prices.subject_rows(price_lists.SubjectFilter()),
            price_lists.SUBJECT_COLUMNS,
            price_lists.SubjectFilter(text="悦来"),
        ),
        Case(
            "price flags",
            lambda: services.prices.flag_rows(price_lists.FlagFilter()),
            price_lists.FLAG_COLUMNS,
            price_lists.FlagFilter(state="待处理"),
        ),
        Case(
            "price observations",
            lambda: services.prices.observation_rows(price_lists.ObservationFilter()),
            price_lists.OBSERVATION_COLUMNS,
            price_lists.ObservationFilter(subject_id=1),
        ),
        Case(
            "warnings",
            lambda: services.warnings.rows(warning_lists.WarningFilter()),
            warning_lists.LIST_COLUMNS,
            warning_lists.WarningFilter(kind="cluster_entity"),
        ),
        *_visit_cases(services),
    ]


def _visit_cases(services) -> list[Case]:
    from station_app.domain.violations import rules as violations
    from station_app.domain.visits import lists as visits

    return [
        Case("visits", lambda: services.visits.rows(visits.VisitFilter()), visits.LIST_COLUMNS,
             visits.VisitFilter(topic="policy")),
        Case("requests", lambda: services.visits.request_rows(visits.RequestFilter()),
             visits.REQUEST_COLUMNS, visits.RequestFilter(outcomes=("solved",))),
        Case("annual_reports", lambda: services.visits.annual_rows(visits.AnnualFilter()),
             visits.ANNUAL_COLUMNS, visits.AnnualFilter(status="filed")),
        Case("violations", lambda: services.violations.rows(violations.ViolationFilter()),
             violations.LIST_COLUMNS, violations.ViolationFilter(decision="penalty")),
    ]  # fmt: skip


@pytest.fixture
def demo(ctx):
    ctx.services.demo.build(DemoOptions(seed=5, entities=400))
    return ctx


def test_every_list_keeps_the_row_contract(demo):
    for case in _cases(demo.services):
        rows = case.rows()
        ids = list(rows.fetch_ids(None, False))
        assert ids and rows.count() == len(ids), case.name
        assert len(set(ids)) == len(ids), case.name
        page = rows.fetch_rows(ids[:40])
        assert set(page) == set(ids[:40]), case.name
        assert all(len(r) >= len(case.columns) for r in page.values()), case.name
        for key in case.columns:
            up, down = list(rows.fetch_ids(key, False)), list(rows.fetch_ids(key, True))
            assert sorted(up) == sorted(ids), (case.name, key)
            assert down == up[::-1], (case.name, key)  # flipping the header only reverses


def test_with_filter_narrows_the_same_rows(demo):
    for case in _cases(demo.services):
        rows = case.rows()
        everything = set(rows.fetch_ids(None, False))
        assert rows.with_filter(case.narrower) is rows, case.name
        narrowed = set(rows.fetch_ids(None, False))
        assert narrowed <= everything and rows.count() == len(narrowed), case.name
        assert narrowed != everything or case.name in ("grids", "trainings"), case.name
