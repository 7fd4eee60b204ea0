"""Roadmaps at every tier and the self-diagnosis in the registry's domain (issue 15 items 1 and 3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentorship_kit.errors import Forbidden, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from registry.adapters import templates
from registry.domain import documents as d
from registry.domain import self_diagnosis as sdx

NOW = datetime(2026, 11, 28, tzinfo=UTC)
REGION = Principal(user_id="r", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id="reg",
                   display_name="Оператор")
MUNICIPAL = Principal(user_id="m", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                      municipality_id="mun", region_id="reg", display_name="Куратор МО")
SCHOOL = Principal(user_id="s", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id="org",
                   municipality_id="mun", region_id="reg", display_name="Куратор ОО")


def test_each_tier_starts_from_its_own_template_with_its_responsible_parties() -> None:
    municipal = templates.load(d.Kind.ROADMAP, d.OwnerLevel.MUNICIPALITY)
    school = templates.load(d.Kind.ROADMAP, d.OwnerLevel.SCHOOL)
    regional = templates.load(d.Kind.ROADMAP, d.OwnerLevel.REGION)
    assert municipal["stages"] != school["stages"]
    responsible = " ".join(i["responsible"] for s in municipal["stages"] for i in s["items"])
    for party in ("Управление образования", "Муниципальный куратор", "ЦНППМ", "ОУ"):
        assert party in responsible
    assert len(regional["stages"]) == 3
    assert any("самодиагностик" in i["activity"] for s in regional["stages"] for i in s["items"])


def test_the_regional_operator_keeps_and_adopts_the_regional_roadmap() -> None:
    doc = d.new_document(kind=d.Kind.ROADMAP, owner_level=d.OwnerLevel.REGION, principal=REGION, owner_name="Регион",
                         template=templates.load(d.Kind.ROADMAP, d.OwnerLevel.REGION), now=NOW)
    assert doc.municipality_id == "" and d.owns(REGION, doc) and not d.owns(MUNICIPAL, doc)
    doc, _ = d.submit(doc, principal=REGION, revision=doc.revision, now=NOW)
    with pytest.raises(Forbidden):
        d.approve(doc, principal=MUNICIPAL, revision=doc.revision, now=NOW)
    doc, _ = d.approve(doc, principal=REGION, revision=doc.revision, now=NOW)
    assert doc.approved_version == 1 and doc.approver_position == "Региональный оператор"


def test_an_item_of_a_higher_roadmap_sets_the_tier_below_a_deadline_a_school_cannot() -> None:
    content = templates.load(d.Kind.ROADMAP, d.OwnerLevel.MUNICIPALITY)
    content["stages"][0]["items"][0]["lower_due_on"] = "2026-10-01"
    saved = d.validate_content(d.Kind.ROADMAP, content, d.OwnerLevel.MUNICIPALITY)
    assert saved["stages"][0]["items"][0]["lower_due_on"] == "2026-10-01"
    school = templates.load(d.Kind.ROADMAP, d.OwnerLevel.SCHOOL)
    school["stages"][0]["items"][0]["lower_due_on"] = "2026-10-01"
    with pytest.raises(ValidationFailed, match="нижестоящего"):
        d.validate_content(d.Kind.ROADMAP, school)
    regional = templates.load(d.Kind.ROADMAP, d.OwnerLevel.REGION)
    with pytest.raises(ValidationFailed, match="7 этапов"):
        d.validate_content(d.Kind.ROADMAP, regional, d.OwnerLevel.MUNICIPALITY)


def test_a_self_diagnosis_scores_the_checklist_and_a_correction_is_the_next_version() -> None:
    first = sdx.fill(principal=SCHOOL, owner_name="Школа", year=2026, previous_version=0, now=NOW,
                     answers=[sdx.Answer("regulation", True, " приказ  № 5 "), sdx.Answer("curator", True)])
    assert (first.score, first.max_score, first.version) == (2, len(sdx.SCHOOL_CHECKLIST), 1)
    assert first.answers[0].note == "приказ № 5" and len(first.answers) == len(sdx.SCHOOL_CHECKLIST)
    again = sdx.fill(principal=SCHOOL, owner_name="Школа", year=2026, previous_version=1, now=NOW, answers=[])
    assert (again.version, again.score) == (2, 0)
    municipal = sdx.fill(principal=MUNICIPAL, owner_name="МО", year=2026, previous_version=0, now=NOW,
                         answers=[sdx.Answer("young_teacher_school", True)])
    assert municipal.owner_level == "municipality" and municipal.org_id is None and municipal.score == 1


def test_a_self_diagnosis_refuses_unknown_items_other_years_and_other_tiers() -> None:
    with pytest.raises(ValidationFailed):
        sdx.fill(principal=SCHOOL, owner_name="Школа", year=2026, previous_version=0, now=NOW,
                 answers=[sdx.Answer("young_teacher_school", True)])
    with pytest.raises(ValidationFailed):
        sdx.fill(principal=SCHOOL, owner_name="Школа", year=1999, previous_version=0, now=NOW, answers=[])
    with pytest.raises(Forbidden):
        sdx.fill(principal=REGION, owner_name="Регион", year=2026, previous_version=0, now=NOW, answers=[])
