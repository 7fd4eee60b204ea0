"""A large region of DESIGN §6 as a region would bring it: a roster of organisations and, per organisation, the
staff and students lists that the import API accepts. Deterministic: the same seed and scale give the same bytes.

Full scale (``--scale 1``): 60 municipalities, 2,000 organisations, 100,000 staff, 1,000,000 students. A smaller
``--scale`` keeps the size of each organisation and takes fewer of them (``--scale 0.02`` is a 1/50 region:
2 municipalities, 40 organisations, 22,000 people), so the per-organisation work of a smaller run is the real one.
The 200,000 pairs of §6 come from matching runs, not from files: they are not generated here (ADR 026).

Files: ``roster.xlsx`` (the template of ``POST /api/v1/rosters``: Организация, Вид, Муниципалитет, ФИО первого
куратора, E-mail), ``org-NNNN-staff.csv`` and ``org-NNNN-students.csv`` («;», UTF-8, the template's titles) and
``region.json`` (what was generated: per organisation its name and row counts).
Run: .venv/bin/python bench/region_generator.py --scale 0.02 --out /tmp/region [--seed 14]
"""

from __future__ import annotations

import argparse
import io
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

FULL = {"municipalities": 60, "organisations": 2000, "staff": 100_000, "students": 1_000_000}
STAFF_HEADER = ["Идентификатор", "Фамилия", "Имя", "Отчество", "Должность", "Дата приёма на работу",
                "Начало педагогического стажа", "Образование", "E-mail", "Телефон"]
STUDENT_HEADER = ["Идентификатор", "Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "Законный представитель",
                  "Контакт представителя"]
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
            "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов"]
FIRST_NAMES = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил"]
PATRONYMICS = ["Александрович", "Дмитриевич", "Сергеевич", "Андреевич", "Алексеевич", "Иванович", "Петрович"]
POSITIONS = ["Учитель математики", "Учитель русского языка", "Учитель физики", "Учитель истории",
             "Учитель начальных классов", "Педагог-психолог", "Учитель английского языка", "Учитель биологии"]
MUNICIPALITY_KINDS = ["Городской округ", "Муниципальный район", "Муниципальный округ"]
TOWNS = ["Заречный", "Озёрный", "Северный", "Лесной", "Солнечный", "Приволжский", "Каменский", "Березовский",
         "Светлый", "Южный", "Новый", "Верхний", "Нижний", "Дальний", "Ясный"]


@dataclass(frozen=True)
class Organisation:
    index: int
    name: str
    municipality: str
    curator_name: str
    email: str
    staff: int
    students: int

    @property
    def stem(self) -> str:
        return f"org-{self.index:04d}"


@dataclass(frozen=True)
class Region:
    seed: int
    scale: float
    municipalities: list[str]
    organisations: list[Organisation]

    @property
    def staff(self) -> int:
        return sum(o.staff for o in self.organisations)

    @property
    def students(self) -> int:
        return sum(o.students for o in self.organisations)


def _sizes(rng: random.Random, count: int, total: int) -> list[int]:
    """``count`` sizes around ``total / count`` (0.3×-1.7×, as schools differ) that add up to ``total`` exactly."""
    mean = total / count
    raw = [rng.uniform(0.3, 1.7) * mean for _ in range(count)]
    factor = total / sum(raw)
    sizes = [max(1, int(r * factor)) for r in raw]
    for i in range(total - sum(sizes)):  # what rounding down left goes one by one to the first organisations
        sizes[i % count] += 1
    return sizes


def region(scale: float, seed: int = 14) -> Region:
    """The region at ``scale`` of DESIGN §6: per-organisation sizes kept, fewer organisations."""
    if not 0 < scale <= 1:
        raise ValueError("scale is in (0, 1]")
    rng = random.Random(seed)
    n_orgs = max(1, round(FULL["organisations"] * scale))
    n_muns = max(min(2, n_orgs), min(n_orgs, round(FULL["municipalities"] * scale)))  # two at least: a drill-down
    per_org_staff = FULL["staff"] / FULL["organisations"]
    per_org_students = FULL["students"] / FULL["organisations"]
    municipalities = [f"{MUNICIPALITY_KINDS[i % 3]} {TOWNS[i % len(TOWNS)]}-{i + 1}" for i in range(n_muns)]
    staff = _sizes(rng, n_orgs, round(per_org_staff * n_orgs))
    students = _sizes(rng, n_orgs, round(per_org_students * n_orgs))
    orgs = [Organisation(index=i, name=f"МБОУ «Средняя школа № {i + 1}»", municipality=municipalities[i % n_muns],
                         curator_name=f"{SURNAMES[i % len(SURNAMES)]}а Мария Петровна",
                         email=f"curator{i + 1}.s{seed}@region.example", staff=staff[i], students=students[i])
            for i in range(n_orgs)]
    return Region(seed=seed, scale=scale, municipalities=municipalities, organisations=orgs)


def roster_xlsx(reg: Region) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Реестр")
    sheet.append(["Организация", "Вид", "Муниципалитет", "ФИО первого куратора", "E-mail"])
    for o in reg.organisations:
        sheet.append([o.name, "школа", o.municipality, o.curator_name, o.email])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    return "\n".join(";".join(r) for r in [header, *rows]).encode("utf-8")


def staff_csv(reg: Region, org: Organisation) -> bytes:
    rng = random.Random(reg.seed * 100_003 + org.index * 2)
    rows = []
    for i in range(org.staff):
        since = rng.randint(1985, 2025)
        rows.append([f"T-{org.index:04d}-{i:05d}", rng.choice(SURNAMES), rng.choice(FIRST_NAMES),
                     rng.choice(PATRONYMICS), rng.choice(POSITIONS), f"01.09.{max(since, 1990)}", f"01.09.{since}",
                     "Высшее педагогическое", f"t{org.index}-{i}@school.example", "+7 900 123-45-67"])
    return _csv(STAFF_HEADER, rows)


def students_csv(reg: Region, org: Organisation) -> bytes:
    rng = random.Random(reg.seed * 100_003 + org.index * 2 + 1)
    rows = []
    for i in range(org.students):
        grade = rng.randint(1, 11)
        rows.append([f"S-{org.index:04d}-{i:05d}", rng.choice(SURNAMES), rng.choice(FIRST_NAMES),
                     rng.choice(PATRONYMICS), f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{2019 - grade}",
                     f"{grade}{'АБВГ'[i % 4]}", "Родитель Иван Петрович", "+7 900 123-45-67"])
    return _csv(STUDENT_HEADER, rows)


def write(reg: Region, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "roster.xlsx").write_bytes(roster_xlsx(reg))
    for org in reg.organisations:
        (out / f"{org.stem}-staff.csv").write_bytes(staff_csv(reg, org))
        (out / f"{org.stem}-students.csv").write_bytes(students_csv(reg, org))
    (out / "region.json").write_text(json.dumps(
        {"seed": reg.seed, "scale": reg.scale, "municipalities": reg.municipalities,
         "staff": reg.staff, "students": reg.students, "organisations": [asdict(o) for o in reg.organisations]},
        ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.02, help="share of the DESIGN §6 region, (0, 1]")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    reg = region(args.scale, args.seed)
    write(reg, args.out)
    print(f"region at scale {args.scale}: {len(reg.municipalities)} municipalities, {len(reg.organisations)} "
          f"organisations, {reg.staff} staff, {reg.students} students → {args.out}")


if __name__ == "__main__":
    main()
