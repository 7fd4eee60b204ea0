"""The registry's ``ContestService`` as the gateway uses it (ADR 023); replies are read models of
:mod:`gateway.adapters.contest_reads`."""

from __future__ import annotations

import grpc

from gateway.adapters.contest_reads import (
    ApplicationRead,
    ContestCardRead,
    ContestRead,
    JurorScoreRead,
    ListApplicationsResponseRead,
    ListContestsResponseRead,
)
from gateway.adapters.service_clients import _Client
from mentorship.registry.v1 import contests_pb2 as pb
from mentorship.registry.v1 import contests_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


def _save(contest_id: str, *, kind: str, title: str, description: str, nominations: list[str],
          criteria: list[tuple[str, int]], applications_until: str, results_on: str,
          revision: int = 0) -> pb.SaveContestRequest:
    return pb.SaveContestRequest(
        contest_id=contest_id, kind=kind, title=title, description=description, nominations=nominations,
        criteria=[pb.Criterion(title=t, max_score=m) for t, m in criteria], applications_until=applications_until,
        results_on=results_on, revision=revision)


class ContestClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._stub = contests_pb2_grpc.ContestServiceStub(channel)

    def create(self, p: Principal, *, kind: str, title: str, description: str, nominations: list[str],
               criteria: list[tuple[str, int]], applications_until: str, results_on: str) -> ContestRead:
        request = _save("", kind=kind, title=title, description=description, nominations=nominations,
                        criteria=criteria, applications_until=applications_until, results_on=results_on)
        return ContestRead.of(self._call(self._stub.CreateContest, request, p))

    def update(self, p: Principal, contest_id: str, *, revision: int, kind: str, title: str, description: str,
               nominations: list[str], criteria: list[tuple[str, int]], applications_until: str,
               results_on: str) -> ContestRead:
        request = _save(contest_id, kind=kind, title=title, description=description, nominations=nominations,
                        criteria=criteria, applications_until=applications_until, results_on=results_on,
                        revision=revision)
        return ContestRead.of(self._call(self._stub.UpdateContest, request, p))

    def move(self, p: Principal, contest_id: str, *, to_state: str, revision: int) -> ContestRead:
        request = pb.MoveContestRequest(contest_id=contest_id, to_state=to_state, revision=revision)
        return ContestRead.of(self._call(self._stub.MoveContest, request, p))

    def list_contests(self, p: Principal, *, state: str = "") -> ListContestsResponseRead:
        return ListContestsResponseRead.of(self._call(self._stub.ListContests, pb.ListContestsRequest(state=state), p))

    def card(self, p: Principal, contest_id: str) -> ContestCardRead:
        return ContestCardRead.of(self._call(self._stub.GetContest, pb.ContestRef(contest_id=contest_id), p))

    def set_jurors(self, p: Principal, contest_id: str, jurors: list[tuple[str, str]]) -> ContestCardRead:
        request = pb.SetJurorsRequest(contest_id=contest_id,
                                      jurors=[pb.Juror(user_id=u, full_name=n) for u, n in jurors])
        return ContestCardRead.of(self._call(self._stub.SetJurors, request, p))

    def apply(self, p: Principal, contest_id: str, *, nomination: str, subject_kind: str, subject_id: str,
              mentor_id: str, shown_fields: list[str], consent_confirmed: bool, achievements: str,
              description: str) -> ApplicationRead:
        request = pb.ApplyRequest(contest_id=contest_id, nomination=nomination, subject_kind=subject_kind,
                                  subject_id=subject_id, mentor_id=mentor_id, shown_fields=shown_fields,
                                  consent_confirmed=consent_confirmed, achievements=achievements,
                                  description=description)
        return ApplicationRead.of(self._call(self._stub.Apply, request, p))

    def withdraw(self, p: Principal, application_id: str) -> ApplicationRead:
        request = pb.ApplicationRef(application_id=application_id)
        return ApplicationRead.of(self._call(self._stub.WithdrawApplication, request, p))

    def score(self, p: Principal, application_id: str, *, conflict: bool, conflict_note: str, scores: list[int],
              comment: str) -> JurorScoreRead:
        request = pb.ScoreRequest(application_id=application_id, conflict=conflict, conflict_note=conflict_note,
                                  scores=scores, comment=comment)
        return JurorScoreRead.of(self._call(self._stub.Score, request, p))

    def mentor_contests(self, p: Principal, mentor_id: str) -> ListApplicationsResponseRead:
        request = pb.MentorContestsRequest(mentor_id=mentor_id)
        return ListApplicationsResponseRead.of(self._call(self._stub.ListMentorContests, request, p))
