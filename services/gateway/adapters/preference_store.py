"""A person's own settings of the pages (the «версия для слабовидящих»), kept by user id across sessions."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.postgresql import insert

from gateway.adapters.tables import user_preferences


class PreferenceStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def low_vision(self, user_id: str) -> bool | None:
        """The person's choice, or None when they never made one."""
        with self._engine.connect() as conn:
            found = conn.execute(select(user_preferences.c.low_vision)
                                 .where(user_preferences.c.user_id == user_id)).scalar()
        return None if found is None else bool(found)

    def set_low_vision(self, user_id: str, on: bool) -> None:
        with self._engine.begin() as conn:
            conn.execute(insert(user_preferences).values(user_id=user_id, low_vision=on)
                         .on_conflict_do_update(index_elements=[user_preferences.c.user_id],
                                                set_={"low_vision": on, "updated_at": func.now()}))
