"""Errors a use case may raise on purpose. Each maps to one gRPC status and one HTTP status."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str  # Russian: it is shown to a person as is


class DomainError(Exception):
    """Base of expected failures; ``message`` is Russian and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems) or "Неверные данные")
        self.problems = problems


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class Conflict(DomainError):
    pass


class Unauthenticated(DomainError):
    pass


class Unavailable(DomainError):
    pass
