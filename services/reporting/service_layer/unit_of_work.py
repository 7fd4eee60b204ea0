"""Reporting reads under the caller's tenant; it publishes nothing yet."""

from __future__ import annotations

from mentorship_kit.unit_of_work import SqlUnitOfWork


class ReportingUnitOfWork(SqlUnitOfWork):
    pass
