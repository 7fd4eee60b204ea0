"""Use cases that read indicators."""

from __future__ import annotations

from mentorship_kit.policy import Action, require
from reporting.adapters.indicator_queries import mentor_counts_by
from reporting.domain.indicators import CountRow, Grouping, grouping_for
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


def get_mentor_counts(requested: Grouping | None, uow: ReportingUnitOfWork) -> tuple[Grouping, list[CountRow], int]:
    require(uow.principal, Action.INDICATORS_READ)
    grouping = grouping_for(uow.principal.scope, requested)
    with uow:
        rows = mentor_counts_by(uow.session, grouping)
    return grouping, rows, sum(r.mentor_count for r in rows)
