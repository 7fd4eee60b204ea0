"""gRPC entry point of the contests (contests.proto, ADR 023): messages in, use cases, messages out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, TypeAlias

import grpc

from mentorship.registry.v1 import contests_pb2 as pb
from mentorship.registry.v1 import contests_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from registry.service_layer import contest_handlers as h

Ctx: TypeAlias = grpc.ServicerContext


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _moment(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


def _contest(view: h.ContestView) -> pb.Contest:
    r = view.row
    return pb.Contest(
        id=str(r.id), level=r.level, kind=r.kind, title=r.title, description=r.description,
        nominations=list(r.nominations),
        criteria=[pb.Criterion(title=x.title, max_score=x.max_score) for x in h.criteria_of(r)],
        applications_until=_day(r.applications_until), results_on=_day(r.results_on), state=r.state,
        org_id=str(r.org_id or ""), municipality_id=str(r.municipality_id or ""), region_id=str(r.region_id),
        organiser_name=r.organiser_name, revision=int(r.revision), applications=view.applications,
        organiser=view.organiser, judge=view.judge)


def _score(s: Any) -> pb.JurorScore:
    return pb.JurorScore(application_id=str(s.application_id), juror_user_id=s.juror_user_id,
                         juror_name=s.juror_name, conflict=s.conflict, conflict_note=s.conflict_note,
                         scores=list(s.scores), total=s.total, comment=s.comment, scored_at=_moment(s.scored_at))


def _application(a: Any, scores: list[Any] = ()) -> pb.Application:  # type: ignore[assignment]
    return pb.Application(
        id=str(a.id), contest_id=str(a.contest_id), nomination=a.nomination, subject_kind=a.subject_kind,
        subject_id=a.subject_id, title=a.title, shown=[pb.ShownField(**f) for f in a.shown], state=a.state,
        award=a.award, place=a.place, mean_total=float(a.mean_total), org_id=str(a.org_id or ""),
        municipality_id=str(a.municipality_id), applicant_name=a.applicant_name,
        submitted_at=_moment(a.submitted_at),
        scores=[_score(s) for s in scores if str(s.application_id) == str(a.id)])


def _raw_contest(request: pb.SaveContestRequest) -> dict[str, Any]:
    return {"kind": request.kind, "title": request.title, "description": request.description,
            "nominations": list(request.nominations),
            "criteria": [(x.title, x.max_score) for x in request.criteria],
            "applications_until": request.applications_until, "results_on": request.results_on}


def _card(view: h.CardView) -> pb.ContestCard:
    return pb.ContestCard(contest=_contest(view.contest),
                          jurors=[pb.Juror(user_id=j.user_id, full_name=j.full_name) for j in view.jurors],
                          applications=[_application(a, view.scores) for a in view.applications])


class ContestServicer(ServicerBase[h.ContestUnitOfWork], contests_pb2_grpc.ContestServiceServicer):

    def CreateContest(self, request: pb.SaveContestRequest, context: Ctx) -> pb.Contest:
        return _contest(h.create_contest(_raw_contest(request), self.uow()))

    def UpdateContest(self, request: pb.SaveContestRequest, context: Ctx) -> pb.Contest:
        return _contest(h.update_contest(request.contest_id, _raw_contest(request), request.revision, self.uow()))

    def MoveContest(self, request: pb.MoveContestRequest, context: Ctx) -> pb.Contest:
        return _contest(h.move_contest(request.contest_id, request.to_state, request.revision, self.uow()))

    def ListContests(self, request: pb.ListContestsRequest, context: Ctx) -> pb.ListContestsResponse:
        return pb.ListContestsResponse(contests=[_contest(v) for v in h.list_contests(request.state, self.uow())])

    def GetContest(self, request: pb.ContestRef, context: Ctx) -> pb.ContestCard:
        return _card(h.get_contest(request.contest_id, self.uow()))

    def SetJurors(self, request: pb.SetJurorsRequest, context: Ctx) -> pb.ContestCard:
        jurors = [(j.user_id, j.full_name) for j in request.jurors]
        return _card(h.set_jurors(request.contest_id, jurors, self.uow()))

    def Apply(self, request: pb.ApplyRequest, context: Ctx) -> pb.Application:
        raw = {"contest_id": request.contest_id, "nomination": request.nomination,
               "subject_kind": request.subject_kind, "subject_id": request.subject_id, "mentor_id": request.mentor_id,
               "shown_fields": list(request.shown_fields), "consent_confirmed": request.consent_confirmed,
               "achievements": request.achievements, "description": request.description}
        return _application(h.apply(raw, self.uow()))

    def WithdrawApplication(self, request: pb.ApplicationRef, context: Ctx) -> pb.Application:
        return _application(h.withdraw(request.application_id, self.uow()))

    def Score(self, request: pb.ScoreRequest, context: Ctx) -> pb.JurorScore:
        raw = {"application_id": request.application_id, "conflict": request.conflict,
               "conflict_note": request.conflict_note, "scores": list(request.scores), "comment": request.comment}
        return _score(h.score(raw, self.uow()))

    def ListMentorContests(self, request: pb.MentorContestsRequest, context: Ctx) -> pb.ListApplicationsResponse:
        rows, titles = h.mentor_contests(request.mentor_id, self.uow())
        return pb.ListApplicationsResponse(applications=[_application(a) for a in rows], contest_titles=titles)
