"""What the page gates rely on without I/O: who gets a page instead of JSON, and that a form's gate covers the
page the form re-renders with its problems (so the re-render needs no second check)."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from gateway.entrypoints.errors import wants_page
from mentorship_kit.policy import POLICY, Action

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _request(path: str, accept: str | None) -> Request:
    headers = [(b"accept", accept.encode())] if accept is not None else []
    return Request({"type": "http", "method": "GET", "path": path, "headers": headers, "query_string": b""})


@pytest.mark.parametrize(("path", "accept", "page"), [
    ("/school/persons", BROWSER, True),
    ("/school/persons", None, True),
    ("/no/such/page", "*/*", True),
    ("/api/v1/persons", None, False),
    ("/api/v1/persons", "*/*", False),
    ("/api/v1/persons", "application/json", False),
    ("/api/v1/persons", "application/json, text/html;q=0.5", False),
    ("/api/v1/documents/inbox/export.xlsx", BROWSER, True),
    ("/api/v1/persons", "text/html;q=0.4, application/json;q=0.9", False),
    ("/api/v1/persons", "text/html;q=oops", False),
])
def test_a_page_outside_the_api_and_for_clients_that_prefer_html(path: str, accept: str | None, page: bool) -> None:
    assert wants_page(_request(path, accept)) is page


# (the form's gate, the gate of the page it re-renders on failure)
RE_RENDERS = [
    (Action.PERSON_MANAGE, Action.PERSON_READ),     # add a person → the list; correct a person → the card
    (Action.CONSENT_MANAGE, Action.PERSON_READ),    # consents → the card
    (Action.MENTOR_REGISTER, Action.PERSON_READ),   # mentor forms → the card
    (Action.MENTEE_MANAGE, Action.PERSON_READ),     # mentee forms → the card
    (Action.REQUEST_MANAGE, Action.PERSON_READ),    # requests from the card → the card
    (Action.REQUEST_MANAGE, Action.MENTEE_LIST),    # request status from the list → the list of requests
    (Action.MENTOR_REGISTER, Action.MENTOR_LIST),   # competency → the mentors' page
]


@pytest.mark.parametrize(("form", "page"), RE_RENDERS, ids=[f"{f.value}->{p.value}" for f, p in RE_RENDERS])
def test_whoever_may_post_a_form_may_read_the_page_it_comes_back_to(form: Action, page: Action) -> None:
    assert set(POLICY[form]) <= set(POLICY[page])
