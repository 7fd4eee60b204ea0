"""The registry's school bases as the gateway uses them: persons and consents, mentors, mentees, requests,
the regional base and bulk import. Replies are read models of :mod:`gateway.adapters.participant_reads` (the
convention: :mod:`gateway.adapters.proto_json`); requests are built from the REST spelling of values."""

from __future__ import annotations

from typing import Any

import grpc

from gateway.adapters.participant_reads import (
    CompetenciesRead,
    ConsentRead,
    ImportJobRead,
    ImportTemplateRead,
    MenteePageRead,
    MenteeRead,
    MentoringRequestRead,
    MentorPageRead,
    MentorRead,
    PersonCardRead,
    PersonPageRead,
    PersonRead,
    PublicMentorPageRead,
    RequestPageRead,
)
from gateway.adapters.service_clients import _Client
from mentorship.registry.v1 import imports_pb2 as ipb
from mentorship.registry.v1 import imports_pb2_grpc, participants_pb2_grpc, persons_pb2_grpc
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal
from mentorship_kit.proto_enums import to_number
from mentorship_kit.proto_values import to_message

WAIT_ANSWER_SECONDS = 5.0
"""Beyond a waiting status request's own wait: the registry's reads before and after it."""


def _card(values: dict[str, Any]) -> pb.MentorCard:
    return to_message(pb.MentorCard, values)


def _person(values: dict[str, Any]) -> ppb.PersonInput:
    return to_message(ppb.PersonInput, values, ignore_unknown=True)


class ParticipantClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._persons = persons_pb2_grpc.PersonServiceStub(channel)
        self._bases = participants_pb2_grpc.ParticipantServiceStub(channel)
        self._imports = imports_pb2_grpc.ImportServiceStub(channel)

    # -- persons and consents -------------------------------------------------------------------------
    def add_person(self, p: Principal, values: dict[str, Any]) -> PersonRead:
        return PersonRead.of(self._call(self._persons.AddPerson, _person(values), p))

    def update_person(self, p: Principal, person_id: str, values: dict[str, Any], *, version: int) -> PersonRead:
        request = ppb.UpdatePersonRequest(person_id=person_id, data=_person(values), version=version)
        return PersonRead.of(self._call(self._persons.UpdatePerson, request, p))

    def list_persons(self, p: Principal, *, query: str = "", kind: str = "", class_name: str = "",
                     consent: str = "", base: str = "", page_size: int = 50, page_token: str = "") -> PersonPageRead:
        request = ppb.ListPersonsRequest(
            query=query, kind=to_number(ppb.PersonKind, kind), class_name=class_name,  # type: ignore[arg-type]
            consent=to_number(ppb.ConsentFilter, consent), base=to_number(ppb.BaseFilter, base),  # type: ignore[arg-type]
            page_size=page_size, page_token=page_token)
        return PersonPageRead.of(self._call(self._persons.ListPersons, request, p))

    def person_card(self, p: Principal, person_id: str) -> PersonCardRead:
        return PersonCardRead.of(self._call(self._bases.GetPersonCard, pb.GetPersonCardRequest(person_id=person_id), p))

    def give_consent(self, p: Principal, person_id: str, values: dict[str, Any]) -> ConsentRead:
        request = ppb.GiveConsentRequest(
            person_id=person_id, purpose=to_number(ppb.ConsentPurpose, values.get("purpose", "")),  # type: ignore[arg-type]
            given_by=to_number(ppb.ConsentGiver, values.get("given_by", "")),  # type: ignore[arg-type]
            giver_name=values.get("giver_name", ""), document_ref=values.get("document_ref", ""),
            text_version=values.get("text_version", ""), given_on=values.get("given_on", ""))
        return ConsentRead.of(self._call(self._persons.GiveConsent, request, p))

    def withdraw_consent(self, p: Principal, consent_id: str, *, withdrawn_on: str = "",
                         reason: str = "") -> ConsentRead:
        request = ppb.WithdrawConsentRequest(consent_id=consent_id, withdrawn_on=withdrawn_on, reason=reason)
        return ConsentRead.of(self._call(self._persons.WithdrawConsent, request, p))

    # -- mentors ----------------------------------------------------------------------------------------
    def register_mentor(self, p: Principal, person_id: str, card: dict[str, Any]) -> MentorRead:
        request = pb.RegisterMentorRequest(person_id=person_id, card=_card(card))
        return MentorRead.of(self._call(self._bases.RegisterMentor, request, p))

    def update_mentor(self, p: Principal, mentor_id: str, card: dict[str, Any], *, version: int) -> MentorRead:
        request = pb.UpdateMentorRequest(mentor_id=mentor_id, card=_card(card), version=version)
        return MentorRead.of(self._call(self._bases.UpdateMentor, request, p))

    def change_level(self, p: Principal, mentor_id: str, *, level: str, reason: str,
                     correction: bool = False) -> MentorRead:
        request = pb.ChangeMentorLevelRequest(mentor_id=mentor_id, reason=reason, correction=correction,
                                              level=to_number(pb.MentorLevel, level))  # type: ignore[arg-type]
        return MentorRead.of(self._call(self._bases.ChangeMentorLevel, request, p))

    def add_training(self, p: Principal, mentor_id: str, *, course: str, hours: int, completed_on: str,
                     provider: str = "") -> MentorRead:
        training = pb.Training(course=course, hours=hours, completed_on=completed_on, provider=provider)
        return MentorRead.of(self._call(self._bases.AddMentorTraining,
                          pb.AddMentorTrainingRequest(mentor_id=mentor_id, training=training), p))

    def record_agreement(self, p: Principal, mentor_id: str, *, number: str, date: str) -> MentorRead:
        request = pb.RecordAgreementRequest(mentor_id=mentor_id, number=number, date=date)
        return MentorRead.of(self._call(self._bases.RecordAgreement, request, p))

    def deactivate_mentor(self, p: Principal, mentor_id: str, *, reason: str) -> MentorRead:
        request = pb.DeactivateRequest(id=mentor_id, reason=reason)
        return MentorRead.of(self._call(self._bases.DeactivateMentor, request, p))

    def deactivate_mentee(self, p: Principal, mentee_id: str, *, reason: str) -> MenteeRead:
        request = pb.DeactivateRequest(id=mentee_id, reason=reason)
        return MenteeRead.of(self._call(self._bases.DeactivateMentee, request, p))

    def list_mentors(self, p: Principal, *, page_size: int = 50, page_token: str = "", query: str = "",
                     origin: str = "", active_only: bool = False) -> MentorPageRead:
        request = pb.ListMentorsRequest(page_size=page_size, page_token=page_token, query=query,
                                        origin=to_number(pb.MentorOrigin, origin),  # type: ignore[arg-type]
                                        active_only=active_only)
        return MentorPageRead.of(self._call(self._bases.ListMentors, request, p))

    def competencies(self, p: Principal) -> CompetenciesRead:
        return CompetenciesRead.of(self._call(self._bases.ListCompetencies, pb.ListCompetenciesRequest(), p))

    def add_competency(self, p: Principal, term: str) -> CompetenciesRead:
        return CompetenciesRead.of(self._call(self._bases.AddCompetency, pb.AddCompetencyRequest(term=term), p))

    def search_public(self, p: Principal, *, query: str = "", origin: str = "", municipality_id: str = "",
                      page_size: int = 50, page_token: str = "") -> PublicMentorPageRead:
        request = pb.SearchPublicMentorsRequest(query=query, origin=to_number(pb.MentorOrigin, origin),  # type: ignore[arg-type]
                                                municipality_id=municipality_id, page_size=page_size,
                                                page_token=page_token)
        return PublicMentorPageRead.of(self._call(self._bases.SearchPublicMentors, request, p))

    # -- mentees and requests -------------------------------------------------------------------------
    def register_mentee(self, p: Principal, person_id: str, *, categories: list[str],
                        notes: str = "") -> MenteeRead:
        request = pb.RegisterMenteeRequest(person_id=person_id, notes=notes,
                                           categories=[to_number(pb.MenteeCategory, c) for c in categories])  # type: ignore[misc]
        return MenteeRead.of(self._call(self._bases.RegisterMentee, request, p))

    def update_mentee(self, p: Principal, mentee_id: str, *, categories: list[str], notes: str,
                      version: int) -> MenteeRead:
        request = pb.UpdateMenteeRequest(mentee_id=mentee_id, notes=notes, version=version,
                                         categories=[to_number(pb.MenteeCategory, c) for c in categories])  # type: ignore[misc]
        return MenteeRead.of(self._call(self._bases.UpdateMentee, request, p))

    def list_mentees(self, p: Principal, *, query: str = "", category: str = "", person_kind: str = "",
                     active_only: bool = False, page_size: int = 50, page_token: str = "") -> MenteePageRead:
        request = pb.ListMenteesRequest(
            query=query, category=to_number(pb.MenteeCategory, category),  # type: ignore[arg-type]
            person_kind=to_number(ppb.PersonKind, person_kind), active_only=active_only,  # type: ignore[arg-type]
            page_size=page_size, page_token=page_token)
        return MenteePageRead.of(self._call(self._bases.ListMentees, request, p))

    def submit_request(self, p: Principal, *, mentee_id: str, topics: list[str], goal: str, desired_form: str,
                       source: str) -> MentoringRequestRead:
        request = pb.SubmitRequestRequest(
            mentee_id=mentee_id, topics=topics, goal=goal,
            desired_form=to_number(pb.MentoringForm, desired_form),  # type: ignore[arg-type]
            source=to_number(pb.RequestSource, source))  # type: ignore[arg-type]
        return MentoringRequestRead.of(self._call(self._bases.SubmitRequest, request, p))

    def change_request_status(self, p: Principal, request_id: str, *, status: str,
                              reason: str = "") -> MentoringRequestRead:
        request = pb.ChangeRequestStatusRequest(request_id=request_id, reason=reason,
                                                status=to_number(pb.RequestStatus, status))  # type: ignore[arg-type]
        return MentoringRequestRead.of(self._call(self._bases.ChangeRequestStatus, request, p))

    def list_requests(self, p: Principal, *, status: str = "", mentee_id: str = "", page_size: int = 50,
                      page_token: str = "") -> RequestPageRead:
        request = pb.ListRequestsRequest(status=to_number(pb.RequestStatus, status),  # type: ignore[arg-type]
                                         mentee_id=mentee_id, page_size=page_size, page_token=page_token)
        return RequestPageRead.of(self._call(self._bases.ListRequests, request, p))

    # -- bulk import ------------------------------------------------------------------------------------
    def import_template(self, p: Principal, *, kind: str, fmt: str) -> ImportTemplateRead:
        reply = self._call(self._imports.GetImportTemplate, ipb.GetImportTemplateRequest(
            kind=to_number(ipb.ImportKind, kind), format=fmt), p)  # type: ignore[arg-type]
        return ImportTemplateRead(filename=reply.filename, content_type=reply.content_type, content=reply.content)

    def start_import(self, p: Principal, *, kind: str, filename: str, content: bytes) -> ImportJobRead:
        request = ipb.StartImportRequest(kind=to_number(ipb.ImportKind, kind),  # type: ignore[arg-type]
                                         filename=filename, content=content)
        return ImportJobRead.of(self._call(self._imports.StartImport, request, p))

    def get_import(self, p: Principal, import_id: str, *, errors_limit: int = 0,
                   errors_offset: int = 0) -> ImportJobRead:
        request = ipb.GetImportRequest(import_id=import_id, errors_limit=errors_limit, errors_offset=errors_offset)
        return ImportJobRead.of(self._call(self._imports.GetImport, request, p))

    async def wait_import(self, p: Principal, import_id: str, *, known_status: str, wait: float, errors_limit: int = 0,
                          errors_offset: int = 0) -> ImportJobRead:
        """The job once its status is no longer ``known_status``, or after ≈ ``wait`` seconds as it is; the
        registry waits on its LISTEN (ADR 031), or answers at once when it cannot wait."""
        request = ipb.GetImportRequest(import_id=import_id, errors_limit=errors_limit, errors_offset=errors_offset,
                                       wait_seconds=int(wait), known_status=known_status)
        return ImportJobRead.of(await self._call_waiting(self._imports.GetImport, request, p,
                                                         timeout=wait + WAIT_ANSWER_SECONDS))

    def confirm_import(self, p: Principal, import_id: str) -> ImportJobRead:
        request = ipb.ConfirmImportRequest(import_id=import_id)
        return ImportJobRead.of(self._call(self._imports.ConfirmImport, request, p))

    def list_imports(self, p: Principal, *, limit: int = 20) -> list[ImportJobRead]:
        return [ImportJobRead.of(j)
                for j in self._call(self._imports.ListImports, ipb.ListImportsRequest(limit=limit), p).imports]
