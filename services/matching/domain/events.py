"""Facts matching tells the platform (payloads in proto/mentorship/matching/v1/events.proto)."""

from __future__ import annotations

from dataclasses import dataclass

from matching.domain.groups import Group
from matching.domain.pairs import Pair


@dataclass(frozen=True)
class PairFormed:
    pair: Pair
    mode: str


@dataclass(frozen=True)
class PairClosed:
    pair: Pair
    replacing: bool = False
    """Closed on the mentee's approved petition with candidates to pick: the request is kept (ADR 007)."""


@dataclass(frozen=True)
class PairCompleted:
    pair: Pair


@dataclass(frozen=True)
class MentorReplaced:
    old: Pair
    new: Pair
    petition: str


@dataclass(frozen=True)
class GroupFormed:
    group: Group
    mode: str
