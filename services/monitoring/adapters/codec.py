"""Monitoring's domain objects as the messages of monitoring.proto, and requests as commands."""

from __future__ import annotations

from mentorship.monitoring.v1 import monitoring_pb2 as pb
from monitoring.domain import commands
from monitoring.domain.meetings import Meeting, PlannedMeeting
from monitoring.domain.plans import ItemDraft, PlanDocument
from monitoring.domain.reports import DEFAULT_SCHEDULE, HalfYearSummary, MentorReport
from monitoring.service_layer.report_handlers import PeriodView
from monitoring.service_layer.work_handlers import PairView, PairWork


def _day(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def pair_msg(view: PairView) -> pb.MonitoredPair:
    p = view.pair
    return pb.MonitoredPair(pair_id=p.id, mentor_id=p.mentor_id, mentee_id=p.mentee_id, form=p.form, kind=p.kind,
                            term_start=_day(p.term_start), term_end=_day(p.term_end), status=p.status.value,
                            meetings_held=view.meetings_held, last_meeting_on=_day(view.last_meeting_on),
                            overdue=view.overdue)


def meeting_msg(m: Meeting) -> pb.Meeting:
    return pb.Meeting(id=m.id, pair_id=m.pair_id, kind=m.kind, held_on=_day(m.held_on), format=m.format,
                      topic=m.topic, duration_minutes=m.duration_minutes, participants=m.participants,
                      outcome=m.outcome, next_step=m.next_step, diary=m.diary, planned_id=m.planned_id,
                      recorded_by=m.recorded_by, recorded_at=m.recorded_at.isoformat())


def planned_msg(p: PlannedMeeting) -> pb.PlannedMeeting:
    return pb.PlannedMeeting(id=p.id, pair_id=p.pair_id, kind=p.kind, planned_on=_day(p.planned_on), topic=p.topic,
                             held_meeting_id=p.held_meeting_id)


def work_msg(work: PairWork) -> pb.PairWork:
    return pb.PairWork(pair=pair_msg(work.view), meetings=[meeting_msg(m) for m in work.meetings],
                       plan=[planned_msg(p) for p in work.plan], no_meeting_weeks=work.no_meeting_weeks)


def record_command(r: pb.RecordMeetingRequest) -> commands.RecordMeeting:
    return commands.RecordMeeting(pair_id=r.pair_id, kind=r.kind, held_on=r.held_on, format=r.format, topic=r.topic,
                                  duration_minutes=r.duration_minutes, participants=r.participants,
                                  outcome=r.outcome, next_step=r.next_step, diary=r.diary, planned_id=r.planned_id)


def plan_command(r: pb.PlanMeetingRequest) -> commands.PlanMeeting:
    return commands.PlanMeeting(pair_id=r.pair_id, kind=r.kind, planned_on=r.planned_on, topic=r.topic)


def plan_msg(d: PlanDocument) -> pb.PlanDocument:
    return pb.PlanDocument(
        pair_id=d.pair_id, kind=d.kind, version=d.version, term_start=_day(d.term_start), term_end=_day(d.term_end),
        deficits=d.deficits, final_product=d.final_product,
        items=[pb.PlanItem(id=i.id, title=i.title, due_on=_day(i.due_on), expected_product=i.expected_product,
                           progress=i.progress, progress_on=_day(i.progress_on), progress_note=i.progress_note,
                           progress_by=i.progress_by) for i in d.items],
        agreements=[pb.PlanAgreement(party=a.party, recorded_by=a.recorded_by, recorded_at=a.recorded_at.isoformat())
                    for a in d.agreements],
        agreed=d.agreed, drafted_by=d.drafted_by, updated_at=d.updated_at.isoformat() if d.updated_at else "")


def item_drafts(r: pb.SavePlanDocumentRequest) -> list[ItemDraft]:
    return [ItemDraft(id=i.id, title=i.title, due_on=i.due_on, expected_product=i.expected_product) for i in r.items]


def report_msg(r: MentorReport) -> pb.MentorReport:
    return pb.MentorReport(id=r.id, pair_id=r.pair_id, period_number=r.period_number,
                           period_start=_day(r.period_start), period_end=_day(r.period_end), done=r.done,
                           results=r.results, difficulties=r.difficulties, plans=r.plans,
                           submitted_by=r.submitted_by, submitted_at=r.submitted_at.isoformat())


def reports_msg(pair_id: str, periods: list[PeriodView]) -> pb.PairReports:
    return pb.PairReports(pair_id=pair_id, schedule=periods[0].schedule if periods else DEFAULT_SCHEDULE, periods=[
        pb.ReportPeriod(number=v.period.number, start=_day(v.period.start), end=_day(v.period.end), due=v.due,
                        meetings=[meeting_msg(m) for m in v.meetings],
                        report=report_msg(v.report) if v.report else None)
        for v in periods])


def half_year_msg(s: HalfYearSummary) -> pb.HalfYear:
    return pb.HalfYear(year=s.year, half=s.half, start=_day(s.start), end=_day(s.end),
                       forms=[pb.FormCounts(form=f, active=c.active, completed=c.completed, closed=c.closed)
                              for f, c in s.by_form.items()],
                       meetings_held=s.meetings_held, pairs_overdue=s.pairs_overdue, reports_due=s.reports_due,
                       reports_submitted=s.reports_submitted)
