"""gRPC entry points of the school's bases: persons and consents, mentors, mentees, requests."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import participants_pb2_grpc, persons_pb2_grpc
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.grpc_server import ServicerBase
from mentorship_kit.proto_enums import to_name
from registry.adapters import participant_codec as codec
from registry.domain import commands
from registry.domain.mentors import BASE_COMPETENCIES, Mentor
from registry.service_layer import lookups
from registry.service_layer import participant_handlers as mentors
from registry.service_layer import person_handlers as people
from registry.service_layer.unit_of_work import UnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


class PersonServicer(ServicerBase[UnitOfWork], persons_pb2_grpc.PersonServiceServicer):

    def AddPerson(self, request: ppb.PersonInput, context: Ctx) -> ppb.Person:
        summary = people.add_person(commands.AddPerson(codec.person_input(request)), self.uow())
        return codec.person_msg(summary, today=lookups.today())

    def UpdatePerson(self, request: ppb.UpdatePersonRequest, context: Ctx) -> ppb.Person:
        cmd = commands.UpdatePerson(request.person_id, codec.person_input(request.data), request.version)
        return codec.person_msg(people.update_person(cmd, self.uow()), today=lookups.today())

    def ListPersons(self, request: ppb.ListPersonsRequest, context: Ctx) -> ppb.ListPersonsResponse:
        query = commands.ListPersons(
            query=request.query, kind=to_name(ppb.PersonKind, request.kind), class_name=request.class_name,
            consent=to_name(ppb.ConsentFilter, request.consent), base=to_name(ppb.BaseFilter, request.base),
            page_size=request.page_size, page_token=request.page_token)
        page, token, total = people.list_persons(query, self.uow())
        today = lookups.today()
        return ppb.ListPersonsResponse(persons=[codec.person_msg(s, today=today) for s in page],
                                       next_page_token=token, total=total)

    def GiveConsent(self, request: ppb.GiveConsentRequest, context: Ctx) -> ppb.Consent:
        cmd = commands.GiveConsent(
            person_id=request.person_id, purpose=to_name(ppb.ConsentPurpose, request.purpose),
            given_by=to_name(ppb.ConsentGiver, request.given_by), giver_name=request.giver_name,
            document_ref=request.document_ref, text_version=request.text_version, given_on=request.given_on)
        return codec.consent_msg(people.give_consent(cmd, self.uow()))

    def WithdrawConsent(self, request: ppb.WithdrawConsentRequest, context: Ctx) -> ppb.Consent:
        cmd = commands.WithdrawConsent(request.consent_id, request.withdrawn_on, request.reason)
        return codec.consent_msg(people.withdraw_consent(cmd, self.uow()))


class ParticipantServicer(ServicerBase[UnitOfWork], participants_pb2_grpc.ParticipantServiceServicer):

    def GetPersonCard(self, request: pb.GetPersonCardRequest, context: Ctx) -> pb.PersonCard:
        card = people.person_card(request.person_id, self.uow())
        consent = card.summary.participation_consent
        return pb.PersonCard(
            person=codec.person_msg(card.summary, today=lookups.today()),
            consents=[codec.consent_msg(c) for c in card.consents],
            mentor=codec.mentor_msg(card.mentor, consent_valid=consent) if card.mentor else None,
            mentee=codec.mentee_msg(card.mentee, open_requests=card.open_requests) if card.mentee else None,
            requests=[codec.request_msg(r) for r in card.requests],
            became_mentor_at=codec.ts(card.became_mentor_at))

    def _mentor(self, mentor: Mentor) -> pb.Mentor:
        consent = mentors.consent_states([mentor], self.uow())[mentor.id]
        return codec.mentor_msg(mentor, consent_valid=consent)

    def RegisterMentor(self, request: pb.RegisterMentorRequest, context: Ctx) -> pb.Mentor:
        cmd = commands.RegisterMentor(request.person_id, codec.card_input(request.card))
        return self._mentor(mentors.register_mentor(cmd, self.uow()))

    def UpdateMentor(self, request: pb.UpdateMentorRequest, context: Ctx) -> pb.Mentor:
        cmd = commands.UpdateMentor(request.mentor_id, codec.card_input(request.card), request.version)
        return self._mentor(mentors.update_mentor(cmd, self.uow()))

    def ChangeMentorLevel(self, request: pb.ChangeMentorLevelRequest, context: Ctx) -> pb.Mentor:
        cmd = commands.ChangeMentorLevel(request.mentor_id, to_name(pb.MentorLevel, request.level), request.reason,
                                         request.correction)
        return self._mentor(mentors.change_mentor_level(cmd, self.uow()))

    def AddMentorTraining(self, request: pb.AddMentorTrainingRequest, context: Ctx) -> pb.Mentor:
        t = request.training
        cmd = commands.AddMentorTraining(request.mentor_id, {"course": t.course, "hours": t.hours,
                                                             "completed_on": t.completed_on, "provider": t.provider})
        return self._mentor(mentors.add_mentor_training(cmd, self.uow()))

    def RecordAgreement(self, request: pb.RecordAgreementRequest, context: Ctx) -> pb.Mentor:
        cmd = commands.RecordAgreement(request.mentor_id, request.number, request.date)
        return self._mentor(mentors.record_agreement(cmd, self.uow()))

    def DeactivateMentor(self, request: pb.DeactivateRequest, context: Ctx) -> pb.Mentor:
        return self._mentor(mentors.deactivate_mentor(commands.Deactivate(request.id, request.reason), self.uow()))

    def DeactivateMentee(self, request: pb.DeactivateRequest, context: Ctx) -> pb.Mentee:
        return codec.mentee_msg(mentors.deactivate_mentee(commands.Deactivate(request.id, request.reason), self.uow()))

    def ListMentors(self, request: pb.ListMentorsRequest, context: Ctx) -> pb.ListMentorsResponse:
        query = commands.ListMentors(page_size=request.page_size, page_token=request.page_token, query=request.query,
                                     origin=to_name(pb.MentorOrigin, request.origin), active_only=request.active_only)
        page, token, total = mentors.list_mentors(query, self.uow())
        consents = mentors.consent_states(page, self.uow())
        return pb.ListMentorsResponse(mentors=[codec.mentor_msg(m, consent_valid=consents[m.id]) for m in page],
                                      next_page_token=token, total=total)

    def ListCompetencies(self, request: pb.ListCompetenciesRequest, context: Ctx) -> pb.ListCompetenciesResponse:
        vocabulary = mentors.list_competencies(self.uow())
        return pb.ListCompetenciesResponse(base=list(BASE_COMPETENCIES), school=list(vocabulary.school))

    def AddCompetency(self, request: pb.AddCompetencyRequest, context: Ctx) -> pb.ListCompetenciesResponse:
        vocabulary = mentors.add_competency(request.term, self.uow())
        return pb.ListCompetenciesResponse(base=list(BASE_COMPETENCIES), school=list(vocabulary.school))

    def RegisterMentee(self, request: pb.RegisterMenteeRequest, context: Ctx) -> pb.Mentee:
        cmd = commands.RegisterMentee(request.person_id, [to_name(pb.MenteeCategory, c) for c in request.categories],
                                      request.notes)
        return codec.mentee_msg(mentors.register_mentee(cmd, self.uow()))

    def UpdateMentee(self, request: pb.UpdateMenteeRequest, context: Ctx) -> pb.Mentee:
        cmd = commands.UpdateMentee(request.mentee_id, [to_name(pb.MenteeCategory, c) for c in request.categories],
                                    request.notes, request.version)
        return codec.mentee_msg(mentors.update_mentee(cmd, self.uow()))

    def ListMentees(self, request: pb.ListMenteesRequest, context: Ctx) -> pb.ListMenteesResponse:
        query = commands.ListMentees(
            query=request.query, category=to_name(pb.MenteeCategory, request.category),
            person_kind=to_name(ppb.PersonKind, request.person_kind), active_only=request.active_only,
            page_size=request.page_size, page_token=request.page_token)
        page, token, total, open_requests = mentors.list_mentees(query, self.uow())
        return pb.ListMenteesResponse(
            mentees=[codec.mentee_msg(m, open_requests=open_requests.get(m.id, 0)) for m in page],
            next_page_token=token, total=total)

    def SubmitRequest(self, request: pb.SubmitRequestRequest, context: Ctx) -> pb.MentoringRequest:
        cmd = commands.SubmitRequest(
            mentee_id=request.mentee_id, topics=list(request.topics), goal=request.goal,
            desired_form=to_name(pb.MentoringForm, request.desired_form),
            source=to_name(pb.RequestSource, request.source))
        return codec.request_msg(mentors.submit_request(cmd, self.uow()))

    def ChangeRequestStatus(self, request: pb.ChangeRequestStatusRequest, context: Ctx) -> pb.MentoringRequest:
        cmd = commands.ChangeRequestStatus(request.request_id, to_name(pb.RequestStatus, request.status),
                                           request.reason)
        return codec.request_msg(mentors.change_request_status(cmd, self.uow()))

    def ListRequests(self, request: pb.ListRequestsRequest, context: Ctx) -> pb.ListRequestsResponse:
        query = commands.ListRequests(status=to_name(pb.RequestStatus, request.status), mentee_id=request.mentee_id,
                                      page_size=request.page_size, page_token=request.page_token)
        page, token, total = mentors.list_requests(query, self.uow())
        return pb.ListRequestsResponse(requests=[codec.request_msg(r) for r in page], next_page_token=token,
                                       total=total)

    def SearchPublicMentors(self, request: pb.SearchPublicMentorsRequest,
                            context: Ctx) -> pb.SearchPublicMentorsResponse:
        query = commands.SearchPublicMentors(
            query=request.query, origin=to_name(pb.MentorOrigin, request.origin),
            municipality_id=request.municipality_id, page_size=request.page_size, page_token=request.page_token)
        rows, token, total = mentors.search_public(query, self.uow())
        return pb.SearchPublicMentorsResponse(mentors=[codec.public_msg(r) for r in rows], next_page_token=token,
                                              total=total)
