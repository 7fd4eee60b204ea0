"""Who may do what, and how far: one declarative table for gateway routes and gRPC handlers alike.

Each entry says, for an action, which roles may perform it and with what *reach*: their own
organisation (the inner contour), their municipality's or region's organisations (the outer contour),
the teachers assigned to them (tutor), or the platform's structure. A role absent from an entry is
refused. The database's row-level security enforces the same reach independently; this table is the
first gate and the one a person reads (``docs/authorization.md`` is rendered from it).
"""

from __future__ import annotations

import enum

from mentorship_kit.errors import Forbidden
from mentorship_kit.principal import ROLE_SCOPE, Principal, Role, Scope


class Action(enum.StrEnum):
    SESSION = "session"
    STRUCTURE_READ = "structure.read"
    STRUCTURE_MANAGE = "structure.manage"
    MENTOR_LIST = "mentor.list"
    MENTOR_REGISTER = "mentor.register"
    INDICATORS_READ = "indicators.read"
    AUDIT_READ = "audit.read"
    STAFF_MANAGE = "staff.manage"
    DOCUMENT_READ = "document.read"
    DOCUMENT_EDIT = "document.edit"
    DOCUMENT_DECIDE = "document.decide"
    PERSON_READ = "person.read"
    PERSON_MANAGE = "person.manage"
    PERSON_IMPORT = "person.import"
    CONSENT_MANAGE = "consent.manage"
    MENTEE_LIST = "mentee.list"
    MENTEE_MANAGE = "mentee.manage"
    REQUEST_MANAGE = "request.manage"
    MENTOR_PUBLIC_SEARCH = "mentor.public_search"
    LOGIN_LOCK_LIFT = "login_lock.lift"
    MATCHING_RUN = "matching.run"
    MATCHING_READ = "matching.read"
    PAIR_READ = "pair.read"
    PAIR_WORK_RECORD = "pair_work.record"
    ONBOARDING = "onboarding.manage"
    MATCHING_REGIONAL_RUN = "matching.regional_run"
    MATCHING_OFFER_DECIDE = "matching.offer_decide"
    EVALUATION_READ = "evaluation.read"
    EVALUATION_SCORE = "evaluation.score"
    ROUTE_READ = "route.read"
    ROUTE_MANAGE = "route.manage"
    ROUTE_WORK = "route.work"
    PAIR_PETITION = "pair.petition"
    MONITORING_SETTINGS = "monitoring.settings"
    SCHOOL_REPORT = "monitoring.school_report"
    PARTICIPANT_LOGIN = "participant.login"
    QUESTIONNAIRE_READ = "questionnaire.read"
    QUESTIONNAIRE_MANAGE = "questionnaire.manage"
    QUESTIONNAIRE_ANSWER = "questionnaire.answer"
    PROGRAM_PUBLISH = "program.publish"
    PROGRAM_BASE_READ = "program_base.read"
    AGREEMENT_READ = "agreement.read"
    AGREEMENT_MANAGE = "agreement.manage"
    COURSE_READ = "course.read"
    COURSE_MANAGE = "course.manage"
    COURSE_APPLY = "course.apply"
    COURSE_ENROL = "course.enrol"
    YOUNG_TEACHER_READ = "young_teacher.read"
    YOUNG_TEACHER_PLAN = "young_teacher.plan"
    YOUNG_TEACHER_ATTENDANCE = "young_teacher.attendance"
    RISK_READ = "risk.read"
    RISK_MITIGATE = "risk.mitigate"
    CONTROL_READ = "control.read"
    SELF_DIAGNOSIS_FILL = "self_diagnosis.fill"
    SELF_DIAGNOSIS_READ = "self_diagnosis.read"
    CONTEST_READ = "contest.read"
    CONTEST_MANAGE = "contest.manage"
    CONTEST_APPLY = "contest.apply"
    CONTEST_JUDGE = "contest.judge"
    REGISTER_READ = "register.read"
    REGISTER_RECORD = "register.record"
    PRACTICE_REVIEW = "practice.review"
    PRACTICE_CATALOGUE = "practice.catalogue"


class Reach(enum.StrEnum):
    OWN_ORG = "own_org"
    OWN_MUNICIPALITY = "own_municipality"
    OWN_REGION = "own_region"
    ASSIGNED = "assigned"
    OWN = "own"
    JUDGED = "judged"
    PLATFORM = "platform"


ACTION_TITLES: dict[Action, str] = {
    Action.SESSION: "Вход, выход, сведения о себе",
    Action.STRUCTURE_READ: "Просмотр структуры: регионы, муниципалитеты, организации",
    Action.STRUCTURE_MANAGE: "Создание регионов, муниципалитетов, организаций",
    Action.MENTOR_LIST: "Просмотр базы наставников (персональные данные)",
    Action.MENTOR_REGISTER: "Наставник в базе: добавление и вывод, формуляр, статус, обучение, договор, словарь",
    Action.INDICATORS_READ: "Показатели (только числа, без ФИО)",
    Action.AUDIT_READ: "Журнал доступа к персональным данным своей организации",
    Action.STAFF_MANAGE: "Учётные записи сотрудников своей организации",
    Action.DOCUMENT_READ: "Просмотр программ и дорожных карт (не персональные данные)",
    Action.DOCUMENT_EDIT: "Составление своей программы/дорожной карты, отправка на согласование, ход выполнения",
    Action.DOCUMENT_DECIDE: "Согласование или возврат документов подведомственных организаций",
    Action.PERSON_READ: "Просмотр сотрудников и обучающихся школы, карточка человека (персональные данные)",
    Action.PERSON_MANAGE: "Добавление и изменение сведений о сотрудниках и обучающихся",
    Action.PERSON_IMPORT: "Загрузка списков сотрудников и обучающихся из XLSX/CSV",
    Action.CONSENT_MANAGE: "Внесение и отзыв согласий на обработку персональных данных",
    Action.MENTEE_LIST: "Просмотр базы наставляемых и запросов (персональные данные)",
    Action.MENTEE_MANAGE: "Наставляемый в базе: добавление и вывод, категории",
    Action.REQUEST_MANAGE: "Запросы наставляемых: внесение, смена статуса",
    Action.MENTOR_PUBLIC_SEARCH: "Региональная база наставников: публичные профили с согласия наставника",
    Action.LOGIN_LOCK_LIFT: "Снятие блокировки входа после неудачных попыток",
    Action.MATCHING_RUN: "Подбор наставников: запуск, правка вручную, утверждение и закрытие пар",
    Action.MATCHING_READ: "Просмотр прогонов подбора: кандидаты с обоснованием (персональные данные)",
    Action.PAIR_READ: "Просмотр наставнических пар школы (персональные данные)",
    Action.PAIR_WORK_RECORD: "Работа пар: запись встреч и дневника наставника, календарный план, срок контроля встреч",
    Action.ONBOARDING: "Первые учётные записи организаций, муниципалитетов и региона; реестр организаций из XLSX",
    Action.MATCHING_REGIONAL_RUN: "Подбор виртуального наставничества по муниципалитету/региону: запуск и итоги "
                                  "(только числа и публичные профили наставников, без ФИО обучающихся)",
    Action.MATCHING_OFFER_DECIDE: "Предложения виртуального наставничества школе: просмотр, принятие и отказ",
    Action.EVALUATION_READ: "Оценка программы наставничества школы: показатели с подтверждениями, история, "
                            "аналитическая справка",
    Action.EVALUATION_SCORE: "Оценка программы наставничества: выставление баллов и исправление с причиной",
    Action.ROUTE_READ: "Просмотр индивидуальных образовательных маршрутов (ИОМ) педагогов",
    Action.ROUTE_MANAGE: "ИОМ педагога: открытие, согласие педагога на тьюторское сопровождение, назначение тьютора",
    Action.ROUTE_WORK: "Работа по ИОМ: самодиагностика, дорожная карта и её выполнение, рефлексия и комментарии",
    Action.PAIR_PETITION: "Ходатайство по паре: наставляемый просит заменить наставника, наставник — освободить его",
    Action.MONITORING_SETTINGS: "Срок контроля встреч школы и адреса для напоминаний",
    Action.SCHOOL_REPORT: "Отчёт куратора о наставничестве в школе за полугодие (DOCX)",
    Action.PARTICIPANT_LOGIN: "Учётные записи наставников и наставляемых-педагогов: выдача из карточки, отключение",
    Action.QUESTIONNAIRE_READ: "Анкеты школы: ответы, выгрузка в XLSX, динамика замеров на входе и выходе "
                               "(персональные данные)",
    Action.QUESTIONNAIRE_MANAGE: "Анкеты школы: конструктор и шаблоны, публикация, персональные ссылки, ввод "
                                 "бумажных анкет",
    Action.QUESTIONNAIRE_ANSWER: "Мои анкеты: свои открытые приглашения и ответ на них в платформе, без ссылки",
    Action.PROGRAM_PUBLISH: "Публикация утверждённой программы школы в региональной базе программ и снятие с неё",
    Action.REGISTER_READ: "Реестр научно-практических мероприятий и практик школы: просмотр (названия и числа, "
                          "без имён)",
    Action.REGISTER_RECORD: "Запись мероприятий и практик школы в реестр, публикация практики в каталоге",
    Action.PRACTICE_REVIEW: "Экспертиза практик наставничества школ: взять на экспертизу, принять или вернуть",
    Action.PRACTICE_CATALOGUE: "Региональный каталог лучших практик наставничества: поиск и просмотр",
    Action.PROGRAM_BASE_READ: "Региональная база программ наставничества: поиск и просмотр (без персональных данных)",
    Action.AGREEMENT_READ: "Соглашения о сотрудничестве региона и муниципалитета: просмотр, ссылка из договора "
                           "внешнего наставника",
    Action.AGREEMENT_MANAGE: "Соглашения о сотрудничестве: заключение (внесение) и расторжение",
    Action.COURSE_READ: "Курсы повышения квалификации наставников (ЦНППМ): график и заявленные места",
    Action.COURSE_MANAGE: "Курсы повышения квалификации наставников: внесение в график",
    Action.COURSE_APPLY: "Заявка муниципалитета на курсы: число мест по школам",
    Action.COURSE_ENROL: "Запись своих наставников на курсы по местам школы и отметка об окончании (в «обучение»)",
    Action.YOUNG_TEACHER_READ: "Школа молодого учителя: план занятий на 3 года и посещаемость (числа по школам)",
    Action.YOUNG_TEACHER_PLAN: "Школа молодого учителя: план занятий муниципалитета и отметка о проведении",
    Action.YOUNG_TEACHER_ATTENDANCE: "Школа молодого учителя: посещение занятий своими педагогами "
                                     "(персональные данные)",
    Action.RISK_READ: "Риски внедрения наставничества по школам (004 §VI): сигналы из чисел и журнал мер",
    Action.RISK_MITIGATE: "Риски: запись принятых мер в журнал",
    Action.CONTROL_READ: "Контроль школ и муниципалитетов: светофор по дорожным картам, программам, парам, оценке и "
                         "самодиагностике, выгрузка в XLSX (только числа, без ФИО)",
    Action.SELF_DIAGNOSIS_FILL: "Самодиагностика своей школы или своего муниципалитета за год (новая версия — "
                                "исправление)",
    Action.SELF_DIAGNOSIS_READ: "Просмотр самодиагностики: своей и уровнем ниже (муниципалитет — своих школ, "
                                "регион — муниципалитетов)",
    Action.CONTEST_READ: "Конкурсы: объявления, заявки своего уровня, итоги и награды (член жюри — только свои "
                         "конкурсы)",
    Action.CONTEST_MANAGE: "Конкурс своего уровня: объявление, номинации и критерии, жюри, подведение итогов",
    Action.CONTEST_APPLY: "Заявка на конкурс уровнем выше: наставник, пара, педагог, школа, муниципальная модель "
                          "(только сведения, на показ которых дано согласие)",
    Action.CONTEST_JUDGE: "Оценка заявок по критериям и заявление о конфликте интересов (член жюри)",
}

REACH_TITLES: dict[Reach, str] = {
    Reach.OWN_ORG: "своя организация",
    Reach.OWN_MUNICIPALITY: "организации своего муниципалитета",
    Reach.OWN_REGION: "все организации своего региона",
    Reach.ASSIGNED: "назначенные ему педагоги (с их согласия)",
    Reach.OWN: "свои пары и встречи",
    Reach.JUDGED: "конкурсы, в жюри которых он включён",
    Reach.PLATFORM: "структура платформы, без персональных данных",
}

_TIER_REACH = {Scope.ORG: Reach.OWN_ORG, Scope.MUNICIPALITY: Reach.OWN_MUNICIPALITY, Scope.REGION: Reach.OWN_REGION,
               Scope.PLATFORM: Reach.PLATFORM}


def _tier(*roles: Role) -> dict[Role, Reach]:
    """Each role reaches as far as its tier: school → own org, municipality → its schools, …"""
    return {role: _TIER_REACH[ROLE_SCOPE[role]] for role in roles}


_SCHOOL_STAFF = (Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.SCHOOL_PSYCHOLOGIST)


def _own(*roles: Role) -> dict[Role, Reach]:
    """A participant's login (ADR 010): only the pairs and groups where he or she is the mentor or the mentee."""
    return {role: Reach.OWN for role in roles}


POLICY: dict[Action, dict[Role, Reach]] = {
    # Structure is not personal data: every role reads it as far as its tier. The tutor's reach over
    # people (Reach.ASSIGNED) is the individual routes (ИОМ) assigned to him or her.
    Action.SESSION: _tier(*Role),
    # A juror's login reaches no school's rows in any database (db.database_scope, ADR 023): his structure is the
    # contests he judges.
    Action.STRUCTURE_READ: {**_tier(*(r for r in Role if r is not Role.JURY)), Role.JURY: Reach.JUDGED},
    Action.STRUCTURE_MANAGE: _tier(Role.PLATFORM_ADMIN),
    Action.MENTOR_LIST: _tier(*_SCHOOL_STAFF),
    Action.MENTOR_REGISTER: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.INDICATORS_READ: _tier(*_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR,
                                  Role.REGIONAL_DEPARTMENT),
    Action.AUDIT_READ: _tier(Role.SCHOOL_DIRECTOR),
    Action.STAFF_MANAGE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.DOCUMENT_READ: _tier(*_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR,
                                Role.REGIONAL_DEPARTMENT),
    # The regional operator keeps the regional roadmap (004 App. 2, issue 15 item 1).
    Action.DOCUMENT_EDIT: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.MUNICIPAL_CURATOR,
                                Role.REGIONAL_OPERATOR),
    # A school's documents are decided by its municipality, a municipality's by the region (004 §4.2).
    Action.DOCUMENT_DECIDE: _tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR),
    # The school's bases are personal data of its inner contour (004 §IV): never the outer contour.
    Action.PERSON_READ: _tier(*_SCHOOL_STAFF),
    Action.PERSON_MANAGE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.PERSON_IMPORT: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.CONSENT_MANAGE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.MENTEE_LIST: _tier(*_SCHOOL_STAFF),
    # The psychologist identifies needs and brings requests (001 §2: «педагог-психолог»).
    Action.MENTEE_MANAGE: _tier(*_SCHOOL_STAFF),
    Action.REQUEST_MANAGE: _tier(*_SCHOOL_STAFF),
    # The one exception to the contour rule: a consenting mentor's public profile, across the region.
    Action.MENTOR_PUBLIC_SEARCH: {role: Reach.OWN_REGION for role in (
        *_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT, Role.TUTOR)},
    # Five wrong passwords lock any login for the window, the admin's included; the admin lifts a lock.
    Action.LOGIN_LOCK_LIFT: _tier(Role.PLATFORM_ADMIN),
    # Pairs are formed by the school's curator and director (001 §9 steps 17-20, the director's order).
    Action.MATCHING_RUN: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.MATCHING_READ: _tier(*_SCHOOL_STAFF),
    # A mentor and a teacher mentee who sign in (ADR 010) read their own pairs, meetings and plan; students do not
    # sign in (the mentor or the curator records for them).
    Action.PAIR_READ: {**_tier(*_SCHOOL_STAFF), **_own(Role.MENTOR, Role.MENTEE)},
    # The curator controls the pairs' work (001 §9 steps 21-34); the mentor logs the meetings and the diary of his own
    # pairs, plans them, drafts and agrees the plan as the mentor and fills the reports of the periods.
    Action.PAIR_WORK_RECORD: {**_tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR), **_own(Role.MENTOR)},
    # 004 §5.2: a mentee may ask for another mentor, a mentor to be released; the curator files either on paper's
    # behalf and decides (MATCHING_RUN).
    Action.PAIR_PETITION: {**_tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR), **_own(Role.MENTOR, Role.MENTEE)},
    Action.MONITORING_SETTINGS: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.SCHOOL_REPORT: _tier(*_SCHOOL_STAFF),
    # Logins of the school's participants are issued by the curator (or director) from the mentor's / mentee's card.
    Action.PARTICIPANT_LOGIN: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    # A new region starts here: the admin anywhere, the regional operator inside its own region only
    # (the organisations, municipalities and first logins it creates must lie in that region).
    Action.ONBOARDING: _tier(Role.PLATFORM_ADMIN, Role.REGIONAL_OPERATOR),
    # Virtual mentoring across organisations (ADR 009): the outer contour starts a run over its schools and sees
    # counts; the school decides for its own mentees, whose names never leave it.
    Action.MATCHING_REGIONAL_RUN: _tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR),
    Action.MATCHING_OFFER_DECIDE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    # The school's own evaluation of its program (001 §6): the curator (or the commission it records) scores it;
    # the outer contour sees levels and totals through reporting (INDICATORS_READ), never this sheet.
    Action.EVALUATION_READ: _tier(*_SCHOOL_STAFF),
    Action.EVALUATION_SCORE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    # A teacher's ИОМ with the ЦНППМ tutor (004 §4.3.3, ADR 011): the school opens it and assigns the tutor with the
    # teacher's consent; the tutor reaches only the routes assigned to him or her (row-level security as well).
    Action.ROUTE_READ: {**_tier(*_SCHOOL_STAFF), Role.TUTOR: Reach.ASSIGNED},
    Action.ROUTE_MANAGE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.ROUTE_WORK: {**_tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR), Role.TUTOR: Reach.ASSIGNED},
    # Questionnaires (001 §6, §9 steps 5, 10, 18, 28; ADR 012): the curator runs them, the psychologist reads the
    # answers and the dynamics; participants answer through their personal links, without an account.
    Action.QUESTIONNAIRE_READ: _tier(*_SCHOOL_STAFF),
    Action.QUESTIONNAIRE_MANAGE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    # A participant answers only the invitations sent to him or her (respondent_id = participant_id, ADR 012).
    Action.QUESTIONNAIRE_ANSWER: _own(Role.MENTOR, Role.MENTEE),
    # The regional base of programs (004 App. 2 п.2.3, ADR 024): the school chooses to publish its approved program;
    # every tier of the region reads the base — documents, not personal data.
    Action.PROGRAM_PUBLISH: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.PROGRAM_BASE_READ: {role: Reach.OWN_REGION for role in (
        *_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT, Role.TUTOR)},
    # Agreements of cooperation (004 App. 2 п.1.6): the regional operator keeps the region's, a municipality its own;
    # a school reads both to refer its external mentor's agreement to one.
    Action.AGREEMENT_READ: {Role.SCHOOL_DIRECTOR: Reach.OWN_MUNICIPALITY, Role.SCHOOL_CURATOR: Reach.OWN_MUNICIPALITY,
                            **_tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT)},
    Action.AGREEMENT_MANAGE: _tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR),
    # Courses for mentors at ЦНППМ (002 п.4.2-4.3): the region schedules, the municipality asks seats per school, the
    # school names its mentors (names never leave it) and records completion into the mentor's training.
    Action.COURSE_READ: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.MUNICIPAL_CURATOR,
                              Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT, Role.TUTOR),
    Action.COURSE_MANAGE: _tier(Role.REGIONAL_OPERATOR),
    Action.COURSE_APPLY: _tier(Role.MUNICIPAL_CURATOR),
    Action.COURSE_ENROL: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    # Школа молодого учителя (002 §6.5): the municipal curator plans and holds it; a school marks its teachers.
    Action.YOUNG_TEACHER_READ: _tier(*_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR,
                                     Role.REGIONAL_DEPARTMENT),
    Action.YOUNG_TEACHER_PLAN: _tier(Role.MUNICIPAL_CURATOR),
    Action.YOUNG_TEACHER_ATTENDANCE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    # Risks (004 §VI): signals from counts per school and the outer contour's log of what it did about them.
    Action.RISK_READ: _tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT),
    Action.RISK_MITIGATE: _tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR),
    # Control of schools (issue 15 item 2): the municipality over its schools, the region over its municipalities,
    # from reporting's counts only.
    Action.CONTROL_READ: _tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT),
    # Самодиагностика (004 App. 2 п. 3.3): «МОУО, ОО» fill their own, the tier above reads it.
    Action.SELF_DIAGNOSIS_FILL: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.MUNICIPAL_CURATOR),
    Action.SELF_DIAGNOSIS_READ: _tier(*_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR,
                                      Role.REGIONAL_DEPARTMENT),
    # Contests (001 §8, 002, 004 App. 2 п.2.5; ADR 023): each tier announces its own and judges through its jury; the
    # tier below applies (a school its mentors, pairs, teachers and itself; a municipality its model). A juror
    # reaches only the contests he or she judges (row-level security as well).
    Action.CONTEST_READ: {**_tier(*_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR,
                                  Role.REGIONAL_DEPARTMENT), Role.JURY: Reach.JUDGED},
    Action.CONTEST_MANAGE: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.MUNICIPAL_CURATOR,
                                 Role.REGIONAL_OPERATOR),
    Action.CONTEST_APPLY: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.MUNICIPAL_CURATOR),
    Action.CONTEST_JUDGE: {Role.JURY: Reach.JUDGED},
    # The register of scientific-practical events and practices (000 App. 2 п. 4, App. 3; ADR 025): the school's
    # curator records, the tiers above read titles and counts; the municipal or regional expert reviews practices;
    # every tier of the region searches the catalogue of practices that passed the review.
    Action.REGISTER_READ: _tier(*_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR,
                                Role.REGIONAL_DEPARTMENT),
    Action.REGISTER_RECORD: _tier(Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR),
    Action.PRACTICE_REVIEW: _tier(Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR),
    Action.PRACTICE_CATALOGUE: {role: Reach.OWN_REGION for role in (
        *_SCHOOL_STAFF, Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT, Role.TUTOR)},
}


def reach(principal: Principal, action: Action) -> Reach | None:
    """The reach the principal's roles have for the action (they share one tier); None when refused."""
    reaches = [POLICY[action][role] for role in principal.roles if role in POLICY[action]]
    return reaches[0] if reaches else None


def is_allowed(principal: Principal, action: Action) -> bool:
    return reach(principal, action) is not None


def require(principal: Principal, action: Action) -> Reach:
    found = reach(principal, action)
    if found is None:
        raise Forbidden("Недостаточно прав для этого действия")
    return found


def within_reach(principal: Principal, granted: Reach, *, org_id: str | None = None,
                 municipality_id: str | None = None, region_id: str | None = None) -> bool:
    """Whether a target (an organisation, or a municipality/region) lies inside the granted reach."""
    if granted is Reach.PLATFORM:
        return True
    if granted is Reach.OWN_REGION:
        return region_id is not None and region_id == principal.region_id
    if granted is Reach.OWN_MUNICIPALITY:
        return municipality_id is not None and municipality_id == principal.municipality_id
    if granted in (Reach.OWN_ORG, Reach.OWN):
        return org_id is not None and org_id == principal.org_id
    return False


def owns(principal: Principal, granted: Reach, *, mentor_ids: tuple[str, ...] | list[str] = (),
         mentee_ids: tuple[str, ...] | list[str] = ()) -> bool:
    """Whether a pair or a group (its mentors' card ids, its mentees' ids) lies inside the granted reach for what the
    reach ``own`` adds to the school: the mentor's own pairs, the mentee's own. Any other reach: True (the tenant
    is the database's and ``within_reach``'s business). The participant id comes from the principal only."""
    if granted is not Reach.OWN:
        return True
    me, role = principal.participant_id, principal.participant_role
    if not me or role is None:
        return False
    return me in (mentor_ids if role is Role.MENTOR else mentee_ids)


def render_markdown() -> str:
    """The table as a person reads it (``docs/authorization.md``)."""
    roles = list(Role)
    lines = [
        "# Кто что может — таблица полномочий",
        "",
        "Сгенерировано из `libs/mentorship_kit/policy.py` (`python -m mentorship_kit.policy`); тест сверяет.",
        "Каждую операцию шлюза и каждого gRPC-обработчика проверяет эта таблица; строки в базе данных",
        "дополнительно отсекает row-level security. «—» — запрещено.",
        "",
        "| действие | " + " | ".join(f"`{r.value}` ({ROLE_SCOPE[r].value})" for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for action in Action:
        cells = [REACH_TITLES[POLICY[action][r]] if r in POLICY[action] else "—" for r in roles]
        lines.append(f"| {ACTION_TITLES[action]} (`{action.value}`) | " + " | ".join(cells) + " |")
    lines += ["", "Контурное правило (004 §IV): персональные данные обучающихся и наставляемых остаются в школе;",
              "внешний контур (муниципалитет, регион) видит документы, показатели и публичные профили",
              "наставников, давших согласие, — но не списки людей.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
