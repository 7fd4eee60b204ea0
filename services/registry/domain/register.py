"""The school's register of scientific-practical events and of its practices of mentoring (issue 14 item 1,
issue 15 item 5, ADR 025): what an entry is, the checks of what people type into it, the expert review's steps and
the facets that answer indicators 4.1–4.5 of seed 000, App. 2. Pure: no storage, no clock (``today`` is passed in).

Indicators that count people (4.1, 4.2, 4.4) are carried as weighted facets (``mentorship_kit.weighted_facets``):
the sum over the entries, not the number of entries."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from mentorship_kit import weighted_facets
from mentorship_kit.errors import Conflict
from mentorship_kit.vocabulary import field_title
from registry.domain.field_checks import Problems, clean_optional, clean_text, parse_date
from registry.domain.mentees import MentoringForm

TITLE_MAX = 300
HOST_MAX = 300
SUMMARY_MAX = 2000
AUTHORS_MAX = 1000
LINK_MAX = 500
LINKS_MAX = 10
NOTE_MAX = 2000
COUNT_MAX = 100_000
EARLIEST = date(2000, 1, 1)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EventKind(enum.StrEnum):
    CONFERENCE = "conference"
    SEMINAR = "seminar"
    ROUND_TABLE = "round_table"
    WEBINAR = "webinar"
    MASTER_CLASS = "master_class"
    FORUM = "forum"
    OTHER = "other"


class EventLevel(enum.StrEnum):
    SCHOOL = "school"
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    FEDERAL = "federal"
    INTERNATIONAL = "international"


class EventRole(enum.StrEnum):
    HELD = "held"          # the school held it (4.3, 4.4)
    ATTENDED = "attended"  # the school's people took part in another organisation's event (4.1)


class PracticeState(enum.StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    PASSED = "passed"
    RETURNED = "returned"


class ReviewLevel(enum.StrEnum):
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    FEDERAL = "federal"


COUNTED_REVIEW_LEVELS = frozenset({ReviewLevel.REGIONAL, ReviewLevel.FEDERAL})
"""4.5: «прошедших положительную профессионально-общественную экспертизу на региональном, Всероссийском уровне»."""

# The facets of indicators 4.1–4.5 (docs/indicators.md); the people-counting ones are weighted bases.
EVENT = "register.event"
EVENT_HELD = "register.event.held"                                   # 4.3
EVENT_ATTENDED = "register.event.attended"
PARTICIPANTS = "register.event.participants"                         # 4.4 (weighted)
TEACHERS_ELSEWHERE = "register.event.teachers_elsewhere"             # 4.1 (weighted)
PARTNERS = "register.event.partners"                                 # 4.2 (weighted)
PRACTICE = "register.practice"
PRACTICE_PASSED_OUTER = "register.practice.passed_outer"             # 4.5
WEIGHTED_BASES = (PARTICIPANTS, TEACHERS_ELSEWHERE, PARTNERS)


# -- scientific-practical events ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScientificEvent:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    title: str
    held_on: date
    kind: EventKind
    level: EventLevel
    role: EventRole
    host: str            # the organisation that held it (attended) — empty when the school held it
    participants: int    # everyone present at an event the school held
    teachers: int        # the school's teachers who took part
    partners: int        # representatives of enterprises, entrepreneurs, NGOs of the school's pairs
    mentors: int
    mentees: int
    version: int
    removed: bool = False


def _count(raw: Any, field: str, p: Problems) -> int:
    label = field_title(field)
    try:
        number = int(str(raw if raw is not None else "").strip() or "0")
    except ValueError:
        p.add(field, f"«{label}»: целое число от 0 до {COUNT_MAX}")
        return 0
    if not 0 <= number <= COUNT_MAX:
        p.add(field, f"«{label}»: целое число от 0 до {COUNT_MAX}")
        return 0
    return number


def _choice(raw: Any, field: str, values: type[enum.StrEnum], p: Problems) -> Any:
    text = str(raw or "").strip()
    try:
        return values(text)
    except ValueError:
        p.add(field, f"«{field_title(field)}»: выберите значение из списка")
        return None


def clean_event(raw: dict[str, Any], *, today: date) -> dict[str, Any]:
    """The fields of an event as typed; every problem at once. An event is recorded after it happened (the
    register counts what was done), so its date is not in the future."""
    p = Problems()
    title = clean_text(str(raw.get("title", "")), "title", "Название", p, limit=TITLE_MAX)
    held_on = parse_date(str(raw.get("held_on", "")), "held_on", field_title("held_on"), p, required=True,
                         earliest=EARLIEST, latest=today)
    kind = _choice(raw.get("kind"), "event_kind", EventKind, p)
    level = _choice(raw.get("level"), "event_level", EventLevel, p)
    role = _choice(raw.get("role"), "event_role", EventRole, p)
    host = clean_optional(str(raw.get("host", "")), "host", field_title("host"), p, limit=HOST_MAX)
    counts = {f: _count(raw.get(f), f, p) for f in ("participants", "teachers", "partners", "mentors", "mentees")}
    if role is EventRole.ATTENDED and not host:
        p.add("host", "Укажите организацию, которая провела мероприятие")
    if role is EventRole.HELD and counts["participants"] < 1:
        p.add("participants", "Укажите, сколько человек участвовало в проведённом мероприятии")
    if role is EventRole.ATTENDED and counts["teachers"] + counts["partners"] < 1:
        p.add("teachers", "Укажите, сколько педагогов или представителей партнёров школы приняли участие")
    if role is EventRole.HELD and counts["participants"] and \
            max(counts["teachers"], counts["partners"], counts["mentors"], counts["mentees"]) > counts["participants"]:
        p.add("participants", "Число участников не может быть меньше числа педагогов, партнёров, наставников или"
                              " наставляемых среди них")
    p.raise_if_any()
    return {"title": title, "held_on": held_on, "kind": kind, "level": level, "role": role,
            "host": host if role is EventRole.ATTENDED else "", **counts}


def event_facets(e: ScientificEvent) -> list[str]:
    """4.1 teachers at events of other organisations; 4.2 partners' people at any event; 4.3 events held;
    4.4 participants of the events held. A removed entry counts nothing."""
    if e.removed:
        return []
    facets = [EVENT, *weighted_facets.split(PARTNERS, e.partners)]
    if e.role is EventRole.HELD:
        facets += [EVENT_HELD, *weighted_facets.split(PARTICIPANTS, e.participants)]
    else:
        facets += [EVENT_ATTENDED, *weighted_facets.split(TEACHERS_ELSEWHERE, e.teachers)]
    return facets


# -- practices and their expert review ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Practice:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    title: str
    forms: tuple[str, ...]
    summary: str
    links: tuple[str, ...]
    state: PracticeState
    review_level: ReviewLevel | None
    review_note: str
    published: bool
    version: int
    submitted_at: datetime
    reviewed_at: datetime | None = None


_LINK = re.compile(r"^https?://\S+$")


def clean_practice(raw: dict[str, Any]) -> dict[str, Any]:
    p = Problems()
    title = clean_text(str(raw.get("title", "")), "title", "Название", p, limit=TITLE_MAX)
    known = {f.value for f in MentoringForm if f.value}
    forms = tuple(dict.fromkeys(str(f).strip() for f in raw.get("forms") or [] if str(f).strip()))
    if not forms:
        p.add("forms", "Отметьте хотя бы одну форму наставничества, в которой применяется практика")
    elif unknown := [f for f in forms if f not in known]:
        p.add("forms", f"Неизвестная форма наставничества: {', '.join(unknown)[:100]}")
    summary = clean_optional(str(raw.get("summary", "")), "summary", field_title("summary"), p, limit=SUMMARY_MAX,
                             multiline=True)
    authors = clean_optional(str(raw.get("authors", "")), "authors", field_title("authors"), p, limit=AUTHORS_MAX)
    links = tuple(dict.fromkeys(" ".join(str(x).split()) for x in raw.get("links") or [] if str(x).strip()))
    if len(links) > LINKS_MAX:
        p.add("links", f"«{field_title('links')}»: не больше {LINKS_MAX} ссылок")
    elif bad := [x for x in links if len(x) > LINK_MAX or not _LINK.match(x) or _CONTROL.search(x)]:
        p.add("links", f"«{field_title('links')}»: ссылка вида https://… не длиннее {LINK_MAX} символов"
                       f" (неверно: {bad[0][:60]})")
    p.raise_if_any()
    return {"title": title, "forms": forms, "summary": summary, "authors": authors, "links": links}


def tier_level(scope: str) -> ReviewLevel:
    """Who reviews sets the level: the municipality's expert reviews at the municipal level, the region's at the
    regional one (and records a federal review the practice passed)."""
    return ReviewLevel.MUNICIPAL if scope == "municipality" else ReviewLevel.REGIONAL


def may_edit(practice: Practice) -> None:
    if practice.state not in (PracticeState.SUBMITTED, PracticeState.RETURNED):
        raise Conflict("Практику на экспертизе или прошедшую её изменить нельзя")


def resubmitted(practice: Practice, values: dict[str, Any]) -> Practice:
    """The school's edit: a returned practice goes back to the experts as submitted."""
    may_edit(practice)
    return replace(practice, title=values["title"], forms=values["forms"], summary=values["summary"],
                   links=values["links"], state=PracticeState.SUBMITTED, review_note="", review_level=None,
                   version=practice.version + 1)


def taken_into_review(practice: Practice, scope: str) -> Practice:
    if practice.state is not PracticeState.SUBMITTED:
        raise Conflict("На экспертизу берётся только поданная практика")
    return replace(practice, state=PracticeState.UNDER_REVIEW, review_level=tier_level(scope),
                   version=practice.version + 1)


def decided(practice: Practice, *, passed: bool, note: str, scope: str, level: str, at: datetime) -> Practice:
    """The expert's conclusion. A return needs its reason; the region may record a federal review."""
    if practice.state is not PracticeState.UNDER_REVIEW:
        raise Conflict("Заключение даётся по практике, взятой на экспертизу")
    p = Problems()
    text = clean_optional(note, "review_note", field_title("review_note"), p, limit=NOTE_MAX, multiline=True)
    if not passed and not text:
        p.add("review_note", "Напишите, что доработать: практика возвращается школе с замечаниями")
    chosen = tier_level(scope)
    if level:
        asked: ReviewLevel | None
        try:
            asked = ReviewLevel(level)
        except ValueError:
            asked = None
            p.add("review_level", "Уровень экспертизы: муниципальный, региональный или всероссийский")
        if asked is not None and asked is not chosen and not (chosen is ReviewLevel.REGIONAL
                                                              and asked is ReviewLevel.FEDERAL):
            p.add("review_level", "Уровень экспертизы выше своего отмечает только региональный эксперт"
                                  " (всероссийский)")
        chosen = asked or chosen
    p.raise_if_any()
    return replace(practice, state=PracticeState.PASSED if passed else PracticeState.RETURNED, review_note=text,
                   review_level=chosen, published=practice.published and passed, version=practice.version + 1,
                   reviewed_at=at)


def with_publication(practice: Practice, published: bool) -> Practice:
    if published and practice.state is not PracticeState.PASSED:
        raise Conflict("В каталог публикуется только практика, прошедшая экспертизу")
    return replace(practice, published=published, version=practice.version + 1)


def practice_facets(practice: Practice) -> list[str]:
    """Every practice by its state; 4.5 only a passed one at the regional or federal level."""
    facets = [PRACTICE, f"{PRACTICE}.{practice.state.value}"]
    if practice.state is PracticeState.PASSED and practice.review_level in COUNTED_REVIEW_LEVELS:
        facets.append(PRACTICE_PASSED_OUTER)
    return facets
