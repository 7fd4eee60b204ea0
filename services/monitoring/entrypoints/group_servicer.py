"""gRPC servicer of a group's work: messages in, use cases with the caller's unit of work, messages out."""

from __future__ import annotations

import grpc

from mentorship.monitoring.v1 import groups_pb2 as pb
from mentorship.monitoring.v1 import groups_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from monitoring.domain.groups import GroupMeeting
from monitoring.service_layer import group_handlers
from monitoring.service_layer.unit_of_work import UnitOfWork


def meeting_msg(m: GroupMeeting) -> pb.GroupMeeting:
    return pb.GroupMeeting(id=m.id, group_id=m.group_id, kind=m.kind, held_on=m.held_on.isoformat(), format=m.format,
                           topic=m.topic, duration_minutes=m.duration_minutes, outcome=m.outcome,
                           next_step=m.next_step, diary=m.diary,
                           attendance=[pb.Attendance(mentee_id=k, present=v) for k, v in m.attendance.items()],
                           recorded_by=m.recorded_by, recorded_at=m.recorded_at.isoformat())


def work_msg(w: group_handlers.GroupWork) -> pb.GroupWork:
    g = w.group
    return pb.GroupWork(group=pb.MonitoredGroup(
        group_id=g.id, form=g.form, kind=g.kind, term_start=g.term_start.isoformat(), term_end=g.term_end.isoformat(),
        status=g.status.value, reporting=g.reporting, mentor_ids=g.mentor_ids, member_ids=g.active_members,
        meetings_held=len(w.meetings), last_meeting_on=w.last_meeting_on.isoformat() if w.last_meeting_on else "",
        overdue=w.overdue), meetings=[meeting_msg(m) for m in w.meetings], no_meeting_weeks=w.no_meeting_weeks)


def summary_msg(s: group_handlers.GroupSummary) -> pb.MonitoredGroup:
    g = s.group
    return pb.MonitoredGroup(
        group_id=g.id, form=g.form, kind=g.kind, term_start=g.term_start.isoformat(), term_end=g.term_end.isoformat(),
        status=g.status.value, reporting=g.reporting, mentor_ids=g.mentor_ids, member_ids=g.active_members,
        meetings_held=s.meetings_held, last_meeting_on=s.last_meeting_on.isoformat() if s.last_meeting_on else "",
        overdue=s.overdue)


class GroupWorkServicer(ServicerBase[UnitOfWork], groups_pb2_grpc.GroupWorkServiceServicer):
    def GetGroupWork(self, request: pb.GetGroupWorkRequest, context: grpc.ServicerContext) -> pb.GroupWork:
        return work_msg(group_handlers.group_work(request.group_id, self.uow()))

    def RecordGroupMeeting(self, request: pb.RecordGroupMeetingRequest,
                           context: grpc.ServicerContext) -> pb.GroupMeeting:
        cmd = group_handlers.RecordGroupMeeting(
            group_id=request.group_id, kind=request.kind, held_on=request.held_on, format=request.format,
            topic=request.topic, duration_minutes=request.duration_minutes, outcome=request.outcome,
            next_step=request.next_step, diary=request.diary,
            attendance={a.mentee_id: a.present for a in request.attendance})
        return meeting_msg(group_handlers.record_group_meeting(cmd, self.uow()))

    def ListGroups(self, request: pb.ListGroupsRequest, context: grpc.ServicerContext) -> pb.ListGroupsResponse:
        groups, weeks = group_handlers.list_groups(self.uow(), overdue_only=request.overdue_only)
        return pb.ListGroupsResponse(groups=[summary_msg(g) for g in groups], no_meeting_weeks=weeks)
