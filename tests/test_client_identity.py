"""One client identity (TRUSTED_PROXY_COUNT) behind the API throttle, the submission rate limit
and the login lockout: a forged X-Forwarded-For header changes nothing by default."""

import pytest
from django.conf import settings

from factcheck.clients import client_address_from_meta
from pages.models import ClaimSubmission

from .conftest import HttpsClient

PEER = "198.51.100.10"


def forged(n: int) -> dict:
    return {"REMOTE_ADDR": PEER, "HTTP_X_FORWARDED_FOR": f"203.0.113.{n % 250}, 10.0.{n}.1"}


def test_a_hundred_forged_addresses_are_throttled_as_one_client(api_client, db, settings):
    settings.API_THROTTLE_ANON_RATE = "60/min"

    statuses = [api_client.get("/api/v1/ratings/", **forged(n)).status_code for n in range(100)]

    assert statuses == [200] * 60 + [429] * 40
    # Another real client is not held back.
    assert api_client.get("/api/v1/ratings/", REMOTE_ADDR="198.51.100.11").status_code == 200


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(api_client, db, settings):
    settings.API_THROTTLE_ANON_RATE = "2/min"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def via_proxy(client_chain):
        return api_client.get(
            "/api/v1/ratings/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=client_chain
        ).status_code

    # The same client, forging different left-hand entries: still one client.
    assert [via_proxy(f"192.0.2.{n}, 203.0.113.5") for n in range(3)] == [200, 200, 429]
    # Another client behind the same proxy has its own allowance.
    assert via_proxy("203.0.113.6") == 200


def test_forged_addresses_do_not_escape_the_submission_rate_limit(client, db, settings):
    settings.SUBMISSION_RATE_LIMIT = 3
    answers = [
        client.post("/submit/", {"claim_text": f"Claim {n}"}, **forged(n)).status_code
        for n in range(6)
    ]

    assert answers == [302, 302, 302, 429, 429, 429]
    assert ClaimSubmission.objects.count() == 3


def test_forged_addresses_do_not_escape_the_login_lockout(fact_checker):
    client = HttpsClient()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/", {"username": f"guess-{n}", "password": "wrong-password"}, **forged(n)
        )

    locked = client.post(
        "/admin/login/",
        {"username": "fact-checker", "password": "a-long-test-password"},
        **forged(99),
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "203.0.113.1", PEER),  # nothing trusted by default
        (1, "", PEER),  # no header although a proxy was promised: the peer
        (1, "192.0.2.1, 203.0.113.1", "203.0.113.1"),
        (2, "192.0.2.1, 203.0.113.1, 10.0.0.1", "203.0.113.1"),
        (2, "203.0.113.1", PEER),  # fewer entries than proxies: not trusted
        (1, "not-an-address", PEER),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_rule(trusted, forwarded, expected):
    meta = {"REMOTE_ADDR": PEER, "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address_from_meta(meta, trusted_proxies=trusted) == expected
