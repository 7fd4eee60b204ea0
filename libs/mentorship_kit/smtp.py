"""Sending e-mail over SMTP with the standard library: ``SMTP_URL`` is ``smtp://[user:password@]host:port``
(``smtps://`` for implicit TLS). Plain text, UTF-8."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 15


class SmtpSender:
    def __init__(self, url: str, *, sender: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://host:port")
        self._tls = parts.scheme == "smtps"
        self._host, self._port = parts.hostname, parts.port or (465 if self._tls else 25)
        self._login = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        self._from = sender

    def __call__(self, recipients: list[str], subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self._from, ", ".join(recipients), subject
        message.set_content(body)
        smtp_class = smtplib.SMTP_SSL if self._tls else smtplib.SMTP
        with smtp_class(self._host, self._port, timeout=TIMEOUT_SECONDS) as smtp:
            if self._login:
                smtp.login(*self._login)
            smtp.send_message(message)
