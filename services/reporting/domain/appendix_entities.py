"""Counted entities that give the indicators of seed 000, App. 2 their exact meaning (ADR 021, docs/indicators.md).

The registry counts *requests*, *mentor cards* and *transitions*; several indicators count *people* or only some
of them. The rules here turn the facts the events carry into counted states of their own, so the counts stay
versioned and idempotent like every other (a duplicate or a late event changes nothing):

- 1.1 / 1.2 count people who asked: a ``requester`` entity per mentee (the person in the school's base of
  mentees), version 1 and never withdrawn — a person with two requests, or a withdrawn one, counts once;
- 3.4 / 3.7 count people who were mentees in a pair (or a group) before they became mentors: the transition's
  facet gains ``.after_pair`` only then;
- 3.8 counts people taking part in «команда-команда» groups: a ``team_participant`` entity per mentor and per
  mentee named by a ``team_team`` group when it was formed (they took part even if the group later ends).

Pure functions, no storage.
"""

from __future__ import annotations

from collections.abc import Iterable

from reporting.domain.counted_state import CountedState, normalise

REQUEST_BY = "request.by."
REQUESTER = "requester."
TRANSITION = "transition."
AFTER_PAIR = ".after_pair"
TEAM_FORM = "group.form.team_team"
TEAM_PARTICIPANT = "team.participant"


def requester_state(mentee_id: str, request_facets: Iterable[str]) -> CountedState | None:
    """The person behind a request, counted once as ``requester.<student|staff>`` whatever the request's status.

    Version 1 for ever: asking is a fact that does not change, so every later request of the same mentee (or a
    duplicate) is not newer and counts nothing. None when the request names no mentee or no kind."""
    kinds = sorted(f.removeprefix(REQUEST_BY) for f in request_facets if f.startswith(REQUEST_BY))
    if not mentee_id or not kinds:
        return None
    return CountedState("requester", mentee_id, 1, (f"{REQUESTER}{kinds[0]}",))


def transition_facets(facets: Iterable[str], *, was_in_pair: bool) -> tuple[str, ...]:
    """The registry's ``transition.<kind>`` kept as it is (every mentee who registered as a mentor) and, when the
    person had been a mentee in a pair or a group, ``transition.<kind>.after_pair`` — what 3.4 / 3.7 count."""
    found = normalise(facets)
    extra = [f"{f}{AFTER_PAIR}" for f in found if f.startswith(TRANSITION) and not f.endswith(AFTER_PAIR)]
    return normalise([*found, *extra]) if was_in_pair else found


def team_participant_states(group_facets: Iterable[str], mentor_ids: Iterable[str],
                            mentee_ids: Iterable[str]) -> list[CountedState]:
    """Each mentor and mentee of a formed «команда-команда» group once (3.8); nothing for another form."""
    if TEAM_FORM not in set(group_facets):
        return []
    people = sorted({*(m for m in mentor_ids if m), *(m for m in mentee_ids if m)})
    return [CountedState("team_participant", person, 1, (TEAM_PARTICIPANT,)) for person in people]
