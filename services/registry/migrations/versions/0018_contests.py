"""Contests (issue 15 item 4, ADR 023): the contest of a tier, its jury, the applications of the tier below and the
jurors' scores.

Who reads what is in the policies: the organiser's tier reads and writes its contest and everything under it; the
tiers that may apply read an announced contest and, once the results are out, its winners and prize-winners;
an applicant reads its own applications; a juror (a login of the
region with the role «jury», ``app_has_role``) reaches only the contests he or she is on the jury of, and writes only
his or her own scores. The jurors', applications' and scores' rows carry the contest's organiser columns, so their
policies never read ``contests`` (which reads ``contest_jurors``: no recursion).

Revision ID: 0018
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None

APP = rls.app_role("registry")
TABLES = ("contests", "contest_jurors", "contest_applications", "contest_scores")
JURY = rls.has_role("jury")
ORGANISER_COLUMNS = """contest_level text NOT NULL CHECK (contest_level IN ('school', 'municipality', 'region')),
            contest_org_id uuid,
            contest_municipality_id uuid"""


def organiser(level: str = "contest_level", org: str = "contest_org_id",
              municipality: str = "contest_municipality_id") -> str:
    """The tier that organises the contest (never a juror's login)."""
    return (f"NOT {JURY} AND region_id = app_region_id() AND (({level} = 'school' AND app_scope() = 'org'"
            f" AND {org} = app_org_id()) OR ({level} = 'municipality' AND app_scope() = 'municipality'"
            f" AND {municipality} = app_municipality_id()) OR ({level} = 'region' AND app_scope() = 'region'))")


def juror(contest_id: str) -> str:
    return (f"{JURY} AND region_id = app_region_id() AND EXISTS (SELECT 1 FROM contest_jurors j"
            f" WHERE j.contest_id = {contest_id} AND j.user_id = app_user_id())")


# Who may apply reads an announced contest: every tier of the region for the region's, the municipality and its
# schools for a municipal one, the school (and its municipality, which oversees it) for a school's.
AUDIENCE = (f"NOT {JURY} AND state <> 'draft' AND region_id = app_region_id() AND (app_scope() = 'region'"
            " OR level = 'region' OR (level = 'municipality' AND municipality_id = app_municipality_id())"
            " OR (level = 'school' AND (org_id = app_org_id() OR (app_scope() = 'municipality'"
            " AND municipality_id = app_municipality_id()))))")
APPLICANT = (f"NOT {JURY} AND region_id = app_region_id() AND ((app_scope() = 'org' AND org_id = app_org_id())"
             " OR (app_scope() = 'municipality' AND org_id IS NULL AND municipality_id = app_municipality_id()))")
OWN_SCORE = f"{JURY} AND juror_user_id = app_user_id()"
# Winners and prize-winners are announced to everyone the contest was announced to (what they consented to show).
PUBLISHED_AWARD = ("award IN ('winner', 'prize') AND EXISTS (SELECT 1 FROM contests c"
                   " WHERE c.id = contest_applications.contest_id AND c.state = 'results')")


def _policies(table: str, *, read: str, insert: str, update: str, delete: str | None = None) -> None:
    for statement in rls.enable(table):
        op.execute(statement)
    grants = "SELECT, INSERT, UPDATE" + (", DELETE" if delete else "")
    op.execute(f"GRANT {grants} ON {table} TO {APP}")
    op.execute(rls.policy(table, f"{table}_read", role=APP, command="SELECT", using=read))
    op.execute(rls.policy(table, f"{table}_insert", role=APP, command="INSERT", check=insert))
    op.execute(rls.policy(table, f"{table}_update", role=APP, command="UPDATE", using=update, check=update))
    if delete:
        op.execute(rls.policy(table, f"{table}_delete", role=APP, command="DELETE", using=delete))


def upgrade() -> None:
    op.execute(rls.USER_FUNCTION)
    op.execute(rls.ROLES_FUNCTION)
    op.execute("""
        CREATE TABLE contests (
            id uuid PRIMARY KEY,
            level text NOT NULL CHECK (level IN ('school', 'municipality', 'region')),
            org_id uuid,
            municipality_id uuid,
            region_id uuid NOT NULL,
            kind text NOT NULL,
            title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
            description text NOT NULL DEFAULT '',
            nominations text[] NOT NULL,
            criteria jsonb NOT NULL,
            applications_until date NOT NULL,
            results_on date NOT NULL CHECK (results_on >= applications_until),
            state text NOT NULL CHECK (state IN ('draft', 'announced', 'judging', 'results')),
            organiser_name text NOT NULL,
            revision bigint NOT NULL DEFAULT 1,
            created_at timestamptz NOT NULL,
            created_by text NOT NULL,
            CHECK ((level = 'school') = (org_id IS NOT NULL)),
            CHECK ((level = 'region') = (municipality_id IS NULL))
        )""")
    op.execute(f"""
        CREATE TABLE contest_jurors (
            contest_id uuid NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
            user_id text NOT NULL,
            full_name text NOT NULL,
            region_id uuid NOT NULL,
            {ORGANISER_COLUMNS},
            assigned_at timestamptz NOT NULL,
            assigned_by text NOT NULL,
            PRIMARY KEY (contest_id, user_id)
        )""")
    op.execute(f"""
        CREATE TABLE contest_applications (
            id uuid PRIMARY KEY,
            contest_id uuid NOT NULL REFERENCES contests(id),
            org_id uuid,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            {ORGANISER_COLUMNS},
            nomination text NOT NULL,
            subject_kind text NOT NULL CHECK (subject_kind IN ('mentor', 'pair', 'teacher', 'organisation',
                                                                'municipality')),
            subject_id text NOT NULL,
            mentor_id uuid,
            title text NOT NULL,
            shown jsonb NOT NULL,
            applicant_name text NOT NULL,
            state text NOT NULL CHECK (state IN ('submitted', 'withdrawn')),
            award text NOT NULL DEFAULT '' CHECK (award IN ('', 'winner', 'prize', 'participant')),
            place integer NOT NULL DEFAULT 0,
            mean_total numeric(8, 2) NOT NULL DEFAULT 0,
            version bigint NOT NULL DEFAULT 1,
            submitted_at timestamptz NOT NULL,
            submitted_by text NOT NULL
        )""")
    # One application per subject and nomination: a second is the same application.
    op.execute("CREATE UNIQUE INDEX one_application_per_subject ON contest_applications "
               "(contest_id, nomination, subject_kind, subject_id) WHERE state = 'submitted'")
    op.execute("CREATE INDEX contest_applications_by_mentor ON contest_applications (mentor_id) "
               "WHERE mentor_id IS NOT NULL")
    op.execute(f"""
        CREATE TABLE contest_scores (
            application_id uuid NOT NULL REFERENCES contest_applications(id),
            juror_user_id text NOT NULL,
            juror_name text NOT NULL,
            contest_id uuid NOT NULL REFERENCES contests(id),
            region_id uuid NOT NULL,
            {ORGANISER_COLUMNS},
            conflict boolean NOT NULL,
            conflict_note text NOT NULL DEFAULT '',
            scores integer[] NOT NULL,
            total integer NOT NULL,
            comment text NOT NULL DEFAULT '',
            scored_at timestamptz NOT NULL,
            PRIMARY KEY (application_id, juror_user_id)
        )""")

    _policies("contests", read=f"({organiser('level', 'org_id', 'municipality_id')}) OR ({AUDIENCE})"
                               f" OR ({juror('contests.id')})",
              insert=organiser("level", "org_id", "municipality_id"),
              update=organiser("level", "org_id", "municipality_id"))
    _policies("contest_jurors", read=f"({organiser()}) OR ({JURY} AND user_id = app_user_id())",
              insert=organiser(), update=organiser(), delete=organiser())
    _policies("contest_applications",
              read=f"({APPLICANT}) OR ({organiser()}) OR ({juror('contest_applications.contest_id')})"
                   f" OR ({PUBLISHED_AWARD})",
              # the applicant only withdraws: an award or a place is the organiser's to write
              insert=APPLICANT, update=f"({APPLICANT} AND award = '' AND place = 0) OR ({organiser()})")
    _policies("contest_scores", read=f"({OWN_SCORE}) OR ({organiser()})",
              insert=f"({OWN_SCORE}) AND ({juror('contest_scores.contest_id')})",
              update=f"({OWN_SCORE}) AND ({juror('contest_scores.contest_id')})")


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute("DROP FUNCTION IF EXISTS app_has_role(text)")
