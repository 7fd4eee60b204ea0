"""The launcher's restart rules, on a fake clock and fake processes."""

from __future__ import annotations

import pytest

from embedded_stack.supervisor import GaveUp, RestartPolicy, Supervisor


class _Fake:
    def __init__(self) -> None:
        self.now = 0.0
        self.codes: dict[str, int | None] = {"relay": None, "gateway": None}
        self.restarted: list[tuple[float, str]] = []
        self.said: list[str] = []

    def restart(self, name: str) -> None:
        self.restarted.append((self.now, name))
        self.codes[name] = None

    def supervisor(self, policy: RestartPolicy) -> Supervisor:
        return Supervisor(list(self.codes), exit_code=self.codes.__getitem__, restart=self.restart, policy=policy,
                          say=self.said.append, clock=lambda: self.now)


def test_a_crash_is_restarted_after_a_growing_back_off_and_logged_with_name_code_and_attempt() -> None:
    fake = _Fake()
    supervisor = fake.supervisor(RestartPolicy(max_failures=5, window_seconds=100, first_delay_seconds=1))
    for expected_delay in (1.0, 2.0, 4.0):
        fake.codes["relay"] = -9
        supervisor.tick()
        crashed_at = fake.now
        fake.now += expected_delay - 0.01
        supervisor.tick()
        assert fake.restarted[-1:] != [(fake.now, "relay")]
        fake.now = crashed_at + expected_delay
        supervisor.tick()
        assert fake.restarted[-1] == (fake.now, "relay")
        fake.now += 1
    assert "Процесс relay завершился с кодом -9; перезапуск через 1 с (попытка 1" in fake.said[0]
    assert any("перезапущен (попытка 3)" in line for line in fake.said)
    assert all(name == "relay" for _, name in fake.restarted) and supervisor.restarts == 3


def test_a_process_that_keeps_failing_within_the_window_stops_the_platform() -> None:
    fake = _Fake()
    supervisor = fake.supervisor(RestartPolicy(max_failures=3, window_seconds=60, first_delay_seconds=1))
    fake.codes["gateway"] = 1
    supervisor.tick()
    fake.now += 1
    supervisor.tick()
    fake.codes["gateway"] = 1
    fake.now += 1
    supervisor.tick()
    fake.now += 2
    supervisor.tick()
    fake.codes["gateway"] = 1
    fake.now += 1
    with pytest.raises(GaveUp) as gave_up:
        supervisor.tick()
    assert gave_up.value.name == "gateway" and "платформа останавливается" in fake.said[-1]


def test_failures_older_than_the_window_are_forgotten() -> None:
    fake = _Fake()
    supervisor = fake.supervisor(RestartPolicy(max_failures=2, window_seconds=10, first_delay_seconds=1))
    for _ in range(4):
        fake.codes["relay"] = 1
        supervisor.tick()
        fake.now += 1
        supervisor.tick()
        fake.now += 20  # the next crash comes long after: back to the first attempt
    assert len(fake.restarted) == 4 and all("попытка 1 " in s for s in fake.said if "кодом" in s)


def test_the_policy_reads_its_settings_from_the_environment() -> None:
    policy = RestartPolicy.from_env({"SUPERVISE_MAX_FAILURES": "7", "SUPERVISE_WINDOW_SECONDS": "30"})
    assert (policy.max_failures, policy.window_seconds) == (7, 30.0)
    assert [policy.delay(n) for n in (1, 2, 3, 10)] == [0.5, 1.0, 2.0, 30.0]
