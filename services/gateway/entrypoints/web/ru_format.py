"""Dates, times and durations as a Russian reader writes them — the one place pages format them.

«12 марта 2026 г.» (``long_date``), «12.03.2026» (``short_date``), «12.03.2026 14:05» (``date_time``, in the
platform's display zone — the services keep UTC), «3 дня» (``days``). Values come as the services send them: ISO
dates, ISO timestamps, ``date``/``datetime`` objects; blank stays blank and anything unreadable is shown as is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")
DEFAULT_ZONE = "Europe/Moscow"
_zone = ZoneInfo(DEFAULT_ZONE)


def use_time_zone(name: str) -> None:
    """The zone times are shown in (the gateway's ``DISPLAY_TIME_ZONE``, set once at start)."""
    global _zone  # one setting of the process, read by template filters that take no context
    _zone = ZoneInfo(name)


def today() -> date:
    """Today where the platform shows its dates: a school year's choice turns on it; a download states it as issued."""
    return datetime.now(_zone).date()


def plural(number: int, one: str, few: str, many: str) -> str:
    """«1 строку», «3 строки», «5 строк»: the Russian form that follows a number."""
    n = abs(int(number))
    form = many if 11 <= n % 100 <= 14 else one if n % 10 == 1 else few if 2 <= n % 10 <= 4 else many
    return f"{number} {form}"


def size(n_bytes: int) -> str:
    """«10 МБ», «1,5 МБ», «500 КБ»: a size as a form's label says it (binary units, as the bound is counted)."""
    if n_bytes >= 950 * 1024:
        return f"{round(n_bytes / (1024 * 1024), 1):g}".replace(".", ",") + " МБ"
    return f"{max(round(n_bytes / 1024), 1)} КБ"


def file_too_large(limit: int) -> str:
    """The one refusal of an oversized upload, whoever notices it (the body bound, the page, the API)."""
    return f"Файл больше {size(limit)}: разбейте список на части"


def _moment(value: object) -> datetime | date | None:
    if isinstance(value, datetime | date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        return None


def _local_day(found: datetime | date) -> date:
    if isinstance(found, datetime):
        return found.astimezone(_zone).date() if found.tzinfo else found.date()
    return found


def short_date(value: object) -> str:
    """«12.03.2026»."""
    found = _moment(value)
    return f"{_local_day(found):%d.%m.%Y}" if found else str(value or "")


def long_date(value: object) -> str:
    """«12 марта 2026 г.»."""
    found = _moment(value)
    if found is None:
        return str(value or "")
    day = _local_day(found)
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def date_time(value: object, seconds: bool = False) -> str:
    """«12.03.2026 14:05» (with ``seconds`` «14:05:42», for the audit log) in the display zone; a bare date stays
    a date."""
    found = _moment(value)
    if found is None:
        return str(value or "")
    if not isinstance(found, datetime):
        return f"{found:%d.%m.%Y}"
    local = (found if found.tzinfo else found.replace(tzinfo=UTC)).astimezone(_zone)
    return f"{local:%d.%m.%Y %H:%M:%S}" if seconds else f"{local:%d.%m.%Y %H:%M}"


def days(seconds: float) -> str:
    """How long something has waited, in whole days: «меньше дня», «1 день», «3 дня», «12 дней»."""
    whole = int(max(seconds, 0) // 86400)
    return "меньше дня" if whole == 0 else plural(whole, "день", "дня", "дней")
