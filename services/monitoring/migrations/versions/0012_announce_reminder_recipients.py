"""The registry mails its own reminders to the school's addresses (ADR 017 addendum) and learns them from
``reminder_recipients_changed``: the lists saved before that event existed are announced once here, through the
outbox, as if each school had saved its list again. And the relay may delete the outbox rows it published once
older than the retention (ADR 018).

Revision ID: 0012
"""

from __future__ import annotations

import json
from itertools import groupby

import sqlalchemy as sa
from alembic import op

from mentorship.monitoring.v1 import events_pb2
from mentorship_kit import rls
from mentorship_kit.envelope import Envelope

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


SYSTEM = rls.system_role("monitoring")


def upgrade() -> None:
    op.execute(f"GRANT DELETE ON outbox TO {SYSTEM}")
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT org_id, municipality_id, region_id, email FROM reminder_recipients "
                                "ORDER BY org_id, email")).all()
    for (org, municipality, region), group in groupby(rows, key=lambda r: (str(r[0]), str(r[1]), str(r[2]))):
        envelope = Envelope.wrap(
            type="mentorship.monitoring.reminder_recipients_changed.v1", source="/mentorship/monitoring",
            subject=f"schools/{org}/reminder-recipients",
            payload=events_pb2.ReminderRecipientsChanged(emails=[r[3] for r in group]), org_id=org,
            municipality_id=municipality, region_id=region, traceparent=None)
        conn.execute(sa.text("INSERT INTO outbox (event_id, topic, message_key, envelope) "
                             "VALUES (:id, 'monitoring.events', :key, CAST(:envelope AS jsonb))"),
                     {"id": envelope.id, "key": org, "envelope": json.dumps(envelope.to_dict(), ensure_ascii=False)})


def downgrade() -> None:
    """The announcements, once published, cannot be taken back; the registry keeps what it learnt."""
    op.execute(f"REVOKE DELETE ON outbox FROM {SYSTEM}")
