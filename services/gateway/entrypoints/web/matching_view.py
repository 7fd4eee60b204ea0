"""What the run screen shows of preferences and the mentee's choice, computed from the run for the template."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.adapters.matching_reads import RunRead


@dataclass(frozen=True)
class Slot:
    other_id: str
    other_name: str
    place: str  # "" when not ranked


@dataclass(frozen=True)
class GridRow:
    who_id: str
    name: str
    slots: list[Slot]


def preference_grid(run: RunRead) -> tuple[list[GridRow], list[GridRow]]:
    """Mentees × their allowed mentors and mentors × their allowed mentees, with the places entered so far."""
    prefs = run.preferences
    mentee_places = {(r.who_id, x): str(n) for r in (prefs.mentees if prefs else [])
                     for n, x in enumerate(r.ranked_ids, start=1)}
    mentor_places = {(r.who_id, x): str(n) for r in (prefs.mentors if prefs else [])
                     for n, x in enumerate(r.ranked_ids, start=1)}
    allowed = [p for p in run.proposals if p.rank > 0]
    mentees: dict[str, GridRow] = {}
    mentors: dict[str, GridRow] = {}
    for p in sorted(allowed, key=lambda p: (p.mentor_name, p.mentor_id)):
        mentees.setdefault(p.request_id, GridRow(p.request_id, p.mentee_name, [])).slots.append(
            Slot(p.mentor_id, p.mentor_name, mentee_places.get((p.request_id, p.mentor_id), "")))
    for p in sorted(allowed, key=lambda p: (p.mentee_name, p.request_id)):
        mentors.setdefault(p.mentor_id, GridRow(p.mentor_id, p.mentor_name, [])).slots.append(
            Slot(p.request_id, p.mentee_name, mentor_places.get((p.mentor_id, p.request_id), "")))
    return (sorted(mentees.values(), key=lambda r: r.name), sorted(mentors.values(), key=lambda r: r.name))


def places_to_rankings(form: dict[str, str], prefix: str) -> tuple[dict[str, list[str]], list[str]]:
    """Fields ``<prefix>:<who>:<other>`` = place (1, 2, …; empty — not named) → rankings, and the problems."""
    by_who: dict[str, list[tuple[int, str]]] = {}
    problems: list[str] = []
    for name, value in form.items():
        parts = name.split(":")
        if len(parts) != 3 or parts[0] != prefix:
            continue
        by_who.setdefault(parts[1], [])
        text = value.strip()
        if not text:
            continue
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 200:
            problems.append(f"Место — целое число от 1 до 200, а не «{text[:20]}»")
            continue
        by_who[parts[1]].append((int(text), parts[2]))
    rankings: dict[str, list[str]] = {}
    for who, places in by_who.items():
        numbers = [n for n, _ in places]
        if len(set(numbers)) != len(numbers):
            twice = sorted({n for n in numbers if numbers.count(n) > 1})
            problems.append(f"Место {twice[0]} поставлено двоим в одном рейтинге: у каждого своё место")
        rankings[who] = [x for _, x in sorted(places)]
    return rankings, problems
