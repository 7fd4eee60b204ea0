"""The approval workflow of programs and roadmaps, without I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentorship_kit.errors import Conflict, Forbidden, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from registry.domain import documents as d

NOW = datetime(2026, 9, 1, tzinfo=UTC)
CURATOR = Principal(user_id="c", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id="A",
                    municipality_id="M1", region_id="R", display_name="Куратор А")
OTHER_SCHOOL = Principal(user_id="b", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id="B",
                         municipality_id="M1", region_id="R")
MUNICIPALITY = Principal(user_id="m", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                         municipality_id="M1", region_id="R", display_name="Петрова Е. В.")
OTHER_MUNICIPALITY = Principal(user_id="m2", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                               municipality_id="M2", region_id="R")
REGION = Principal(user_id="r", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id="R",
                   display_name="Оператор")
TEMPLATE = {"stages": [{"number": n, "title": f"Этап {n}", "items": [
    {"activity": f"Мероприятие {n}", "period": "сентябрь", "responsible": "Куратор", "result": "Приказ",
     "due_on": "2026-10-01"}]} for n in range(1, 8)]}


def _draft() -> d.Document:
    return d.new_document(kind=d.Kind.ROADMAP, owner_level=d.OwnerLevel.SCHOOL, principal=CURATOR,
                          owner_name="Школа А", template=TEMPLATE, now=NOW)


def test_new_roadmap_has_seven_stages_and_item_ids() -> None:
    doc = _draft()
    assert (doc.status, doc.version, doc.revision) == (d.Status.DRAFT, 1, 1)
    assert [s["number"] for s in doc.content["stages"]] == list(range(1, 8))
    assert all(i["id"] for s in doc.content["stages"] for i in s["items"])


def test_submit_return_resubmit_approve() -> None:
    doc, t1 = d.submit(_draft(), principal=CURATOR, revision=1, now=NOW)
    assert doc.status is d.Status.SUBMITTED and t1.to_status is d.Status.SUBMITTED
    item = doc.content["stages"][2]["items"][0]["id"]
    doc, returned = d.return_with_comments(doc, principal=MUNICIPALITY, revision=doc.revision,
                                     comments=[d.Comment(item, "Уточните сроки")], now=NOW)
    assert doc.status is d.Status.RETURNED and doc.comments[0].author_name == "Петрова Е. В."
    assert returned.comments == doc.comments
    content = {**doc.content}
    content["stages"][2]["items"][0]["period"] = "октябрь"
    doc, opened = d.save_draft(doc, principal=CURATOR, revision=doc.revision, title="", content=content, now=NOW)
    assert opened and doc.version == 2, "the returned version 1 stays as the municipality saw it"
    doc, _ = d.submit(doc, principal=CURATOR, revision=doc.revision, now=NOW)
    doc, approved = d.approve(doc, principal=MUNICIPALITY, revision=doc.revision, now=NOW)
    assert approved.actor_name == "Петрова Е. В."
    assert (doc.status, doc.approved_version, doc.approver_position) == (d.Status.APPROVED, 2,
                                                                          "Муниципальный куратор")


def test_a_school_cannot_approve_its_own_roadmap_and_strangers_cannot_decide() -> None:
    doc, _ = d.submit(_draft(), principal=CURATOR, revision=1, now=NOW)
    with pytest.raises(Forbidden, match="собственный"):
        d.approve(doc, principal=CURATOR, revision=doc.revision, now=NOW)
    for stranger in (OTHER_MUNICIPALITY, REGION, OTHER_SCHOOL):
        with pytest.raises(Forbidden):
            d.approve(doc, principal=stranger, revision=doc.revision, now=NOW)


def test_editing_an_approved_roadmap_opens_a_new_draft_version() -> None:
    doc, _ = d.submit(_draft(), principal=CURATOR, revision=1, now=NOW)
    doc, _ = d.approve(doc, principal=MUNICIPALITY, revision=doc.revision, now=NOW)
    doc, opened = d.save_draft(doc, principal=CURATOR, revision=doc.revision, title="Новая редакция",
                               content=doc.content, now=NOW)
    assert opened and (doc.version, doc.status, doc.approved_version) == (2, d.Status.DRAFT, 1)


def test_stale_revision_is_a_conflict_not_a_lost_update() -> None:
    doc = _draft()
    saved, _ = d.save_draft(doc, principal=CURATOR, revision=1, title="Первый", content=doc.content, now=NOW)
    with pytest.raises(Conflict, match="изменён другим пользователем"):
        d.save_draft(saved, principal=CURATOR, revision=1, title="Второй", content=doc.content, now=NOW)


def test_submitted_document_is_frozen_and_return_needs_a_comment() -> None:
    doc, _ = d.submit(_draft(), principal=CURATOR, revision=1, now=NOW)
    with pytest.raises(Conflict, match="на согласовании"):
        d.save_draft(doc, principal=CURATOR, revision=doc.revision, title="", content=doc.content, now=NOW)
    with pytest.raises(ValidationFailed, match="хотя бы одно замечание"):
        d.return_with_comments(doc, principal=MUNICIPALITY, revision=doc.revision, comments=[], now=NOW)
    with pytest.raises(ValidationFailed, match="пункту, которого нет"):
        d.return_with_comments(doc, principal=MUNICIPALITY, revision=doc.revision,
                               comments=[d.Comment("nope", "x")], now=NOW)


def test_municipal_roadmap_is_decided_by_the_region() -> None:
    doc = d.new_document(kind=d.Kind.ROADMAP, owner_level=d.OwnerLevel.MUNICIPALITY, principal=MUNICIPALITY,
                         owner_name="Округ", template=TEMPLATE, now=NOW)
    doc, _ = d.submit(doc, principal=MUNICIPALITY, revision=1, now=NOW)
    with pytest.raises(Forbidden):
        d.approve(doc, principal=MUNICIPALITY, revision=doc.revision, now=NOW)
    doc, _ = d.approve(doc, principal=REGION, revision=doc.revision, now=NOW)
    assert doc.approver_position == "Региональный оператор"


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c["stages"].pop(), "7 этапов"),
    (lambda c: c["stages"][0]["items"][0].update(activity=""), "Этап 1, п. 1: укажите мероприятие"),
    (lambda c: c["stages"][1]["items"][0].update(due_on="31.12.2026"), "ГГГГ-ММ-ДД"),
    (lambda c: c["stages"][1]["items"][0].update(starts_on="2026-12-01", due_on="2026-11-01"), "раньше начала"),
])
def test_content_problems_say_where(change, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = _draft()
    content = {"stages": [dict(s, items=[dict(i) for i in s["items"]]) for s in doc.content["stages"]]}
    change(content)
    with pytest.raises(ValidationFailed, match=message):
        d.save_draft(doc, principal=CURATOR, revision=1, title="", content=content, now=NOW)


def test_overdue_is_derived_and_counted() -> None:
    doc = _draft()
    ids = [i["id"] for s in doc.content["stages"] for i in s["items"]]
    progress = {ids[0]: "done", ids[1]: "in_progress"}
    assert d.progress_counts(doc.content, progress, date(2026, 9, 15)) == (7, 1, 0)
    assert d.progress_counts(doc.content, progress, date(2026, 10, 2)) == (7, 1, 6)
    assert d.effective_progress("done", "2020-01-01", date(2026, 1, 1)) is d.Progress.DONE


def test_diff_names_what_changed_where() -> None:
    doc = _draft()
    new = {"stages": [dict(s, items=[dict(i) for i in s["items"]]) for s in doc.content["stages"]]}
    new["stages"][2]["items"][0]["period"] = "ноябрь"
    new["stages"][4]["items"].append({"id": "x1", "activity": "Новое мероприятие"})
    removed = new["stages"][6]["items"].pop()
    changes = d.diff(doc.content, new)
    assert {"kind": "changed", "where": "Этап 3, п. 1", "field": "period", "before": "сентябрь",
            "after": "ноябрь", "item_ref": new["stages"][2]["items"][0]["id"]} in changes
    assert any(c["kind"] == "added" and c["after"] == "Новое мероприятие" for c in changes)
    assert any(c["kind"] == "removed" and c["item_ref"] == removed["id"] for c in changes)
