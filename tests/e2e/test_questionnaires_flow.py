"""Questionnaires end to end through the gateway (issue 13): a school's questionnaire with every question kind is built,
published and frozen; a personal link answers once, expires, and shows nothing but its questionnaire; a paper form is
entered; the before/after dynamics and the XLSX; an anonymous answer has no path back to a person (SQL level); school B
sees nothing of school A's; the preferences questionnaire becomes a stable matching run with no re-typing; the events
carry counts only."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from tests.e2e.test_matching_preferences import blocking_pairs
from tests.e2e.test_pages import _hidden_csrf, _sign_in
from tests.matching_support import fresh_school, mentor, request
from tests.support import Api, wait_until

EVERY_KIND = {
    "title": "Анкета наставляемого 7Б", "purpose": "candidate_mentee", "forms": ["student_student", "teacher_pupil"],
    "anonymous": False, "sections": [
        {"title": "О себе", "questions": [
            {"kind": "single", "text": "Класс", "options": ["5-6", "7-8", "9-11"]},
            {"kind": "multiple", "text": "В чём нужна помощь", "options": ["Учёба", "Общение", "Проекты"]},
            {"kind": "scale", "text": "Интерес к учёбе", "scale_min": 1, "scale_max": 10}]},
        {"title": "Ожидания", "questions": [
            {"kind": "text", "text": "Чего вы ждёте от наставника?"},
            {"kind": "matrix", "text": "Оцените", "scale_min": 1, "scale_max": 5, "rows": ["Уверенность", "Комфорт"]},
            {"kind": "text", "text": "Что ещё?", "required": False}]}]}


def _admin(stack) -> Any:  # type: ignore[no-untyped-def]
    return create_engine(stack.databases["monitoring"].admin_url)


def _public(stack) -> httpx.Client:  # type: ignore[no-untyped-def]
    return httpx.Client(base_url=stack.gateway_url, timeout=15)


def _publish(curator: Api, body: dict[str, Any]) -> dict[str, Any]:
    made = curator.post("/api/v1/questionnaires", json=body)
    assert made.status_code == 201, made.text
    published = curator.post(f"/api/v1/questionnaires/{made.json()['id']}/publish")
    assert published.status_code == 200, published.text
    return dict(published.json())


def _links(curator: Api, questionnaire_id: str, *invitees: dict[str, Any], days: int = 0) -> list[str]:
    issued = curator.post(f"/api/v1/questionnaires/{questionnaire_id}/invitations",
                          json={"invitees": list(invitees), "valid_days": days})
    assert issued.status_code == 201, issued.text
    return [f"/q/{link['token']}" for link in issued.json()["links"]]


def test_a_questionnaire_is_built_published_frozen_and_answered_once_by_link(stack, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(tenants.curator_a)
    q = _publish(curator, EVERY_KIND)
    assert [x["kind"] for s in q["sections"] for x in s["questions"]] == ["single", "multiple", "scale", "text",
                                                                         "matrix", "text"]
    assert q["status"] == "published" and q["version"] == 1

    # Frozen: a change is refused, a new version is a draft of the same series.
    refused = curator.put(f"/api/v1/questionnaires/{q['id']}", json={**EVERY_KIND, "title": "Другое"})
    assert refused.status_code == 409 and "новую версию" in refused.json()["detail"]
    v2 = curator.post(f"/api/v1/questionnaires/{q['id']}/versions").json()
    assert (v2["series_id"], v2["version"], v2["status"]) == (q["series_id"], 2, "draft")
    assert curator.get(f"/api/v1/questionnaires/{q['id']}").json()["title"] == EVERY_KIND["title"]
    bad = curator.post("/api/v1/questionnaires", json={**EVERY_KIND, "title": "", "sections": []})
    assert bad.status_code == 422 and "Укажите название анкеты" in bad.text

    link, expiring = _links(curator, q["id"], {"respondent_kind": "mentee", "label": "Петров Иван, 7Б"},
                            {"respondent_kind": "mentee", "label": "Сидорова Анна, 7Б"})
    public = _public(stack)
    page = public.get(link)
    assert page.status_code == 200 and EVERY_KIND["title"] in page.text
    # Nothing else through the link: no navigation, no name of whom it was sent to, no other school data.
    for absent in ("Петров", "Выйти", "/school/", "csrf_token"):
        assert absent not in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"

    # A wrong answer comes back in Russian with what was typed; nothing is written.
    wrong = public.post(link, data={"q1": "2", "q3": "11", "q4": "Помощь с дробями"})
    assert wrong.status_code == 422 and "оценка — целое число от 1 до 10" in wrong.text
    assert "Помощь с дробями" in wrong.text
    answered = public.post(link, data={"q1": "2", "q2": ["1", "3"], "q3": "7", "q4": "Помощь с дробями",
                                       "q5.1": "4", "q5.2": "5"})
    assert answered.status_code == 200 and "Ваш ответ" in answered.text, answered.text[-500:]
    again = public.post(link, data={"q1": "1", "q2": ["1"], "q3": "1", "q4": "x", "q5.1": "1", "q5.2": "1"})
    assert again.status_code == 404 and "Ссылка недействительна" in again.text
    assert public.get(link).status_code == 404
    assert public.get("/q/" + "A" * 32).status_code == 404

    # An expired link says the same as an unknown one.
    admin = _admin(stack)
    try:
        with admin.begin() as conn:
            conn.execute(text("UPDATE questionnaire_invitations SET expires_at = now() - interval '1 minute' "
                              "WHERE label = 'Сидорова Анна, 7Б' AND questionnaire_id = :q"), {"q": q["id"]})
        gone = public.get(expiring)
        assert gone.status_code == 404 and "Ссылка недействительна" in gone.text
        with admin.connect() as conn:
            hashes = conn.execute(text("SELECT token_hash FROM questionnaire_invitations WHERE questionnaire_id = :q"),
                                  {"q": q["id"]}).scalars().all()
        assert len(hashes) == 2 and all(len(h) == 64 and h not in link + expiring for h in hashes)
        events = _events(admin, q["id"])
    finally:
        admin.dispose()

    # Every kind round-trips to the answers.
    found = curator.get(f"/api/v1/questionnaires/{q['id']}/responses").json()
    (r,) = found["responses"]
    assert {a["question_id"]: a["values"] for a in r["answers"]} == {
        "q1": ["2"], "q2": ["1", "3"], "q3": ["7"], "q4": ["Помощь с дробями"], "q5": ["4", "5"]}
    assert (r["channel"], r["label"], r["respondent_kind"]) == ("link", "Петров Иван, 7Б", "mentee")
    invitations = curator.get(f"/api/v1/questionnaires/{q['id']}/invitations").json()["invitations"]
    assert sorted(i["used"] for i in invitations) == [False, True]

    # A paper form typed in by the curator; the export carries the school's names.
    paper = curator.post(f"/api/v1/questionnaires/{q['id']}/responses", json={
        "label": "Козлов Пётр, 8А", "respondent_kind": "mentee", "answers": [
            {"question_id": "q1", "values": ["3"]}, {"question_id": "q2", "values": ["2"]},
            {"question_id": "q3", "values": ["9"]}, {"question_id": "q4", "values": ["Проект"]},
            {"question_id": "q5", "values": ["5", "5"]}]})
    assert paper.status_code == 201, paper.text
    export = curator.get(f"/api/v1/questionnaires/{q['id']}/export.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][:5] == ["Дата", "Как получен", "Кто отвечал", "Участник", "Этап замера"]
    assert {row[3] for row in rows[2:]} == {"Петров Иван, 7Б", "Козлов Пётр, 8А"}
    assert "Учёба; Проекты" in rows[2] and "Уверенность: 4; Комфорт: 5" in rows[2]

    # School B sees nothing of school A's.
    other = login(tenants.curator_b)
    assert other.get(f"/api/v1/questionnaires/{q['id']}").status_code == 404
    assert other.get(f"/api/v1/questionnaires/{q['id']}/responses").status_code == 404
    assert q["id"] not in {x["id"] for x in other.get("/api/v1/questionnaires").json()["questionnaires"]}
    assert other.post(f"/api/v1/questionnaires/{q['id']}/invitations",
                      json={"invitees": [{"respondent_kind": "mentee", "label": "x"}]}).status_code == 404

    # Events: counts only — never a text or a name.
    answered_events = [e for e in events if e["type"].endswith("survey_answered.v1")]
    assert len(answered_events) == 1
    data = answered_events[0]["data"]
    assert data["purpose"] == "candidate_mentee" and data["questions_answered"] == 5
    assert "дроб" not in str(events) and "Петров" not in str(events)


def _events(admin, questionnaire_id: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with admin.connect() as conn:
        rows = conn.execute(text("SELECT envelope FROM outbox WHERE envelope->>'subject' LIKE :s ORDER BY id"),
                            {"s": f"questionnaires/{questionnaire_id}%"}).scalars().all()
    return [dict(r) for r in rows]


def test_an_anonymous_answer_has_no_path_back_to_a_person(stack, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(tenants.curator_a)
    templates = curator.get("/api/v1/questionnaires/templates").json()["questionnaires"]
    assert {t["id"] for t in templates} >= {"candidate_mentor", "candidate_mentee", "preferences", "measurement",
                                            "satisfaction_mentor", "satisfaction_mentee", "satisfaction_curator"}
    copy = curator.post("/api/v1/questionnaires/templates/satisfaction_mentee/copy").json()
    assert copy["anonymous"] and copy["status"] == "draft"
    q = curator.post(f"/api/v1/questionnaires/{copy['id']}/publish").json()
    links = _links(curator, q["id"], *({"respondent_kind": "mentee", "label": f"Ученик {n}"} for n in range(3)))
    public = _public(stack)
    answers = [{"q1.1": str(n + 7), "q1.2": "8", "q1.3": "9", "q1.4": "6", "q2": "1"} for n in range(3)]
    for n, (link, answer) in enumerate(zip(links[:2], answers, strict=False)):
        assert public.post(link, data=answer).status_code == 200, n
        # below three answers nothing is shown: one answer alone would be its author's
        assert curator.get(f"/api/v1/questionnaires/{q['id']}/responses").json()["responses"] == []
    assert public.post(links[2], data=answers[2]).status_code == 200
    shown = curator.get(f"/api/v1/questionnaires/{q['id']}/responses").json()["responses"]
    assert len(shown) == 3 and all(r["label"] == "" and r["respondent_kind"] == "" for r in shown)

    admin = _admin(stack)
    try:
        with admin.connect() as conn:
            columns = set(conn.execute(text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'questionnaire_responses'"))
                .scalars())
            assert columns == {"id", "org_id", "municipality_id", "region_id", "questionnaire_id", "channel",
                               "submitted_on", "answers"}, "an answer row must hold nothing that leads to a person"
            refs = conn.execute(text(
                "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
                "AND 'questionnaire_responses'::regclass IN (conrelid, confrelid)")).all()
            assert set(refs) == {("questionnaire_responses", "questionnaires"),
                                 ("response_respondents", "questionnaire_responses")}
            ids = conn.execute(text("SELECT id FROM questionnaire_responses WHERE questionnaire_id = :q"),
                               {"q": q["id"]}).scalars().all()
            assert len(ids) == 3
            kept = conn.execute(text("SELECT count(*) FROM response_respondents WHERE response_id = ANY(:ids)"),
                                {"ids": ids}).scalar()
            assert kept == 0
            used = conn.execute(text("SELECT used, used_at FROM questionnaire_invitations WHERE questionnaire_id = :q"),
                                {"q": q["id"]}).all()
            assert used == [(True, None)] * 3, "the invitation records only that it was used"
            # No join from an answer reaches an invitation: nothing but the questionnaire and the day are shared.
            joined = conn.execute(text(
                "SELECT count(*) FROM questionnaire_responses r JOIN response_respondents w ON w.response_id = r.id "
                "WHERE r.questionnaire_id = :q"), {"q": q["id"]}).scalar()
            assert joined == 0
    finally:
        admin.dispose()
    export = curator.get(f"/api/v1/questionnaires/{q['id']}/export.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(export.content)).active[2]]
    assert "Участник" not in header and "Кто отвечал" not in header


def test_entry_and_exit_measurements_give_the_dynamics_and_its_chart(stack, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(tenants.curator_a)
    copy = curator.post("/api/v1/questionnaires/templates/measurement/copy").json()
    q = curator.post(f"/api/v1/questionnaires/{copy['id']}/publish").json()
    people = [{"respondent_kind": "mentee", "label": name, "respondent_id": pid, "pair_id": pair}
              for name, pid, pair in (("Иванов", "p-1", "pair-1"), ("Смирнова", "p-2", "pair-2"))]
    entry = _links(curator, q["id"], *({**p, "stage": "entry"} for p in people))
    exit_ = _links(curator, q["id"], *({**p, "stage": "exit"} for p in people))
    public = _public(stack)

    def answer(link: str, level: int) -> None:
        sent = {f"q1.{n}": str(level) for n in range(1, 6)} | {"q2": str(level)}
        assert public.post(link, data=sent).status_code == 200

    # Other tests measure in school A too: the figures below are checked as what this test adds.
    before = curator.get("/api/v1/indicators/surveys").json()["totals"]
    municipal_before = login(tenants.mun_1).get("/api/v1/indicators/surveys").json()
    row_before = next((r for r in municipal_before["rows"] if r["unit_id"] == tenants.school_a), None)

    answer(entry[0], 4)
    answer(entry[1], 6)
    answer(exit_[0], 7)
    answer(exit_[1], 5)
    d = curator.get(f"/api/v1/questionnaires/{q['id']}/dynamics").json()
    assert (d["participants"], d["improved"], d["share_improved"]) == (2, 1, 0.5)
    assert d["scales"][0]["entry_mean"] == 5 and d["scales"][0]["exit_mean"] == 6 and d["scales"][0]["change"] == 1
    assert sorted(d["pair_ids"]) == ["pair-1", "pair-2"]
    one = curator.get(f"/api/v1/questionnaires/{q['id']}/dynamics", params={"pair_id": "pair-1"}).json()
    assert (one["participants"], one["improved"], one["scales"][0]["change"]) == (1, 1, 3)

    admin = _admin(stack)
    try:
        measured = [e["data"] for e in _events(admin, q["id"]) if e["type"].endswith("measurement_recorded.v1")]
    finally:
        admin.dispose()
    assert [(m["stage"], m.get("mean_change", 0)) for m in measured] == [("entry", 0), ("entry", 0), ("exit", 3),
                                                                          ("exit", -1)]
    assert all(m.get("has_entry", False) == (m["stage"] == "exit") for m in measured)

    # Reporting counts them per school and shows the municipality the school's figures — numbers, no names.
    def figures() -> dict[str, Any] | None:
        totals = curator.get("/api/v1/indicators/surveys").json()["totals"]
        return totals if totals["paired_exits"] >= before["paired_exits"] + 2 else None

    totals = wait_until(figures, timeout=30)
    assert totals is not None
    assert (totals["entries"] - before["entries"], totals["exits"] - before["exits"],
            totals["improved"] - before["improved"]) == (2, 2, 1)
    change_sum = before["mean_change"] * before["paired_exits"] + 3 - 1
    assert totals["mean_change"] == pytest.approx(change_sum / totals["paired_exits"])
    municipal = login(tenants.mun_1).get("/api/v1/indicators/surveys").json()
    row = next(r for r in municipal["rows"] if r["unit_id"] == tenants.school_a)
    measured_before = {a["purpose"]: a["answers"] for a in row_before["answers"]}.get("measurement", 0) if row_before \
        else 0
    assert {a["purpose"]: a["answers"] for a in row["answers"]}["measurement"] == measured_before + 4
    assert row["paired_exits"] == (row_before["paired_exits"] if row_before else 0) + 2
    assert "Иванов" not in str(municipal)

    page = _sign_in(stack, tenants.curator_a).get(f"/school/questionnaires/{q['id']}/dynamics")
    assert page.status_code == 200
    assert '<svg id="dynamics-chart"' in page.text and 'id="dynamics-table"' in page.text
    assert "улучшили средний балл: 1 (50%)" in page.text


@pytest.fixture(scope="module")
def school(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return fresh_school(gateway_container)


def test_preferences_answers_become_a_stable_matching_run(stack, school, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(school["curator"])
    t1, _ = mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=12)
    t2, _ = mentor(curator, "staff", "teacher", 1, subjects=["Физика"], experience_years=3)
    r1 = request(curator, "7Б", ["Математика"], "teacher_pupil")
    r2 = request(curator, "5А", ["Физика"], "teacher_pupil")
    run = curator.post("/api/v1/matching/runs", json={"mode": "preferences", "top_k": 1}).json()
    copy = curator.post("/api/v1/questionnaires/templates/preferences/copy").json()
    q = curator.post(f"/api/v1/questionnaires/{copy['id']}/publish").json()

    nothing = curator.post(f"/api/v1/matching/runs/{run['id']}/rankings/from-questionnaires")
    assert nothing.status_code == 409 and "Ответов на анкету предпочтений" in nothing.text
    issued = curator.post(f"/api/v1/matching/runs/{run['id']}/preference-invitations",
                          json={"questionnaire_id": q["id"]})
    assert issued.status_code == 201, issued.text
    links = {link["invitation"]["who_id"]: f"/q/{link['token']}" for link in issued.json()["links"]}
    assert set(links) == {r1["id"], r2["id"], t1["id"], t2["id"]}

    public = _public(stack)
    wishes = {r1["id"]: [t1["id"], t2["id"]], r2["id"]: [t1["id"]], t1["id"]: [r1["id"], r2["id"]],
              t2["id"]: [r1["id"]]}
    for who, ranked in wishes.items():
        form = public.get(links[who]).text
        names = re.findall(r'name="(rank:q1:[^"]+)"', form)
        assert len(names) == 2, "each participant ranks the two allowed to him"
        sent = {f"rank:q1:{other}": str(n) for n, other in enumerate(ranked, start=1)}
        assert public.post(links[who], data=sent).status_code == 200

    taken = curator.post(f"/api/v1/matching/runs/{run['id']}/rankings/from-questionnaires")
    assert taken.status_code == 200, taken.text
    ranked = taken.json()
    assert {p["request_id"]: p["mentor_id"] for p in ranked["proposals"] if p["selected"]} == {r1["id"]: t1["id"]}
    assert blocking_pairs(ranked, {t1["id"]: 1, t2["id"]: 1}) == []
    assert ranked["preferences"]["solved"] and ranked["preferences"]["stable_unmatched"] == 1

    # The run's page offers both actions.
    page_user = _sign_in(stack, school["curator"])
    screen = page_user.get(f"/school/matching/runs/{run['id']}")
    assert 'id="rankings-from-questionnaires"' in screen.text and 'id="preference-invitations"' in screen.text
    again = page_user.post(f"/school/matching/runs/{run['id']}/rankings/from-questionnaires",
                           data={"csrf_token": _hidden_csrf(screen.text)})
    assert again.status_code == 303
