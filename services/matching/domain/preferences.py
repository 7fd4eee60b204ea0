"""Preferences mode on a draft run (001 §9 steps 17-20): after the group meeting both sides rank each other; the
run's selection becomes the stable assignment with mentor capacities (``stable.stable_assignment``).

Only allowed pairs may be ranked — the run's candidates, which already passed the form's rules, both consents and
the mentor's free seats. A pair is acceptable when each side names the other. Beside the stable result the run
keeps how many mentees the optimal mode (most matched) would leave unmatched on the same pairs and seats, since
users are surprised that stability costs matches.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matching.domain.assignment import CandidateEdges, IntArray, Objective, solve_edges
from matching.domain.compare import outcome
from matching.domain.runs import MatchingRun, Mode, Unmatched
from matching.domain.stable import stable_assignment
from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed

Rankings = dict[str, list[str]]
MAX_RANKED = 200


def check_rankings(run: MatchingRun, mentees: Rankings, mentors: Rankings) -> None:
    """Every problem at once, in Russian: an unknown person, someone ranked twice, a pair the rules do not allow."""
    if run.mode is not Mode.PREFERENCES:
        raise Conflict("Рейтинги вводятся только в прогоне «по взаимным предпочтениям»")
    allowed = {(p.request_id, p.mentor_id) for p in run.proposals if p.rank > 0}
    mentee_name = {p.request_id: p.mentee_name for p in run.proposals}
    mentor_name = {p.mentor_id: p.mentor_name for p in run.proposals}
    problems: list[FieldProblem] = []
    for request_id, ranked in mentees.items():
        who = mentee_name.get(request_id)
        if who is None:
            problems.append(FieldProblem("mentees", "Наставляемый не найден среди запросов прогона"))
            continue
        problems += _side(f"Рейтинг наставляемого {who}", ranked, mentor_name, "наставник",
                          {m for r, m in allowed if r == request_id})
    for mentor_id, ranked in mentors.items():
        who = mentor_name.get(mentor_id)
        if who is None:
            problems.append(FieldProblem("mentors", "Наставник не найден среди кандидатов прогона"))
            continue
        problems += _side(f"Рейтинг наставника {who}", ranked, mentee_name, "наставляемый",
                          {r for r, m in allowed if m == mentor_id})
    if problems:
        raise ValidationFailed(problems)


def _side(label: str, ranked: list[str], names: dict[str, str], other: str,
          ok: set[str]) -> list[FieldProblem]:
    field = "mentees" if other == "наставник" else "mentors"
    problems: list[FieldProblem] = []
    if len(ranked) > MAX_RANKED:
        return [FieldProblem(field, f"{label}: не больше {MAX_RANKED} мест")]
    seen: set[str] = set()
    for place, x in enumerate(ranked, start=1):
        if x not in names:
            problems.append(FieldProblem(field, f"{label}, место {place}: {other} не найден в прогоне"))
        elif x in seen:
            problems.append(FieldProblem(field, f"{label}, место {place}: {names[x]} уже назван выше"))
        elif x not in ok:
            problems.append(FieldProblem(field, f"{label}, место {place}: пара с {names[x]} не допускается "
                                                "правилами формы наставничества"))
        seen.add(x)
    return problems


def solve_preferences(run: MatchingRun, mentees: Rankings, mentors: Rankings, free_seats: dict[str, int]) -> None:
    """Stores the rankings and replaces the selection by the mentee-optimal stable assignment."""
    check_rankings(run, mentees, mentors)
    requests = sorted({p.request_id for p in run.proposals} | {u.request_id for u in run.unmatched})
    mentor_ids = sorted({p.mentor_id for p in run.proposals})
    ri, mi = {r: i for i, r in enumerate(requests)}, {m: j for j, m in enumerate(mentor_ids)}
    caps = np.array([free_seats.get(m, 0) for m in mentor_ids], dtype=np.int64)
    stable = stable_assignment([[mi[m] for m in mentees.get(r, [])] for r in requests],
                               [[ri[r] for r in mentors.get(m, [])] for m in mentor_ids], caps)
    pick = {requests[i]: mentor_ids[int(j)] for i, j in enumerate(stable.mentor_of) if j >= 0}
    run.proposals = [replace(p, selected=pick.get(p.request_id) == p.mentor_id, manual=False, warnings=(),
                             chosen_by="", chosen_at=None) for p in run.proposals]
    run.rankings = {"mentees": {r: list(v) for r, v in mentees.items()},
                    "mentors": {m: list(v) for m, v in mentors.items()}}
    run.unmatched = _unmatched(run, pick, mentees, mentors)
    run.recount()
    most = _most_matched(run, requests, mentor_ids, caps)
    compare = {**run.facts.get("compare", {}), "stable": outcome(run.totals.matched, run.totals.total_score)}
    run.facts = {**run.facts, "compare": compare, "stable_unmatched": len(requests) - stable.matched,
                 "optimal_unmatched": len(requests) - most, "solved": True}
    run.version += 1


def _most_matched(run: MatchingRun, requests: list[str], mentor_ids: list[str], caps: IntArray) -> int:
    """The optimal mode's count (most matched) on the same allowed pairs and seats, rankings ignored."""
    ri, mi = {r: i for i, r in enumerate(requests)}, {m: j for j, m in enumerate(mentor_ids)}
    allowed = [p for p in run.proposals if p.rank > 0]
    edges = CandidateEdges.of(len(requests), caps, [ri[p.request_id] for p in allowed],
                              [mi[p.mentor_id] for p in allowed], [p.score for p in allowed])
    return solve_edges(edges, objective=Objective.MAX_MATCHED_THEN_SCORE).matched


def _unmatched(run: MatchingRun, pick: dict[str, str], mentees: Rankings, mentors: Rankings) -> list[Unmatched]:
    """Why each request got nobody: no candidate at all (kept from the run), nobody named, nobody named back,
    or every mutual choice is taken by mentees the mentors ranked higher."""
    kept = [u for u in run.unmatched if not any(p.request_id == u.request_id for p in run.proposals)]
    seen: dict[str, Unmatched] = {}
    for p in run.proposals:
        if p.request_id in pick or p.request_id in seen:
            continue
        named = mentees.get(p.request_id, [])
        if not named:
            reason = "наставляемый никого не назвал в рейтинге"
        elif not any(p.request_id in mentors.get(m, []) for m in named):
            reason = "никто из названных наставляемым наставников не назвал его в своём рейтинге"
        else:
            reason = "места названных наставников заняты наставляемыми, которых они поставили выше"
        seen[p.request_id] = Unmatched(p.request_id, p.mentee_id, p.mentee_name, reason)
    return kept + list(seen.values())
