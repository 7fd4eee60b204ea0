"""The unit of work as matching's use cases see it: a Protocol satisfied by the SQL one and the unit tests' fake."""

from __future__ import annotations

from typing import Protocol, Self

from matching.service_layer.repositories import (
    GroupRepository,
    MarkRepository,
    PairRepository,
    RegionalRepository,
    RunRepository,
)
from mentorship_kit.principal import Principal


class UnitOfWork(Protocol):
    principal: Principal

    @property
    def runs(self) -> RunRepository: ...
    @property
    def pairs(self) -> PairRepository: ...
    @property
    def groups(self) -> GroupRepository: ...
    @property
    def marks(self) -> MarkRepository: ...
    @property
    def regional(self) -> RegionalRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def collect(self, event: object) -> None: ...
    def commit(self) -> None: ...
