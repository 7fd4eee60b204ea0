"""One answer to every failure: a person in a browser gets the Russian error page, the API keeps its JSON.

Pages are every path outside ``/api/``; under ``/api/`` the page is given only to a client that prefers HTML (a
browser following a page's link to an export)."""

from __future__ import annotations

import html

import httpx
import pytest

from tests.conftest import PASSWORD
from tests.e2e.test_pages import _hidden_csrf, _sign_in
from tests.support import Api

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"}
DUMMY_ID = "00000000-0000-0000-0000-000000000000"


def _page(response: httpx.Response, status: int, *phrases: str) -> str:
    """The response is the Russian error page with this status and these phrases; its text, unescaped."""
    assert response.status_code == status, (status, response.status_code, response.text[-500:])
    assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]
    text = html.unescape(response.text)
    assert '<html lang="ru">' in text and "Не получилось" in text and f"(код {status})" in text
    for phrase in phrases:
        assert phrase in text, (phrase, text[-800:])
    return text


def _json(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, (status, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, object] = response.json()
    assert body["detail"] and "errors" in body
    return body


@pytest.fixture(scope="module")
def curator(stack, tenants):  # type: ignore[no-untyped-def]
    client = _sign_in(stack, tenants.curator_a)
    client.headers.update(BROWSER)
    yield client
    client.close()


def test_an_unknown_address_is_a_russian_404_page_and_stays_json_under_the_api(stack, curator) -> None:
    text = _page(curator.get("/no/such/page"), 404, "Страница не найдена", "<title>Страница не найдена —")
    assert "Выйти" in text  # the signed-in visitor keeps the navigation
    anonymous = httpx.get(f"{stack.gateway_url}/no/such/page", headers=BROWSER)
    _page(anonymous, 404, "Страница не найдена")
    assert _json(httpx.get(f"{stack.gateway_url}/api/v1/no-such-route"), 404)["detail"] == "Страница не найдена"
    _json(httpx.get(f"{stack.gateway_url}/api/v1/no-such-route", headers={"Accept": "application/json"}), 404)


def test_an_oversized_form_is_a_russian_413_page_and_stays_json_under_the_api(stack, tenants, curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/persons").text)
    big = b"x" * 2_000_000
    too_large = curator.post("/school/persons", data={"csrf_token": csrf, "kind": "external"},
                             files={"photo": ("big.bin", big, "application/octet-stream")})
    _page(too_large, 413, "Слишком большой запрос", "Слишком большой запрос: не больше")
    api = Api(stack.gateway_url).login(tenants.curator_a, PASSWORD)
    body = _json(api.post("/api/v1/persons", content=big, headers={"Content-Type": "application/json"}), 413)
    assert "Слишком большой запрос" in str(body["detail"])
    api.close()


def test_a_forbidden_page_is_the_russian_403_page_and_stays_json_under_the_api(stack, tenants) -> None:
    region = _sign_in(stack, tenants.region_op)
    _page(region.get("/school/persons", headers=BROWSER), 403, "Недостаточно прав для этого действия",
          "Доступ запрещён")
    _page(region.post("/school/competencies", data={"csrf_token": "any", "term": "x"}), 403,
          "Недостаточно прав для этого действия")
    assert _json(region.get("/api/v1/persons"), 403)["detail"] == "Недостаточно прав для этого действия"
    assert _json(region.get("/api/v1/persons", headers={"Accept": "application/json"}), 403)
    region.close()


def test_an_over_long_query_is_a_russian_422_page_not_a_silent_cut(stack, tenants, curator) -> None:
    long = "Я" * 201
    _page(curator.get("/school/persons", params={"query": long}), 422, "Проверьте введённые данные",
          "слишком длинное значение (не больше 200 символов)")
    _page(curator.get(f"/school/persons/{'a' * 101}"), 422, "не больше 100 символов")
    _page(curator.get("/school/imports/some-id", params={"errors_offset": "-1"}), 422, "не меньше 0")
    api = Api(stack.gateway_url).login(tenants.curator_a, PASSWORD)
    body = _json(api.get("/api/v1/persons", params={"query": long}), 422)
    assert "не больше 200 символов" in str(body["errors"])
    api.close()


def test_a_missing_record_and_a_wrong_method_are_russian_pages(curator) -> None:
    _page(curator.get(f"/school/persons/{DUMMY_ID}"), 404)
    refused = curator.get("/school/competencies")
    _page(refused, 405, "Метод не поддерживается")
    assert refused.headers["allow"] == "POST"


def test_a_browser_following_an_export_link_gets_a_page_not_json(stack, curator) -> None:
    # The inbox's «Выгрузить в XLSX» is a link to the API; a school's curator does not decide documents.
    _page(curator.get("/api/v1/documents/inbox/export.xlsx"), 403, "Недостаточно прав для этого действия")
    anonymous = httpx.get(f"{stack.gateway_url}/api/v1/documents/inbox/export.xlsx", headers=BROWSER)
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login")
    assert httpx.get(f"{stack.gateway_url}/api/v1/documents/inbox/export.xlsx").status_code == 401


def test_an_anonymous_visitor_is_still_sent_to_login(stack) -> None:
    for path in ("/school/persons", "/indicators", f"/documents/{DUMMY_ID}"):
        response = httpx.get(f"{stack.gateway_url}{path}", headers=BROWSER)
        assert (response.status_code, response.headers["location"]) == (303, "/login"), path


def _chunks(total: int, sent: list[int], size: int = 64 * 1024):  # type: ignore[no-untyped-def]
    """A body without Content-Length (chunked): ``sent`` counts what the gateway took from the client."""
    chunk = b"x" * size
    while sent[0] < total:
        sent[0] += size
        yield chunk


def _peak_rss_kb(stack) -> int:  # type: ignore[no-untyped-def]
    status = open(f"/proc/{stack.processes['gateway'].popen.pid}/status").read()  # noqa: SIM115
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def test_a_chunked_body_over_the_limit_is_refused_before_it_is_read_whole(stack) -> None:
    """Issue 10 item 5: without Content-Length the limit holds on the bytes actually read, before authentication."""
    total = 64 * 1024 * 1024
    peak_before = _peak_rss_kb(stack)
    sent = [0]
    api = httpx.post(f"{stack.gateway_url}/api/v1/persons", content=_chunks(total, sent),
                     headers={"Content-Type": "application/json"}, timeout=60)
    assert "content-length" not in {k.lower() for k in api.request.headers}
    body = _json(api, 413)  # anonymous: the size is refused before the missing session is
    assert "Слишком большой запрос" in str(body["detail"])
    assert sent[0] < total // 2, f"the gateway took {sent[0]} bytes of {total}"

    sent = [0]
    page = httpx.post(f"{stack.gateway_url}/login", content=_chunks(total, sent), timeout=60,
                      headers={**BROWSER, "Content-Type": "application/x-www-form-urlencoded"})
    _page(page, 413, "Слишком большой запрос: не больше")
    assert sent[0] < total // 2, f"the gateway took {sent[0]} bytes of {total}"
    assert _peak_rss_kb(stack) - peak_before < 32 * 1024, "the gateway held the body in memory"
