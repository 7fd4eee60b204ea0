"""Ready questionnaires written from the seeds (001 §6, §9 steps 5, 10, 18, 28): a school copies one into its own draft
and edits it. The wording follows 001: open, closed and rating questions, the three forms of the school's program
(ученик – ученик, учитель – учитель, студент – ученик)."""

from __future__ import annotations

from dataclasses import dataclass

from monitoring.domain.questionnaires import Draft, Question, Section, clean_draft

SCHOOL_FORMS = ("student_student", "teacher_teacher", "student_pupil")


@dataclass(frozen=True)
class Template:
    key: str
    draft: Draft


def _q(kind: str, text: str, *, options: tuple[str, ...] = (), rows: tuple[str, ...] = (), low: int = 0,
       high: int = 0, required: bool = True) -> Question:
    return Question("", kind, text, required, options, low, high, rows)


_EXPERIENCE = ("Нет опыта", "Есть небольшой опыт", "Есть значительный опыт")
_SPHERES = ("Учёба и успеваемость", "Адаптация в коллективе", "Профессиональное развитие", "Проекты и исследования",
            "Олимпиады и конкурсы", "Творчество, спорт, хобби")

_TEMPLATES: dict[str, Draft] = {
    "candidate_mentor": Draft(
        "Анкета потенциального наставника", "candidate_mentor", SCHOOL_FORMS, False, (
            Section("О себе", (
                _q("single", "Был ли у вас опыт наставничества?", options=_EXPERIENCE),
                _q("multiple", "В каких направлениях вы готовы помогать наставляемому?", options=_SPHERES),
                _q("text", "Почему вы хотите стать наставником?"),
            )),
            Section("Готовность к работе", (
                _q("scale", "Насколько вы готовы уделять время встречам с наставляемым?", low=1, high=10),
                _q("single", "Как часто вы готовы встречаться?",
                   options=("Раз в неделю", "Раз в две недели", "Раз в месяц")),
                _q("text", "Какие ваши качества помогут в работе наставника?", required=False),
            )),
        )),
    "candidate_mentee": Draft(
        "Анкета наставляемого", "candidate_mentee", SCHOOL_FORMS, False, (
            Section("Ваш запрос", (
                _q("multiple", "В чём вам нужна помощь наставника?", options=_SPHERES),
                _q("text", "Чего вы ожидаете от участия в программе наставничества?"),
                _q("single", "Участвовали ли вы раньше в программе наставничества?", options=("Да", "Нет")),
            )),
            Section("Самооценка", (
                _q("scale", "Насколько вам интересно учиться (работать) сейчас?", low=1, high=10),
                _q("scale", "Насколько комфортно вы чувствуете себя в коллективе?", low=1, high=10),
            )),
        )),
    "preferences": Draft(
        "Анкета предпочтений после групповой встречи", "preferences", SCHOOL_FORMS, False, (
            Section("Ваш выбор после групповой встречи", (
                _q("ranking", "Расставьте участников групповой встречи в порядке вашего предпочтения: первым — "
                              "того, с кем вы больше всего хотите работать"),
                _q("text", "Что важно учесть при формировании вашей пары?", required=False),
            )),
        )),
    "satisfaction_mentor": Draft(
        "Анкета удовлетворённости наставника", "satisfaction_mentor", SCHOOL_FORMS, True, (
            Section("Оценка участия в программе", (
                _q("matrix", "Оцените по шкале от 1 до 10", low=1, high=10, rows=(
                    "Эффективность встреч с наставляемым", "Понимание своей роли наставника",
                    "Поддержка куратора программы", "Организация программы в школе",
                    "Полезность программы для наставляемого")),
                _q("single", "Хотели бы вы продолжить работу в качестве наставника?",
                   options=("Да", "Скорее да", "Скорее нет", "Нет")),
                _q("text", "Что бы вы изменили в программе наставничества?", required=False),
            )),
        )),
    "satisfaction_mentee": Draft(
        "Анкета удовлетворённости наставляемого", "satisfaction_mentee", SCHOOL_FORMS, True, (
            Section("Оценка участия в программе", (
                _q("matrix", "Оцените по шкале от 1 до 10", low=1, high=10, rows=(
                    "Полезность встреч с наставником", "Внимание наставника к вашему запросу",
                    "Комфорт общения с наставником", "Ощутимость результатов")),
                _q("single", "Рекомендовали бы вы программу другим?", options=("Да", "Скорее да", "Скорее нет",
                                                                                "Нет")),
                _q("text", "Что было самым ценным в работе с наставником?", required=False),
            )),
        )),
    "satisfaction_curator": Draft(
        "Анкета удовлетворённости куратора", "satisfaction_curator", SCHOOL_FORMS, True, (
            Section("Оценка реализации программы", (
                _q("matrix", "Оцените по шкале от 1 до 10", low=1, high=10, rows=(
                    "Соответствие наставнической деятельности целям и задачам программы",
                    "Психологический климат в организации", "Удовлетворённость партнёров взаимодействием",
                    "Активность наставляемых в мероприятиях программы")),
                _q("text", "Сильные и слабые стороны программы", required=False),
            )),
        )),
    "measurement": Draft(
        "Замер на входе и на выходе из программы", "measurement", SCHOOL_FORMS, False, (
            Section("Мотивация и вовлечённость", (
                _q("matrix", "Оцените себя по шкале от 1 до 10", low=1, high=10, rows=(
                    "Интерес к учёбе (работе)", "Активность в мероприятиях школы", "Уверенность в своих силах",
                    "Комфорт в коллективе", "Умение ставить цели и добиваться их")),
                _q("scale", "Насколько вы довольны своими результатами в учёбе (работе)?", low=1, high=10),
                _q("text", "Что изменилось для вас за время программы?", required=False),
            )),
        )),
}

TEMPLATES: dict[str, Template] = {key: Template(key, clean_draft(d)) for key, d in _TEMPLATES.items()}
