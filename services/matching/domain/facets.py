"""What a pair contributes to the counts of reporting: facets without names (docs/indicators.md), the registry's
shape — the whole countable state of the entity, so reporting moves counts from the old facets to the new ones."""

from __future__ import annotations

from matching.domain.groups import RIP_INKO_OUTCOMES, Group
from matching.domain.pairs import Pair, PairStatus


def pair_facets(pair: Pair) -> list[str]:
    if pair.status is not PairStatus.ACTIVE:
        return [f"pair.{pair.status.value}"]
    return ["pair", f"pair.form.{pair.form}", f"pair.kind.{pair.kind}"]


def group_facets(group: Group) -> list[str]:
    """A group counts once by form and вид; its mentees are counted by reporting from the event's mentee ids. A
    completed team whose mentee team became a mentoring team stays counted for 3.10 of 000 App. 2
    (``group.team.became_mentor``, and ``….rip_inko`` with a РИП-ИнКО status)."""
    if group.status is not PairStatus.ACTIVE:
        ended = [f"group.{group.status.value}"]
        if group.status is PairStatus.COMPLETED and group.team_outcome:
            ended.append("group.team.became_mentor")
            if group.team_outcome in RIP_INKO_OUTCOMES:
                ended.append("group.team.became_mentor.rip_inko")
        return ended
    return ["group", f"group.form.{group.form}", f"group.kind.{group.kind}"]
