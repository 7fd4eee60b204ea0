"""A person's own settings of the pages (the «версия для слабовидящих»), kept by user id across sessions; the
session's lookup reads them (``SessionStore.get``)."""

from __future__ import annotations

from sqlalchemy import Engine, func
from sqlalchemy.dialects.postgresql import insert

from gateway.adapters.tables import user_preferences


class PreferenceStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def set_low_vision(self, user_id: str, on: bool) -> None:
        with self._engine.begin() as conn:
            conn.execute(insert(user_preferences).values(user_id=user_id, low_vision=on)
                         .on_conflict_do_update(index_elements=[user_preferences.c.user_id],
                                                set_={"low_vision": on, "updated_at": func.now()}))
