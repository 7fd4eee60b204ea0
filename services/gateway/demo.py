"""Demo data: a region with two municipalities, three schools, their staff and a few mentors.

Idempotent: structure is found by code, accounts are updated in place, mentors are added only to a
school whose base is still empty. Goes through the services' public gRPC contracts like any client.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.container import Container
from mentorship_kit.principal import Principal, Role, Scope

REGION = ("Демонстрационная область", "demo")
MUNICIPALITIES = [("Светлогорский городской округ", "svetlogorsk"), ("Заречный муниципальный район", "zarechny")]
SCHOOLS = [
    ("МБОУ «Средняя общеобразовательная школа № 1»", "demo-school-1", "svetlogorsk", "school1"),
    ("МАОУ «Гимназия № 3»", "demo-gymnasium-3", "svetlogorsk", "gymnasium3"),
    ("МКОУ «Заречная средняя школа»", "demo-zarechnaya", "zarechny", "zarechnaya"),
]
MENTORS = {
    "school1": [("Иванова Мария Петровна", "teacher", ["Математика"], ["Подготовка к олимпиадам"], 3),
                ("Смирнов Алексей Викторович", "employer", ["Информатика"], ["Проектная деятельность"], 2)],
    "gymnasium3": [("Кузнецова Ольга Игоревна", "veteran", ["Русский язык", "Литература"],
                    ["Методическая поддержка"], 2)],
    "zarechnaya": [("Петров Дмитрий Сергеевич", "student", ["Физика"], ["Адаптация в коллективе"], 1)],
}


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
    auth.create_account(username="region", password=password, display_name="Региональный оператор",
                        role=Role.REGIONAL_OPERATOR, region_id=region.id)
    logins.append(DemoLogin("region", "Региональный оператор", region.name))
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
        curator = account.principal()
        if registry.list_mentors(curator, page_size=1).total == 0:
            for full_name, origin, subjects, competencies, capacity in MENTORS[login]:
                registry.register_mentor(curator, full_name=full_name, origin=origin, capacity=capacity,
                                         subjects=subjects, competencies=competencies)
        _seed_documents(container, curator, municipal_curators[municipality_code], DOCUMENTS[login])
    return logins


# What each demo school has done with its roadmap: approved, waiting for the municipality, just started.
DOCUMENTS = {"school1": "approved", "gymnasium3": "submitted", "zarechnaya": "draft"}


def _seed_documents(container: Container, curator: Principal, municipal: Principal, stage: str) -> None:
    documents = container.documents
    if documents.headers(curator, kind="roadmap"):
        return
    doc = documents.create(curator, kind="roadmap", owner_level="school")
    if stage == "draft":
        return
    doc = documents.decide(curator, doc["id"], action="submit", revision=doc["revision"])
    if stage == "approved":
        documents.decide(municipal, doc["id"], action="approve", revision=doc["revision"])
