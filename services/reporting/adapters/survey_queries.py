"""Анкеты и замеры in numbers (issue 13): the projector's increments and the figures per unit in reach."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from reporting.adapters.participant_queries import _unit_columns
from reporting.adapters.tables import measurement_figures as mf
from reporting.adapters.tables import organisation_units as units
from reporting.adapters.tables import survey_answer_counts as sac
from reporting.domain.indicators import Grouping


def count_answer(session: Session, *, org_id: str, municipality_id: str, region_id: str, purpose: str) -> None:
    q = insert(sac).values(org_id=org_id, municipality_id=municipality_id, region_id=region_id, purpose=purpose,
                           answers=1)
    session.execute(q.on_conflict_do_update(index_elements=[sac.c.org_id, sac.c.purpose],
                                            set_={"answers": sac.c.answers + 1}))


def count_measurement(session: Session, *, org_id: str, municipality_id: str, region_id: str, stage: str,
                      has_entry: bool, change: float) -> None:
    paired = stage == "exit" and has_entry
    step = {"entries": int(stage == "entry"), "exits": int(stage == "exit"), "paired_exits": int(paired),
            "improved": int(paired and change > 0), "change_sum": change if paired else 0.0}
    q = insert(mf).values(org_id=org_id, municipality_id=municipality_id, region_id=region_id, **step)
    session.execute(q.on_conflict_do_update(index_elements=[mf.c.org_id],
                                            set_={k: getattr(mf.c, k) + v for k, v in step.items()}))


@dataclass
class SurveyRow:
    unit_id: str = ""
    unit_name: str = ""
    parent_name: str = ""
    answers: dict[str, int] = field(default_factory=dict)
    entries: int = 0
    exits: int = 0
    paired_exits: int = 0
    improved: int = 0
    change_sum: float = 0.0

    @property
    def mean_change(self) -> float:
        return round(self.change_sum / self.paired_exits, 2) if self.paired_exits else 0.0

    def add(self, other: SurveyRow) -> None:
        for purpose, n in other.answers.items():
            self.answers[purpose] = self.answers.get(purpose, 0) + n
        self.entries += other.entries
        self.exits += other.exits
        self.paired_exits += other.paired_exits
        self.improved += other.improved
        self.change_sum += other.change_sum


def survey_figures_by(session: Session, grouping: Grouping) -> list[SurveyRow]:
    """Every unit in reach (row-level security decides which), with its answers and measurements summed."""
    key, name, parent = _unit_columns(grouping)
    order = (parent, name) if grouping is Grouping.ORGANISATION else (name,)
    rows = {str(r[0]): SurveyRow(str(r[0]), r[1], r[2]) for r in session.execute(
        select(key, name, parent, func.count()).group_by(key, name, parent).order_by(*order))}
    answered = (select(key, sac.c.purpose, func.sum(sac.c.answers))
                .select_from(sac.join(units, units.c.org_id == sac.c.org_id)).group_by(key, sac.c.purpose))
    for unit_id, purpose, total in session.execute(answered):
        if str(unit_id) in rows:
            rows[str(unit_id)].answers[purpose] = int(total)
    for unit_id, entries, exits, paired, improved, change_sum in session.execute(
            select(key, func.sum(mf.c.entries), func.sum(mf.c.exits), func.sum(mf.c.paired_exits),
                   func.sum(mf.c.improved), func.sum(mf.c.change_sum))
            .select_from(mf.join(units, units.c.org_id == mf.c.org_id)).group_by(key)):
        row = rows.get(str(unit_id))
        if row is not None:
            row.entries, row.exits, row.paired_exits = int(entries), int(exits), int(paired)
            row.improved, row.change_sum = int(improved), float(change_sum)
    return list(rows.values())
