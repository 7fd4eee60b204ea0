"""Monitoring's settings: the kit's plus the reminder e-mail (none by default)."""

from __future__ import annotations

from mentorship_kit.settings import ServiceSettings


class MonitoringSettings(ServiceSettings):
    smtp_url: str = ""
    """``smtp://host:port`` of the mail relay; empty: reminders are not e-mailed (the home page still shows them)."""
    reminder_from: str = "nastavnichestvo@localhost"
    public_url: str = "http://127.0.0.1:8000"
    """The gateway's address, for the link in a reminder."""
    reminder_interval_seconds: float = 3600.0
