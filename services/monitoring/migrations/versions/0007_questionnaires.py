"""Анкеты (issue 13, ADR 012): questionnaires with versions, one-time invitations stored by the hash of their token,
answers with no column leading back to a person, and who answered a named questionnaire in a table of its own.

Revision ID: 0007
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0007"
down_revision = "0009"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"
PURPOSES = ("('candidate_mentor', 'candidate_mentee', 'preferences', 'satisfaction_mentor', 'satisfaction_mentee',"
            " 'satisfaction_curator', 'measurement')")
# The link's holder reaches its own invitation, and only it, before the school is known (ADR 012).
BY_TOKEN = "token_hash = NULLIF(current_setting('app.token_hash', true), '')"  # noqa: S105 — SQL, not a secret


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE questionnaires (
            id uuid PRIMARY KEY,
            {TENANT},
            series_id uuid NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
            purpose text NOT NULL CHECK (purpose IN {PURPOSES}),
            forms jsonb NOT NULL,
            anonymous boolean NOT NULL,
            status text NOT NULL CHECK (status IN ('draft', 'published')),
            sections jsonb NOT NULL,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            published_at timestamptz,
            UNIQUE (series_id, version),
            CHECK (NOT anonymous OR purpose LIKE 'satisfaction_%')
        )""")
    op.execute("CREATE INDEX questionnaires_by_school ON questionnaires (org_id, purpose)")
    op.execute(f"""
        CREATE TABLE questionnaire_invitations (
            id uuid PRIMARY KEY,
            {TENANT},
            questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
            token_hash text NOT NULL UNIQUE CHECK (char_length(token_hash) = 64),
            respondent_kind text NOT NULL CHECK (respondent_kind IN ('mentor', 'mentee', 'curator', 'participant')),
            respondent_id text NOT NULL,
            label text NOT NULL CHECK (char_length(label) <= 200),
            pair_id text NOT NULL,
            stage text NOT NULL CHECK (stage IN ('', 'entry', 'exit')),
            run_id text NOT NULL,
            who_id text NOT NULL,
            options jsonb NOT NULL,
            expires_at timestamptz NOT NULL,
            used boolean NOT NULL,
            used_at timestamptz,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX invitations_by_questionnaire ON questionnaire_invitations (questionnaire_id)")
    op.execute("CREATE INDEX invitations_by_run ON questionnaire_invitations (org_id, run_id) WHERE run_id <> ''")
    op.execute(f"""
        CREATE TABLE questionnaire_responses (
            id uuid PRIMARY KEY,
            {TENANT},
            questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
            channel text NOT NULL CHECK (channel IN ('link', 'paper')),
            submitted_on date NOT NULL,
            answers jsonb NOT NULL
        )""")
    op.execute("CREATE INDEX responses_by_questionnaire ON questionnaire_responses (questionnaire_id)")
    op.execute(f"""
        CREATE TABLE response_respondents (
            response_id uuid PRIMARY KEY REFERENCES questionnaire_responses(id),
            {TENANT},
            invitation_id uuid UNIQUE REFERENCES questionnaire_invitations(id),
            respondent_kind text NOT NULL,
            respondent_id text NOT NULL,
            label text NOT NULL CHECK (char_length(label) <= 200),
            pair_id text NOT NULL,
            stage text NOT NULL CHECK (stage IN ('', 'entry', 'exit')),
            submitted_at timestamptz NOT NULL,
            recorded_by text NOT NULL
        )""")
    op.execute("CREATE INDEX respondents_by_pair ON response_respondents (org_id, pair_id)")

    # Answers and who was invited are personal data of the school's inner contour. Answers are never changed.
    grants = {"questionnaires": "SELECT, INSERT, UPDATE", "questionnaire_invitations": "SELECT, INSERT, UPDATE",
              "questionnaire_responses": "SELECT, INSERT", "response_respondents": "SELECT, INSERT"}
    for table, privileges in grants.items():
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT {privileges} ON {table} TO {APP}")
        op.execute(rls.policy(table, f"{table}_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    op.execute(rls.policy("questionnaire_invitations", "questionnaire_invitations_by_token", role=APP,
                          command="SELECT", using=BY_TOKEN))


def downgrade() -> None:
    for table in ("response_respondents", "questionnaire_responses", "questionnaire_invitations", "questionnaires"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
