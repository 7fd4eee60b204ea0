"""A deadlock or a serialization failure is worth another try; anything else is the event's own fault (ADR 031)."""

from __future__ import annotations

import psycopg
from sqlalchemy.exc import IntegrityError, OperationalError

from mentorship_kit.consumer import transient


def test_a_deadlock_wrapped_by_sqlalchemy_is_transient_and_a_broken_row_is_not() -> None:
    deadlock = OperationalError("INSERT …", {}, psycopg.errors.DeadlockDetected("deadlock detected"))
    serial = OperationalError("UPDATE …", {}, psycopg.errors.SerializationFailure("could not serialize"))
    broken = IntegrityError("INSERT …", {}, psycopg.errors.UniqueViolation("duplicate key"))
    assert transient(deadlock) and transient(serial)
    assert not transient(broken) and not transient(ValueError("bad payload"))
    try:
        try:
            raise deadlock
        except OperationalError as inner:
            raise RuntimeError("handler failed") from inner
    except RuntimeError as outer:
        assert transient(outer), "found through the chain of causes"
