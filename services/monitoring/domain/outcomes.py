"""Результаты наставляемого-обучающегося, recorded by the curator during a pair or at its end, that answer 000 App. 2:
3.5 «Количество обучающихся, успеваемость которых повысилась в ходе взаимодействия в наставляемой паре» and
3.6 «Количество обучающихся, подготовленных к участию в конкурсах, олимпиадах в наставляемой паре».

Both count *students*: the outcome is recorded on a pair whose mentee is a student (the forms below) and
published per mentee — the union of the mentee's pairs — so a student in two pairs counts once.

A teacher mentee of a «учитель-учитель» pair has the outcomes of 3.1–3.3 instead (ADR 021): entered the management
reserve, prepared to lead development-program or contest (grant) projects, takes part in professional contests —
published the same way, with the facets ``outcome.teacher…``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from monitoring.domain.pairs import MonitoredPair

STUDENT_MENTEE_FORMS = frozenset({"student_student", "student_pupil", "employer_pupil", "employer_student",
                                  "teacher_pupil"})
"""The forms of 000 App. 2 whose mentee is a student (ученик / студент)."""
TEACHER_MENTEE_FORMS = frozenset({"teacher_teacher"})
"""The form of 000 App. 2, section 3 «по модели учитель-учитель» (3.1–3.4)."""
NOTE_MAX = 1000
FACET_IMPROVED = "outcome.academic_improved"
FACET_CONTESTS = "outcome.contest_prepared"
TEACHER_OUTCOMES = ("management_reserve", "project_lead", "pro_contest")
"""3.1, 3.2, 3.3 — each a facet ``outcome.teacher.<name>``."""


@dataclass(frozen=True)
class PairOutcome:
    pair_id: str
    org_id: str
    municipality_id: str
    region_id: str
    mentee_id: str
    academic_improved: bool
    contest_prepared: bool
    note: str
    version: int
    recorded_by: str
    recorded_at: datetime
    management_reserve: bool = False
    project_lead: bool = False
    pro_contest: bool = False

    @property
    def teacher(self) -> bool:
        return any((self.management_reserve, self.project_lead, self.pro_contest))


def applicable(form: str) -> tuple[bool, bool]:
    """(3.5/3.6 apply — a student mentee, 3.1–3.3 apply — a teacher mentee of a «учитель-учитель» pair)."""
    return form in STUDENT_MENTEE_FORMS, form in TEACHER_MENTEE_FORMS


def record(pair: MonitoredPair, before: PairOutcome | None, *, academic_improved: bool, contest_prepared: bool,
           note: str, recorded_by: str, now: datetime, management_reserve: bool = False,
           project_lead: bool = False, pro_contest: bool = False) -> PairOutcome:
    students, teachers = applicable(pair.form)
    if not (students or teachers):
        raise Conflict("Результаты наставляемого (показатели 3.1–3.3, 3.5, 3.6) записываются для пар с обучающимся"
                       " или для пар «учитель – учитель»")
    if students and (management_reserve or project_lead or pro_contest):
        raise Conflict("Показатели 3.1–3.3 считают педагогов: у этой пары наставляемый — обучающийся")
    if teachers and (academic_improved or contest_prepared):
        raise Conflict("Показатели 3.5 и 3.6 считают обучающихся: у этой пары наставляемый — педагог")
    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationFailed([FieldProblem("note", f"«Комментарий» — не длиннее {NOTE_MAX} символов")])
    return PairOutcome(pair_id=pair.id, org_id=pair.org_id, municipality_id=pair.municipality_id,
                       region_id=pair.region_id, mentee_id=pair.mentee_id, academic_improved=academic_improved,
                       contest_prepared=contest_prepared, note=text, version=before.version + 1 if before else 1,
                       recorded_by=recorded_by, recorded_at=now, management_reserve=management_reserve,
                       project_lead=project_lead, pro_contest=pro_contest)


def mentee_state(outcomes: Iterable[PairOutcome], *, teacher: bool = False) -> tuple[int, list[str]]:
    """The mentee's counted state over all its pairs: a version that grows with every recorded change (the sum of
    the pairs' versions, each of which only grows) and the facets it has — ``outcome`` for a student mentee with a
    record, ``outcome.teacher`` for a teacher mentee (ADR 021)."""
    found = list(outcomes)
    facets = ["outcome.teacher" if teacher else "outcome"]
    facets += [f"outcome.teacher.{name}" for name in TEACHER_OUTCOMES if any(getattr(o, name) for o in found)]
    if any(o.academic_improved for o in found):
        facets.append(FACET_IMPROVED)
    if any(o.contest_prepared for o in found):
        facets.append(FACET_CONTESTS)
    return sum(o.version for o in found), facets
