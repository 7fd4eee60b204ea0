"""The pages of the school's bases over HTTP: people, the person card, mentors, mentees, requests, imports, and the
regional base — who may open them, how a refused form answers, and what a successful one leaves on the card."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import httpx
import pytest

from tests.e2e.test_pages import _hidden_csrf, _sign_in, letters
from tests.support import pair_formed

SCHOOL_PAGES = ("/school/persons", "/school/mentors", "/school/mentees", "/school/requests", "/school/imports")


def _card_id(location: str) -> str:
    match = re.match(r"^/school/persons/([0-9a-f-]+)\?notice=", location)
    assert match, location
    return match.group(1)


def _text(page: httpx.Response) -> str:
    return html.unescape(page.text)


def _alert(page: httpx.Response) -> str:
    """The page's alert block: what a failed assertion should show instead of the whole page."""
    found = re.search(r'role="alert">(.*?)</(?:div|p)>\s*(<ul>.*?</ul>)?', page.text, re.S)
    return html.unescape(found.group(0)) if found else page.text[-1500:]


def _form(page: httpx.Response, action: str) -> dict[str, Any]:
    """What a browser would send from the page's form posting to ``action``: hidden and prefilled fields, the checked
    boxes (a list), the selected option, the textareas."""
    found = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page.text, re.S)
    assert found, f"no form posting to {action}"
    body = found.group(0)
    values: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", body):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if not name:
            continue
        if 'type="checkbox"' in tag:
            if re.search(r"\schecked[\s>]", tag):
                values.setdefault(name.group(1), []).append(html.unescape(value.group(1) if value else "on"))
            continue
        values[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        values[name] = html.unescape(text)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options) or re.search(r'<option value="([^"]*)"',
                                                                                         options)
        values[name] = html.unescape(chosen.group(1)) if chosen else ""
    return values


@pytest.fixture(scope="module")
def curator(stack, tenants):  # type: ignore[no-untyped-def]
    client = _sign_in(stack, tenants.curator_a)
    yield client
    client.close()


def test_every_page_opens_for_the_curator_and_the_school_pages_refuse_the_outer_contour(stack, tenants,
                                                                                         curator) -> None:
    for path in (*SCHOOL_PAGES, "/regional-mentors"):
        page = curator.get(path)
        assert page.status_code == 200, (path, page.text[:500])
        assert "<script" not in page.text.lower()
    nav = curator.get("/school/persons").text
    for title in ("Люди", "Наставники", "Наставляемые", "Запросы", "Загрузка", "Региональная база"):
        assert f">{title}</a>" in nav
    assert "База наставников" in curator.get("/school/mentors").text
    template = curator.get("/school/imports/template", params={"kind": "students", "format": "csv"})
    assert template.status_code == 200 and "attachment" in template.headers["content-disposition"]

    municipality = _sign_in(stack, tenants.mun_1)
    for path in (*SCHOOL_PAGES, "/school/persons/00000000-0000-0000-0000-000000000000"):
        refused = municipality.get(path)
        assert refused.status_code == 403 and "Не получилось" in refused.text, path
    assert municipality.get("/regional-mentors").status_code == 200
    assert ">Люди</a>" not in municipality.get("/regional-mentors").text
    region = _sign_in(stack, tenants.region_op)
    regional = region.get("/regional-mentors")
    assert regional.status_code == 200 and "Региональная база наставников" in regional.text
    assert region.get("/school/persons").status_code == 403


def test_a_refused_person_is_not_added_and_the_form_keeps_what_was_typed(curator) -> None:
    page = curator.get("/school/persons")
    tag = letters()
    bad = curator.post("/school/persons", data={"csrf_token": _hidden_csrf(page.text), "kind": "external",
                                                "last_name": "", "first_name": "Безфамильный",
                                                "affiliation": f"Завод {tag}"})
    assert bad.status_code == 422
    assert "Заполните поле «Фамилия»" in _text(bad) and 'role="alert"' in bad.text
    assert f'value="Завод {tag}"' in bad.text, "the typed values stay in the form"
    assert "Безфамильный" not in curator.get("/school/persons", params={"query": "Безфамильный"}).text.split(
        'id="persons"')[1]


def test_person_card_consent_mentor_mentee_and_request(stack, tenants, curator) -> None:
    page = curator.get("/school/persons")
    csrf = _hidden_csrf(page.text)
    surname = f"Карточкина{letters()}"
    hired = date(date.today().year - 1, 9, 1).isoformat()
    added = curator.post("/school/persons", data={"csrf_token": csrf, "kind": "staff", "last_name": surname,
                                                  "first_name": "Анна", "middle_name": "Петровна",
                                                  "position": "Учитель истории", "hired_on": hired,
                                                  "pedagogical_since": hired,
                                                  "education": "Высшее педагогическое"})
    assert added.status_code == 303, _alert(added)
    person_id = _card_id(added.headers["location"])
    card = curator.get(added.headers["location"])
    assert card.status_code == 200 and f"{surname} Анна Петровна" in card.text and 'role="status"' in card.text
    assert surname in curator.get("/school/persons", params={"query": surname}).text

    base = f"/school/persons/{person_id}"
    early = curator.post(f"{base}/mentor", data={"csrf_token": csrf, "origin": "teacher", "capacity": "2"})
    assert early.status_code == 422 and "Сначала внесите согласие" in _text(early)

    consent = curator.post(f"{base}/consents", data={"csrf_token": csrf, "purpose": "participation",
                                                     "given_by": "self", "document_ref": "№ 7",
                                                     "given_on": date.today().isoformat()})
    assert consent.status_code == 303 and consent.headers["location"].startswith(base)
    card = _text(curator.get(base))
    assert "Участие в программе наставничества" in card and "действует" in card

    wrong = curator.post(f"{base}/mentor", data={"csrf_token": csrf, "origin": "teacher", "capacity": "0",
                                                 "subjects": "История"})
    assert wrong.status_code == 422 and "от 1 до 30" in _text(wrong)
    assert 'value="История"' in wrong.text
    mentor = curator.post(f"{base}/mentor", data={"csrf_token": csrf, "origin": "teacher", "capacity": "2",
                                                  "subjects": "История, Обществознание", "hours_per_month": "4",
                                                  "competencies": ["Проектная деятельность"]})
    assert mentor.status_code == 303, _alert(mentor)
    card = _text(curator.get(base))
    assert "История, Обществознание" in card and "Начальный" in card and "Проектная деятельность" in card
    mentors = curator.get("/school/mentors", params={"query": surname})
    assert f'href="/school/persons/{person_id}"' in mentors.text

    mentee = curator.post(f"{base}/mentee", data={"csrf_token": csrf, "categories": ["burnout"],
                                                  "notes": "Просит помощи с новой программой"})
    assert mentee.status_code == 303, _alert(mentee)
    card = _text(curator.get(base))
    assert "Эмоциональное выгорание" in card and "Молодой специалист" in card, "derived from the service"
    mentee_id = re.search(r'name="mentee_id" value="([^"]+)"', card).group(1)  # type: ignore[union-attr]

    topic = f"Тема {letters()}"
    request = curator.post(f"{base}/requests", data={"csrf_token": csrf, "mentee_id": mentee_id, "topics": topic,
                                                     "goal": "Освоить проектную деятельность",
                                                     "desired_form": "teacher_teacher", "source": "self"})
    assert request.status_code == 303, _alert(request)
    card = _text(curator.get(base))
    assert topic in card and "Учитель – учитель" in card and "Открыт" in card
    listed = _text(curator.get("/school/requests", params={"status": "open"}))
    assert topic in listed
    request_id = re.search(r'action="/school/requests/([^"/]+)/status"', card).group(1)  # type: ignore[union-attr]
    assert "Отметить: подобран наставник" not in card, "matched only when a pair is approved (ADR 007)"
    by_hand = curator.post(f"/school/requests/{request_id}/status", data={"csrf_token": csrf, "status": "matched",
                                                                          "person_id": person_id})
    assert by_hand.status_code == 409 and "запрос отмечается подобранным при утверждении пары" in _alert(by_hand)
    pair_formed(stack, request_id)
    assert "Подобран наставник" in _text(curator.get(base))
    listed_matched = _text(curator.get("/school/requests", params={"status": "matched"}))
    assert "на странице «Подбор пар»" in listed_matched and "Отметить: подобран наставник" not in listed_matched
    reopened = curator.post(f"/school/requests/{request_id}/status", data={"csrf_token": csrf, "status": "open",
                                                                           "shown_status": "matched"})
    assert reopened.status_code == 303 and reopened.headers["location"].startswith("/school/requests?status=matched")
    again = curator.post(f"/school/requests/{request_id}/status", data={"csrf_token": csrf, "status": "open"})
    assert again.status_code == 409 and "нельзя перевести" in _alert(again)
    assert f'href="{base}">{surname}' in listed, "the request links to its mentee's card"
    mentees = _text(curator.get("/school/mentees", params={"query": surname}))
    assert "Эмоциональное выгорание" in mentees and f'href="/school/persons/{person_id}"' in mentees


def test_a_minors_consent_is_given_by_the_guardian(curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/persons").text)
    birth = date(date.today().year - 12, 3, 14).isoformat()
    added = curator.post("/school/persons", data={"csrf_token": csrf, "kind": "student", "last_name": "Юнова",
                                                  "first_name": "Вера", "birth_date": birth, "class_name": "6а",
                                                  "guardian_name": "Юнова Ольга Ивановна"})
    assert added.status_code == 303, _alert(added)
    base = f"/school/persons/{_card_id(added.headers['location'])}"
    card = curator.get(base).text
    assert '<option value="guardian" selected>' in card and 'value="Юнова Ольга Ивановна"' in card
    refused = curator.post(f"{base}/consents", data={"csrf_token": csrf, "purpose": "participation",
                                                     "given_by": "self"})
    assert refused.status_code == 422 and "законный представитель" in _text(refused)
    given = curator.post(f"{base}/consents", data={"csrf_token": csrf, "purpose": "participation",
                                                   "given_by": "guardian", "giver_name": "Юнова Ольга Ивановна"})
    assert given.status_code == 303
    mentee = curator.post(f"{base}/mentee", data={"csrf_token": csrf, "categories": ["gifted", "burnout"]})
    assert mentee.status_code == 422 and "не относится к категориям обучающихся" in _text(mentee)
    assert curator.post(f"{base}/mentee", data={"csrf_token": csrf, "categories": ["gifted"]}).status_code == 303
    assert "Проявляет выдающиеся способности" in _text(curator.get(base))


def test_forms_with_a_stale_csrf_token_are_refused(curator) -> None:
    for path, data in (("/school/persons", {"kind": "external", "last_name": "Подделкин", "first_name": "Иван"}),
                       ("/school/competencies", {"term": "Подделка"}),
                       ("/school/persons/00000000-0000-0000-0000-000000000000/consents", {"purpose": "participation"})):
        refused = curator.post(path, data={"csrf_token": "old", **data})
        assert refused.status_code == 403 and "Форма устарела" in refused.text, path
    assert "Подделкин" not in curator.get("/school/persons", params={"query": "Подделкин"}).text.split(
        'id="persons"')[1]


def test_the_competency_vocabulary_grows_from_the_mentor_page(curator) -> None:
    term = f"Медиация {letters()}"
    page = curator.get("/school/mentors")
    added = curator.post("/school/competencies", data={"csrf_token": _hidden_csrf(page.text), "term": term})
    assert added.status_code == 303
    assert term in _text(curator.get(added.headers["location"]))


def test_a_rejected_file_is_explained_on_the_upload_page(curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/imports").text)
    garbage = curator.post("/school/imports", data={"csrf_token": csrf, "kind": "students"},
                           files={"file": ("list.csv", b"\x00\x01\x02 not a table", "text/csv")})
    assert garbage.status_code == 422 and "Файл не принят" in garbage.text and 'role="alert"' in garbage.text
    huge = curator.post("/school/imports", data={"csrf_token": csrf, "kind": "students"},
                        files={"file": ("big.csv", b"a" * (10 * 1024 * 1024 + 1), "text/csv")})
    assert huge.status_code == 422 and "Файл больше 10 МБ" in _text(huge)
    stale = curator.post("/school/imports", data={"csrf_token": "old", "kind": "students"},
                         files={"file": ("list.csv", b"x", "text/csv")})
    assert stale.status_code == 403


def test_a_consenting_mentor_appears_in_the_regional_base_with_public_fields_only(stack, tenants, curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/persons").text)
    surname = f"Публичная{letters()}"
    added = curator.post("/school/persons", data={"csrf_token": csrf, "kind": "external", "last_name": surname,
                                                  "first_name": "Нина", "affiliation": "Завод «Прогресс»",
                                                  "phone": "+7 900 111-22-33", "education": "Инженер-технолог"})
    base = f"/school/persons/{_card_id(added.headers['location'])}"
    for purpose in ("participation", "regional_base"):
        given = curator.post(f"{base}/consents", data={"csrf_token": csrf, "purpose": purpose, "given_by": "self"})
        assert given.status_code == 303, _alert(given)
    mentor = curator.post(f"{base}/mentor", data={"csrf_token": csrf, "origin": "employer", "capacity": "3",
                                                  "subjects": "Технология", "education": "Инженер-технолог"})
    assert mentor.status_code == 303, _alert(mentor)
    assert re.search(r"В региональной базе</dt><dd>да", _text(curator.get(base)))
    region = _sign_in(stack, tenants.region_op)
    found = _text(region.get("/regional-mentors", params={"query": surname}))
    assert f"{surname} Нина" in found and "Сотрудник предприятия" in found and "Технология" in found
    assert "+7 900 111-22-33" not in found and "Инженер-технолог" not in found


def test_the_curator_corrects_the_person_the_mentor_card_and_the_mentee_from_the_card(curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/persons").text)
    surname = f"Правкина{letters()}"
    born = date(date.today().year - 15, 5, 20).isoformat()
    added = curator.post("/school/persons", data={"csrf_token": csrf, "kind": "student", "last_name": surname,
                                                  "first_name": "Дарья", "birth_date": born, "class_name": "8а",
                                                  "guardian_name": "Правкина Ирина Олеговна"})
    assert added.status_code == 303, _alert(added)
    person_id = _card_id(added.headers["location"])
    base = f"/school/persons/{person_id}"

    card = curator.get(base)
    assert "Изменить сведения" in card.text and "8А класс" in _text(card)
    person_form = _form(card, f"{base}/edit")
    assert person_form["class_name"] == "8А" and person_form["birth_date"] == born and person_form["kind"] == "student"
    assert person_form["last_name"] == surname and int(person_form["version"]) >= 1
    edited = curator.post(f"{base}/edit", data={**person_form, "class_name": "9б"})
    assert edited.status_code == 303, _alert(edited)
    assert edited.headers["location"].startswith(f"{base}?notice=")
    card = curator.get(edited.headers["location"])
    assert "Сведения сохранены" in _text(card) and "9Б класс" in _text(card) and "8А класс" not in _text(card)
    stale = curator.post(f"{base}/edit", data={**person_form, "class_name": "10в"})
    assert stale.status_code == 409 and "уже изменили" in _alert(stale)
    assert 'id="edit-person" open' in stale.text and 'value="10в"' in stale.text, "the typed values stay"
    assert "9Б класс" in _text(curator.get(base))

    consent = curator.post(f"{base}/consents", data={"csrf_token": csrf, "purpose": "participation",
                                                     "given_by": "guardian", "giver_name": "Правкина Ирина Олеговна"})
    assert consent.status_code == 303, _alert(consent)
    mentor = curator.post(f"{base}/mentor", data={"csrf_token": csrf, "origin": "student", "capacity": "1",
                                                  "subjects": "Математика, Физика", "hours_per_month": "2",
                                                  "competencies": ["Проектная деятельность"]})
    assert mentor.status_code == 303, _alert(mentor)
    mentee = curator.post(f"{base}/mentee", data={"csrf_token": csrf, "categories": ["gifted"]})
    assert mentee.status_code == 303, _alert(mentee)

    card = curator.get(base)
    mentor_id = re.search(r'action="/school/mentors/([^"/]+)/card"', card.text).group(1)  # type: ignore[union-attr]
    mentee_id = re.search(r'action="/school/mentees/([^"/]+)/edit"', card.text).group(1)  # type: ignore[union-attr]
    mentor_form = _form(card, f"/school/mentors/{mentor_id}/card")
    assert mentor_form["origin"] == "student" and mentor_form["subjects"] == "Математика, Физика"
    assert mentor_form["competencies"] == ["Проектная деятельность"] and mentor_form["capacity"] == "1"
    assert mentor_form["person_id"] == person_id
    saved = curator.post(f"/school/mentors/{mentor_id}/card", data={**mentor_form, "capacity": "3"})
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"{base}?notice="), _alert(saved)
    card = curator.get(base)
    assert re.search(r"Наставляемых, не более</dt><dd>3<", card.text), "the new capacity is on the card"
    assert "Математика, Физика" in _text(card) and "Проектная деятельность" in _text(card), "the rest is kept"

    fresh = _form(card, f"/school/mentors/{mentor_id}/card")
    zero = curator.post(f"/school/mentors/{mentor_id}/card", data={**fresh, "capacity": "0"})
    assert zero.status_code == 422 and "от 1 до 30" in _alert(zero) and 'role="alert"' in zero.text
    assert 'id="edit-mentor" open' in zero.text and 'id="card-capacity" name="capacity" type="number" min="1" ' \
        'max="30" value="0"' in zero.text, "the refused form keeps what was typed"
    assert re.search(r"Наставляемых, не более</dt><dd>3<", curator.get(base).text), "the card is unchanged"
    late = curator.post(f"/school/mentors/{mentor_id}/card", data={**mentor_form, "capacity": "5"})
    assert late.status_code == 409 and "уже изменили" in _alert(late)

    categories = _form(card, f"/school/mentees/{mentee_id}/edit")
    assert categories["categories"] == ["gifted"] and categories["person_id"] == person_id
    assert 'value="young_specialist"' not in card.text.split('id="edit-mentee"')[1].split("</form>")[0]
    changed = curator.post(f"/school/mentees/{mentee_id}/edit",
                           data={**categories, "categories": ["gifted", "adaptation"], "notes": "Переходит в 9 класс"})
    assert changed.status_code == 303, _alert(changed)
    card = curator.get(base)
    shown = _text(card).split('id="mentee-categories">')[1].split("</dd>")[0]
    assert "Проявляет выдающиеся способности" in shown and "Адаптация к новым условиям" in shown
    assert "Переходит в 9 класс" in _text(card)
    assert _form(card, f"/school/mentees/{mentee_id}/edit")["categories"] == ["gifted", "adaptation"]
    none = curator.post(f"/school/mentees/{mentee_id}/edit",
                        data={**_form(card, f"/school/mentees/{mentee_id}/edit"), "categories": []})
    assert none.status_code == 422 and "хотя бы одну категорию" in _alert(none)

    stale_csrf = curator.post(f"/school/mentees/{mentee_id}/edit", data={**categories, "csrf_token": "old"})
    assert stale_csrf.status_code == 403 and "Форма устарела" in stale_csrf.text


def test_a_mentor_leaves_the_base_from_the_card_and_comes_back(curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/persons").text)
    added = curator.post("/school/persons", data={"csrf_token": csrf, "kind": "staff", "last_name": "Уходящая",
                                                  "first_name": "Анна", "hired_on": "2001-09-01",
                                                  "position": "Учитель химии"})
    base = f"/school/persons/{_card_id(added.headers['location'])}"
    curator.post(f"{base}/consents", data={"csrf_token": csrf, "purpose": "participation", "given_by": "self"})
    curator.post(f"{base}/mentor", data={"csrf_token": csrf, "origin": "teacher", "capacity": "2"})
    mentor_id = re.search(r'action="/school/mentors/([^/"]+)/deactivate"', curator.get(base).text)
    assert mentor_id, "an active mentor's card offers to take them out of the base"
    empty = curator.post(f"/school/mentors/{mentor_id.group(1)}/deactivate",
                         data={"csrf_token": csrf, "person_id": base.rsplit("/", 1)[1], "reason": ""})
    assert empty.status_code == 422 and "Причина" in _alert(empty)
    left = curator.post(f"/school/mentors/{mentor_id.group(1)}/deactivate",
                        data={"csrf_token": csrf, "person_id": base.rsplit("/", 1)[1], "reason": "Переезд"})
    assert left.status_code == 303
    card = _text(curator.get(base))
    assert "Переезд" in card and "Вернуть в базу наставников" in card
    back = curator.post(f"{base}/mentor", data={"csrf_token": csrf, "origin": "teacher", "capacity": "3"})
    assert back.status_code == 303 and "Вывести из базы наставников" in _text(curator.get(base))


@pytest.mark.parametrize(("source", "title"), [("staff", "Сотрудник"), ("social_pedagogue", "Социальный педагог")])
def test_a_request_brought_by_a_staff_member_or_the_social_pedagogue_round_trips(stack, tenants, login, curator,
                                                                                  source: str, title: str) -> None:
    """Issue 10 item 18 (seed 001 §9 п.6): «сотрудник» and «социальный педагог» bring requests too — REST and form."""
    api = login(tenants.curator_a)
    student = api.consenting_person("student", birth_date="2012-03-04", class_name="6А")
    mentee = api.post("/api/v1/mentees", json={"person_id": student["id"], "categories": ["gifted"]}).json()
    made = api.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Олимпиада"], "source": source})
    assert made.status_code == 201, made.text
    assert made.json()["source"] == source

    base = f"/school/persons/{student['id']}"
    card = curator.get(base)
    assert f'value="{source}"' in card.text and title in _text(card)
    topic = f"Тема {letters()}"
    posted = curator.post(f"{base}/requests", data={"csrf_token": _hidden_csrf(card.text), "mentee_id": mentee["id"],
                                                    "topics": topic, "source": source})
    assert posted.status_code == 303, _alert(posted)
    assert topic in _text(curator.get(base))
