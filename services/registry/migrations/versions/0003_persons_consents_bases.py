"""Persons, consents, the mentor card, mentees, requests, the regional base and bulk imports.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("registry"), rls.system_role("registry")
TENANT = ("org_id uuid NOT NULL REFERENCES organisations(id), municipality_id uuid NOT NULL, "
          "region_id uuid NOT NULL")

# A public mentor profile is seen across the region by its schools, municipalities and the regional tier;
# the platform administrator never sees personal data.
REGIONAL = "app_scope() IN ('org', 'municipality', 'region') AND region_id = app_region_id()"

PERSONAL_TABLES = ("persons", "consents", "mentor_trainings", "mentor_level_history", "competency_terms",
                   "mentees", "mentoring_requests", "mentee_transitions", "import_jobs", "import_rows")


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE persons (
            id uuid PRIMARY KEY,
            {TENANT},
            kind text NOT NULL CHECK (kind IN ('student', 'staff', 'external')),
            external_key text NOT NULL DEFAULT '',
            last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
            first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
            middle_name text NOT NULL DEFAULT '',
            full_name text GENERATED ALWAYS AS (btrim(last_name || ' ' || first_name || ' ' || middle_name)) STORED,
            birth_date date,
            class_name text NOT NULL DEFAULT '',
            grade integer,
            guardian_name text NOT NULL DEFAULT '',
            guardian_contact text NOT NULL DEFAULT '',
            position text NOT NULL DEFAULT '',
            hired_on date,
            education text NOT NULL DEFAULT '',
            affiliation text NOT NULL DEFAULT '',
            email text NOT NULL DEFAULT '',
            phone text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL,
            created_by text NOT NULL,
            updated_at timestamptz NOT NULL,
            version bigint NOT NULL DEFAULT 1,
            CHECK (kind <> 'student' OR birth_date IS NOT NULL)
        )""")
    op.execute("CREATE UNIQUE INDEX persons_stable_key ON persons (org_id, kind, external_key) "
               "WHERE external_key <> ''")
    op.execute("CREATE INDEX persons_by_name ON persons (org_id, lower(full_name), id)")

    op.execute(f"""
        CREATE TABLE consents (
            id uuid PRIMARY KEY,
            person_id uuid NOT NULL REFERENCES persons(id),
            {TENANT},
            purpose text NOT NULL CHECK (purpose IN ('participation', 'regional_base')),
            given_by text NOT NULL CHECK (given_by IN ('self', 'guardian')),
            giver_name text NOT NULL,
            document_ref text NOT NULL DEFAULT '',
            text_version text NOT NULL DEFAULT '',
            given_on date NOT NULL,
            recorded_at timestamptz NOT NULL,
            recorded_by text NOT NULL,
            withdrawn_on date,
            withdrawal_reason text NOT NULL DEFAULT '',
            withdrawn_by text NOT NULL DEFAULT '',
            version bigint NOT NULL DEFAULT 1
        )""")
    op.execute("CREATE UNIQUE INDEX one_valid_consent_per_purpose ON consents (person_id, purpose) "
               "WHERE withdrawn_on IS NULL")

    # The mentor card grows from the walking skeleton's row; rows of that time have no person.
    op.execute("""
        ALTER TABLE mentors
            ADD COLUMN person_id uuid REFERENCES persons(id),
            ADD COLUMN education text NOT NULL DEFAULT '',
            ADD COLUMN position text NOT NULL DEFAULT '',
            ADD COLUMN experience_years integer NOT NULL DEFAULT 0 CHECK (experience_years BETWEEN 0 AND 80),
            ADD COLUMN life_experience text NOT NULL DEFAULT '',
            ADD COLUMN interests text[] NOT NULL DEFAULT '{}',
            ADD COLUMN age_group text NOT NULL DEFAULT '',
            ADD COLUMN hours_per_month integer NOT NULL DEFAULT 0 CHECK (hours_per_month BETWEEN 0 AND 200),
            ADD COLUMN level text NOT NULL DEFAULT 'initial' CHECK (level IN ('initial', 'gold', 'platinum')),
            ADD COLUMN active boolean NOT NULL DEFAULT true,
            ADD COLUMN inactive_reason text NOT NULL DEFAULT '',
            ADD COLUMN agreement_number text NOT NULL DEFAULT '',
            ADD COLUMN agreement_date date,
            ADD COLUMN published boolean NOT NULL DEFAULT false,
            ADD COLUMN updated_at timestamptz,
            ADD COLUMN version bigint NOT NULL DEFAULT 1""")
    op.execute("CREATE UNIQUE INDEX one_mentor_card_per_person ON mentors (person_id) WHERE person_id IS NOT NULL")

    op.execute(f"""
        CREATE TABLE mentor_trainings (
            id uuid PRIMARY KEY,
            mentor_id uuid NOT NULL REFERENCES mentors(id),
            {TENANT},
            course text NOT NULL,
            hours integer NOT NULL CHECK (hours BETWEEN 1 AND 2000),
            completed_on date NOT NULL,
            provider text NOT NULL DEFAULT '',
            recorded_at timestamptz NOT NULL,
            recorded_by text NOT NULL
        )""")
    op.execute(f"""
        CREATE TABLE mentor_level_history (
            id uuid PRIMARY KEY,
            mentor_id uuid NOT NULL REFERENCES mentors(id),
            {TENANT},
            from_level text NOT NULL,
            to_level text NOT NULL,
            reason text NOT NULL,
            changed_by text NOT NULL,
            changed_at timestamptz NOT NULL
        )""")
    op.execute(f"""
        CREATE TABLE competency_terms (
            {TENANT},
            term text NOT NULL,
            created_at timestamptz NOT NULL,
            created_by text NOT NULL
        )""")
    op.execute("CREATE UNIQUE INDEX competency_terms_unique ON competency_terms (org_id, lower(term))")

    op.execute(f"""
        CREATE TABLE mentees (
            id uuid PRIMARY KEY,
            person_id uuid NOT NULL UNIQUE REFERENCES persons(id),
            {TENANT},
            person_kind text NOT NULL CHECK (person_kind IN ('student', 'staff')),
            categories text[] NOT NULL,
            notes text NOT NULL DEFAULT '',
            active boolean NOT NULL DEFAULT true,
            inactive_reason text NOT NULL DEFAULT '',
            registered_at timestamptz NOT NULL,
            registered_by text NOT NULL,
            updated_at timestamptz NOT NULL,
            version bigint NOT NULL DEFAULT 1
        )""")
    op.execute(f"""
        CREATE TABLE mentoring_requests (
            id uuid PRIMARY KEY,
            mentee_id uuid NOT NULL REFERENCES mentees(id),
            {TENANT},
            topics text[] NOT NULL,
            goal text NOT NULL,
            desired_form text NOT NULL DEFAULT '',
            source text NOT NULL CHECK (source IN ('self', 'classroom_teacher', 'psychologist', 'parents')),
            status text NOT NULL CHECK (status IN ('open', 'matched', 'withdrawn')),
            status_reason text NOT NULL DEFAULT '',
            submitted_at timestamptz NOT NULL,
            submitted_by text NOT NULL,
            status_changed_at timestamptz NOT NULL,
            version bigint NOT NULL DEFAULT 1
        )""")
    op.execute("CREATE INDEX requests_by_status ON mentoring_requests (org_id, status, submitted_at)")
    op.execute(f"""
        CREATE TABLE mentee_transitions (
            person_id uuid PRIMARY KEY REFERENCES persons(id),
            {TENANT},
            mentee_id uuid NOT NULL REFERENCES mentees(id),
            mentor_id uuid NOT NULL REFERENCES mentors(id),
            person_kind text NOT NULL,
            at timestamptz NOT NULL
        )""")
    op.execute(f"""
        CREATE TABLE public_mentor_profiles (
            mentor_id uuid PRIMARY KEY REFERENCES mentors(id),
            {TENANT},
            full_name text NOT NULL,
            organisation text NOT NULL,
            origin text NOT NULL,
            subjects text[] NOT NULL,
            competencies text[] NOT NULL,
            capacity integer NOT NULL,
            updated_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX public_mentors_by_region ON public_mentor_profiles (region_id, lower(full_name), "
               "mentor_id)")

    op.execute(f"""
        CREATE TABLE import_jobs (
            id uuid PRIMARY KEY,
            {TENANT},
            kind text NOT NULL CHECK (kind IN ('students', 'staff')),
            filename text NOT NULL,
            content bytea NOT NULL,
            status text NOT NULL CHECK (status IN ('checking', 'preview', 'committing', 'done', 'failed')),
            rows_total integer NOT NULL DEFAULT 0,
            rows_processed integer NOT NULL DEFAULT 0,
            rows_valid integer NOT NULL DEFAULT 0,
            rows_invalid integer NOT NULL DEFAULT 0,
            to_create integer NOT NULL DEFAULT 0,
            to_update integer NOT NULL DEFAULT 0,
            unchanged integer NOT NULL DEFAULT 0,
            created integer NOT NULL DEFAULT 0,
            updated integer NOT NULL DEFAULT 0,
            error text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL,
            created_by text NOT NULL,
            created_by_name text NOT NULL DEFAULT '',
            finished_at timestamptz,
            claimed_until timestamptz,
            attempts integer NOT NULL DEFAULT 0
        )""")
    op.execute("CREATE INDEX import_jobs_waiting ON import_jobs (created_at) "
               "WHERE status IN ('checking', 'committing')")
    op.execute(f"""
        CREATE TABLE import_rows (
            job_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
            row_no integer NOT NULL,
            {TENANT},
            data jsonb NOT NULL,
            action text NOT NULL CHECK (action IN ('create', 'update', 'unchanged', 'invalid')),
            person_id uuid,
            errors jsonb NOT NULL DEFAULT '[]',
            PRIMARY KEY (job_id, row_no)
        )""")

    # Personal data stays in the school: the organisation's own inner contour reads and writes it.
    for table in PERSONAL_TABLES:
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP}")
        op.execute(rls.policy(table, f"{table}_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))

    # The regional base: the school writes its mentors' profiles, the region's tiers read them.
    for statement in rls.enable("public_mentor_profiles"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON public_mentor_profiles TO {APP}")
    op.execute(rls.policy("public_mentor_profiles", "public_mentor_profiles_read", role=APP, command="SELECT",
                          using=REGIONAL))
    for command in ("INSERT", "UPDATE", "DELETE"):
        using = None if command == "INSERT" else rls.ORG_ONLY
        check = None if command == "DELETE" else rls.ORG_ONLY
        op.execute(rls.policy("public_mentor_profiles", f"public_mentor_profiles_{command.lower()}", role=APP,
                              command=command, using=using, check=check))

    # The import worker (a named cross-tenant job) finds waiting jobs and claims them; it reads nothing else
    # of them: the work itself runs under the tenant of the job, as the application role.
    op.execute(f"GRANT SELECT (id, org_id, municipality_id, region_id, status, created_at, created_by, "
               f"claimed_until, attempts), UPDATE (claimed_until, attempts) ON import_jobs TO {SYSTEM}")
    op.execute(rls.policy("import_jobs", "import_jobs_queue", role=SYSTEM, using="true", check="true"))


def downgrade() -> None:
    for table in ("import_rows", "import_jobs", "public_mentor_profiles", "mentee_transitions",
                  "mentoring_requests", "mentees", "competency_terms", "mentor_level_history", "mentor_trainings"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute("DROP INDEX IF EXISTS one_mentor_card_per_person")
    for column in ("person_id", "education", "position", "experience_years", "life_experience", "interests",
                   "age_group", "hours_per_month", "level", "active", "inactive_reason", "agreement_number",
                   "agreement_date", "published", "updated_at", "version"):
        op.execute(f"ALTER TABLE mentors DROP COLUMN IF EXISTS {column}")
    op.execute("DROP TABLE IF EXISTS consents")
    op.execute("DROP TABLE IF EXISTS persons")
