"""Facts matching tells the platform (payloads in proto/mentorship/matching/v1/events.proto)."""

from __future__ import annotations

from dataclasses import dataclass

from matching.domain.groups import Group, GroupMember
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


@dataclass(frozen=True)
class GroupMemberLeft:
    """A mentee left an active group (consent withdrawn, out of the base): the request reopens (ADR 007)."""

    group: Group
    member: GroupMember


@dataclass(frozen=True)
class GroupClosed:
    """A group ended — early (closed: the remaining members' requests reopen) or normally (completed: they stay
    matched). ``members`` are those still in the group when it ended."""

    group: Group
    members: tuple[GroupMember, ...]
