"""The registry's reminders by e-mail (issue 12 item 6, ADR 017 addendum): roadmap items due this month and not
done, documents returned by the municipality — each condition mailed exactly once under a controllable clock, a
failed send claims nothing, and no letter carries an item's free text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from mentorship_kit.principal import Principal, Role, Scope
from registry.domain.documents import Document, Kind, OwnerLevel, Status
from registry.service_layer.document_reminders import learn_recipients, send_document_reminders
from tests.unit.fakes import FakeUnitOfWork

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
ROADMAP, PROGRAM = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
SECRET = "Встреча с Ивановым Петей"  # free text a school may type: never mailed


class Claims:
    def __init__(self) -> None:
        self.claimed: set[tuple[str, str, str]] = set()
        self.addresses = ["curator@school.example"]


class ClaimingUnitOfWork(FakeUnitOfWork):
    """The fake registry with the claims in the same transaction: a rollback forgets them too."""

    def __init__(self, principal: Principal) -> None:
        super().__init__(principal)
        self.claims = Claims()

    def _repositories(self) -> dict[str, Any]:
        return {**super()._repositories(), "claims": self.claims}


class ClaimsView:
    def __init__(self, uow: ClaimingUnitOfWork) -> None:
        self._c = uow.claims

    def recipients(self) -> list[str]:
        return list(self._c.addresses)

    def claim(self, kind: str, document_id: str, condition: str) -> bool:
        key = (kind, document_id, condition)
        if key in self._c.claimed:
            return False
        self._c.claimed.add(key)
        return True

    def replace_recipients(self, emails: list[str]) -> None:
        self._c.addresses = sorted(set(emails))


def _doc(doc_id: str, kind: Kind, status: Status, version: int, content: dict[str, Any]) -> Document:
    return Document(id=doc_id, kind=kind, owner_level=OwnerLevel.SCHOOL, org_id=ORG, municipality_id=MUN,
                    region_id=REG, owner_name="Школа № 1", title="", status=status, version=version,
                    approved_version=0, revision=1, content=content, updated_at=datetime(2026, 11, 1, tzinfo=UTC))


def _item(item_id: str, due_on: str) -> dict[str, str]:
    return {"id": item_id, "activity": SECRET, "due_on": due_on}


@pytest.fixture
def uow() -> ClaimingUnitOfWork:
    curator = Principal(user_id="registry-reminders", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                        org_id=ORG, municipality_id=MUN, region_id=REG)
    fake = ClaimingUnitOfWork(curator)
    stages = [{"number": 1, "title": "Этап", "items": [_item("i1", "2026-11-20"), _item("i2", "2026-12-10"),
                                                      _item("i3", "2026-11-05")]}]
    fake.documents.save(_doc(ROADMAP, Kind.ROADMAP, Status.APPROVED, 1, {"stages": stages}), created_by_name="К",
                        new_version=True)
    fake.documents.progress_of[ROADMAP] = {"i3": ("done", "Протокол")}
    fake.documents.save(_doc(PROGRAM, Kind.PROGRAM, Status.RETURNED, 2, {}), created_by_name="К", new_version=True)
    return fake


class Outbox:
    def __init__(self, *, fail: bool = False) -> None:
        self.letters: list[tuple[list[str], str, str]] = []
        self.fail = fail

    def __call__(self, recipients: list[str], subject: str, body: str) -> None:
        if self.fail:
            raise OSError("SMTP is down")
        self.letters.append((recipients, subject, body))


def _send(uow: ClaimingUnitOfWork, outbox: Outbox, day: date) -> int:
    return send_document_reminders(uow, ClaimsView, outbox,  # type: ignore[arg-type]
                                   today=day, link_base="https://nast.example")


def test_each_condition_is_mailed_exactly_once(uow: ClaimingUnitOfWork) -> None:
    outbox = Outbox()
    assert _send(uow, outbox, date(2026, 11, 3)) == 2, "the November item not done and the returned program"
    [(to, subject, body)] = outbox.letters
    assert to == ["curator@school.example"] and "(2)" in subject
    assert "Программа наставничества (версия 2) возвращена на доработку" in body
    assert "этап 1, п. 1 — срок до 20.11.2026" in body and f"/documents/{ROADMAP}" in body
    assert "п. 3" not in body and "п. 2" not in body, "a done item and December's are not due in November"
    assert SECRET not in body and "Иванов" not in body, "an item's free text never leaves the school"
    assert _send(uow, outbox, date(2026, 11, 25)) == 0 and len(outbox.letters) == 1, "no second letter"
    assert _send(uow, outbox, date(2026, 12, 1)) == 1, "December's item is a new condition"
    assert "п. 2 — срок до 10.12.2026" in outbox.letters[1][2] and "возвращена" not in outbox.letters[1][2]


def test_a_returned_document_is_a_new_condition_for_each_version(uow: ClaimingUnitOfWork) -> None:
    outbox = Outbox()
    _send(uow, outbox, date(2026, 10, 1))
    assert [ln for ln in outbox.letters[0][2].splitlines() if ln.startswith("—")] == [
        f"— Программа наставничества (версия 2) возвращена на доработку: https://nast.example/documents/{PROGRAM}"]
    program = uow.documents.get(PROGRAM)
    assert program is not None
    uow.documents.save(replace(program, version=3), created_by_name="К", new_version=True)
    assert _send(uow, outbox, date(2026, 10, 2)) == 1 and "(версия 3)" in outbox.letters[1][2]


def test_a_failed_send_claims_nothing_and_the_next_pass_mails_it(uow: ClaimingUnitOfWork) -> None:
    with pytest.raises(OSError):
        _send(uow, Outbox(fail=True), date(2026, 11, 3))
    assert uow.claims.claimed == set(), "the claims rolled back with the failed letter"
    outbox = Outbox()
    assert _send(uow, outbox, date(2026, 11, 3)) == 2 and len(outbox.letters) == 1


def test_a_school_without_addresses_is_not_mailed_and_claims_nothing(uow: ClaimingUnitOfWork) -> None:
    uow.claims.addresses = []
    assert _send(uow, Outbox(), date(2026, 11, 3)) == 0 and uow.claims.claimed == set()


def test_the_addresses_follow_monitorings_list_and_an_empty_list_stops_the_letters(uow: ClaimingUnitOfWork) -> None:
    learn_recipients(uow, ClaimsView, ["head@school.example", "curator@school.example"])  # type: ignore[arg-type]
    assert uow.claims.addresses == ["curator@school.example", "head@school.example"]
    learn_recipients(uow, ClaimsView, [])  # type: ignore[arg-type]
    assert _send(uow, Outbox(), date(2026, 11, 3)) == 0 and uow.claims.claimed == set()
