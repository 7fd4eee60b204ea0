"""What the use cases are asked to do (built by the servicers and the consumer from messages)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StartRun:
    mode: str = "optimal"
    objective: str = "max_score"
    weights: dict[str, int] = field(default_factory=dict)
    top_k: int = 3
    group_min: int = 2  # group and team modes
    group_max: int = 5
    team_mentors: int = 2


@dataclass(frozen=True)
class AssignInRun:
    run_id: str
    request_id: str
    mentor_id: str
    confirm_warnings: bool = False
    version: int = 0


@dataclass(frozen=True)
class PublishRun:
    run_id: str
    version: int = 0
    kind: str = "individual"
    reporting: str = "monthly"
    term_months: int = 9


@dataclass(frozen=True)
class ListPairs:
    status: str = ""
    mentor_id: str = ""
    mentee_id: str = ""
    form: str = ""
    kind: str = ""
    run_id: str = ""
    page_size: int = 50
    page_token: str = ""


@dataclass(frozen=True)
class ClosePair:
    pair_id: str
    reason: str
    version: int = 0


@dataclass(frozen=True)
class RecordMentorConsent:
    pair_id: str
    consent_on: str
    document: str
    version: int = 0


@dataclass(frozen=True)
class ClosePairsOf:
    """From a registry event: the person withdrew consent or left a base; their active pairs end."""

    mentor_id: str = ""
    mentee_id: str = ""
    reason: str = ""


@dataclass(frozen=True)
class SetRankings:
    """Preferences mode: each mentee's (by request id) ranking of mentor ids and each mentor's of request ids."""

    run_id: str
    mentees: dict[str, list[str]] = field(default_factory=dict)
    mentors: dict[str, list[str]] = field(default_factory=dict)
    version: int = 0


@dataclass(frozen=True)
class RecordChoice:
    run_id: str
    request_id: str
    mentor_id: str
    version: int = 0


@dataclass(frozen=True)
class RecordCompatibility:
    mentor_id: str
    mentee_id: str
    mark: str
    assessed_on: str
    note: str = ""


@dataclass(frozen=True)
class CompletePair:
    pair_id: str
    outcome: str
    result: str
    confirm_early: bool = False
    version: int = 0


@dataclass(frozen=True)
class FilePetition:
    pair_id: str
    kind: str
    filed_on: str
    reason: str
    version: int = 0


@dataclass(frozen=True)
class DecidePetition:
    pair_id: str
    approve: bool
    comment: str = ""
    version: int = 0


@dataclass(frozen=True)
class PickReplacement:
    pair_id: str
    mentor_id: str
    version: int = 0


@dataclass(frozen=True)
class CloseGroup:
    """The curator closes a group early with the reason; its members' requests reopen."""

    group_id: str
    reason: str
    version: int = 0


@dataclass(frozen=True)
class CompleteGroup:
    """The curator ends a group normally with its outcome; its members' requests stay matched."""

    group_id: str
    outcome: str
    version: int = 0
    team_outcome: str = ""  # a «команда-команда» group: TEAM_OUTCOMES, or empty
