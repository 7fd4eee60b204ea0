"""Результаты наставляемого-обучающегося, recorded by the curator during a pair or at its end, that answer 000 App. 2:
3.5 «Количество обучающихся, успеваемость которых повысилась в ходе взаимодействия в наставляемой паре» and
3.6 «Количество обучающихся, подготовленных к участию в конкурсах, олимпиадах в наставляемой паре».

Both count *students*: the outcome is recorded on a pair whose mentee is a student (the forms below) and
published per mentee — the union of the mentee's pairs — so a student in two pairs counts once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from monitoring.domain.pairs import MonitoredPair

STUDENT_MENTEE_FORMS = frozenset({"student_student", "student_pupil", "employer_pupil", "employer_student",
                                  "teacher_pupil"})
"""The forms of 000 App. 2 whose mentee is a student (ученик / студент)."""
NOTE_MAX = 1000
FACET_IMPROVED = "outcome.academic_improved"
FACET_CONTESTS = "outcome.contest_prepared"


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


def record(pair: MonitoredPair, before: PairOutcome | None, *, academic_improved: bool, contest_prepared: bool,
           note: str, recorded_by: str, now: datetime) -> PairOutcome:
    if pair.form not in STUDENT_MENTEE_FORMS:
        raise Conflict("Показатели 3.5 и 3.6 считают обучающихся: у этой пары наставляемый — не обучающийся")
    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationFailed([FieldProblem("note", f"«Комментарий» — не длиннее {NOTE_MAX} символов")])
    return PairOutcome(pair_id=pair.id, org_id=pair.org_id, municipality_id=pair.municipality_id,
                       region_id=pair.region_id, mentee_id=pair.mentee_id, academic_improved=academic_improved,
                       contest_prepared=contest_prepared, note=text, version=before.version + 1 if before else 1,
                       recorded_by=recorded_by, recorded_at=now)


def mentee_state(outcomes: Iterable[PairOutcome]) -> tuple[int, list[str]]:
    """The mentee's counted state over all its pairs: a version that grows with every recorded change (the sum of
    the pairs' versions, each of which only grows) and the facets it has."""
    found = list(outcomes)
    facets = ["outcome"]
    if any(o.academic_improved for o in found):
        facets.append(FACET_IMPROVED)
    if any(o.contest_prepared for o in found):
        facets.append(FACET_CONTESTS)
    return sum(o.version for o in found), facets
