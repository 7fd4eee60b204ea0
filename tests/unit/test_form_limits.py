"""Issue 10 item 12: every text field of every page carries ``maxlength`` equal to what the server accepts, so the
browser stops a person before a long text is sent and refused; the upload form names the same size the server
checks; a refused form's problems take the focus (scrolled into view without a script)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.domain import roster
from gateway.entrypoints.params import SearchText
from gateway.entrypoints.web import (
    contest_pages,
    document_pages,
    outer_work_pages,
    pages,
    questionnaire_pages,
    register_pages,
)
from gateway.settings import GatewaySettings
from monitoring.domain import evaluation, invitations, outcomes, questionnaires
from monitoring.domain.meetings import TEXT_LIMITS as MEETING_TEXT
from monitoring.domain.plans import LIMITS as PLAN_TEXT
from monitoring.domain.reports import SECTIONS as REPORT_SECTIONS
from monitoring.domain.routes import LIMITS as ROUTE_TEXT
from registry.domain import (
    contests,
    documents,
    field_checks,
    mentees,
    outer_work,
    persons,
    register,
    self_diagnosis,
)

TEMPLATES = Path(pages.__file__).parent / "templates"
_FIELD = re.compile(r"<(input|textarea)\b([^>]*)>", re.DOTALL)
_NOT_TEXT = re.compile(r'type="(hidden|checkbox|radio|number|date|file|submit|password)"')
_NAME = re.compile(r'name="([^"]+)"')
_MAXLENGTH = re.compile(r'maxlength="(\d+)"')


def _search_max() -> int:
    return next(c.max_length for m in SearchText.__metadata__ for c in m.metadata if hasattr(c, "max_length"))


# What the services accept, field by field (the registry's constants where it has them, the literal bound of its
# check otherwise). A field of a template missing here fails the test: add its bound when you add the field.
BOUNDS: dict[str, set[int]] = {
    # The outer contour's work (registry.domain.outer_work, ADR 024)
    "summary": {outer_work.SUMMARY_MAX}, "agreement_number": {outer_work.NUMBER_MAX},
    "parties": {outer_work.PARTIES_MAX * (outer_work.PARTY_MAX + 10)}, "subject": {outer_work.SUBJECT_MAX},
    "study_form": {100}, "plan": {outer_work_pages.PLAN_TEXT_MAX}, "mitigation_text": {outer_work.MITIGATION_MAX},
    # The school's register (registry.domain.register, ADR 025)
    "host": {register.HOST_MAX}, "practice_summary": {register.SUMMARY_MAX}, "authors": {register.AUTHORS_MAX},
    "links": {register_pages.LINKS_TEXT_MAX}, "review_note": {register.NOTE_MAX},
    "last_name": {persons.PART_MAX}, "first_name": {persons.PART_MAX}, "middle_name": {persons.PART_MAX},
    "external_key": {persons.KEY_MAX}, "email": {persons.CONTACT_MAX, roster.EMAIL_MAX},
    "guardian_contact": {persons.CONTACT_MAX}, "display_name": {roster.NAME_MAX},
    "phone": {25},  # persons._PHONE: 5 to 25 characters
    "guardian_name": {field_checks.NAME_MAX}, "position": {field_checks.NAME_MAX},
    "affiliation": {field_checks.NAME_MAX}, "giver_name": {field_checks.NAME_MAX},
    "document_ref": {field_checks.NAME_MAX},
    "class_name": {10, 20},  # a class is «11А» at most; the filter's bound is params.ClassName (20)
    "education": {500}, "reason": {500}, "text_version": {50}, "course": {300}, "provider": {300},
    "number": {field_checks.TAG_MAX}, "term": {field_checks.TAG_MAX},
    "life_experience": {2000}, "goal": {mentees.GOAL_MAX}, "notes": {mentees.NOTES_MAX},
    "subjects": {pages.FORM_FIELD_LIMIT}, "interests": {pages.FORM_FIELD_LIMIT}, "topics": {pages.FORM_FIELD_LIMIT},
    "query": {_search_max()}, "username": {200, 64},  # the login form's bound; a new login is 3-64 characters
    "title": {300},  # documents.save_draft: «от 1 до 300 символов»
    "comment": {documents.TEXT_MAX, 500},  # a document's comment; a petition's decision is 500
    "evidence": {documents.TEXT_MAX},
    "document": {300},  # matching: «Реквизиты согласия — не длиннее 300 символов»
    "item-*-activity": {documents.TEXT_MAX}, "item-*-result": {documents.TEXT_MAX}, "item-*-period": {200},
    "note": {500, PLAN_TEXT["note"]},  # matching: the psychologist's compatibility note; a plan item's progress note
    "reason-*": {500},  # a school's reason to decline a mentor from another organisation
    "reminder_emails": {pages.FORM_FIELD_LIMIT},  # up to ten addresses, one per line
    "course_year": {10},  # «2» or «2 курс»; the registry checks 1-5
    "plan_topic": {MEETING_TEXT["topic"]}, **{name: {limit} for name, limit in MEETING_TEXT.items()},
    "outcome": {MEETING_TEXT["outcome"], 500},  # a meeting's outcome; a completed pair's «итог» is 500
    "deficits": {pages.FORM_FIELD_LIMIT},  # one a line, each refused past PLAN_TEXT["deficit"] by monitoring
    "item_title_*": {PLAN_TEXT["title"]}, "item_expected_product_*": {PLAN_TEXT["expected_product"]},
    "final_product": {PLAN_TEXT["final_product"]},
    **{name: {limit} for name, limit in REPORT_SECTIONS.items()},  # the mentor's report (003 §7)
    "year": {4}, "conclusion": {8000},  # the half-year report: a year, the curator's conclusion (gateway's bound)
    "item-*-responsible": {300}, "section-*": {documents.SECTION_MAX}, "comment-*": {documents.TEXT_MAX},
    "commission": {evaluation.COMMISSION_MAX},  # the program evaluation's commission (001 §6)
    # a teacher's ИОМ (ADR 011): самоопределение, consent, the diagnosis' comments, the roadmap, notes
    "ideal_image": {ROUTE_TEXT["ideal_image"]}, "consent_document": {ROUTE_TEXT["consent_document"]},
    "comment_*": {ROUTE_TEXT["comment"]}, "product": {ROUTE_TEXT["product"]}, "text": {ROUTE_TEXT["text"]},
    # questionnaires (issue 13): the builder, the invitations, the paper form, a text answer (monitoring's bounds)
    "s*.title": {questionnaires.SECTION_TITLE_MAX}, "*.text": {questionnaires.QUESTION_MAX},
    "*.options": {pages.FORM_FIELD_LIMIT}, "*.rows": {pages.FORM_FIELD_LIMIT},
    "invitees": {questionnaire_pages.INVITEES_TEXT_MAX}, "label": {invitations.LABEL_MAX},
    "*": {questionnaires.TEXT_ANSWER_MAX},
}
BOUNDS["reason"] = BOUNDS["reason"] | {evaluation.REASON_MAX}  # a level's reason; an evaluation's correction
BOUNDS["note"] = BOUNDS["note"] | {outcomes.NOTE_MAX}  # … and a pair's student outcomes (3.5 / 3.6)
BOUNDS["title"] = {300, questionnaires.TITLE_MAX}  # a document's title; a questionnaire's
BOUNDS["note-*"] = {self_diagnosis.NOTE_MAX}  # a self-diagnosis item's note (issue 15)
# Contests (registry.domain.contests, ADR 023): the announcement, an application, a juror's score
BOUNDS |= {"nominations": {contest_pages.NOMINATIONS_TEXT_MAX}, "criteria": {contest_pages.CRITERIA_TEXT_MAX},
           "achievements": {contests.TEXT_MAX}, "conflict_note": {contests.NOTE_MAX}}
BOUNDS["description"] = BOUNDS.get("description", set()) | {contests.DESCRIPTION_MAX, contests.TEXT_MAX}
BOUNDS["comment"] = BOUNDS["comment"] | {contests.TEXT_MAX}


def _key(name: str) -> str:
    """``item-{{ item.id }}-activity`` → ``item-*-activity``."""
    return re.sub(r"\{\{[^}]*\}\}", "*", name)


def _text_fields() -> list[tuple[str, str, str]]:
    found = []
    for template in sorted(TEMPLATES.glob("*.html")):
        for match in _FIELD.finditer(template.read_text(encoding="utf-8")):
            attributes = match[2]
            if _NOT_TEXT.search(attributes):
                continue
            name = _NAME.search(attributes)
            found.append((template.name, _key(name[1]) if name else "?", attributes))
    return found


FIELDS = _text_fields()


def test_the_templates_have_text_fields_to_check() -> None:
    assert len(FIELDS) > 50


@pytest.mark.parametrize(("template", "name", "attributes"), FIELDS, ids=[f"{t}:{n}" for t, n, _ in FIELDS])
def test_every_text_field_carries_the_server_s_bound(template: str, name: str, attributes: str) -> None:
    limit = _MAXLENGTH.search(attributes)
    assert limit is not None, f"{template}: «{name}» has no maxlength"
    assert name in BOUNDS, f"{template}: «{name}» — add the server's bound to BOUNDS"
    assert int(limit[1]) in BOUNDS[name], f"{template}: «{name}» maxlength {limit[1]}, the server takes {BOUNDS[name]}"


def test_the_document_editor_reads_what_the_registry_accepts() -> None:
    assert document_pages.SECTION_TEXT_MAX == documents.SECTION_MAX
    assert document_pages.DUE_YEARS == (documents.EARLIEST_YEAR, documents.LATEST_YEAR)


def test_the_upload_form_names_the_size_the_server_checks() -> None:
    form = (TEMPLATES / "imports.html").read_text(encoding="utf-8")
    assert "(до {{ file_limit }})" in form and "10 МБ" not in form
    assert GatewaySettings.model_fields["max_upload_bytes"].default == 10 * 1024 * 1024


def test_a_refused_form_s_problems_take_the_focus() -> None:
    for name in ("_ui.html", "document.html"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert 'id="form-problems" tabindex="-1" autofocus role="alert"' in text, name
