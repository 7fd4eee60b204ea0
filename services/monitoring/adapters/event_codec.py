"""The wire form of monitoring's events: ids, dates and facets — never a name, a topic or a diary text."""

from __future__ import annotations

from mentorship.monitoring.v1 import events_pb2
from mentorship_kit.unit_of_work import OutgoingEvent
from monitoring.adapters.route_event_codec import encode_route_event
from monitoring.domain import events

TOPIC = "monitoring.events"
SOURCE = "/mentorship/monitoring"


def encode_event(event: object) -> OutgoingEvent:
    match event:
        case events.MeetingHeld(meeting=m):
            payload = events_pb2.MeetingHeld(
                meeting_id=m.id, pair_id=m.pair_id, held_on=m.held_on.isoformat(),
                duration_minutes=m.duration_minutes,
                facets=["meeting", f"meeting.kind.{m.kind}", f"meeting.format.{m.format}"])
            return OutgoingEvent(type="mentorship.monitoring.meeting_held.v1", subject=f"meetings/{m.id}",
                                 payload=payload, org_id=m.org_id, municipality_id=m.municipality_id,
                                 region_id=m.region_id)
        case events.GroupMeetingHeld(meeting=g, form=form):
            # The same type as a pair's meeting, so reporting's meetings per school include it; no pair id, so it
            # never moves a pair's «last meeting»; attendance and names stay in monitoring.
            held = events_pb2.MeetingHeld(
                meeting_id=g.id, held_on=g.held_on.isoformat(), duration_minutes=g.duration_minutes,
                facets=["meeting", "meeting.group", f"meeting.kind.{g.kind}", f"meeting.format.{g.format}",
                        *([f"meeting.group.form.{form}"] if form else [])])
            return OutgoingEvent(type="mentorship.monitoring.meeting_held.v1", subject=f"group-meetings/{g.id}",
                                 payload=held, org_id=g.org_id, municipality_id=g.municipality_id,
                                 region_id=g.region_id)
        case events.PlanAgreed() as e:
            agreed = events_pb2.PlanAgreed(pair_id=e.pair_id, version=e.version, items=e.items,
                                           facets=["plan", f"plan.kind.{e.kind}"], item_due_on=dict(e.item_due_on),
                                           done_item_ids=list(e.done_item_ids))
            return OutgoingEvent(type="mentorship.monitoring.plan_agreed.v1",
                                 subject=f"pairs/{e.pair_id}/plan-document/{e.version}", payload=agreed,
                                 org_id=e.org_id, municipality_id=e.municipality_id, region_id=e.region_id)
        case events.PlanItemDone() as e:
            done = events_pb2.PlanItemDone(pair_id=e.pair_id, item_id=e.item_id, version=e.version,
                                           done_on=e.done_on, facets=["plan.item.done", f"plan.kind.{e.kind}"])
            return OutgoingEvent(type="mentorship.monitoring.plan_item_done.v1",
                                 subject=f"pairs/{e.pair_id}/plan-document/items/{e.item_id}", payload=done,
                                 org_id=e.org_id, municipality_id=e.municipality_id, region_id=e.region_id)
        case events.ReportSubmitted(report=r):
            submitted = events_pb2.ReportSubmitted(
                report_id=r.id, pair_id=r.pair_id, period_number=r.period_number,
                period_start=r.period_start.isoformat(), period_end=r.period_end.isoformat(),
                facets=["report", "report.mentor"])
            return OutgoingEvent(type="mentorship.monitoring.report_submitted.v1", subject=f"reports/{r.id}",
                                 payload=submitted, org_id=r.org_id, municipality_id=r.municipality_id,
                                 region_id=r.region_id)
        case events.SurveyAnswered() as e:
            answered = events_pb2.SurveyAnswered(
                questionnaire_id=e.questionnaire_id, purpose=e.purpose, channel=e.channel, answered_on=e.answered_on,
                questions_answered=e.questions_answered,
                facets=["survey", f"survey.purpose.{e.purpose}", f"survey.channel.{e.channel}"])
            return OutgoingEvent(type="mentorship.monitoring.survey_answered.v1",
                                 subject=f"questionnaires/{e.questionnaire_id}", payload=answered, org_id=e.org_id,
                                 municipality_id=e.municipality_id, region_id=e.region_id)
        case events.MeasurementRecorded() as e:
            recorded = events_pb2.MeasurementRecorded(
                questionnaire_id=e.questionnaire_id, pair_id=e.pair_id, stage=e.stage, recorded_on=e.recorded_on,
                scale_mean=e.scale_mean, mean_change=e.mean_change, has_entry=e.has_entry,
                facets=["measurement", f"measurement.stage.{e.stage}"])
            return OutgoingEvent(type="mentorship.monitoring.measurement_recorded.v1",
                                 subject=f"questionnaires/{e.questionnaire_id}/measurements", payload=recorded,
                                 org_id=e.org_id, municipality_id=e.municipality_id, region_id=e.region_id)
        case events.EvaluationCompleted(evaluation=ev):
            completed = events_pb2.EvaluationCompleted(evaluation_id=ev.id, period=ev.period, version=ev.version,
                                                       total=ev.total, level=ev.level.value)
            return OutgoingEvent(type="mentorship.monitoring.evaluation_completed.v1",
                                 subject=f"evaluations/{ev.period}/{ev.version}", payload=completed,
                                 org_id=ev.org_id, municipality_id=ev.municipality_id, region_id=ev.region_id)
        case events.ReminderRecipientsChanged() as e:
            changed = events_pb2.ReminderRecipientsChanged(emails=list(e.emails))
            return OutgoingEvent(type="mentorship.monitoring.reminder_recipients_changed.v1",
                                 subject=f"schools/{e.org_id}/reminder-recipients", payload=changed, org_id=e.org_id,
                                 municipality_id=e.municipality_id, region_id=e.region_id)
        case events.OutcomeRecorded() as e:
            outcome = events_pb2.OutcomeRecorded(mentee_id=e.mentee_id, version=e.version, facets=list(e.facets))
            return OutgoingEvent(type="mentorship.monitoring.outcome_recorded.v1", subject=f"mentees/{e.mentee_id}",
                                 payload=outcome, org_id=e.org_id, municipality_id=e.municipality_id,
                                 region_id=e.region_id)
    return encode_route_event(event)  # the routes' events (ADR 011), or a TypeError for an unknown one
