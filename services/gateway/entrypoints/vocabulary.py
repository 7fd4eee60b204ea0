"""Russian names of the platform's value sets, as the seeds spell them."""

from __future__ import annotations

MENTOR_ORIGIN_TITLES: dict[str, str] = {
    "student": "Обучающийся",
    "teacher": "Педагог",
    "parent": "Родитель",
    "graduate": "Выпускник",
    "employer": "Сотрудник предприятия",
    "entrepreneur": "Предприниматель, общественный деятель",
    "ngo": "Представитель НКО",
    "veteran": "Ветеран педагогического труда",
    "university": "Преподаватель вуза, колледжа",
}

ORGANISATION_KIND_TITLES: dict[str, str] = {
    "school": "Общеобразовательная организация",
    "college": "Профессиональная образовательная организация (СПО)",
    "additional": "Организация дополнительного образования",
}

FIELD_TITLES: dict[str, str] = {
    "full_name": "ФИО",
    "origin": "Кем является наставник",
    "capacity": "Число наставляемых",
    "subjects": "Предметы",
    "competencies": "Компетенции",
    "username": "Логин",
    "password": "Пароль",
    "name": "Название",
    "code": "Код",
    "kind": "Тип",
    "grouping": "Группировка",
    "page_size": "Размер страницы",
    "page_token": "Страница",
    "person_id": "Человек",
    "external_key": "Идентификатор",
    "last_name": "Фамилия",
    "first_name": "Имя",
    "middle_name": "Отчество",
    "birth_date": "Дата рождения",
    "class_name": "Класс",
    "guardian_name": "Законный представитель",
    "guardian_contact": "Контакт представителя",
    "position": "Должность",
    "hired_on": "Дата приёма на работу",
    "education": "Образование",
    "affiliation": "Место работы или учёбы",
    "email": "E-mail",
    "phone": "Телефон",
    "version": "Версия",
    "purpose": "Цель согласия",
    "given_by": "Кто дал согласие",
    "giver_name": "ФИО давшего согласие",
    "document_ref": "Реквизиты документа согласия",
    "text_version": "Редакция текста согласия",
    "given_on": "Дата согласия",
    "withdrawn_on": "Дата отзыва",
    "reason": "Основание",
    "experience_years": "Стаж, лет",
    "life_experience": "Жизненный опыт",
    "interests": "Сфера интересов",
    "age_group": "Возрастная категория наставляемых",
    "hours_per_month": "Часов в месяц",
    "level": "Статус наставника",
    "course": "Курс",
    "hours": "Часов",
    "completed_on": "Дата окончания",
    "provider": "Кто обучал",
    "number": "Номер договора",
    "date": "Дата",
    "term": "Компетенция",
    "categories": "Категории наставляемого",
    "notes": "Примечание",
    "mentee_id": "Наставляемый",
    "topics": "Темы запроса",
    "goal": "Цель",
    "desired_form": "Форма наставничества",
    "source": "От кого запрос",
    "status": "Статус",
    "query": "Поиск",
    "consent": "Согласие",
    "base": "База",
    "active_only": "Только действующие",
    "municipality_id": "Муниципалитет",
    "file": "Файл",
    "format": "Формат",
    "errors_limit": "Число ошибок на странице",
    "errors_offset": "Начиная с ошибки",
}

PERSON_KIND_TITLES: dict[str, str] = {
    "student": "Обучающийся",
    "staff": "Сотрудник",
    "external": "Внешний участник",
}

CONSENT_PURPOSE_TITLES: dict[str, str] = {
    "participation": "Участие в программе наставничества",
    "regional_base": "Публикация профиля в региональной базе наставников",
}

CONSENT_GIVER_TITLES: dict[str, str] = {
    "self": "Сам(а)",
    "guardian": "Законный представитель",
}

MENTOR_LEVEL_TITLES: dict[str, str] = {
    "initial": "Начальный",
    "gold": "Золотой",
    "platinum": "Платиновый",
}

AGE_GROUP_TITLES: dict[str, str] = {
    "": "Любая",
    "primary": "1–4 класс",
    "middle": "5–9 класс",
    "senior": "10–11 класс",
    "college": "Студенты СПО",
    "adult": "Педагоги, взрослые",
}

STUDENT_CATEGORY_TITLES: dict[str, str] = {
    "gifted": "Проявляет выдающиеся способности",
    "low_results": "Низкие образовательные результаты",
    "disability": "ОВЗ",
    "hard_life_situation": "Трудная жизненная ситуация",
    "behaviour": "Проблемы с поведением",
    "disengaged": "Не участвует в жизни школы",
    "adaptation": "Адаптация к новым условиям",
}

STAFF_CATEGORY_TITLES: dict[str, str] = {
    "young_specialist": "Молодой специалист (стаж 0–3 года)",
    "burnout": "Эмоциональное выгорание",
    "new_in_team": "Новый педагог в коллективе",
    "digital_skills": "Цифровые навыки, ИКТ",
    "non_pedagogical_education": "Непедагогическое образование",
    "new_technology": "Освоение новой технологии",
}

MENTEE_CATEGORY_TITLES: dict[str, str] = {**STUDENT_CATEGORY_TITLES, **STAFF_CATEGORY_TITLES}

DERIVED_CATEGORIES = frozenset({"young_specialist"})
"""Set by the registry from the date of hiring, never chosen by hand."""

MENTORING_FORM_TITLES: dict[str, str] = {
    "student_student": "Ученик – ученик",
    "teacher_teacher": "Учитель – учитель",
    "student_pupil": "Студент – ученик",
    "employer_pupil": "Работодатель – ученик",
    "employer_student": "Работодатель – студент",
    "team_team": "Команда – команда",
    "teacher_pupil": "Учитель – ученик",
    "head_teacher": "Руководитель – педагог",
    "university_teacher": "Преподаватель вуза – педагог",
}

REQUEST_SOURCE_TITLES: dict[str, str] = {
    "self": "Сам наставляемый",
    "classroom_teacher": "Классный руководитель",
    "psychologist": "Педагог-психолог",
    "parents": "Родители",
}

REQUEST_STATUS_TITLES: dict[str, str] = {
    "open": "Открыт",
    "matched": "Подобран наставник",
    "withdrawn": "Отозван",
}

REQUEST_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("matched", "withdrawn"),
    "matched": ("open", "withdrawn"),
    "withdrawn": (),
}
"""Which status buttons a request shows; the registry enforces the same rule."""

IMPORT_KIND_TITLES: dict[str, str] = {
    "students": "Обучающиеся",
    "staff": "Сотрудники",
}

IMPORT_STATUS_TITLES: dict[str, str] = {
    "checking": "Проверяется",
    "preview": "Проверен — ждёт подтверждения",
    "committing": "Записывается",
    "done": "Записан",
    "failed": "Не удался",
}

FACET_TITLES: dict[str, str] = {
    "person.student": "Обучающихся в базе организации",
    "person.staff": "Сотрудников в базе организации",
    "person.external": "Внешних участников",
    "consent.participation.given": "Действующих согласий",
    "consent.participation.withdrawn": "Отозванных согласий",
    "consent.regional_base.given": "Согласий на региональную базу",
    "consent.regional_base.withdrawn": "Отозванных согласий на региональную базу",
    "mentor": "Наставников в базе",
    "mentor.inactive": "Выбывших наставников",
    **{f"mentor.origin.{k}": f"из них: {v.lower()}" for k, v in MENTOR_ORIGIN_TITLES.items()},
    "mentor.origin.teacher": "из них педагогов",
    "mentor.level.initial": "Наставников со статусом «начальный»",
    "mentor.level.gold": "Наставников со статусом «золотой»",
    "mentor.level.platinum": "Наставников со статусом «платиновый»",
    "mentor.trained": "Наставников, прошедших обучение",
    "mentor.published": "Наставников в региональной базе",
    "mentee": "Наставляемых",
    "mentee.inactive": "Выбывших наставляемых",
    "mentee.student": "Наставляемых-обучающихся",
    "mentee.staff": "Наставляемых-педагогов",
    **{f"mentee.category.{k}": f"Наставляемых: {v.lower() if k != 'disability' else v}"
       for k, v in MENTEE_CATEGORY_TITLES.items()},
    "request.by.student": "Запросов от обучающихся",
    "request.by.staff": "Запросов от педагогов",
    "request.status.open": "Открытых запросов",
    "request.status.matched": "Запросов с подобранным наставником",
    "request.status.withdrawn": "Отозванных запросов",
    "transition.student": "Обучающихся, ставших наставниками (3.7)",
    "transition.staff": "Педагогов, ставших наставниками (3.4)",
}

APPENDIX_2_INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("1.1", "Обучающиеся, подавшие запрос на помощь наставника", "request.by.student"),
    ("1.2", "Педагоги, подавшие запрос на работу в паре в качестве наставляемого", "request.by.staff"),
    ("2.1", "Наставники, прошедшие обучение по наставничеству", "mentor.trained"),
    ("2.2", "Наставники из числа педагогов", "mentor.origin.teacher"),
    ("2.3", "Наставники из числа выпускников", "mentor.origin.graduate"),
    ("2.4", "Наставники — сотрудники региональных предприятий", "mentor.origin.employer"),
    ("2.5", "Наставники — успешные предприниматели, общественные деятели", "mentor.origin.entrepreneur"),
    ("2.6", "Наставники — сотрудники НКО, участники региональных социальных проектов", "mentor.origin.ngo"),
    ("3.4", "Педагоги, сменившие статус с наставляемого на наставника", "transition.staff"),
    ("3.7", "Обучающиеся, сменившие статус с наставляемого на наставника", "transition.student"),
)
"""Indicators of 000 App. 2 that the base counts answer: number, wording, facet (docs/indicators.md)."""
