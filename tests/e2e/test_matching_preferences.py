"""Preferences mode, the mentee's choice and the modes side by side, end to end through the gateway: rankings typed
over REST and imported from the run's XLSX template (a bad file is refused with its rows and nothing is written),
the stable assignment has no blocking pair and the screen says what stability costs; in a suggest run the mentee's
choice is recorded and a mentor outside the candidates is refused."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.test_pages import _hidden_csrf, _sign_in
from tests.matching_support import fresh_school, mentor, request
from tests.support import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def school(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return fresh_school(gateway_container)


def filled(template: bytes, mentees: list[list[str]], mentors: list[list[str]]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    for sheet, rows in (("Наставляемые", mentees), ("Наставники", mentors)):
        ws = book[sheet]
        ws.delete_rows(2, ws.max_row)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blocking_pairs(run: dict[str, Any], capacity: dict[str, int]) -> list[tuple[str, str]]:
    prefs = run["preferences"]
    mentees = {r["who_id"]: r["ranked_ids"] for r in prefs["mentees"]}
    mentors = {r["who_id"]: r["ranked_ids"] for r in prefs["mentors"]}
    got = {p["request_id"]: p["mentor_id"] for p in run["proposals"] if p["selected"]}
    found = []
    for r, ranked in mentees.items():
        for m in ranked:
            if got.get(r) == m:
                break
            if r not in mentors.get(m, []):
                continue
            held = [x for x, y in got.items() if y == m]
            if len(held) < capacity[m] or any(mentors[m].index(r) < mentors[m].index(x) for x in held):
                found.append((r, m))
    return found


def upload(curator: Api, run_id: str, content: bytes, **form: Any) -> Any:
    return curator.post(f"/api/v1/matching/runs/{run_id}/rankings/import", data=form,
                        files={"file": ("рейтинги.xlsx", content, XLSX)})


def test_rankings_import_stable_run_choice_and_modes_side_by_side(school, login, stack) -> None:  # type: ignore[no-untyped-def]
    curator = login(school["curator"])
    t1, _ = mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=12)
    t2, _ = mentor(curator, "staff", "teacher", 1, subjects=["Физика"], experience_years=3)
    r1 = request(curator, "7Б", ["Математика"], "teacher_pupil")
    r2 = request(curator, "5А", ["Физика"], "teacher_pupil")
    capacity = {t1["id"]: 1, t2["id"]: 1}

    started = curator.post("/api/v1/matching/runs", json={"mode": "preferences", "top_k": 1})
    assert started.status_code == 201, started.text
    run = started.json()
    allowed = {(p["request_id"], p["mentor_id"]) for p in run["proposals"]}
    assert allowed == {(r1["id"], t1["id"]), (r1["id"], t2["id"]), (r2["id"], t1["id"]), (r2["id"], t2["id"])}
    assert not any(p["selected"] for p in run["proposals"]) and run["preferences"]["solved"] is False
    name = {p["mentor_id"]: p["mentor_name"] for p in run["proposals"]} | {
        p["request_id"]: p["mentee_name"] for p in run["proposals"]}
    compare = curator.get(f"/api/v1/matching/runs/{run['id']}/compare").json()
    assert [o["key"] for o in compare["outcomes"]] == ["optimal_max_score", "optimal_max_matched", "greedy"]
    assert compare["requests"] == 2 and compare["outcomes"][1]["matched"] == 2

    template = curator.get(f"/api/v1/matching/runs/{run['id']}/rankings/template")
    assert template.status_code == 200 and template.headers["content-type"] == XLSX
    bad = filled(template.content, [[name[r1["id"]], name[t1["id"]], name[t1["id"]]], ["Никто Неизвестный"]],
                 [[name[t1["id"]], "Кто-то Другой"]])
    refused = upload(curator, run["id"], bad, confirm="true", version=str(run["version"]))
    assert refused.status_code == 422, refused.text
    messages = [e["message"] for e in refused.json()["errors"]]
    assert "Лист «Наставляемые», строка 2, 2-е место:" in messages[0] and "уже назван на 1-м месте" in messages[0]
    assert any("строка 3: «Никто Неизвестный» не найден в прогоне" in m for m in messages)
    assert any(m.startswith("Лист «Наставники», строка 2, 1-е место: наставляемый «Кто-то Другой»") for m in messages)
    unchanged = curator.get(f"/api/v1/matching/runs/{run['id']}").json()
    assert unchanged["version"] == run["version"] and unchanged["preferences"]["mentees"] == []

    # r1 and t1 want each other; r2 wants only t1, t2 wants only r1: stability leaves r2 without a mentor.
    good = filled(template.content, [[name[r1["id"]], name[t1["id"]], name[t2["id"]]], [name[r2["id"]],
                                                                                        name[t1["id"]]]],
                  [[name[t1["id"]], name[r1["id"]], name[r2["id"]]], [name[t2["id"]], name[r1["id"]]]])
    preview = upload(curator, run["id"], good)
    assert preview.status_code == 200 and preview.json()["written"] is False, preview.text
    assert curator.get(f"/api/v1/matching/runs/{run['id']}").json()["version"] == run["version"]
    stale = upload(curator, run["id"], good, confirm="true", version=str(run["version"] + 5))
    assert stale.status_code == 409
    written = upload(curator, run["id"], good, confirm="true", version=str(run["version"]))
    assert written.status_code == 200 and written.json()["written"] is True, written.text
    ranked = written.json()["run"]
    assert {p["request_id"]: p["mentor_id"] for p in ranked["proposals"] if p["selected"]} == {r1["id"]: t1["id"]}
    assert blocking_pairs(ranked, capacity) == []
    prefs = ranked["preferences"]
    assert prefs["solved"] and prefs["stable_unmatched"] == 1 and prefs["optimal_unmatched"] == 0
    assert "поставили выше" in next(u["reason"] for u in ranked["unmatched"] if u["request_id"] == r2["id"])
    compare = curator.get(f"/api/v1/matching/runs/{run['id']}/compare").json()
    assert {o["key"]: o["matched"] for o in compare["outcomes"]}["stable"] == 1

    typed = curator.put(f"/api/v1/matching/runs/{run['id']}/rankings", json={
        "mentees": [{"who_id": r2["id"], "ranked_ids": [t2["id"]]}],
        "mentors": [{"who_id": t2["id"], "ranked_ids": [r2["id"], r2["id"]]}], "version": ranked["version"]})
    assert typed.status_code == 422 and "уже назван выше" in typed.text
    typed = curator.put(f"/api/v1/matching/runs/{run['id']}/rankings", json={
        "mentees": [{"who_id": r1["id"], "ranked_ids": [t1["id"]]}, {"who_id": r2["id"], "ranked_ids": [t2["id"]]}],
        "mentors": [{"who_id": t1["id"], "ranked_ids": [r1["id"]]}, {"who_id": t2["id"], "ranked_ids": [r2["id"]]}],
        "version": ranked["version"]})
    assert typed.status_code == 200, typed.text
    both = typed.json()
    assert both["totals"]["matched"] == 2 and both["preferences"]["stable_unmatched"] == 0
    assert blocking_pairs(both, capacity) == []

    # The run screen: the rankings grid, the plain sentence about stability, the modes on the pool.
    page_user = _sign_in(stack, school["curator"])
    run_url = f"/school/matching/runs/{run['id']}"
    page = page_user.get(run_url)
    assert page.status_code == 200
    assert "Устойчивое распределение оставляет без наставника 0 наставляемых; оптимальный режим — 0." in page.text
    assert "Режимы на этом же составе" in page.text and "Устойчивый: по взаимным рейтингам" in page.text
    csrf = _hidden_csrf(page.text)
    files = {"file": ("рейтинги.xlsx", bad, XLSX)}
    shown = page_user.post(f"{run_url}/rankings/import", data={"csrf_token": csrf}, files=files)
    assert shown.status_code == 422 and "Ничего не записано" in shown.text and "Никто Неизвестный" in shown.text
    shown = page_user.post(f"{run_url}/rankings/import", data={"csrf_token": csrf},
                           files={"file": ("рейтинги.xlsx", good, XLSX)})
    assert shown.status_code == 200 and "Подтвердить и записать рейтинги" in shown.text
    hidden = dict(re.findall(r'<input type="hidden" name="(m[er]:[^"]+|version)" value="([^"]*)"', shown.text))
    assert hidden[f"me:{r1['id']}:{t2['id']}"] == "2"
    confirmed = page_user.post(f"{run_url}/rankings", data={"csrf_token": csrf, **hidden})
    assert confirmed.status_code == 303, confirmed.text
    after = page_user.get(run_url)
    assert "оставляет без наставника 1 наставляемого; оптимальный режим — 0. Это нормально" in " ".join(
        after.text.split())

    # Suggest mode: the mentee's choice among the proposed candidates.
    suggest = curator.post("/api/v1/matching/runs", json={"mode": "suggest", "top_k": 1}).json()
    proposed = next(p["mentor_id"] for p in suggest["proposals"] if p["request_id"] == r1["id"])
    outside = t2["id"] if proposed == t1["id"] else t1["id"]
    refused = curator.post(f"/api/v1/matching/runs/{suggest['id']}/choice",
                           json={"request_id": r1["id"], "mentor_id": outside})
    assert refused.status_code == 422 and "только из предложенных" in refused.json()["detail"]
    chosen = curator.post(f"/api/v1/matching/runs/{suggest['id']}/choice",
                          json={"request_id": r1["id"], "mentor_id": proposed, "version": suggest["version"]})
    assert chosen.status_code == 200, chosen.text
    pick = next(p for p in chosen.json()["proposals"] if p["selected"])
    assert pick["mentor_id"] == proposed and pick["chosen_by"] and pick["chosen_at"] and not pick["manual"]
    assert "выбор наставляемого" in page_user.get(f"/school/matching/runs/{suggest['id']}").text
    wrong_mode = curator.post(f"/api/v1/matching/runs/{run['id']}/choice",
                              json={"request_id": r1["id"], "mentor_id": t1["id"]})
    assert wrong_mode.status_code == 409

    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish", json={})
    assert published.status_code == 200, published.text
    assert [(p["request_id"], p["mentor_id"]) for p in published.json()["pairs"]] == [(r1["id"], t1["id"])]
