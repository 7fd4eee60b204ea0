"""Who may mentor whom, per form of mentoring (DESIGN §3, seed 001 §5), with the reasons in Russian.

Two kinds of findings: *blockers* no mode may cross (no consent, mentor out of the base or without a seat, the
same person on both sides) and *warnings* — a form rule the curator may knowingly override by hand after
confirming it (manual mode). Automatic modes propose only pairs with neither.
"""

from __future__ import annotations

from matching.domain.pool import EXTERNAL_ORIGINS, Pool, PoolMentor, PoolRequest

STAFF_FORMS = frozenset({"teacher_teacher", "head_teacher", "university_teacher"})
EMPLOYER_FORMS = frozenset({"employer_pupil", "employer_student"})
FOR_STUDENTS = frozenset({"student_student", "student_pupil", "employer_pupil", "employer_student", "teacher_pupil"})
FOR_PUPILS = frozenset({"student_pupil", "employer_pupil"})
"""Forms whose mentee is a school pupil (a class); «работодатель – студент» is for a college's students (a course)."""


def infer_form(mentor: PoolMentor, request: PoolRequest) -> str:
    """The form a pair takes when the request names none: from who the two are."""
    if request.person_kind == "staff":
        return "university_teacher" if mentor.origin == "university" else "teacher_teacher"
    if mentor.person_kind == "student" or mentor.origin == "student":
        return "student_student"
    if mentor.origin in EXTERNAL_ORIGINS:
        return "employer_student" if request.course else "employer_pupil"
    return "teacher_pupil"


def blockers(mentor: PoolMentor, request: PoolRequest, pool: Pool, *, seats_taken: int = 0) -> list[str]:
    """What forbids the pair outright; ``seats_taken`` counts seats already given in the run being built."""
    found: list[str] = []
    if not request.consent_valid:
        found.append("у наставляемого нет действующего согласия на обработку персональных данных")
    if not request.mentee_active:
        found.append("наставляемый выведен из базы")
    if not mentor.pairable:
        found.append("наставник не может быть назначен: " + ("; ".join(mentor.blockers) or "выведен из базы"))
    if mentor.person_id and mentor.person_id == request.person_id:
        found.append("наставник и наставляемый — один и тот же человек")
    if pool.free_seats(mentor) - seats_taken <= 0:
        found.append("у наставника нет свободных мест")
    return found


def form_warnings(mentor: PoolMentor, request: PoolRequest) -> list[str]:
    """Rules of the request's form (or of the inferred one) that this mentor does not meet."""
    form = request.desired_form or infer_form(mentor, request)
    found: list[str] = []
    if form == "student_student":
        found += _peer_warnings(mentor, request)
    elif form == "student_pupil" and (mentor.grade is not None or mentor.person_kind == "staff"):
        found.append("форма «студент – ученик»: наставник должен быть студентом (колледжа, вуза), а не "
                     + ("школьником" if mentor.grade is not None else "педагогом"))
    elif form in STAFF_FORMS:
        if request.person_kind != "staff":
            found.append("форма для педагогов: наставляемый должен быть педагогом")
        if form == "university_teacher":
            if mentor.origin != "university":
                found.append("форма «преподаватель вуза – педагог»: наставник должен быть преподавателем вуза")
        elif mentor.person_kind != "staff":
            found.append("форма для педагогов: наставник должен быть сотрудником школы")
    elif form in EMPLOYER_FORMS:
        if mentor.origin not in EXTERNAL_ORIGINS:
            found.append("форма «работодатель – ученик/студент»: наставник должен быть внешним (предприятие, "
                         "предприниматель, НКО и т. п.) с договором о сотрудничестве")
    elif form == "teacher_pupil" and mentor.person_kind != "staff":
        found.append("форма «учитель – ученик»: наставник должен быть педагогом")
    if form in FOR_STUDENTS and request.person_kind != "student":
        found.append("эта форма — для обучающихся, а наставляемый — педагог")
    elif form in FOR_PUPILS and request.course:
        found.append("эта форма — для учеников школы, а наставляемый — студент колледжа; для студентов — "
                     "«работодатель – студент»")
    elif form == "employer_student" and not request.course:
        found.append("форма «работодатель – студент»: наставляемый должен быть студентом колледжа (указан курс)")
    return found


def _peer_warnings(mentor: PoolMentor, request: PoolRequest) -> list[str]:
    """«Ученик – ученик» (for a college, student to student): the mentor is older — a higher class or course."""
    if mentor.person_kind != "student":
        return ["форма «ученик – ученик»: наставник должен быть обучающимся"]
    if mentor.course and request.course:
        if mentor.course <= request.course:
            return [f"форма «студент – студент»: наставник ({mentor.course} курс) должен учиться на более старшем "
                    f"курсе, чем наставляемый ({request.course} курс)"]
        return []
    if bool(mentor.course) != bool(request.course):
        return ["форма «ученик – ученик»: наставник и наставляемый должны быть оба школьниками или оба студентами; "
                "для студента и школьника — форма «студент – ученик»"]
    if mentor.grade is None or request.grade is None:
        return ["форма «ученик – ученик»: не указан класс наставника или наставляемого"]
    if mentor.grade <= request.grade:
        return [f"форма «ученик – ученик»: наставник ({mentor.grade} кл.) должен учиться в более "
                f"старшем классе, чем наставляемый ({request.grade} кл.)"]
    return []


def allowed(mentor: PoolMentor, request: PoolRequest, pool: Pool, *, seats_taken: int = 0) -> bool:
    return not blockers(mentor, request, pool, seats_taken=seats_taken) and not form_warnings(mentor, request)
