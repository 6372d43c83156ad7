"""Clients that send too much are slowed down with a 429 that says when to retry."""

import pytest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    rates = {"anon": "2/minute", "user": "3/minute"}
    # DRF reads the rates once, at import; a deployment sets them with API_THROTTLE_*.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)


def test_an_authenticated_client_over_its_rate_gets_429_with_retry_after(analyst, low_rates):
    statuses = [analyst.get("/api/claims/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = analyst.get("/api/claims/")
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"


def test_anonymous_clients_have_their_own_lower_rate(anonymous, low_rates):
    # The schema is public; data endpoints answer anonymous clients 401 before counting.
    statuses = [anonymous.get("/api/schema/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
