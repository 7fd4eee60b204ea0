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
    "kind": "Тип организации",
    "grouping": "Группировка",
    "page_size": "Размер страницы",
    "page_token": "Страница",
}
