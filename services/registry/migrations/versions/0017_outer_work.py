"""The outer contour at work (issue 15 items 5-8, ADR 024): the regional base of programs, cooperation agreements,
ЦНППМ courses with the municipality's seats per school and the school's enrolments, the municipal Школа молодого
учителя with the schools' attendance, and the log of risk mitigation.

Each table says in its policies who reads it and who writes it; names of people (enrolled mentors, young
teachers present) stay in org-only tables, and the outer contour reads the counts the school keeps beside them.

Revision ID: 0017
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0017"
down_revision = "0013"
branch_labels = None
depends_on = None

APP = rls.app_role("registry")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"

IN_REGION = "app_scope() IN ('org', 'municipality', 'region') AND region_id = app_region_id()"
# The caller's municipality (a school reads its municipality's rows) or, for the region, the whole region.
MUNICIPAL = ("(app_scope() IN ('org', 'municipality') AND municipality_id = app_municipality_id())"
             " OR (app_scope() = 'region' AND region_id = app_region_id())")
MUNICIPALITY_WRITES = "app_scope() = 'municipality' AND municipality_id = app_municipality_id()"
REGION_WRITES = "app_scope() = 'region' AND region_id = app_region_id()"
# Agreements kept by the region (municipality_id NULL) are read region-wide; a municipality's by its own tier.
AGREEMENT_READ = ("region_id = app_region_id() AND (app_scope() = 'region' OR (app_scope() IN ('org', 'municipality')"
                  " AND (municipality_id IS NULL OR municipality_id = app_municipality_id())))")
AGREEMENT_WRITE = ("region_id = app_region_id() AND ((app_scope() = 'region' AND municipality_id IS NULL)"
                   " OR (app_scope() = 'municipality' AND municipality_id = app_municipality_id()))")
OUTER_ONLY = ("(app_scope() = 'municipality' AND municipality_id = app_municipality_id())"
              " OR (app_scope() = 'region' AND region_id = app_region_id())")
SCHOOL_OR_MUNICIPALITY = f"({rls.ORG_ONLY}) OR ({MUNICIPALITY_WRITES})"
RISKS = ("perception", "high_load", "mentor_motivation", "formalism", "mentee_motivation", "interaction")

TABLES = ("program_publications", "cooperation_agreements", "mentor_agreement_links", "training_courses",
          "course_seats", "course_enrolments", "young_teacher_plans", "young_teacher_sessions",
          "young_teacher_attendance", "young_teacher_attendance_counts", "risk_mitigations")


def _policies(table: str, *, read: str, insert: str | None = None, update: str | None = None,
              delete: str | None = None) -> None:
    for statement in rls.enable(table):
        op.execute(statement)
    grants = ["SELECT"] + [c for c, w in (("INSERT", insert), ("UPDATE", update), ("DELETE", delete)) if w]
    op.execute(f"GRANT {', '.join(grants)} ON {table} TO {APP}")
    op.execute(rls.policy(table, f"{table}_read", role=APP, command="SELECT", using=read))
    if insert:
        op.execute(rls.policy(table, f"{table}_insert", role=APP, command="INSERT", check=insert))
    if update:
        op.execute(rls.policy(table, f"{table}_update", role=APP, command="UPDATE", using=update, check=update))
    if delete:
        op.execute(rls.policy(table, f"{table}_delete", role=APP, command="DELETE", using=delete))


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE program_publications (
            document_id uuid PRIMARY KEY REFERENCES documents(id),
            {TENANT},
            title text NOT NULL,
            forms text[] NOT NULL,
            summary text NOT NULL,
            organisation_name text NOT NULL,
            municipality_name text NOT NULL,
            approved_version integer NOT NULL,
            approved_at timestamptz,
            sections jsonb NOT NULL,
            published_at timestamptz NOT NULL,
            published_by text NOT NULL
        )""")
    op.execute("""
        CREATE TABLE cooperation_agreements (
            id uuid PRIMARY KEY,
            municipality_id uuid,
            region_id uuid NOT NULL,
            number text NOT NULL CHECK (char_length(number) BETWEEN 1 AND 50),
            signed_on date NOT NULL,
            kind text NOT NULL CHECK (kind IN ('with_operator', 'with_employer')),
            parties text[] NOT NULL,
            subject text NOT NULL,
            valid_from date NOT NULL,
            valid_until date,
            ended_on date,
            created_at timestamptz NOT NULL,
            created_by text NOT NULL,
            CHECK (valid_until IS NULL OR valid_until >= valid_from)
        )""")
    op.execute("CREATE UNIQUE INDEX one_agreement_number ON cooperation_agreements "
               "(region_id, coalesce(municipality_id, region_id), number)")
    op.execute(f"""
        CREATE TABLE mentor_agreement_links (
            mentor_id uuid PRIMARY KEY REFERENCES mentors(id),
            {TENANT},
            agreement_id uuid NOT NULL REFERENCES cooperation_agreements(id),
            linked_at timestamptz NOT NULL,
            linked_by text NOT NULL
        )""")
    op.execute("""
        CREATE TABLE training_courses (
            id uuid PRIMARY KEY,
            region_id uuid NOT NULL,
            title text NOT NULL,
            hours integer NOT NULL CHECK (hours BETWEEN 1 AND 2000),
            provider text NOT NULL,
            study_form text NOT NULL,
            starts_on date NOT NULL,
            ends_on date NOT NULL CHECK (ends_on >= starts_on),
            seats integer NOT NULL CHECK (seats BETWEEN 1 AND 10000),
            created_at timestamptz NOT NULL,
            created_by text NOT NULL
        )""")
    op.execute(f"""
        CREATE TABLE course_seats (
            course_id uuid NOT NULL REFERENCES training_courses(id),
            {TENANT},
            seats integer NOT NULL CHECK (seats >= 0),
            enrolled integer NOT NULL DEFAULT 0 CHECK (enrolled >= 0),
            completed integer NOT NULL DEFAULT 0 CHECK (completed >= 0 AND completed <= enrolled),
            asked_at timestamptz NOT NULL,
            asked_by text NOT NULL,
            PRIMARY KEY (course_id, org_id)
        )""")
    op.execute(f"""
        CREATE TABLE course_enrolments (
            course_id uuid NOT NULL REFERENCES training_courses(id),
            mentor_id uuid NOT NULL REFERENCES mentors(id),
            {TENANT},
            completed_on date,
            enrolled_at timestamptz NOT NULL,
            enrolled_by text NOT NULL,
            PRIMARY KEY (course_id, mentor_id)
        )""")
    op.execute("""
        CREATE TABLE young_teacher_plans (
            municipality_id uuid PRIMARY KEY,
            region_id uuid NOT NULL,
            first_year integer NOT NULL CHECK (first_year BETWEEN 2000 AND 2100),
            updated_at timestamptz NOT NULL,
            updated_by text NOT NULL
        )""")
    op.execute("""
        CREATE TABLE young_teacher_sessions (
            id uuid PRIMARY KEY,
            municipality_id uuid NOT NULL REFERENCES young_teacher_plans(municipality_id),
            region_id uuid NOT NULL,
            month date NOT NULL CHECK (extract(day FROM month) = 1),
            topic text NOT NULL CHECK (char_length(topic) BETWEEN 1 AND 500),
            held_on date,
            UNIQUE (municipality_id, month)
        )""")
    op.execute(f"""
        CREATE TABLE young_teacher_attendance (
            session_id uuid NOT NULL REFERENCES young_teacher_sessions(id),
            person_id uuid NOT NULL REFERENCES persons(id),
            {TENANT},
            marked_at timestamptz NOT NULL,
            PRIMARY KEY (session_id, person_id)
        )""")
    op.execute(f"""
        CREATE TABLE young_teacher_attendance_counts (
            session_id uuid NOT NULL REFERENCES young_teacher_sessions(id),
            {TENANT},
            attended integer NOT NULL CHECK (attended >= 0),
            PRIMARY KEY (session_id, org_id)
        )""")
    risks = ", ".join(f"'{r}'" for r in RISKS)
    op.execute(f"""
        CREATE TABLE risk_mitigations (
            id uuid PRIMARY KEY,
            {TENANT},
            risk text NOT NULL CHECK (risk IN ({risks})),
            text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
            author_name text NOT NULL,
            author_role text NOT NULL,
            at timestamptz NOT NULL
        )""")

    # 5. A school publishes and withdraws its own program; every tier of the region reads the base.
    _policies("program_publications", read=IN_REGION, insert=rls.ORG_ONLY, update=rls.ORG_ONLY,
              delete=rls.ORG_ONLY)
    # 6. Agreements: the regional operator keeps the region's, a municipality its own; its schools read both.
    _policies("cooperation_agreements", read=AGREEMENT_READ, insert=AGREEMENT_WRITE, update=AGREEMENT_WRITE)
    _policies("mentor_agreement_links", read=rls.ORG_ONLY, insert=rls.ORG_ONLY, update=rls.ORG_ONLY)
    # Courses are the region's schedule; the municipality asks seats for its schools, the school counts its own
    # enrolments beside them (the names are in course_enrolments, which only the school reads).
    _policies("training_courses", read=IN_REGION, insert=REGION_WRITES, update=REGION_WRITES)
    _policies("course_seats", read=rls.TIERED_VISIBILITY, insert=MUNICIPALITY_WRITES, update=SCHOOL_OR_MUNICIPALITY)
    _policies("course_enrolments", read=rls.ORG_ONLY, insert=rls.ORG_ONLY, update=rls.ORG_ONLY)
    # 7. ШМУ: the municipality plans and holds sessions; the school marks its teachers and keeps the count.
    _policies("young_teacher_plans", read=MUNICIPAL, insert=MUNICIPALITY_WRITES, update=MUNICIPALITY_WRITES)
    _policies("young_teacher_sessions", read=MUNICIPAL, insert=MUNICIPALITY_WRITES, update=MUNICIPALITY_WRITES,
              delete=MUNICIPALITY_WRITES)
    _policies("young_teacher_attendance", read=rls.ORG_ONLY, insert=rls.ORG_ONLY, delete=rls.ORG_ONLY)
    _policies("young_teacher_attendance_counts", read=rls.TIERED_VISIBILITY, insert=rls.ORG_ONLY,
              update=rls.ORG_ONLY)
    # 8. The outer contour's log of what it did about a school's risks; the school is not its reader.
    _policies("risk_mitigations", read=OUTER_ONLY, insert=OUTER_ONLY)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE IF EXISTS {table}")
