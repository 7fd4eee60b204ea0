"""Russian titles of the platform, in one place: value sets, field labels, facets, roles, document states.

Pure data, read by the registry's domain (validation messages, document titles), reporting (the Appendix-2
rows) and the gateway (pages, form labels, REST error messages, XLSX/DOCX exports). Each value-set dict is keyed
by the wire value of that set (the lower-case name ``proto_enums`` gives: «teacher» for MENTOR_ORIGIN_TEACHER);
``tests/unit/test_vocabulary.py`` checks that every value of every set has a title and no title lacks a value.
Field labels are keyed by the field's name in the contracts and REST («hours_per_month»); look them up with
:func:`field_title`. Wording follows the seeds (000 App. 2, 004).
"""

from __future__ import annotations

from mentorship_kit.weighted_facets import WEIGHTS

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
    "team_outcome": "Статус команды наставляемых",
    "full_name": "ФИО",
    "origin": "Кем является наставник",
    "capacity": "Наставляемых, не более",
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
    "pedagogical_since": "Начало педагогического стажа",
    "course_year": "Курс",
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
    "reason": "Причина",
    "level_reason": "Основание",
    "withdrawal_reason": "Причина отзыва",
    "experience_years": "Стаж, лет",
    "life_experience": "Жизненный опыт",
    "interests": "Сфера интересов",
    "age_group": "Возрастная категория наставляемых",
    "hours_per_month": "Часов в месяц",
    "level": "Статус наставника",
    "course": "Курс",
    "hours": "Часов",
    "title": "Название документа",
    "completed_on": "Дата окончания",
    "provider": "Кто обучал",
    "number": "Номер договора",
    "date": "Дата договора",
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
    "mode": "Режим подбора",
    "objective": "Цель распределения",
    "top_k": "Кандидатов на запрос",
    "group_min": "Наименьший размер группы (наставляемых у наставника)",
    "group_max": "Наибольший размер группы (не больше свободных мест наставника)",
    "team_mentors": "Наставников в команде",
    "mark": "Оценка совместимости",
    "assessed_on": "Дата оценки",
    "weights": "Веса признаков",
    "mentor_id": "Наставник",
    "request_id": "Запрос",
    "confirm_warnings": "Подтверждаю назначение вопреки правилу формы",
    "pair_kind": "Вид наставничества",
    "term_months": "Срок наставничества, месяцев",
    "term_start": "Начало",
    "term_end": "Окончание",
    "reporting": "График отчётности",
    "score": "Балл",
    "reasons": "Почему этот наставник",
    "close_reason": "Причина закрытия",
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
    "new_in_team": "Новый педагог в коллективе (адаптация на новом месте работы)",
    "digital_skills": "Цифровые навыки, ИКТ",
    "non_pedagogical_education": "Непедагогическое образование",
    "new_technology": "Освоение новой технологии",
}

MENTEE_CATEGORY_TITLES: dict[str, str] = {**STUDENT_CATEGORY_TITLES, **STAFF_CATEGORY_TITLES}

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
    "staff": "Сотрудник",
    "social_pedagogue": "Социальный педагог",
}

REQUEST_STATUS_TITLES: dict[str, str] = {
    "open": "Открыт",
    "matched": "Подобран наставник",
    "withdrawn": "Отозван",
}

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

MATCHING_MODE_TITLES: dict[str, str] = {
    "suggest": "Подсказка: лучшие кандидаты на выбор наставляемого",
    "optimal": "Оптимальный подбор по всей школе",
    "manual": "Вручную",
    "preferences": "По взаимным предпочтениям (устойчивое распределение)",
    "group": "Групповое: группы наставляемых у наставника",
    "team": "Командное: команда наставников с командой наставляемых",
}

COMPARED_MODE_TITLES: dict[str, str] = {
    "optimal_max_score": "Оптимальный: наибольшая сумма баллов",
    "optimal_max_matched": "Оптимальный: больше всего пар, затем баллы",
    "greedy": "Жадный: каждому по очереди лучший свободный",
    "stable": "Устойчивый: по взаимным рейтингам",
}

OBJECTIVE_TITLES: dict[str, str] = {
    "max_score": "Наибольшая сумма баллов",
    "max_matched_then_score": "Больше всего пар, затем баллы",
}

RUN_STATUS_TITLES: dict[str, str] = {"draft": "Черновик", "published": "Утверждён"}

PAIR_KIND_TITLES: dict[str, str] = {
    "individual": "Индивидуальное",
    "group": "Групповое",
    "team": "Командное",
    "peer": "Равный – равному",
    "virtual": "Виртуальное (дистанционное)",
    "short_term": "Краткосрочное",
    "reverse": "Реверсивное",
    "situational": "Ситуационное",
    "speed": "Скоростное",
    "traditional": "Традиционное (долгосрочное)",
}

REPORTING_TITLES: dict[str, str] = {"monthly": "Ежемесячно", "quarterly": "Ежеквартально", "final": "По итогам"}

TEAM_OUTCOME_TITLES: dict[str, str] = {
    "": "Нет — команда наставляемых не стала командой наставников",
    "mentor_team": "Команда наставляемых стала командой наставников",
    "rip_inko_consulting": "Стала командой наставников и получила статус консультационного центра РИП-ИнКО",
    "rip_inko_internship": "Стала командой наставников и получила статус стажировочной площадки РИП-ИнКО",
}
"""How a «команда-команда» group ended for its mentee team (000 App. 2, 3.10); matching's ``TEAM_OUTCOMES``."""

PAIR_STATUS_TITLES: dict[str, str] = {"active": "Действует", "completed": "Завершена", "closed": "Закрыта досрочно"}

MEETING_KIND_TITLES: dict[str, str] = {
    "acquaintance": "Встреча-знакомство",
    "trial": "Пробная рабочая встреча",
    "planning": "Встреча-планирование",
    "regular": "Регулярная встреча",
    "final": "Итоговая встреча",
}
"""Встречи пары (001 §5); monitoring.domain.meetings.MEETING_KINDS."""

PLAN_KIND_TITLES: dict[str, str] = {
    "program": "Персонализированная программа наставничества",
    "development_plan": "Индивидуальный план развития",
}
"""The pair's plan document: a teacher's program (004 §3-§5), a student's plan (001 §2); monitoring.domain.plans."""

PLAN_PROGRESS_TITLES: dict[str, str] = {
    "not_started": "Не начато",
    "in_progress": "В работе",
    "done": "Выполнено",
}

PLAN_PARTY_TITLES: dict[str, str] = {
    "mentor": "Наставник",
    "curator": "Куратор",
}

MEETING_FORMAT_TITLES: dict[str, str] = {"in_person": "Очно", "remote": "Дистанционно"}

MENTOR_REPORT_SECTION_TITLES: dict[str, str] = {
    "done": "Проделанная работа", "results": "Результаты", "difficulties": "Трудности",
    "plans": "Планы на следующий период"}
"""The mentor's report on the work done (003 §7), section by section."""
HALF_YEAR_TITLES: dict[str, str] = {
    "title": "Отчёт куратора о реализации программы наставничества",
    "pairs": "Пары по формам наставничества",
    "form": "Форма наставничества", "active": "Действуют", "completed": "Завершены", "closed": "Закрыты досрочно",
    "meetings_held": "Проведено встреч за полугодие",
    "pairs_overdue": "Пар с просроченными встречами",
    "reports_due": "Отчётов наставников ожидалось",
    "reports_submitted": "Отчётов наставников сдано",
    "conclusion": "Выводы куратора",
}
"""The curator's half-yearly report of the school's mentoring (002 §2.6, §5.4)."""

PAIR_RESULT_TITLES: dict[str, str] = {"achieved": "Цели достигнуты", "partly_achieved": "Цели достигнуты частично",
                                      "not_achieved": "Цели не достигнуты"}

PETITION_KIND_TITLES: dict[str, str] = {"replace_mentor": "Ходатайство наставляемого о замене наставника",
                                        "release_mentor": "Просьба наставника об освобождении"}

PETITION_STATUS_TITLES: dict[str, str] = {"filed": "На рассмотрении", "approved": "Удовлетворено",
                                          "declined": "Отклонено"}

PAIR_HISTORY_TITLES: dict[str, str] = {
    "formed": "Пара сформирована",
    "consent_recorded": "Записано письменное согласие наставника",
    "petition_filed": "Подано обращение",
    "petition_approved": "Обращение удовлетворено",
    "petition_declined": "Обращение отклонено",
    "completed": "Пара завершена",
    "closed": "Пара закрыта досрочно",
    "replaced": "Наставник заменён",
    "formed_as_replacement": "Пара сформирована взамен прежней",
}

GROUP_HISTORY_TITLES: dict[str, str] = {
    "formed": "Группа сформирована",
    "member_left": "Наставляемый вышел из группы",
    "mentor_left": "Наставник выбыл из команды",
    "closed": "Группа закрыта досрочно",
    "completed": "Работа группы завершена",
}

OFFER_DECISION_TITLES: dict[str, str] = {"pending": "Ждёт решения школы", "accepted": "Принято",
                                         "declined": "Отклонено"}
"""Решение школы по предложенному наставнику из другой организации (ADR 009)."""

REGIONAL_SCOPE_TITLES: dict[str, str] = {"municipality": "По муниципалитету", "region": "По региону"}

PAIR_COUNT_TITLES: dict[str, str] = {
    "pairs": "Действующих пар",
    "mentees_in_pairs": "Наставляемых в парах",
    "by_form": "По формам наставничества",
    "by_kind": "По видам наставничества",
    "closed_early": "Закрыто досрочно",
    "completed": "Завершено в срок",
    "groups": "Действующих групп и команд",
    "mentees_in_groups": "Наставляемых в группах",
    "groups_by_form": "Группы по формам наставничества",
    "groups_by_kind": "Группы по видам наставничества",
    "meetings_held": "Проведено встреч",
    "plans_agreed": "Согласовано планов",
    "plan_items_done": "Выполнено пунктов планов",
    "reports_submitted": "Сдано отчётов наставников",
    "pairs_without_meetings": "Пар без встреч N недель",
    "plans_on_track": "Планов выполняется в срок",
}
"""Columns and captions of «Наставнические пары» on /indicators (GetPairCounts)."""

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
    "requester.student": "Обучающихся, подавших запрос (1.1)",
    "requester.staff": "Педагогов, подавших запрос (1.2)",
    "mentor.trained.teacher": "Педагогов-наставников, прошедших обучение (2.1)",
    "transition.student": "Обучающихся, ставших наставниками",
    "transition.staff": "Педагогов, ставших наставниками",
    "transition.student.after_pair": "Обучающихся, сменивших статус с наставляемого на наставника (3.7)",
    "transition.staff.after_pair": "Педагогов, сменивших статус с наставляемого на наставника (3.4)",
    "team.participant": "Участников пар наставляемых команд (3.8)",
    "meeting.group.form.team_team": "Активов, проведённых с парами наставляемых команд (3.9)",
    "group.team.became_mentor": "Команд, сменивших статус с наставляемого на наставника (3.10)",
    "group.team.became_mentor.rip_inko": "Из них — консультационных центров, стажировочных площадок РИП-ИнКО",
    "pair": "Действующих наставнических пар",
    "pair.closed": "Пар, закрытых досрочно",
    "pair.completed": "Завершённых пар",
    **{f"pair.form.{form}": f"Пар формы «{title}»" for form, title in MENTORING_FORM_TITLES.items()},
    **{f"pair.kind.{kind}": f"Пар вида «{title.lower()}»" for kind, title in PAIR_KIND_TITLES.items()},
    "mentee.in_pair": "Наставляемых в парах",
    "outcome": "Обучающихся с записанными результатами наставничества",
    "outcome.academic_improved": "Обучающихся, успеваемость которых повысилась (3.5)",
    "outcome.contest_prepared": "Обучающихся, подготовленных к конкурсам, олимпиадам (3.6)",
    "outcome.teacher": "Педагогов-наставляемых с записанными результатами наставничества",
    "outcome.teacher.management_reserve": "Педагогов, вошедших в кадровый управленческий резерв (3.1)",
    "outcome.teacher.project_lead": "Педагогов, подготовленных к руководству проектами (3.2)",
    "outcome.teacher.pro_contest": "Педагогов, участвующих в конкурсах профессионального мастерства (3.3)",
    # the platform's contests (ADR 023): a school's applications, by level and subject, and awards
    "contest.application": "Заявок на конкурсы наставничества",
    **{f"contest.application.{level}": f"Заявок на конкурсы {title}" for level, title in (
        ("school", "школьного уровня"), ("municipality", "муниципального уровня"), ("region", "регионального уровня"))},
    **{f"contest.subject.{kind}": f"Заявок: {title.lower()}" for kind, title in (
        ("mentor", "Наставник"), ("pair", "Пара"), ("teacher", "Педагог-наставляемый"), ("organisation", "Школа"))},
    "contest.awarded": "Заявок с наградой (победители и призёры)",
    "contest.award.winner": "Победителей конкурсов",
    "contest.award.prize": "Призёров конкурсов",
    "contest.teacher_mentee": "Педагогов-наставляемых — участников конкурсов на платформе (3.3)",
    "contest.teacher_mentee.awarded": "Педагогов-наставляемых — победителей и призёров конкурсов (3.3)",
}

CONTEST_KIND_TITLES: dict[str, str] = {
    "mentor_of_year": "«Наставник года»",
    "best_pair": "«Лучшая пара»",
    "nastavnik_plus": "#Наставник+",
    "municipal_models": "Региональный конкурс муниципальных моделей наставничества",
    "other": "Другой конкурс",
}

CONTEST_LEVEL_TITLES: dict[str, str] = {"school": "школьный", "municipality": "муниципальный",
                                        "region": "региональный"}

CONTEST_STATE_TITLES: dict[str, str] = {"draft": "черновик", "announced": "приём заявок",
                                        "judging": "работа жюри", "results": "итоги подведены"}

CONTEST_SUBJECT_TITLES: dict[str, str] = {
    "mentor": "Наставник", "pair": "Пара «наставник – наставляемый»", "teacher": "Педагог-наставляемый",
    "organisation": "Образовательная организация", "municipality": "Муниципальная модель наставничества"}

CONTEST_AWARD_TITLES: dict[str, str] = {"winner": "Победитель", "prize": "Призёр", "participant": "Участник"}

CONTEST_SHOWN_TITLES: dict[str, str] = {"full_name": "ФИО", "position": "Должность", "organisation": "Организация",
                                        "experience": "Стаж", "achievements": "Достижения",
                                        "description": "О заявке"}

DOCUMENT_KIND_TITLES: dict[str, str] = {
    "program": "Программа наставничества",
    "roadmap": "Дорожная карта",
}

DOCUMENT_STATUS_TITLES: dict[str, str] = {
    "draft": "черновик",
    "submitted": "на согласовании",
    "approved": "согласовано",
    "returned": "возвращено на доработку",
}
"""Lower case: shown inside sentences and table cells («Не согласовано (статус: черновик)»)."""

ITEM_PROGRESS_TITLES: dict[str, str] = {
    "planned": "запланировано",
    "in_progress": "выполняется",
    "done": "выполнено",
    "overdue": "просрочено",
}

WEIGHT_TITLES: dict[str, str] = {
    "topics": "Совпадение тем запроса с компетенциями и интересами (за тему)",
    "subjects": "Тема запроса — предмет наставника (за тему)",
    "experience": "Стаж (за год, до 20 лет)",
    "age_group": "Наставник предпочитает возраст наставляемого",
    "hours": "Время на наставничество (за 4 часа в месяц, до 5)",
    "same_org": "Наставник из той же организации",
    "compatibility": "Совместимость по оценке педагога-психолога (высокая 2, средняя 1, без оценки 1, низкая 0)",
    "experience_gap": "Педагоги: разница в стаже наставника и наставляемого (за год, до 20 лет)",
}
"""The features of a matching score, keyed by the field of ``matching.v1.Weights``."""

ROADMAP_ITEM_TITLES: dict[str, str] = {
    "number": "№ п/п",
    "activity": "Мероприятие",
    "period": "Срок",
    "responsible": "Ответственный",
    "result": "Ожидаемый результат / документ",
    "progress": "Отметка о выполнении",
}
"""Columns of a roadmap's items, keyed by the item's field (DOCX export)."""

PLAN_ROW_TITLES: dict[str, str] = {
    "event": "Мероприятие",
    "form": "Форма",
    "dates": "Сроки",
    "responsible": "Ответственный",
    "participants": "Участники",
    "result": "Ожидаемый результат",
}
"""Columns of a program's annual plan, keyed by the row's field (DOCX export)."""

DOCUMENT_FIELD_TITLES: dict[str, str] = {
    "team_outcome": "Статус команды наставляемых",
    "activity": "Мероприятие",
    "period": "Срок",
    "starts_on": "Начало",
    "due_on": "Выполнить до",
    "responsible": "Ответственный",
    "result": "Ожидаемый результат",
    "text": "Текст раздела",
    "title": "Название раздела",
    "event": "Мероприятие",
    "form": "Форма",
    "dates": "Сроки",
    "participants": "Участники",
    "lower_due_on": "Срок для нижестоящего уровня",
}
"""The fields a comparison of two versions names («изменено (Выполнить до)»), keyed as the registry's diff sends
them; ``DOCUMENT_DATE_FIELDS`` are shown as dates."""
DOCUMENT_DATE_FIELDS = frozenset({"starts_on", "due_on", "lower_due_on"})

OWNER_LEVEL_TITLES: dict[str, str] = {
    "school": "Образовательная организация",
    "municipality": "Муниципалитет",
    "region": "Регион",
}
"""Whose document or self-diagnosis it is (issue 15)."""

LOWER_DUE_TITLES: dict[str, str] = {
    "municipality": "Срок для ОО",
    "region": "Срок для МОУО",
}
"""The deadline an item of a roadmap sets the tier below, by the roadmap's owner level (issue 15 item 1)."""

LIGHT_TITLES: dict[str, str] = {
    "green": "норма",
    "yellow": "внимание",
    "red": "проблема",
    "grey": "нет данных",
}
"""The colours of every traffic light (control page and /indicators, ``gateway/domain/control_lights``), always
written beside the colour (never colour alone)."""

CONTROL_COLUMN_TITLES: dict[str, str] = {
    "name": "Организация",
    "overall": "Итог",
    "roadmap": "Дорожная карта",
    "program": "Программа наставничества",
    "school_roadmaps": "Дорожные карты школ",
    "overdue": "Просроченные пункты дорожных карт",
    "meetings": "Пары без встреч 4 недели",
    "evaluation": "Оценка программы",
    "self_diagnosis": "Самодиагностика",
}
"""Columns of the control page and of its XLSX (keys are the ``sort`` values), issue 15 item 2."""

INBOX_COLUMN_TITLES: dict[str, str] = {
    "owner_name": "Организация",
    "title": "Документ",
    "version": "Редакция",
    "submitted_at": "Отправлен на согласование",
    "waiting_days": "Ожидает, дней",
}
"""Columns of the municipal inbox (XLSX export)."""

ROLE_TITLES: dict[str, str] = {
    "school_director": "Руководитель образовательной организации",
    "school_curator": "Куратор наставничества",
    "school_psychologist": "Педагог-психолог",
    "mentor": "Наставник",
    "mentee": "Наставляемый",
    "municipal_curator": "Муниципальный куратор",
    "regional_operator": "Региональный оператор",
    "regional_department": "Региональный орган управления образованием",
    "tutor": "Тьютор ЦНППМ",
    "jury": "Член жюри конкурса",
    "platform_admin": "Администратор платформы",
}

DERIVED_FIGURE_TITLES: dict[str, str] = {
    "mentor.outside": "Внешних наставников (не педагогов и не обучающихся)",
}
"""Figures reporting derives from facets (docs/indicators.md), shown beside the facets."""

APPENDIX_2_TITLES: dict[str, str] = {
    "1.1": "Количество обучающихся, подавших «запрос на помощь наставника»",
    "1.2": "Количество педагогов, подавших запрос на работу в наставляемых парах в качестве наставляемого",
    "2.1": "Количество педагогов, прошедших обучение по наставничеству",
    "2.2": "Количество наставников из числа педагогов",
    "2.3": "Количество наставников из числа выпускников",
    "2.4": "Количество наставников – сотрудников региональных предприятий",
    "2.5": "Количество наставников – успешных предпринимателей/ общественных деятелей",
    "2.6": "Количество наставников – сотрудников НКО/ участников региональных социальных проектов",
    "3.1": "Количество педагогов, вошедших в кадровый управленческий резерв в результате осуществления наставничества",
    "3.2": "Количество педагогов, подготовленные в результате осуществления наставничества к руководству проектами"
           " программы развития образовательной организации, конкурсными (в том числе грантовыми) проектами",
    "3.3": "Количество педагогов, подготовленных наставниками и участвующих в конкурсах профессионального мастерства",
    "3.4": "Количество педагогов, сменивших статус с наставляемого на наставника",
    "3.5": "Количество обучающихся, успеваемость которых повысилась в ходе взаимодействия в наставляемой паре",
    "3.6": "Количество обучающихся, подготовленных к участию в конкурсах, олимпиадах в наставляемой паре",
    "3.7": "Количество обучающихся, сменивших статус с наставляемого на наставника",
    "3.8": "Количество человек, участвующих в практике пар наставляемых команд",
    "3.9": "Количество активов (тренингов, деловых игр, мини-проектов и др.), проведенных с парами наставляемых команд",
    "3.10": "Количество команд, сменивших статус с наставляемого на наставника",
    "3.10.1": "в том числе получивших статус консультационного центра или стажировочной площадки РИП-ИнКО",
}
"""The indicators of seed 000, Appendix 2, that the bases answer, worded as the seed words them."""

APPENDIX_2_NOTES: dict[str, str] = {
    "1.1": "люди, а не запросы: обучающийся с несколькими запросами считается один раз",
    "1.2": "люди, а не запросы: педагог с несколькими запросами считается один раз",
    "2.1": "наставники из числа педагогов, прошедшие обучение по наставничеству",
    "3.1": "по записям куратора о результатах пар «учитель – учитель»; педагог в нескольких парах считается один раз",
    "3.2": "по записям куратора о результатах пар «учитель – учитель»; педагог в нескольких парах считается один раз",
    "3.3": "по записям куратора о результатах пар «учитель – учитель»; педагог в нескольких парах считается один раз."
           " Участники конкурсов, проведённых на платформе, — отдельной строкой «contest.teacher_mentee»",
    "3.4": "только педагоги, бывшие наставляемыми в паре или группе",
    "3.7": "только обучающиеся, бывшие наставляемыми в паре или группе",
    "3.8": "наставники и наставляемые групп формы «команда-команда», каждый один раз",
    "3.9": "встречи групп формы «команда-команда»",
    "3.10": "завершённые группы «команда-команда», команда наставляемых которых по записи куратора стала командой "
            "наставников",
    "3.10.1": "из них — со статусом консультационного центра или стажировочной площадки РИП-ИнКО",
    "3.5": "по записям куратора о результатах пар; обучающийся в нескольких парах считается один раз",
    "3.6": "по записям куратора о результатах пар; обучающийся в нескольких парах считается один раз",
}
"""Where what is counted differs from the seed's wording (docs/indicators.md, notes)."""


def field_title(name: str) -> str:
    """The Russian label of a field; an unknown name comes back as it is (a missing title shows, never breaks)."""
    return FIELD_TITLES.get(name, name)


def title_of(titles: dict[str, str], value: str) -> str:
    """The title of a value of a set, or the value itself when the set has no title for it."""
    return titles.get(value, value)

COMPATIBILITY_TITLES: dict[str, str] = {
    "high": "высокая",
    "medium": "средняя",
    "low": "низкая",
}
"""The psychologist's compatibility mark of a (mentor, mentee), 004 §3.5."""

COMPETENCE_AREA_TITLES: dict[str, str] = {
    "scientific": "Научно-теоретическая",
    "legal": "Нормативная правовая",
    "subject": "Предметная",
    "psychological": "Психолого-педагогическая",
    "methodical": "Методическая",
    "digital": "ИКТ-компетенции и цифровизация образования",
    "upbringing": "Внеурочная и воспитательная деятельность",
    "health": "Здоровьесбережение обучающихся",
}
"""The 8 areas of a teacher's self-diagnosis in the ИОМ (004 §4.3.3 step 2), keyed by monitoring's ``routes.AREAS``."""

ROUTE_ITEM_FORM_TITLES: dict[str, str] = {
    "courses": "Курсы ДПО",
    "internship": "Стажировка",
    "self_education": "Самообразование",
    "trial": "Пробно-поисковые действия",
    "project": "Инновационный проект",
    "research": "Исследовательская деятельность",
    "event": "Мероприятие (семинар, конкурс, конференция)",
}
"""Forms of an item of the ИОМ's roadmap (004 §4.3.3 step 4), keyed by monitoring's ``routes.FORMS``."""

ROUTE_ITEM_STATUS_TITLES: dict[str, str] = {"planned": "Запланировано", "in_progress": "В работе",
                                            "done": "Выполнено"}

ROUTE_NOTE_KIND_TITLES: dict[str, str] = {"reflection": "Рефлексия", "comment": "Комментарий"}

ROUTE_AUTHOR_TITLES: dict[str, str] = {"school": "Школа", "tutor": "Тьютор ЦНППМ"}

HOME_TASK_TITLES: dict[str, str] = {
    "decide": "Ждут решения",
    "returned": "Возвращены на доработку — исправить и отправить снова",
    "drafts": "Черновики, не отправленные на согласование",
    "imports": "Загрузки списков ждут подтверждения",
    "requests": "Открытые запросы наставляемых без пары",
    "runs": "Прогоны подбора в черновике — пары не утверждены",
    "consents": "Пары без письменного согласия наставника",
    "overdue": "Пары с просроченными встречами",
    "overdue_groups": "Группы с просроченными встречами",
    "plans_unagreed": "Планы работы пар ждут согласования",
    "roadmap_due": "Мероприятия дорожной карты со сроком в этом месяце",
    "reports_due": "Отчёты наставника за прошедшие периоды не сданы",
    "audit": "Обращения к персональным данным (последние записи журнала)",
    "structure": "Организаций на платформе",
    "route_items": "Мероприятия ИОМ со сроком в этом месяце",
    "questionnaires": "Анкеты, которые ждут вашего ответа",
    "upper_deadlines": "Сроки из дорожной карты муниципалитета или региона",
    "self_diagnosis": "Самодиагностика этого года не пройдена",
}
"""The sections of the home page «На сегодня», keyed by ``gateway.service_layer.today.SECTIONS``."""

EVALUATION_CRITERION_TITLES: dict[str, str] = {
    "goals_fit": "Соответствие наставнической деятельности цели и задачам, по которым она осуществляется",
    "principles_fit": "Оценка соответствия организации наставнической деятельности принципам, заложенным в программе",
    "modern_approaches": "Соответствие наставнической деятельности современным подходам и технологиям",
    "psychological_climate": "Наличие комфортного психологического климата в организации",
    "mentor_logic": "Логичность деятельности наставника, понимание им ситуации наставляемого и правильность выбора "
                    "основного направления взаимодействия",
    "participants_satisfaction": "Степень удовлетворенности всех участников наставнической деятельности",
    "partners_satisfaction": "Уровень удовлетворенности партнеров от взаимодействия в наставнической деятельности",
    "mentee_activity": "Активность и заинтересованность в участии в мероприятиях, связанных с наставнической "
                       "деятельностью",
    "knowledge_application": "Степень применения наставляемыми полученных от наставника знаний, умений и опыта в "
                             "профессиональных (учебных, жизненных) ситуациях, активная гражданская позиция",
}
"""The nine indicators of the table «Показатели эффективности реализации Программы наставничества» (001 §6)."""

EVALUATION_GROUP_TITLES: dict[str, str] = {
    "program": "Оценка программы наставничества в организации",
    "participants": "Определение эффективности участников наставнической деятельности в организации",
    "mentee_changes": "Изменения в личности наставляемого",
}

EVALUATION_SCORE_TITLES: dict[str, str] = {
    "2": "Проявляется в полной мере, 2 балла",
    "1": "Частично проявляется, 1 балл",
    "0": "Не проявляется, 0 баллов",
}

EVALUATION_LEVEL_TITLES: dict[str, str] = {
    "optimal": "Оптимальный уровень",
    "acceptable": "Допустимый уровень",
    "unacceptable": "Недопустимый уровень",
}
"""15–18 баллов — оптимальный, 9–14 — допустимый, 0–8 — недопустимый (001 §6)."""

EVALUATION_EVIDENCE_TITLES: dict[str, str] = {
    "pairs_active": "Действующих пар (из пар периода)",
    "meetings_held": "Проведено встреч за период",
    "meetings_online": "Из них дистанционно",
    "pairs_overdue": "Пар с просроченными встречами сейчас",
    "plans_agreed": "Согласованных планов (программ развития) пар",
    "plan_items_done": "Выполнено пунктов согласованных планов",
    "reports_submitted": "Сдано отчётов наставников (из ожидавшихся)",
    "mentees_improved": "Обучающихся с повысившейся успеваемостью (3.5)",
    "mentees_contests": "Обучающихся, подготовленных к конкурсам, олимпиадам (3.6)",
    "satisfaction_mean": "Средняя удовлетворённость участников по анкетам",
    "satisfaction_mentor_mean": "Средняя удовлетворённость наставников",
    "satisfaction_mentee_mean": "Средняя удовлетворённость наставляемых",
    "satisfaction_curator_mean": "Средняя удовлетворённость куратора",
    "satisfaction_answers": "Ответов на анкеты удовлетворённости за период",
    "partner_satisfaction_mean": "Средняя удовлетворённость партнёров по анкетам",
}
"""What the platform shows beside each criterion of the evaluation; «нет данных» where it holds nothing yet."""

EVALUATION_PERIOD_KIND_TITLES: dict[str, str] = {"half_year": "Полугодие", "school_year": "Учебный год"}

MENTOR_EVIDENCE_TITLES: dict[str, str] = {
    "pairs_total": "Пар у наставника (всего)",
    "pairs_active": "Действующих пар",
    "pairs_completed": "Завершённых пар",
    "pairs_closed": "Пар, закрытых досрочно",
    "meetings_held": "Проведено встреч",
    "reports_submitted": "Сдано отчётов о проделанной работе",
    "plans_agreed": "Согласованных планов пар",
    "mentees_improved": "Наставляемых с повысившейся успеваемостью",
    "mentees_contests": "Наставляемых, подготовленных к конкурсам, олимпиадам",
    "trainings": "Пройдено обучений (курсов)",
    "training_hours": "Часов обучения",
}
"""The evidence sheet of a mentor (001 §7, 000 Q11): counts the platform holds about the mentor's work."""

MENTOR_EFFECTIVENESS_CRITERIA: tuple[str, ...] = (
    "повышение успеваемости и улучшение психоэмоционального фона внутри класса (группы) и образовательной "
    "организации",
    "численный рост посещаемости творческих кружков, объединений, спортивных секций",
    "количественный и качественный рост успешно реализованных образовательных и творческих проектов",
    "снижение числа обучающихся, состоящих на учете в полиции и психоневрологических диспансерах",
    "снижение числа жалоб от родителей и педагогов, связанных с социальной незащищенностью и конфликтами внутри "
    "коллектива обучающихся",
)
"""001 §7 «Критерии эффективности работы наставника», as the seed words them."""

MENTOR_LEVEL_PATH: dict[str, str] = {
    "initial": "молодой наставник («начальный»)",
    "gold": "продвинутый наставник («золотой»)",
    "platinum": "мастер-наставник («платиновый»)",
}
"""000 Q11: статусы наставника от молодого до мастер-наставника; the level moves only forward but by correction."""

OUTCOME_TITLES: dict[str, str] = {
    "academic_improved": "Успеваемость наставляемого повысилась в ходе взаимодействия в паре (3.5)",
    "contest_prepared": "Наставляемый подготовлен к участию в конкурсах, олимпиадах (3.6)",
    "management_reserve": "Педагог вошёл в кадровый управленческий резерв (3.1)",
    "project_lead": ("Педагог подготовлен к руководству проектами программы развития, конкурсными (грантовыми)"
                     " проектами (3.2)"),
    "pro_contest": "Педагог участвует в конкурсах профессионального мастерства (3.3)",
}

# Анкеты и замеры (issue 13, ADR 012): value sets of monitoring's questionnaires.
QUESTION_KIND_TITLES: dict[str, str] = {
    "single": "Один вариант",
    "multiple": "Несколько вариантов",
    "scale": "Шкала",
    "text": "Открытый ответ",
    "matrix": "Матрица (строки × шкала)",
    "ranking": "Ранжирование участников",
}
QUESTIONNAIRE_PURPOSE_TITLES: dict[str, str] = {
    "candidate_mentor": "Анкета потенциального наставника",
    "candidate_mentee": "Анкета наставляемого",
    "preferences": "Предпочтения после групповой встречи",
    "satisfaction_mentor": "Удовлетворённость наставника",
    "satisfaction_mentee": "Удовлетворённость наставляемого",
    "satisfaction_curator": "Удовлетворённость куратора",
    "measurement": "Замер на входе и на выходе",
}
QUESTIONNAIRE_STATUS_TITLES: dict[str, str] = {"draft": "Черновик", "published": "Опубликована",
                                               "template": "Шаблон"}
QUESTIONNAIRE_CHANNEL_TITLES: dict[str, str] = {"link": "По ссылке", "paper": "Бумажная анкета"}
RESPONDENT_KIND_TITLES: dict[str, str] = {"mentor": "Наставник", "mentee": "Наставляемый", "curator": "Куратор",
                                          "participant": "Участник"}
MEASUREMENT_STAGE_TITLES: dict[str, str] = {"": "—", "entry": "На входе", "exit": "На выходе"}

SPRAVKA_TITLE = "Справка о реализации целевой модели наставничества"
"""The DOCX a municipality or the region files for a period (issue 14 item 5)."""

# The outer contour at work (issue 15 items 5-8, ADR 024): the regional base of programs, agreements, courses,
# Школа молодого учителя, risks.
RISK_TITLES: dict[str, str] = {  # 004 §VI «возможны следующие риски», in the seed's order
    "perception": "Отсутствие у части педагогов восприятия наставничества как механизма профессионального роста",
    "high_load": "Высокая нагрузка на наставников и наставляемых",
    "mentor_motivation": "Низкая мотивация наставников",
    "formalism": "Недостаточно высокое качество наставнической деятельности и формализм в выполнении функций "
                 "наставника",
    "mentee_motivation": "Низкая мотивация наставляемых",
    "interaction": "Низкая степень взаимодействия элементов двухконтурной структуры (целевой модели) наставничества",
}
RISK_SHORT_TITLES: dict[str, str] = {
    "perception": "Восприятие", "high_load": "Нагрузка", "mentor_motivation": "Мотивация наставников",
    "formalism": "Формализм", "mentee_motivation": "Мотивация наставляемых", "interaction": "Взаимодействие",
}
RISK_SIGNAL_TITLES: dict[str, str] = {  # reporting/domain/risk_signals.py: what each rule saw, in counts
    "no_mentees": "Наставники есть, наставляемых в базе нет",
    "no_feedback": "Пары работают, анкет обратной связи нет",
    "pairs_per_mentor": "Пар больше, чем по две на наставника",
    "requests_waiting": "Запросы ждут, а наставники заняты",
    "mentors_untrained": "Наставников без обучения больше половины",
    "mentors_without_pairs": "Наставники есть, пар нет",
    "pairs_without_meetings": "Пары без встреч дольше срока контроля",
    "plans_not_agreed": "Пары без согласованного плана",
    "no_reports": "Ни одного отчёта наставника",
    "satisfaction_falling": "Удовлетворённость на выходе ниже, чем на входе",
    "closed_early": "Больше пятой части пар завершено досрочно",
    "roadmap_not_approved": "Дорожная карта школы не утверждена",
    "program_not_approved": "Программа наставничества школы не утверждена",
    "items_overdue": "Просроченные пункты дорожной карты",
}
AGREEMENT_KIND_TITLES: dict[str, str] = {
    "with_operator": "С региональным оператором (АУ «Институт развития образования»)",
    "with_employer": "С работодателем, организацией-партнёром",
}
AGREEMENT_STATE_TITLES: dict[str, str] = {"active": "Действует", "expired": "Срок истёк", "ended": "Расторгнуто"}
FIELD_TITLES |= {
    "forms": "Формы наставничества",
    "summary": "Аннотация",
    "signed_on": "Дата заключения",
    "parties": "Стороны",
    "subject": "Предмет соглашения",
    "valid_from": "Действует с",
    "valid_until": "Действует до",
    "ended_on": "Дата расторжения",
    "agreement_id": "Соглашение",
    "study_form": "Форма обучения",
    "starts_on": "Начало",
    "ends_on": "Окончание",
    "seats": "Мест",
    "schools": "Школы",
    "first_year": "Первый учебный год плана",
    "sessions": "Занятия",
    "month": "Месяц",
    "held_on": "Дата проведения",
    "person_ids": "Педагоги",
    "risk": "Риск",
    "text": "Что сделано",
}

# -- the school's register of scientific-practical events and practices (ADR 025) ---------------------------------
EVENT_KIND_TITLES: dict[str, str] = {
    "conference": "Конференция",
    "seminar": "Семинар",
    "round_table": "Круглый стол",
    "webinar": "Вебинар",
    "master_class": "Мастер-класс",
    "forum": "Форум",
    "other": "Другое",
}
EVENT_LEVEL_TITLES: dict[str, str] = {
    "school": "Школьный",
    "municipal": "Муниципальный",
    "regional": "Региональный",
    "federal": "Всероссийский",
    "international": "Международный",
}
EVENT_ROLE_TITLES: dict[str, str] = {
    "held": "Проведено школой",
    "attended": "Участие в мероприятии другой организации",
}
PRACTICE_STATE_TITLES: dict[str, str] = {
    "submitted": "Подана на экспертизу",
    "under_review": "На экспертизе",
    "passed": "Прошла экспертизу",
    "returned": "Возвращена на доработку",
}
REVIEW_LEVEL_TITLES: dict[str, str] = {
    "municipal": "Муниципальный",
    "regional": "Региональный",
    "federal": "Всероссийский",
}
FIELD_TITLES |= {
    "event_kind": "Вид мероприятия",
    "event_level": "Уровень мероприятия",
    "event_role": "Участие школы",
    "host": "Организация, проводившая мероприятие",
    "participants": "Участников всего",
    "teachers": "Педагогов школы",
    "partners": "Представителей предприятий, предпринимателей, НКО",
    "mentors": "Из них наставников",
    "mentees": "Из них наставляемых",
    "authors": "Авторы (видны только школе)",
    "links": "Документы и методические материалы (ссылки)",
    "review_note": "Заключение эксперта",
    "review_level": "Уровень экспертизы",
    "practice_state": "Состояние экспертизы",
}
APPENDIX_2_TITLES |= {
    "4.1": "Количество педагогических работников, принявших участие в научно-практических мероприятиях по вопросам"
           " наставничества в других организациях",
    "4.2": "Количество представителей предприятий, предпринимателей, НКО как участников наставляемых пар"
           " организаций, принявших участие в научно-практических мероприятиях по вопросах наставничества",
    "4.3": "Количество проведенных образовательной организацией научно-практических мероприятий по вопросам"
           " наставничества",
    "4.4": "Количество участников проведенных образовательной организацией научно-практических мероприятий по"
           " вопросам наставничества",
    "4.5": "Количество представленных практик наставничества, прошедших положительную профессионально-общественную"
           " экспертизу на региональном, Всероссийском уровне",
}
APPENDIX_2_NOTES |= {
    "4.1": "сумма педагогов школы по записям реестра об участии в мероприятиях других организаций",
    "4.2": "сумма представителей партнёров школы по записям реестра о мероприятиях",
    "4.3": "мероприятия, проведённые школой, по записям реестра",
    "4.4": "сумма участников мероприятий, проведённых школой",
    "4.5": "практики, прошедшие экспертизу регионального или всероссийского уровня",
}
_REGISTER_WEIGHTED = {
    "register.event.participants": "Участников проведённых школой мероприятий",
    "register.event.teachers_elsewhere": "Педагогов — участников мероприятий других организаций",
    "register.event.partners": "Представителей партнёров — участников мероприятий",
}
FACET_TITLES |= {
    "register.event": "Научно-практических мероприятий в реестре",
    "register.event.held": "Проведено школой научно-практических мероприятий",
    "register.event.attended": "Участий в мероприятиях других организаций",
    "register.practice": "Практик наставничества в реестре",
    **{f"register.practice.{k}": f"Практик: {t.lower()}" for k, t in PRACTICE_STATE_TITLES.items()},
    "register.practice.passed_outer": "Практик, прошедших экспертизу регионального или всероссийского уровня",
    # A count of people travels as binary digits, one facet per digit (mentorship_kit.weighted_facets, ADR 025).
    **{f"{base}.x{w}": f"{title}: разряд ×{w}" for base, title in _REGISTER_WEIGHTED.items()
       for w in WEIGHTS},
}
