"""Service teams (服务队) and how a visit's team is resolved: a registered team by name, or
people named one by one (an ad-hoc team, 临时组队), each a station user or a roster person."""

from __future__ import annotations

import re

from station_app.data.models import ServiceTeam
from station_app.data.repo import roster as roster_repo
from station_app.data.repo import visits as repo
from station_app.domain import roster_rules
from station_app.domain.visits import rules
from station_app.domain.visits.rules import Member
from station_app.errors import NotFoundError, ValidationError
from station_app.services.base import Changes, Conflict, Service, Tx
from station_app.services.visits.views import TeamDraft, TeamView

KIND_TEAM = "service_team"
_ROLE_SUFFIX = re.compile(r"^(.+?)\s*[(（]\s*(.+?)\s*[)）]$")


def resolve_member(tx_s, text: str) -> Member:
    """``张三`` or ``张三（社区干部）``: a station user (user name or display name) first, else
    the one active roster person of that name. Raises a Chinese message otherwise."""
    name, role = text.strip(), ""
    match = _ROLE_SUFFIX.match(name)
    if match:
        name, role = match.group(1).strip(), rules.parse_member_role(match.group(2))
    user = repo.user_by_name(tx_s, name)
    if user is not None:
        shown = user.display_name or user.username
        return Member(shown, role or rules.STAFF, user_id=user.id)
    people = repo.people_by_name(tx_s, name)
    if len(people) > 1:
        raise ValidationError(
            f"花名册中有 {len(people)} 位“{name}”，请在服务队中选定其中一位。", field="members"
        )
    if not people:
        raise ValidationError(
            f"“{name}”既不是系统用户，也不在花名册中。请先在网格花名册中登记，或检查姓名。",
            field="members",
        )
    p = people[0]
    return Member(
        p.name, role or rules.role_from_roster(roster_rules.role_codes(p.roles)), person_id=p.id
    )


def member_rows(members: tuple[Member, ...]) -> list[dict]:
    return [
        {"person_id": m.person_id, "user_id": m.user_id, "name": m.name, "role": m.role}
        for m in members
    ]


def team_view(s, team: ServiceTeam, grid_labels: dict[int, str] | None = None) -> TeamView:
    rows = repo.team_members(s, [team.id]).get(team.id, [])
    members = tuple(Member(m.name, m.role, m.person_id, m.user_id) for m in rows)
    labels = grid_labels if grid_labels is not None else roster_repo.grid_labels(s)
    return TeamView(
        team.id, team.version, team.name, team.grid_id,
        labels.get(team.grid_id, "") if team.grid_id else "",
        team.note, team.active, members, tuple(rules.team_warnings(members)),
    )  # fmt: skip


def resolve_team(s, text: str) -> tuple[int | None, str, tuple[Member, ...]]:
    """``(team_id, team_name, members)`` of a visit's team as typed: a registered team's name,
    or names separated by 、/，/, (临时组队)."""
    clean = (text or "").strip()
    if not clean:
        raise ValidationError("请选择服务队，或填写走访人员姓名（用顿号分隔）。", field="team")
    team = repo.team_by_name(s, clean)
    if team is not None:
        view = team_view(s, team, {})
        if not team.active:
            raise ValidationError(f"服务队“{team.name}”已停用。", field="team")
        return team.id, team.name, view.members
    names = rules.split_names(clean)
    try:
        members = tuple(resolve_member(s, n) for n in names)
    except ValidationError as exc:
        known = "、".join(t.name for t in repo.teams(s, active_only=True)) or "（尚未建立服务队）"
        raise ValidationError(f"{exc.message}已登记的服务队：{known}。", field="team") from None
    return None, rules.AD_HOC_TEAM, members


class Teams(Service):
    """服务队: list and save (members replaced as one audited change)."""

    def teams(self, include_inactive: bool = True) -> list[TeamView]:
        self._auth.require("data.view")
        with self._db.session() as s:
            labels = roster_repo.grid_labels(s)
            return [
                team_view(s, t, labels) for t in repo.teams(s, active_only=not include_inactive)
            ]

    def team(self, team_id: int) -> TeamView:
        self._auth.require("data.view")
        with self._db.session() as s:
            row = s.get(ServiceTeam, team_id)
            if row is None:
                raise NotFoundError("该服务队不存在（可能已被删除）。")
            return team_view(s, row)

    def save_team(self, draft: TeamDraft) -> tuple[TeamView, Changes]:
        """Create (``id`` 0) or update a team; its members by name (see :func:`resolve_member`)."""
        name = rules.check_team_name(draft.name)

        def save(tx: Tx) -> int:
            members = rules.check_members(
                [resolve_member(tx.s, n) for n in draft.members if n.strip()]
            )
            other = repo.team_by_name(tx.s, name)
            if other is not None and other.id != draft.id:
                raise ValidationError(f"已有名为“{name}”的服务队。", field="name")
            if draft.id:
                team = tx.load(ServiceTeam, draft.id, draft.version, missing="该服务队不存在。")
                before = _snap(team_view(tx.s, team, {}))
            else:
                team, before = ServiceTeam(name=name), None
                tx.s.add(team)
            team.name, team.grid_id = name, draft.grid_id
            team.note, team.active = draft.note.strip(), draft.active
            tx.s.flush()
            repo.replace_team_members(tx.s, team.id, member_rows(members))
            tx.s.flush()
            tx.saved(KIND_TEAM, team.id, before, _snap(team_view(tx.s, team, {})))
            return team.id

        conflict = Conflict("服务队", lambda: self.team(draft.id))
        team_id, changes = self._transact("visits.teams", save, conflict=conflict)
        return self.team(team_id), changes


def _snap(v: TeamView) -> dict:
    return {
        "name": v.name,
        "grid_id": v.grid_id,
        "note": v.note,
        "active": v.active,
        "members": v.members_text,
    }
