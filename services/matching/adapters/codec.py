"""Translation between matching's domain and its proto contract (matching.proto)."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from matching.domain import commands
from matching.domain.compatibility import CompatibilityMark
from matching.domain.group_history import GroupHistoryEntry
from matching.domain.groups import Group, planned_groups
from matching.domain.history import HistoryEntry
from matching.domain.pairs import Pair
from matching.domain.runs import MatchingRun, Mode, Proposal
from mentorship.matching.v1 import matching_pb2 as pb
from mentorship.registry.v1 import participants_pb2 as rpb
from mentorship_kit.proto_enums import to_name, to_number


def ts(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def start_command(m: pb.StartRunRequest) -> commands.StartRun:
    weights = ({f.name: getattr(m.weights, f.name) for f in pb.Weights.DESCRIPTOR.fields}
               if m.HasField("weights") else {})
    return commands.StartRun(mode=to_name(pb.MatchingMode, m.mode) or "optimal",
                             objective=to_name(pb.Objective, m.objective) or "max_score", weights=weights,
                             top_k=m.top_k or 3, group_min=m.group_min or 2, group_max=m.group_max or 5,
                             team_mentors=m.team_mentors or 2)


def publish_command(m: pb.PublishRunRequest) -> commands.PublishRun:
    return commands.PublishRun(run_id=m.run_id, version=m.version, kind=to_name(pb.PairKind, m.kind) or "individual",
                               reporting=to_name(pb.Reporting, m.reporting) or "monthly",
                               term_months=m.term_months or 9)


def _form(name: str) -> int:
    return to_number(rpb.MentoringForm, name)


def proposal_msg(p: Proposal) -> pb.Proposal:
    return pb.Proposal(request_id=p.request_id, mentee_id=p.mentee_id, mentee_name=p.mentee_name,
                       mentor_id=p.mentor_id, mentor_name=p.mentor_name, form=_form(p.form),  # type: ignore[arg-type]
                       score=p.score, reasons=p.reasons, rank=p.rank, selected=p.selected, manual=p.manual,
                       warnings=list(p.warnings), chosen_by=p.chosen_by, chosen_at=ts(p.chosen_at))


def run_msg(run: MatchingRun) -> pb.Run:
    f = run.facts
    return pb.Run(
        id=run.id, mode=to_number(pb.MatchingMode, run.mode.value),  # type: ignore[arg-type]
        objective=to_number(pb.Objective, run.objective.value),  # type: ignore[arg-type]
        weights=pb.Weights(**run.weights.as_dict()),
        status=to_number(pb.RunStatus, run.status.value),  # type: ignore[arg-type]
        proposals=[proposal_msg(p) for p in run.proposals],
        unmatched=[pb.Unmatched(request_id=u.request_id, mentee_id=u.mentee_id, mentee_name=u.mentee_name,
                                reason=u.reason) for u in run.unmatched],
        totals=pb.RunTotals(requests=run.totals.requests, matched=run.totals.matched,
                            unmatched=run.totals.unmatched, total_score=run.totals.total_score,
                            candidate_edges=run.totals.candidate_edges),
        facts=pb.SolverFacts(candidate_edges=int(f.get("candidate_edges", 0)), rounds=int(f.get("rounds", 0)),
                             edges_added_back=int(f.get("edges_added_back", 0)),
                             certified=bool(f.get("certified", False)),
                             flow_seconds=float(f.get("flow_seconds", 0.0))),
        created_by=run.created_by, created_at=ts(run.created_at), published_at=ts(run.published_at),
        version=run.version, preferences=preferences_msg(run),
        groups=[pb.RunGroup(mentor_ids=list(g.mentor_ids), mentor_names=list(g.mentor_names),
                            request_ids=[p.request_id for p in g.members],
                            mentee_names=[p.mentee_name for p in g.members],
                            form=_form(g.form))  # type: ignore[arg-type]
                for g in planned_groups(run)])


def _rankings(found: dict[str, list[str]]) -> list[pb.Ranking]:
    return [pb.Ranking(who_id=who, ranked_ids=list(ranked)) for who, ranked in sorted(found.items())]


def preferences_msg(run: MatchingRun) -> pb.Preferences | None:
    if run.mode is not Mode.PREFERENCES:
        return None
    f = run.facts
    return pb.Preferences(mentees=_rankings(run.rankings.get("mentees", {})),
                          mentors=_rankings(run.rankings.get("mentors", {})), solved=bool(f.get("solved", False)),
                          stable_unmatched=int(f.get("stable_unmatched", 0)),
                          optimal_unmatched=int(f.get("optimal_unmatched", 0)))


def rankings_command(m: pb.SetRankingsRequest) -> commands.SetRankings:
    """A person listed twice is a client's mistake the domain reports; here the last list wins."""
    return commands.SetRankings(run_id=m.run_id, mentees={r.who_id: list(r.ranked_ids) for r in m.mentees},
                                mentors={r.who_id: list(r.ranked_ids) for r in m.mentors}, version=m.version)


def compare_msg(requests: int, outcomes: list[tuple[str, int, int]]) -> pb.CompareModesResponse:
    return pb.CompareModesResponse(requests=requests, outcomes=[
        pb.ModeOutcome(key=k, matched=matched, unmatched=requests - matched, total_score=total)
        for k, matched, total in outcomes])


def _petition(p: Pair) -> pb.Petition | None:
    if p.petition is None:
        return None
    q = p.petition
    return pb.Petition(kind=to_number(pb.PetitionKind, q.kind),  # type: ignore[arg-type]
                       filed_on=q.filed_on.isoformat(), reason=q.reason,
                       status=to_number(pb.PetitionStatus, q.status),  # type: ignore[arg-type]
                       comment=q.comment)


def pair_msg(p: Pair, history: list[HistoryEntry] | None = None) -> pb.Pair:
    return pb.Pair(
        id=p.id, run_id=p.run_id, request_id=p.request_id, mentee_id=p.mentee_id, mentee_name=p.mentee_name,
        mentor_id=p.mentor_id, mentor_name=p.mentor_name, form=_form(p.form),  # type: ignore[arg-type]
        kind=to_number(pb.PairKind, p.kind),  # type: ignore[arg-type]
        term_start=p.term_start.isoformat(), term_end=p.term_end.isoformat(),
        reporting=to_number(pb.Reporting, p.reporting),  # type: ignore[arg-type]
        status=to_number(pb.PairStatus, p.status.value),  # type: ignore[arg-type]
        close_reason=p.close_reason, closed_at=ts(p.closed_at), created_at=ts(p.created_at), version=p.version,
        mentor_consent_on=p.mentor_consent_on.isoformat() if p.mentor_consent_on else "",
        mentor_consent_document=p.mentor_consent_document, outcome=p.outcome,
        result=to_number(pb.PairResult, p.result) if p.result else 0,  # type: ignore[arg-type]
        petition=_petition(p), awaiting_mentor=p.awaiting_mentor, replaces_pair_id=p.replaces_pair_id,
        replaced_by_pair_id=p.replaced_by_pair_id,
        history=[pb.PairHistoryEntry(action=h.action, actor=h.actor, at=ts(h.at), detail=h.detail)
                 for h in history or []])


def group_msg(g: Group, history: list[GroupHistoryEntry] | None = None) -> pb.Group:
    return pb.Group(
        id=g.id, run_id=g.run_id, form=_form(g.form),  # type: ignore[arg-type]
        kind=to_number(pb.PairKind, g.kind),  # type: ignore[arg-type]
        term_start=g.term_start.isoformat(), term_end=g.term_end.isoformat(),
        reporting=to_number(pb.Reporting, g.reporting),  # type: ignore[arg-type]
        status=to_number(pb.PairStatus, g.status.value),  # type: ignore[arg-type]
        mentor_ids=list(g.mentor_ids), mentor_names=list(g.mentor_names),
        members=[pb.GroupMember(request_id=m.request_id, mentee_id=m.mentee_id, mentee_name=m.mentee_name,
                                mentor_id=m.mentor_id, left=not m.active and bool(m.left_reason),
                                left_reason=m.left_reason, left_at=ts(m.left_at) if m.left_at else None)
                 for m in g.members],
        created_at=ts(g.created_at), version=g.version, close_reason=g.close_reason, outcome=g.outcome,
        team_outcome=g.team_outcome,
        closed_at=ts(g.closed_at) if g.closed_at else None,
        history=[pb.GroupHistoryEntry(action=h.action, actor=h.actor, at=ts(h.at), detail=h.detail)
                 for h in history or []])


def mark_msg(m: CompatibilityMark) -> pb.CompatibilityMark:
    return pb.CompatibilityMark(mentor_id=m.mentor_id, mentee_id=m.mentee_id, mark=m.mark.value,
                                assessed_on=m.assessed_on.isoformat(), note=m.note, recorded_by=m.recorded_by,
                                recorded_at=ts(m.recorded_at))
