"""The history of every count (issue 14 item 2, ADR 019): each counted entity's versions with the time of their
fact (``count_state_history``, the projector's bookkeeping) and the daily ledger of count changes per organisation
and facet (``count_changes``, read by each tier in its slice), for the counts as of any date.

An existing deployment keeps its numbers: the entities' current states become their first known versions and the
current counts an opening balance, both on the day of the upgrade (nothing older is known to reporting).

Revision ID: 0009
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

DAY = "(now() AT TIME ZONE 'Europe/Moscow')::date"  # domain.count_history.HISTORY_TIME_ZONE


def upgrade() -> None:
    op.execute("""
        CREATE TABLE count_state_history (
            entity_kind text NOT NULL,
            entity_id uuid NOT NULL,
            version bigint NOT NULL,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            occurred_at timestamptz NOT NULL,
            facets text[] NOT NULL,
            PRIMARY KEY (entity_kind, entity_id, version)
        )""")
    op.execute("""
        CREATE TABLE count_changes (
            org_id uuid NOT NULL,
            facet text NOT NULL,
            effective_on date NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            delta bigint NOT NULL,
            PRIMARY KEY (org_id, facet, effective_on)
        )""")
    # As-of reads of the outer tiers sum a slice up to a day.
    op.execute("CREATE INDEX count_changes_region_day ON count_changes (region_id, effective_on)")
    op.execute("CREATE INDEX count_changes_municipality_day ON count_changes (municipality_id, effective_on)")
    # The owner running migrations is subject to the forced policies: it copies with them lifted for a moment.
    for table in ("participant_states", "participant_counts"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute("""
        INSERT INTO count_state_history (entity_kind, entity_id, version, org_id, municipality_id, region_id,
                                         occurred_at, facets)
        SELECT entity_kind, entity_id, version, org_id, municipality_id, region_id, now(), facets
        FROM participant_states WHERE version > 0""")
    op.execute(f"""
        INSERT INTO count_changes (org_id, facet, effective_on, municipality_id, region_id, delta)
        SELECT org_id, facet, {DAY}, municipality_id, region_id, count FROM participant_counts WHERE count > 0""")
    for table in ("participant_states", "participant_counts"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for statement in rls.projection_policies("reporting", "count_changes"):
        op.execute(statement)
    # Ids with facets (a mentee's category): the projector's only, like participant_states (0004).
    system = rls.system_role("reporting")
    op.execute(f"GRANT SELECT, INSERT ON count_state_history TO {system}")
    for statement in rls.enable("count_state_history"):
        op.execute(statement)
    op.execute(rls.policy("count_state_history", "count_state_history_project", role=system, using="true",
                          check="true"))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS count_changes")
    op.execute("DROP TABLE IF EXISTS count_state_history")
