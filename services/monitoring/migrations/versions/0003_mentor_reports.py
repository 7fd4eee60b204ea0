"""The mentor's reports on the work done (issue 12 item 4, 003 §7): one per pair and reporting period, accepted by the
curator; the half-yearly report of the school is assembled from data at read time and not stored.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE mentor_reports (
            id uuid PRIMARY KEY,
            org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL,
            pair_id uuid NOT NULL REFERENCES monitored_pairs(id),
            period_number integer NOT NULL CHECK (period_number >= 1),
            period_start date NOT NULL,
            period_end date NOT NULL CHECK (period_end >= period_start),
            done text NOT NULL CHECK (char_length(done) BETWEEN 1 AND 4000),
            results text NOT NULL CHECK (char_length(results) <= 4000),
            difficulties text NOT NULL CHECK (char_length(difficulties) <= 4000),
            plans text NOT NULL CHECK (char_length(plans) <= 4000),
            submitted_by text NOT NULL,
            submitted_at timestamptz NOT NULL,
            UNIQUE (pair_id, period_number)
        )""")
    # A report is personal data of the school's inner contour; accepted once, never edited in this slice.
    for statement in rls.enable("mentor_reports"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON mentor_reports TO {APP}")
    op.execute(rls.policy("mentor_reports", "mentor_reports_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS mentor_reports")
