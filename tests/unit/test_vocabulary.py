"""The one vocabulary: every value of every value set the pages, forms and exports show has a Russian title, and
no title dict names a value its set does not have (a renamed or dropped value fails here, not on a page)."""

from __future__ import annotations

from typing import Any

import pytest

from mentorship.matching.v1 import matching_pb2, regional_pb2
from mentorship.registry.v1 import documents_pb2, imports_pb2, organisations_pb2, participants_pb2, persons_pb2
from mentorship_kit import vocabulary as v
from mentorship_kit.principal import Role
from mentorship_kit.proto_enums import names
from mentorship_kit.weighted_facets import WEIGHTS

VALUE_SETS: list[tuple[str, dict[str, str], Any]] = [
    ("MENTOR_ORIGIN_TITLES", v.MENTOR_ORIGIN_TITLES, participants_pb2.MentorOrigin),
    ("MENTOR_LEVEL_TITLES", v.MENTOR_LEVEL_TITLES, participants_pb2.MentorLevel),
    ("MENTEE_CATEGORY_TITLES", v.MENTEE_CATEGORY_TITLES, participants_pb2.MenteeCategory),
    ("MENTORING_FORM_TITLES", v.MENTORING_FORM_TITLES, participants_pb2.MentoringForm),
    ("REQUEST_SOURCE_TITLES", v.REQUEST_SOURCE_TITLES, participants_pb2.RequestSource),
    ("REQUEST_STATUS_TITLES", v.REQUEST_STATUS_TITLES, participants_pb2.RequestStatus),
    ("PERSON_KIND_TITLES", v.PERSON_KIND_TITLES, persons_pb2.PersonKind),
    ("CONSENT_PURPOSE_TITLES", v.CONSENT_PURPOSE_TITLES, persons_pb2.ConsentPurpose),
    ("CONSENT_GIVER_TITLES", v.CONSENT_GIVER_TITLES, persons_pb2.ConsentGiver),
    ("ORGANISATION_KIND_TITLES", v.ORGANISATION_KIND_TITLES, organisations_pb2.OrganisationKind),
    ("IMPORT_KIND_TITLES", v.IMPORT_KIND_TITLES, imports_pb2.ImportKind),
    ("IMPORT_STATUS_TITLES", v.IMPORT_STATUS_TITLES, imports_pb2.ImportStatus),
    ("DOCUMENT_KIND_TITLES", v.DOCUMENT_KIND_TITLES, documents_pb2.DocumentKind),
    ("DOCUMENT_STATUS_TITLES", v.DOCUMENT_STATUS_TITLES, documents_pb2.DocumentStatus),
    ("ITEM_PROGRESS_TITLES", v.ITEM_PROGRESS_TITLES, documents_pb2.ItemProgress),
    ("MATCHING_MODE_TITLES", v.MATCHING_MODE_TITLES, matching_pb2.MatchingMode),
    ("OBJECTIVE_TITLES", v.OBJECTIVE_TITLES, matching_pb2.Objective),
    ("RUN_STATUS_TITLES", v.RUN_STATUS_TITLES, matching_pb2.RunStatus),
    ("PAIR_KIND_TITLES", v.PAIR_KIND_TITLES, matching_pb2.PairKind),
    ("REPORTING_TITLES", v.REPORTING_TITLES, matching_pb2.Reporting),
    ("PAIR_RESULT_TITLES", v.PAIR_RESULT_TITLES, matching_pb2.PairResult),
    ("PETITION_KIND_TITLES", v.PETITION_KIND_TITLES, matching_pb2.PetitionKind),
    ("PETITION_STATUS_TITLES", v.PETITION_STATUS_TITLES, matching_pb2.PetitionStatus),
    ("PAIR_STATUS_TITLES", v.PAIR_STATUS_TITLES, matching_pb2.PairStatus),
    ("OFFER_DECISION_TITLES", v.OFFER_DECISION_TITLES, regional_pb2.OfferDecision),
]
OPTIONAL_BLANK = {"AGE_GROUP_TITLES"}  # "" is a choice there: «Любая»


@pytest.mark.parametrize(("name", "titles", "enum"),
                         [*VALUE_SETS, ("AGE_GROUP_TITLES", v.AGE_GROUP_TITLES, participants_pb2.AgeGroup)],
                         ids=lambda x: x if isinstance(x, str) else "")
def test_every_value_of_a_set_has_a_title_and_no_title_lacks_a_value(name: str, titles: dict[str, str],
                                                                      enum: Any) -> None:
    values = set(names(enum)) | ({""} if name in OPTIONAL_BLANK else set())
    assert values - set(titles) == set(), f"{name}: values without a Russian title"
    assert set(titles) - values == set(), f"{name}: titles of values the contract does not have"
    assert all(t.strip() and t == t.strip() for t in titles.values()), f"{name}: a blank or padded title"


def test_roles_have_titles() -> None:
    assert set(v.ROLE_TITLES) == {r.value for r in Role}


def test_mentee_categories_split_into_students_and_staff() -> None:
    assert set(v.STUDENT_CATEGORY_TITLES).isdisjoint(v.STAFF_CATEGORY_TITLES)
    assert v.MENTEE_CATEGORY_TITLES == {**v.STUDENT_CATEGORY_TITLES, **v.STAFF_CATEGORY_TITLES}


def test_every_facet_the_registry_can_emit_has_a_title() -> None:
    """The facets of docs/indicators.md, built from the same value sets the registry's (and matching's) facets.py
    use; reporting adds mentee.in_pair from matching's pair states."""
    facets = {"mentor", "mentor.inactive", "mentor.trained", "mentor.published", "mentee", "mentee.inactive",
              *(f"person.{k}" for k in names(persons_pb2.PersonKind)),
              *(f"consent.{p}.{s}" for p in names(persons_pb2.ConsentPurpose) for s in ("given", "withdrawn")),
              *(f"mentor.origin.{o}" for o in names(participants_pb2.MentorOrigin)),
              *(f"mentor.level.{lv}" for lv in names(participants_pb2.MentorLevel)),
              *(f"mentee.{k}" for k in ("student", "staff")),
              *(f"mentee.category.{c}" for c in names(participants_pb2.MenteeCategory)),
              *(f"request.by.{k}" for k in ("student", "staff")),
              *(f"request.status.{s}" for s in names(participants_pb2.RequestStatus)),
              *(f"transition.{k}" for k in ("student", "staff")),
              # reporting's entities of ADR 021 (appendix_entities.py): people who asked, transitions after a
              # pair, team participants; 2.1 from the registry's facets; 3.9 from monitoring's group meetings
              *(f"requester.{k}" for k in ("student", "staff")),
              *(f"transition.{k}.after_pair" for k in ("student", "staff")),
              "mentor.trained.teacher", "team.participant", "meeting.group.form.team_team",
              # 3.10: a completed team's status recorded by the curator (matching/domain/facets.py)
              "group.team.became_mentor", "group.team.became_mentor.rip_inko",
              # matching's pairs (matching/domain/facets.py); mentee.in_pair is reporting's (pair_figures.py)
              "pair", "pair.closed", "pair.completed", "mentee.in_pair",
              *(f"pair.form.{f}" for f in names(participants_pb2.MentoringForm)),
              *(f"pair.kind.{k}" for k in names(matching_pb2.PairKind)),
              # monitoring's student outcomes (monitoring/domain/outcomes.py), 000 App. 2 3.5 / 3.6
              "outcome", "outcome.academic_improved", "outcome.contest_prepared",
              # a teacher mentee's outcomes of a «учитель-учитель» pair, 3.1–3.3 (ADR 021)
              "outcome.teacher", *(f"outcome.teacher.{k}" for k in ("management_reserve", "project_lead",
                                                                     "pro_contest")),
              # the platform's contests (registry/domain/contests.py, ADR 023)
              "contest.application", *(f"contest.application.{lv}" for lv in ("school", "municipality", "region")),
              *(f"contest.subject.{k}" for k in ("mentor", "pair", "teacher", "organisation")),
              "contest.awarded", "contest.award.winner", "contest.award.prize", "contest.teacher_mentee",
              "contest.teacher_mentee.awarded",
              # the school's register (registry/domain/register.py, ADR 025): 4.1–4.5, people as weighted digits
              "register.event", "register.event.held", "register.event.attended", "register.practice",
              *(f"register.practice.{s}" for s in ("submitted", "under_review", "passed", "returned")),
              "register.practice.passed_outer",
              *(f"{base}.x{w}" for base in ("register.event.participants", "register.event.teachers_elsewhere",
                                            "register.event.partners") for w in WEIGHTS)}
    assert facets - set(v.FACET_TITLES) == set()
    assert set(v.FACET_TITLES) - facets == set(), "a title of a facet nobody emits"


def test_the_registry_domain_reads_its_titles_from_the_vocabulary() -> None:
    from registry.domain import documents, imports, mentees, persons

    assert {k.value: t for k, t in documents.KIND_TITLES.items()} == v.DOCUMENT_KIND_TITLES
    assert {k.value: t for k, t in mentees.STATUS_TITLES.items()} == \
        {k: t.lower() for k, t in v.REQUEST_STATUS_TITLES.items()}
    assert {k.value for k in persons.PERSON_KIND_TITLES} == set(v.PERSON_KIND_TITLES)
    assert {k.value for k in imports.KIND_TITLES} == set(v.IMPORT_KIND_TITLES)


def test_a_mentor_card_label_is_the_same_in_the_registry_message_and_the_gateway_form() -> None:
    from mentorship_kit.errors import ValidationFailed
    from registry.domain.mentors import Vocabulary, clean_card

    with pytest.raises(ValidationFailed) as refused:
        clean_card({"origin": "teacher", "capacity": 1, "hours_per_month": -1}, vocabulary=Vocabulary([]),
                   person_kind=None)
    label = v.field_title("hours_per_month")
    assert [p.message for p in refused.value.problems] == [f"«{label}»: целое число от 0 до 200"]
    assert v.field_title("hours_per_month") == "Часов в месяц"
    assert v.field_title("no_such_field") == "no_such_field"


def test_every_weight_of_a_matching_score_has_a_title() -> None:
    assert list(v.WEIGHT_TITLES) == [f.name for f in matching_pb2.Weights.DESCRIPTOR.fields]


def test_the_evaluation_vocabulary_covers_monitoring_s_criteria_levels_and_evidence() -> None:
    from monitoring.domain import evaluation

    assert tuple(v.EVALUATION_CRITERION_TITLES) == evaluation.CRITERION_KEYS
    assert set(v.EVALUATION_GROUP_TITLES) == {group for _, group in evaluation.CRITERIA}
    assert set(v.EVALUATION_LEVEL_TITLES) == {lv.value for lv in evaluation.Level}
    assert set(v.EVALUATION_EVIDENCE_TITLES) == {k for keys in evaluation.EVIDENCE_OF.values() for k in keys}
