"""``canonical`` gives what ``str(uuid.UUID(...))`` gives for any spelling of a uuid, and refuses what is none."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship_kit.uuid_text import canonical

spelt = st.uuids().flatmap(lambda u: st.sampled_from(
    [str(u), str(u).upper(), u.hex, "{" + str(u) + "}", u.urn, str(u).capitalize()]))


@given(spelt)
def test_canonical_text_is_the_uuid_modules(value: str) -> None:
    assert canonical(value) == str(uuid.UUID(value))


@given(st.text(max_size=40))
def test_what_is_no_uuid_is_refused_alike(value: str) -> None:
    try:
        expected = str(uuid.UUID(value))
    except ValueError:
        with pytest.raises(ValueError):
            canonical(value)
    else:
        assert canonical(value) == expected
