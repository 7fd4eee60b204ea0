"""Demo data: a region with two municipalities, three schools, their staff and a few mentors.

Idempotent: structure is found by code, accounts are updated in place, mentors are added only to a
school whose base is still empty. Goes through the services' public gRPC contracts like any client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gateway.container import Container
from mentorship_kit.principal import Principal, Role, Scope

REGION = ("Демонстрационная область", "demo")
MUNICIPALITIES = [("Светлогорский городской округ", "svetlogorsk"), ("Заречный муниципальный район", "zarechny")]
SCHOOLS = [
    ("МБОУ «Средняя общеобразовательная школа № 1»", "demo-school-1", "svetlogorsk", "school1"),
    ("МАОУ «Гимназия № 3»", "demo-gymnasium-3", "svetlogorsk", "gymnasium3"),
    ("МКОУ «Заречная средняя школа»", "demo-zarechnaya", "zarechny", "zarechnaya"),
]
# People of each demo school: (kind, last, first, middle, key, birth date or hire date, class/position, role).
# role: "mentor:<origin>", "mentee:<category>[,<category>]", or "" (only in the lists).
PEOPLE: dict[str, list[tuple[str, str, str, str, str, str, str, str]]] = {
    "school1": [
        ("staff", "Иванова", "Мария", "Петровна", "T-001", "2004-09-01", "Учитель математики", "mentor:teacher"),
        ("external", "Смирнов", "Алексей", "Викторович", "E-001", "", "Инженер-программист", "mentor:employer"),
        ("staff", "Новикова", "Анна", "Сергеевна", "T-014", "2025-08-28", "Учитель информатики",
         "mentee:digital_skills"),
        ("student", "Петров", "Дмитрий", "Олегович", "S-1001", "2009-03-14", "10А", "mentor:student"),
        ("student", "Соколова", "Ева", "Андреевна", "S-1002", "2013-11-02", "7Б", "mentee:gifted"),
        ("student", "Морозов", "Иван", "Ильич", "S-1003", "2012-05-20", "8А", "mentee:low_results,adaptation"),
        ("student", "Волкова", "Дарья", "Павловна", "S-1004", "2014-01-30", "6В", ""),
    ],
    "gymnasium3": [
        ("staff", "Кузнецова", "Ольга", "Игоревна", "G-001", "1990-09-01", "Учитель русского языка",
         "mentor:veteran"),
        ("staff", "Лебедев", "Павел", "Андреевич", "G-015", "2024-09-02", "Учитель истории", "mentee:new_in_team"),
    ],
    "zarechnaya": [
        ("student", "Фёдоров", "Артём", "Денисович", "Z-2001", "2008-07-07", "11А", "mentor:student"),
        ("student", "Егорова", "Полина", "Романовна", "Z-2002", "2015-04-18", "5А", "mentee:adaptation"),
    ],
}
# Staff whose pedagogical service began before they came to the school (default: the hire date). Лебедев moved
# from another school with 16 years of service: «новый педагог в коллективе», not a young specialist.
SERVICE_SINCE = {"G-015": "2008-09-01"}
DIRECTORS = frozenset({"school1"})  # the audit page and the director's order need one
CARDS = {"teacher": (["Математика"], ["Подготовка к олимпиадам и конкурсам"], 3),
         "employer": (["Информатика"], ["Проектная деятельность", "Профориентация"], 2),
         "student": (["Физика"], ["Адаптация в коллективе"], 1),
         "veteran": (["Русский язык", "Литература"], ["Методическая поддержка"], 2)}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


def seed(container: Container) -> list[DemoLogin]:
    registry, auth = container.registry, container.auth
    password = container.settings.demo_password
    admin = Principal(user_id="system:demo-seed", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    region = next((r for r in registry.list_regions(admin) if r.code == REGION[1]), None) \
        or registry.create_region(admin, name=REGION[0], code=REGION[1])
    known_m = {m.code: m for m in registry.list_municipalities(admin, region_id=region.id)}
    municipalities = {code: known_m.get(code) or registry.create_municipality(admin, region_id=region.id,
                                                                              name=name, code=code)
                      for name, code in MUNICIPALITIES}
    known_o = {o.code: o for o in registry.list_organisations(admin)}
    logins = [DemoLogin("admin", "Администратор платформы", "вся платформа")]
    auth.create_account(username="admin", password=password, display_name="Администратор платформы",
                        role=Role.PLATFORM_ADMIN)
    regional = auth.create_account(username="region", password=password, display_name="Региональный оператор",
                                   role=Role.REGIONAL_OPERATOR, region_id=region.id).principal()
    logins.append(DemoLogin("region", "Региональный оператор", region.name))
    jury = auth.create_account(username="jury", password=password, display_name="Член жюри Орлова Анна Викторовна",
                               role=Role.JURY, region_id=region.id)
    logins.append(DemoLogin("jury", "Член жюри конкурса", f"{region.name}: конкурс «Наставник года»"))
    _seed_contest(container, regional, jury.id)
    tutor = auth.create_account(username="tutor", password=password, display_name="Тьютор ЦНППМ Белова Елена Юрьевна",
                                role=Role.TUTOR, region_id=region.id)
    logins.append(DemoLogin("tutor", "Тьютор ЦНППМ", f"{region.name}: назначенные ИОМ педагогов"))
    municipal_curators = {}
    for name, code in MUNICIPALITIES:
        m = municipalities[code]
        municipal_curators[code] = auth.create_account(
            username=f"mun-{code}", password=password, display_name=f"Куратор: {name}",
            role=Role.MUNICIPAL_CURATOR, municipality_id=m.id, region_id=region.id).principal()
        logins.append(DemoLogin(f"mun-{code}", "Муниципальный куратор", name))
    for name, code, municipality_code, login in SCHOOLS:
        m = municipalities[municipality_code]
        org = known_o.get(code) or registry.create_organisation(admin, municipality_id=m.id, name=name,
                                                                 kind="school", code=code)
        account = auth.create_account(username=f"curator-{login}", password=password,
                                      display_name=f"Куратор наставничества, {name}", role=Role.SCHOOL_CURATOR,
                                      org_id=org.id, municipality_id=m.id, region_id=region.id)
        logins.append(DemoLogin(f"curator-{login}", "Куратор наставничества школы", name))
        if login in DIRECTORS:  # the director approves pairs by order and reads the access log
            auth.create_account(username=f"director-{login}", password=password, display_name=f"Директор, {name}",
                                role=Role.SCHOOL_DIRECTOR, org_id=org.id, municipality_id=m.id, region_id=region.id)
            logins.append(DemoLogin(f"director-{login}", "Директор школы", name))
        curator = account.principal()
        if container.participants.list_persons(curator, page_size=1).total == 0:
            _seed_people(container, curator, PEOPLE[login])
            if login == "school1":
                _seed_pairs(container, curator)
        if login == "school1":
            _seed_route(container, curator, tutor.id)
            _seed_register(container, curator, regional)
        _seed_documents(container, curator, municipal_curators[municipality_code], DOCUMENTS[login])
        _seed_self_diagnosis(container, curator, SELF_DIAGNOSES.get(login, ()))
        logins += _participant_logins(container, curator, login, name, password)
    for code, answers in SELF_DIAGNOSES.items():
        if code in municipal_curators:
            _seed_self_diagnosis(container, municipal_curators[code], answers)
    return logins


# Participants who sign in themselves (ADR 010): a teacher mentor and a teacher mentee of the first school, whose
# pair the demo run forms (teacher — teacher). Students never sign in.
PARTICIPANT_LOGINS = {"school1": (("T-001", "mentor", "Наставник (педагог)"),
                                  ("T-014", "mentee", "Наставляемый педагог"))}


def _participant_logins(container: Container, curator: Principal, login: str, school: str,
                        password: str) -> list[DemoLogin]:
    made = []
    for key, role, title in PARTICIPANT_LOGINS.get(login, ()):
        person = next((p for p in container.participants.list_persons(curator, query=key, page_size=5).persons
                       if p.data.external_key == key), None)
        participant = (person.mentor_id if role == "mentor" else person.mentee_id) if person else ""
        if person is None or not participant:
            continue
        username = f"{role}-{login}"
        container.auth.create_account(username=username, password=password, display_name=person.full_name,
                                      role=Role(role), org_id=curator.org_id, municipality_id=curator.municipality_id,
                                      region_id=curator.region_id, participant_id=participant)
        made.append(DemoLogin(username, title, school))
    return made


# What each demo school has done with its roadmap: approved, waiting for the municipality, just started.
DOCUMENTS = {"school1": "approved", "gymnasium3": "submitted", "zarechnaya": "draft"}


# The year's self-diagnosis (ADR 022), so the control page has something to show: school 1 and the Светлогорский
# округ passed it (not every item done), the гимназия has not — with its roadmap on review and no program, it is
# the school in yellow and red on «Контроль школ».
SELF_DIAGNOSES: dict[str, tuple[tuple[str, bool, str], ...]] = {
    "school1": (("regulation", True, "Приказ № 45 от 01.09"), ("curator", True, "Приказ № 46 от 01.09"),
                ("program", False, ""), ("roadmap", True, ""), ("motivation", True, ""), ("mentee_base", True, ""),
                ("mentor_base", True, ""), ("training", False, "Заявки на курсы ЦНППМ поданы"), ("pairs", True, ""),
                ("plans", False, ""), ("monitoring", False, ""), ("evaluation", False, ""), ("site", True, "")),
    "svetlogorsk": (("regulation", True, "Приказ управления образования № 112"), ("curator", True, ""),
                    ("roadmap", False, "Проект на согласовании"), ("mentor_bank", True, ""),
                    ("young_teacher_school", True, "Занятия по вторникам"), ("contest", False, "")),
}


def _seed_self_diagnosis(container: Container, owner: Principal, answers: tuple[tuple[str, bool, str], ...]) -> None:
    if not answers:
        return
    year = date.today().year
    reach = {"org_id": owner.org_id} if owner.org_id else {"municipality_id": owner.municipality_id}
    known = container.tiers.self_diagnoses(owner, year=year, **reach).items
    if any(d.owner_level == ("school" if owner.org_id else "municipality") for d in known):
        return
    container.tiers.save_self_diagnosis(owner, year=year, answers=list(answers))


def _seed_pairs(container: Container, curator: Principal) -> None:
    """One published optimal run, so the first school has pairs to show; the other schools start from none."""
    run = container.matching.start_run(curator, mode="optimal", objective="max_matched_then_score", weights=None,
                                       top_k=3)
    if run.totals is not None and run.totals.matched:
        container.matching.publish(curator, run.id, version=run.version, kind="individual", reporting="monthly",
                                   term_months=9)


def _seed_route(container: Container, curator: Principal, tutor_id: str) -> None:
    """A young teacher's ИОМ (ADR 011) with the teacher's consent and the demo tutor assigned: what the tutor sees."""
    desk = container.routes
    if desk.routes.list_routes(curator):
        return
    teacher = next((p for p in container.participants.list_persons(curator, query="Новикова", kind="staff").persons),
                   None)
    if teacher is None:
        return
    today = date.today()
    start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    route = desk.create(curator, teacher_person_id=teacher.id, years=5, starts_on=start.isoformat(),
                        ideal_image="Учитель информатики, который ведёт проекты учеников и делится опытом с коллегами")
    desk.routes.record_consent(curator, route.id, consent_on=start.isoformat(), consent_document="ИОМ-1")
    desk.assign(curator, route.id, tutor_user_id=tutor_id)
    scores = [(area, score, "") for area, score in zip(
        ("scientific", "legal", "subject", "psychological", "methodical", "digital", "upbringing", "health"),
        (3, 2, 4, 2, 3, 4, 2, 3), strict=True)]
    desk.routes.record_diagnosis(curator, route.id, taken_on=start.isoformat(), scores=scores)
    month_end = date(today.year + (today.month == 12), today.month % 12 + 1, 1) - timedelta(days=1)
    for title, form, due in (("Курсы ДПО «Проектная деятельность на уроках информатики»", "courses", month_end),
                             ("Стажировка в гимназии № 3: сетевые проекты", "internship",
                              date(start.year + 1, 3, 31))):
        desk.routes.add_item(curator, route.id, year=1 if due <= date(start.year + 1, 8, 31) else 2, title=title,
                             form=form, due_on=due.isoformat(), product="")


def _seed_register(container: Container, curator: Principal, regional: Principal) -> None:
    """Two scientific-practical events and a practice that passed the regional review and is in the catalogue
    (ADR 025), so the register's pages, the catalogue and indicators 4.1–4.5 are not empty."""
    register = container.register
    if register.events(curator).events:
        return
    year = date.today().year if date.today().month >= 11 else date.today().year - 1
    register.record_event(curator, {
        "title": "Круглый стол «Наставник и молодой педагог: первый год в школе»", "held_on": f"{year}-09-25",
        "kind": "round_table", "level": "municipal", "role": "held", "participants": 34, "teachers": 18,
        "partners": 2, "mentors": 9, "mentees": 7})
    register.record_event(curator, {
        "title": "Региональная конференция «Наставничество в образовании»", "held_on": f"{year}-10-15",
        "kind": "conference", "level": "regional", "role": "attended", "host": "ИРООО", "teachers": 3,
        "partners": 1})
    practice = register.record_practice(curator, {
        "title": "Мастерская профессионала (peer-to-peer)", "forms": ["teacher_teacher"],
        "summary": "Взаимные посещения уроков и разбор их с коллегой-наставником раз в месяц.",
        "authors": "Куратор наставничества и методическое объединение учителей",
        "links": ["http://akadem.iroooo.ru/peer-to-peer"]})
    register.take_into_review(regional, practice.id)
    register.decide_practice(regional, practice.id, passed=True, note="Рекомендована к распространению в регионе")
    register.publish_practice(curator, practice.id, True)


def _seed_documents(container: Container, curator: Principal, municipal: Principal, stage: str) -> None:
    documents = container.documents
    if documents.headers(curator, kind="roadmap"):
        return
    doc = documents.create(curator, kind="roadmap", owner_level="school")
    if stage == "draft":
        return
    doc = documents.decide(curator, doc.id, action="submit", revision=doc.revision)
    if stage == "approved":
        documents.decide(municipal, doc.id, action="approve", revision=doc.revision)


_ADJECTIVAL = ("ий", "ый", "ой")  # Достоевский → Достоевская, Белый → Белая, Толстой → Толстая
_POSSESSIVE = ("ов", "ёв", "ев", "ин", "ын")  # Волков → Волкова, Кузьмин → Кузьмина


def feminine_surname(surname: str) -> str:
    """The feminine form of a Russian surname; one that is already feminine or does not change stays as it is
    (Соколова, Бондаренко, Шевчук). Each part of a double surname follows the rule on its own."""
    if "-" in surname:
        return "-".join(feminine_surname(part) for part in surname.split("-"))
    if surname.endswith(_ADJECTIVAL):
        return surname[:-2] + "ая"
    if surname.endswith(_POSSESSIVE):
        return surname + "а"
    return surname


def guardian_name(child_surname: str) -> str:
    """The demo guardian of a student: the mother, with the family's surname in its feminine form."""
    return f"{feminine_surname(child_surname)} Елена Викторовна"


def _seed_people(container: Container, curator: Principal,
                 people: list[tuple[str, str, str, str, str, str, str, str]]) -> None:
    """Persons with consents (a guardian's for minors), mentor cards, mentees with a request each."""
    bases = container.participants
    for kind, last, first, middle, key, day, detail, role in people:
        values = {"kind": kind, "last_name": last, "first_name": first, "middle_name": middle, "external_key": key}
        if kind == "student":
            values |= {"birth_date": day, "class_name": detail, "guardian_name": guardian_name(last),
                       "guardian_contact": "+7 900 000-00-00"}
        elif kind == "staff":
            values |= {"hired_on": day, "pedagogical_since": SERVICE_SINCE.get(key, day), "position": detail}
        else:
            values |= {"position": detail, "affiliation": "ООО «Технопарк»"}
        person = bases.add_person(curator, values)
        if not role:
            continue
        by = "guardian" if person.minor else "self"
        bases.give_consent(curator, person.id, {"purpose": "participation", "given_by": by,
                                                "document_ref": f"Согласие № {key}", "text_version": "2025-09"})
        base, _, detail_role = role.partition(":")
        if base == "mentor":
            subjects, competencies, capacity = CARDS[detail_role]
            if detail_role in ("teacher", "veteran"):
                bases.give_consent(curator, person.id, {"purpose": "regional_base", "given_by": "self"})
            mentor = bases.register_mentor(curator, person.id, {
                "origin": detail_role, "subjects": subjects, "competencies": competencies, "capacity": capacity,
                "hours_per_month": 6, "experience_years": 20 if kind == "staff" else 0})
            if detail_role == "employer":
                bases.record_agreement(curator, mentor.id, number="12/25", date="2025-09-01")
        else:
            mentee = bases.register_mentee(curator, person.id, categories=detail_role.split(","))
            bases.submit_request(curator, mentee_id=mentee.id, topics=["Помощь с учёбой"], goal="",
                                 desired_form="", source="classroom_teacher" if kind == "student" else "self")


def _seed_contest(container: Container, operator: Principal, juror_id: str) -> None:
    """The region's «Наставник года» open for applications, with the demo juror on its jury (ADR 023)."""
    desk = container.contests
    if desk.contests.list_contests(operator).contests:
        return
    today = date.today()
    contest = desk.contests.create(
        operator, kind="mentor_of_year", title=f"Региональный конкурс «Наставник года — {today.year}»",
        description="Конкурс лучших практик наставничества педагогов и обучающихся (001 §8).",
        nominations=["Наставник педагога", "Наставник обучающегося"],
        criteria=[("Результаты наставляемых", 10), ("Методическая ценность практики", 10),
                  ("Тиражируемость опыта", 5)],
        applications_until=(today + timedelta(days=60)).isoformat(),
        results_on=(today + timedelta(days=90)).isoformat())
    desk.set_jurors(operator, contest.id, [juror_id])
    desk.contests.move(operator, contest.id, to_state="announced", revision=contest.revision)

