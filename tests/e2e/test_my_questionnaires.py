"""«Мои анкеты» end to end (issue 13 item 2, ADR 012 addendum): a mentor who signs in sees the invitation sent to
him on «На сегодня» and in «Мои анкеты» and answers it inside the platform, without the link's token, once; he
cannot see or answer another mentor's invitation (the database keeps a participant to the invitations with his own
``respondent_id`` and shows him no answers); an anonymous answer given this way keeps no path back to him."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text

from tests.e2e.test_pages import _hidden_csrf
from tests.e2e.test_participants_sign_in import mentee_a, mentor_a, school  # noqa: F401  (module fixtures)

ANSWER = {"answers": [{"question_id": "q1", "values": ["9", "8", "10", "7", "9"]},
                      {"question_id": "q2", "values": ["1"]}]}


def _invite(curator: Any, questionnaire_id: str, *invitees: dict[str, str]) -> list[str]:
    issued = curator.post(f"/api/v1/questionnaires/{questionnaire_id}/invitations",
                          json={"invitees": list(invitees), "valid_days": 7})
    assert issued.status_code == 201, issued.text
    return [link["invitation"]["id"] for link in issued.json()["links"]]


def test_a_signed_in_mentor_answers_his_own_questionnaire_once_and_sees_no_one_else_s(  # type: ignore[no-untyped-def]
        stack, school, mentor_a, mentee_a) -> None:  # noqa: F811
    curator = school["curator"]
    copy = curator.post("/api/v1/questionnaires/templates/satisfaction_mentor/copy").json()
    q = curator.post(f"/api/v1/questionnaires/{copy['id']}/publish").json()
    assert q["anonymous"]
    mine, theirs = _invite(curator, q["id"],
                           {"respondent_kind": "mentor", "respondent_id": school["mentor_a"]["id"], "label": "А"},
                           {"respondent_kind": "mentor", "respondent_id": school["mentor_b"]["id"], "label": "Б"})

    listed = mentor_a.get("/api/v1/my/questionnaires")
    assert listed.status_code == 200, listed.text
    assert [i["invitation_id"] for i in listed.json()["invitations"]] == [mine]
    assert listed.json()["invitations"][0]["questionnaire_title"] == q["title"]
    home = mentor_a.get("/")
    assert "Анкеты, которые ждут вашего ответа" in home.text and f"/my/questionnaires/{mine}" in home.text
    assert mentee_a.get("/api/v1/my/questionnaires").json().get("invitations", []) == []
    assert mentor_a.get(f"/api/v1/my/questionnaires/{theirs}").status_code == 404
    assert mentor_a.post(f"/api/v1/my/questionnaires/{theirs}/answers", json=ANSWER).status_code == 404
    assert curator.get("/api/v1/my/questionnaires").status_code == 403, "staff answer by link or on paper"

    form = mentor_a.get(f"/my/questionnaires/{mine}")
    assert form.status_code == 200 and q["title"] in form.text and 'id="answer-form"' in form.text
    incomplete = mentor_a.post(f"/my/questionnaires/{mine}", data={"csrf_token": _hidden_csrf(form.text)})
    assert incomplete.status_code == 422 and "обязательный вопрос" in incomplete.text
    done = mentor_a.post(f"/my/questionnaires/{mine}", data={
        "csrf_token": _hidden_csrf(form.text), "q1.1": "9", "q1.2": "8", "q1.3": "10", "q1.4": "7", "q1.5": "9",
        "q2": "1"})
    assert done.status_code == 303, done.text
    after = mentor_a.get(done.headers["location"])
    assert "принят" in after.text and 'id="no-questionnaires"' in after.text, after.text
    again = mentor_a.post(f"/api/v1/my/questionnaires/{mine}/answers", json=ANSWER)
    assert again.status_code == 404, "answered once"
    assert mentor_a.get("/api/v1/my/questionnaires").json().get("invitations", []) == []
    invited = {i["id"]: i for i in curator.get(f"/api/v1/questionnaires/{q['id']}/invitations").json()["invitations"]}
    assert invited[mine]["used"] and not invited[theirs].get("used", False)

    admin = create_engine(stack.databases["monitoring"].admin_url)
    app = create_engine(stack.databases["monitoring"].app_url)
    org = school["org"]
    bind = ("SELECT set_config('app.scope', 'org', true), set_config('app.org_id', :org, true),"
            " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true),"
            " set_config('app.participant_role', 'mentor', true), set_config('app.participant_id', :me, true)")
    try:
        with admin.connect() as conn:
            used = conn.execute(text("SELECT used, used_at FROM questionnaire_invitations WHERE id = :i"),
                                {"i": mine}).one()
            assert tuple(used) == (True, None), "the invitation records only that it was used"
            ids = conn.execute(text("SELECT id FROM questionnaire_responses WHERE questionnaire_id = :q"),
                               {"q": q["id"]}).scalars().all()
            assert len(ids) == 1
            assert conn.execute(text("SELECT count(*) FROM response_respondents WHERE response_id = ANY(:ids)"),
                                {"ids": ids}).scalar() == 0, "an anonymous answer keeps nothing of the mentor"
        with app.begin() as conn:
            conn.execute(text(bind), {"org": org["org_id"], "m": org["municipality_id"], "r": org["region_id"],
                                      "me": school["mentor_a"]["id"]})
            seen = set(conn.execute(text("SELECT id::text FROM questionnaire_invitations")).scalars())
            assert seen == {mine}, "a mentor's login reads only the invitations sent to him"
            for table in ("questionnaire_responses", "response_respondents", "questionnaires"):
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
    finally:
        admin.dispose()
        app.dispose()
