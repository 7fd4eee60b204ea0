"""The home page «На сегодня» (issue 10 item 15): each role sees the sections its policy allows, counted."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from gateway.service_layer import today
from mentorship_kit.errors import Unavailable
from mentorship_kit.policy import POLICY
from mentorship_kit.principal import ROLE_SCOPE, Principal, Role

ORG, MUN = "org-1", "mun-1"


def _principal(role: Role) -> Principal:
    scope = ROLE_SCOPE[role]
    return Principal(user_id="u", roles=frozenset({role}), scope=scope,
                     org_id=ORG if scope.value == "org" else None,
                     municipality_id=MUN if scope.value in ("org", "municipality") else None, region_id="reg")


def _doc(doc_id: str, status: str, *, org_id: str = ORG, level: str = "school") -> Any:
    return SimpleNamespace(id=doc_id, status=status, org_id=org_id, owner_level=level, municipality_id=MUN,
                           kind="roadmap", title="", owner_name="Школа № 1")


class _Documents:
    def headers(self, p: Principal) -> list[Any]:
        return [_doc("d1", "returned"), _doc("d2", "draft"), _doc("d3", "approved"), _doc("d4", "draft"),
                _doc("m1", "returned", org_id="", level="municipality"), _doc("x", "returned", org_id="other")]

    def get(self, p: Principal, document_id: str) -> Any:
        """Only d3 (the approved roadmap) has items: one due this month, one done, one next year."""
        if document_id != "d3":
            return SimpleNamespace(id=document_id, content=None)
        this_month = date.today().strftime("%Y-%m")
        items = [SimpleNamespace(activity="Семинар наставников", due_on=f"{this_month}-28", progress="in_progress"),
                 SimpleNamespace(activity="Отчёт", due_on=f"{this_month}-05", progress="done"),
                 SimpleNamespace(activity="Конференция", due_on=f"{date.today().year + 1}-01-10", progress="")]
        return SimpleNamespace(id=document_id, content=SimpleNamespace(stages=[SimpleNamespace(items=items)]))

    def inbox(self, p: Principal) -> list[Any]:
        return [SimpleNamespace(document=_doc("s1", "submitted"), waiting_seconds=60)]


class _Participants:
    def list_imports(self, p: Principal, *, limit: int) -> list[Any]:
        return [SimpleNamespace(id="i1", status="preview", filename="staff.xlsx"),
                SimpleNamespace(id="i2", status="done", filename="old.csv")]

    def list_requests(self, p: Principal, *, status: str, page_size: int) -> Any:
        assert status == "open"
        return SimpleNamespace(total=4)


class _Matching:
    def list_runs(self, p: Principal, *, limit: int) -> Any:
        return SimpleNamespace(runs=[SimpleNamespace(id="r1", status="draft", created_at="2026-11-20T10:00:00Z"),
                                     SimpleNamespace(id="r2", status="published", created_at=None)])

    def list_pairs(self, p: Principal, *, status: str, page_size: int, page_token: str) -> Any:
        if page_token:
            return SimpleNamespace(pairs=[_pair("p3", "")], next_page_token="")
        return SimpleNamespace(pairs=[_pair("p1", ""), _pair("p2", "2026-11-01")], next_page_token="next")


def _pair(pair_id: str, consent_on: str) -> Any:
    return SimpleNamespace(id=pair_id, mentor_consent_on=consent_on, mentor_name="Иванова М. П.",
                           mentee_name="Соколова Е. А.")


class _Monitoring:
    def list_pairs(self, p: Principal, *, overdue_only: bool) -> Any:
        assert overdue_only, "the home page asks monitoring for the overdue pairs only"
        return SimpleNamespace(pairs=[
            SimpleNamespace(pair_id="0a1b2c3d-0000-4000-8000-000000000001",
                            overdue=["Нет встреч 4 нед. и дольше с начала работы пары"]),
            SimpleNamespace(pair_id="0a1b2c3d-0000-4000-8000-000000000002", overdue=[])])

    def list_groups(self, p: Principal, *, overdue_only: bool) -> Any:
        assert overdue_only, "the home page asks monitoring for the overdue groups only"
        return SimpleNamespace(groups=[SimpleNamespace(group_id="9f8e7d6c-0000-4000-8000-000000000001",
                                                       overdue=["Нет встреч 4 нед. и дольше с начала работы группы"])])

    def due_work(self, p: Principal) -> Any:
        return SimpleNamespace(reminders=[
            SimpleNamespace(kind="report_due", pair_id="0a1b2c3d-0000-4000-8000-000000000001",
                            condition="period-1", label="Пара №0a1b2c3d: отчёт за период №1 не сдан"),
            SimpleNamespace(kind="plan_unagreed", pair_id="0a1b2c3d-0000-4000-8000-000000000002",
                            condition="version-1", label="Пара №0a1b2c3d: план (версия 1) ждёт согласования")])

    def reports_due(self, p: Principal) -> Any:
        return SimpleNamespace(reports=[SimpleNamespace(pair_id="0a1b2c3d-0000-4000-8000-000000000001",
                                                        period_number=2, period_end="2026-10-31")])


def _item(item_id: str, due_on: str, status: str = "planned") -> Any:
    return SimpleNamespace(id=item_id, title=f"Мероприятие {item_id}", due_on=due_on, status=status)


class _Routes:
    """A teacher's ИОМ (ADR 011) with items due before, in and after this month; one done."""

    def list_routes(self, p: Principal) -> list[Any]:
        return [SimpleNamespace(id="route-1", teacher_name="Петрова А. С.", items=[
            _item("a", "2026-10-15"), _item("b", "2026-11-30"), _item("c", "2026-11-02", "done"),
            _item("d", "2026-12-01")])]


def _my_invitations(p: Principal) -> Any:
    return SimpleNamespace(invitations=[SimpleNamespace(invitation_id="inv-1", questionnaire_title="Анкета наставника",
                                                        purpose="satisfaction_mentor", anonymous=True,
                                                        expires_at="2026-12-10T00:00:00+00:00")])


def _container() -> Any:
    registry = SimpleNamespace(list_organisations=lambda p: [1, 2, 3], list_municipalities=lambda p: [1])
    audit = SimpleNamespace(recent=lambda p, limit: [1, 2])
    return SimpleNamespace(documents=_Documents(), participants=_Participants(), matching=_Matching(),
                           monitoring=_Monitoring(), registry=registry, audit=audit,
                           routes=SimpleNamespace(routes=_Routes()),
                           questionnaires=SimpleNamespace(my_invitations=_my_invitations), tiers=_Tiers())


class _Tiers:
    """The roadmaps above and the self-diagnosis: nothing asked of the caller unless a test sets it."""

    def __init__(self, roadmaps: list[Any] | None = None, passed: bool = True) -> None:
        self._roadmaps, self._passed = roadmaps or [], passed

    def upper_roadmaps(self, p: Principal) -> Any:
        return SimpleNamespace(roadmaps=self._roadmaps)

    def self_diagnosis_form(self, p: Principal) -> Any:
        return SimpleNamespace(latest=SimpleNamespace(version=1) if self._passed else None)


def test_every_role_sees_exactly_the_sections_its_policy_allows() -> None:
    for role in Role:
        keys = {t.key for t in today.today(_principal(role), _container())}
        assert keys == {s.key for s in today.SECTIONS if role in POLICY[s.action]}, role


def test_a_school_curator_is_told_what_to_finish_with_counts_and_links() -> None:
    tasks = {t.key: t for t in today.today(_principal(Role.SCHOOL_CURATOR), _container())}
    assert (tasks["returned"].count, tasks["drafts"].count) == (1, 2)
    assert tasks["returned"].items == (("Дорожная карта: Школа № 1", "/documents/d1"),)
    assert tasks["imports"].count == 1 and tasks["imports"].items == (("staff.xlsx", "/school/imports/i1"),)
    assert tasks["requests"].count == 4 and tasks["requests"].link == "/school/requests?status=open"
    assert tasks["runs"].items == (("Прогон от 20.11.2026", "/school/matching/runs/r1"),)
    assert tasks["consents"].count == 2, "p1 and p3 (second page) lack the mentor's written consent"
    assert tasks["overdue"].count == 2 and tasks["overdue"].link == "/school/monitoring"
    assert tasks["overdue"].items[0] == (
        "Пара №0a1b2c3d: Нет встреч 4 нед. и дольше с начала работы пары",
        "/school/pairs/0a1b2c3d-0000-4000-8000-000000000001/work")
    assert "Соколова" not in str(tasks["overdue"]), "monitoring holds no names; the section shows none"
    assert tasks["overdue_groups"].count == 1 and tasks["overdue_groups"].items == (
        ("Группа №9f8e7d6c: Нет встреч 4 нед. и дольше с начала работы группы",
         "/school/groups/9f8e7d6c-0000-4000-8000-000000000001/work"),)
    assert tasks["reports_due"].count == 1 and tasks["plans_unagreed"].count == 1
    assert tasks["roadmap_due"].count == 1 and tasks["roadmap_due"].items[0][0].startswith("Семинар наставников")
    assert tasks["roadmap_due"].items[0][1] == "/documents/d3"
    assert tasks["reports_due"].items == (("Пара №0a1b2c3d: период №2",
                                           "/school/pairs/0a1b2c3d-0000-4000-8000-000000000001/reports"),)
    assert today.pending(list(tasks.values())) == 1 + 2 + 1 + 4 + 1 + 2 + 2 + 1 + tasks["route_items"].count + 1 + 1 + 1
    assert all(t.title and not t.error for t in tasks.values())


def test_a_mentor_is_told_of_his_overdue_pairs_and_reports_and_nothing_of_the_school() -> None:
    """ADR 010: a mentor's login sees the sections of his own pairs (monitoring scopes them by the principal)."""
    mentor = {t.key: t for t in today.today(_principal(Role.MENTOR), _container())}
    assert set(mentor) == {"overdue", "overdue_groups", "reports_due", "plans_unagreed", "questionnaires"}, \
        "the mentor agrees his pairs' plans too, sees his groups (RLS) and answers his questionnaires"
    assert {t.key for t in today.today(_principal(Role.MENTEE), _container())} == {"overdue", "overdue_groups",
                                                                                 "questionnaires"}
    asked = mentor["questionnaires"]
    assert (asked.count, asked.link) == (1, "/my/questionnaires")
    assert asked.items == (("Анкета наставника", "/my/questionnaires/inv-1"),)


def test_the_outer_contour_decides_and_the_admin_administers() -> None:
    municipal = {t.key: t for t in today.today(_principal(Role.MUNICIPAL_CURATOR), _container())}
    assert municipal["decide"].title == "Ждут решения" and municipal["decide"].count == 1
    assert municipal["decide"].link == "/inbox" and municipal["returned"].items[0][1] == "/documents/m1"
    region = {t.key: t for t in today.today(_principal(Role.REGIONAL_OPERATOR), _container())}
    assert set(region) == {"decide", "returned", "drafts", "roadmap_due"}, "the region keeps its own roadmap"
    assert region["returned"].count == region["drafts"].count == 0, "a municipality's documents are not its own"
    admin = today.today(_principal(Role.PLATFORM_ADMIN), _container())
    assert [(t.key, t.count) for t in admin] == [("structure", 3)] and today.pending(admin) == 0
    assert "Муниципалитетов: 1" in admin[0].hint


def test_a_section_that_fails_shows_its_reason_and_the_others_stay() -> None:
    class Down:
        def __getattr__(self, name: str) -> Any:
            def fail(*args: Any, **kwargs: Any) -> Any:
                raise Unavailable("Сервис подбора временно недоступен")
            return fail

    container = _container()
    container.matching = Down()
    tasks = {t.key: t for t in today.today(_principal(Role.SCHOOL_DIRECTOR), container)}
    assert tasks["runs"].error == "Сервис подбора временно недоступен" and tasks["runs"].title
    assert tasks["consents"].error and tasks["requests"].count == 4 and tasks["audit"].count == 2


def test_a_tutor_sees_the_items_of_his_routes_due_this_month() -> None:
    """Not done and due by the end of this month (an earlier one too, still open); never a later one."""
    tutor = _principal(Role.TUTOR)
    task = today.route_items_due(tutor, _container(), today=date(2026, 11, 20))
    assert task.count == 2 and task.link == "/tutor/routes"
    assert task.items == (("Петрова А. С.: Мероприятие a (до 15.10)", "/routes/route-1"),
                          ("Петрова А. С.: Мероприятие b (до 30.11)", "/routes/route-1"))
    assert [t.key for t in today.today(tutor, _container())] == ["route_items"]
    december = today.route_items_due(tutor, _container(), today=date(2026, 12, 1))
    assert december.count == 3


def test_the_roadmaps_above_set_deadlines_until_done_and_the_yearly_self_diagnosis_is_asked() -> None:
    item = SimpleNamespace
    municipal = SimpleNamespace(owner_level="municipality", content=SimpleNamespace(stages=[SimpleNamespace(items=[
        item(activity="Утвердить Положение о наставничестве в ОО", lower_due_on="2026-10-01", progress="planned"),
        item(activity="Назначить кураторов", lower_due_on="2026-09-15", progress="in_progress"),
        item(activity="Уже сделано", lower_due_on="2026-09-01", progress="done"),
        item(activity="Без срока для ОО", lower_due_on="", progress="planned")])]))
    container = _container()
    regional = SimpleNamespace(owner_level="region", content=SimpleNamespace(stages=[SimpleNamespace(items=[
        item(activity="Региональный семинар", lower_due_on="2026-09-01", progress="planned")])]))
    container.tiers = _Tiers([municipal, regional], passed=False)
    tasks = {t.key: t for t in today.today(_principal(Role.SCHOOL_CURATOR), container)}
    assert tasks["upper_deadlines"].count == 2, "a done item, an item with no deadline for the school and the " \
        "region's deadline for the municipality are no task of the school"
    assert tasks["upper_deadlines"].items == (("Назначить кураторов — до 15.09.2026", "/roadmaps/upper"),
                                              ("Утвердить Положение о наставничестве в ОО — до 01.10.2026",
                                               "/roadmaps/upper"))
    assert tasks["self_diagnosis"].count == 1 and tasks["self_diagnosis"].link == "/self-diagnosis"
    passed = {t.key: t for t in today.today(_principal(Role.MUNICIPAL_CURATOR), _container())}
    assert passed["self_diagnosis"].count == 0 and passed["upper_deadlines"].count == 0
