"""Steps shared by the use cases of the bases: saving a mentor's card with its public profile, and taking a
mentor or a mentee out of the base (a curator's decision or a withdrawn consent) with what follows from it."""

from __future__ import annotations

from datetime import datetime

from registry.domain import events, mentees, mentors
from registry.domain.mentees import Mentee, RequestStatus
from registry.domain.mentors import Mentor
from registry.service_layer.lookups import own_organisation
from registry.service_layer.unit_of_work import UnitOfWork


def save_mentor(uow: UnitOfWork, mentor: Mentor, *, now: datetime) -> None:
    """Store the card and keep its public profile (regional base) in step with it."""
    uow.mentors.save(mentor, now=now)
    if mentor.published:
        uow.mentors.publish(mentor, organisation=own_organisation(uow).name, at=now)
    else:
        uow.mentors.unpublish(mentor.id)


def leave_mentor_base(uow: UnitOfWork, mentor: Mentor, reason: str, *, now: datetime) -> Mentor:
    """Out of the mentor base (and the regional base); the card and its history stay."""
    mentor = mentors.deactivate(mentor, reason)
    save_mentor(uow, mentor, now=now)
    uow.collect(events.MentorDeactivated(mentor, reason))
    return mentor


def leave_mentee_base(uow: UnitOfWork, mentee: Mentee, reason: str, *, now: datetime,
                      matched_too: bool = True) -> Mentee:
    """Out of the mentee base; requests still waiting for a mentor are withdrawn with the same reason, and with
    a withdrawn consent the matched ones too (nothing of the person may be processed any more)."""
    closing = {RequestStatus.OPEN, RequestStatus.MATCHED} if matched_too else {RequestStatus.OPEN}
    mentee = mentees.deactivate_mentee(mentee, reason)
    uow.mentees.save(mentee, now=now)
    uow.collect(events.MenteeDeactivated(mentee))
    for request in uow.mentees.requests_of(mentee.id, lock=True):
        if request.status in closing:
            closed = mentees.change_request_status(request, RequestStatus.WITHDRAWN.value, reason=reason, now=now)
            uow.mentees.save_request(closed)
            uow.collect(events.MentoringRequestStatusChanged(closed))
    return mentee
