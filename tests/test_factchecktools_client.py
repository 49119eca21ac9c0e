"""Google's own client, `google-api-python-client`, pointed at us: what a newsroom switching
from Google's Fact Check Tools API runs, unchanged but for the address.

The client reads the factchecktools v1alpha1 discovery document shipped inside the package
(static discovery: no network) and talks HTTP to a live server on this machine.
"""

import pytest
from django.core.management import call_command
from google.auth.credentials import AnonymousCredentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from apikeys.services import api_key_issue
from statements.models import Claim

# Transactional, so the live server thread sees the rows (conftest's _migrated_rows puts back
# the rating scale and groups the migrations installed).
BILATERAL = "india-and-pakistan-must-resolve-their-issues-only-bilaterally"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(settings, live_server):
    call_command("loaddata", "seed_story", verbosity=0)
    settings.SECURE_SSL_REDIRECT = False
    return live_server


@pytest.fixture
def factchecktools(seeded):
    """Build the client as a newsroom would; its keep-alive connections close after the test,
    so the live server's request threads let go of the database."""
    services = []

    def build_service(developer_key=None):
        service = build(
            "factchecktools",
            "v1alpha1",
            developerKey=developer_key,
            # Without a key the client would look for Google Cloud credentials on the machine.
            credentials=None if developer_key else AnonymousCredentials(),
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": f"{seeded.url}/api/factchecktools/"},
        )
        services.append(service)
        return service

    yield build_service
    for service in services:
        service.close()


def test_search_with_a_google_developer_key_pages_through_results(factchecktools, settings):
    service = factchecktools(developer_key="AIzaSyD-a-google-key-we-never-issued")

    first = service.claims().search(query="Kashmir", pageSize=1).execute()
    second = (
        service.claims()
        .search(query="Kashmir", pageSize=1, pageToken=first["nextPageToken"])
        .execute()
    )

    texts = [claim["text"] for claim in first["claims"] + second["claims"]]
    assert texts == [
        Claim.objects.get(slug=BILATERAL).text,
        "Narendra Modi asked Donald Trump to mediate on Kashmir",
    ]
    assert "nextPageToken" not in second
    review = second["claims"][0]["claimReview"][0]
    assert review["textualRating"] == "False"
    assert review["url"] == f"{settings.SITE_URL}/claims/modi-asked-trump-to-mediate-on-kashmir/"


def test_a_key_we_issued_and_a_partial_response(factchecktools):
    _, raw_key = api_key_issue(name="Example Daily")
    service = factchecktools(developer_key=raw_key)

    body = service.claims().search(query="Modi mediate", fields="claims/claimant").execute()

    assert body == {"claims": [{"claimant": "Donald Trump"}]}


def test_the_client_reads_our_errors_as_googles(factchecktools):
    service = factchecktools()

    with pytest.raises(HttpError) as raised:
        service.claims().search(query="Kashmir", pageSize=-1).execute()

    error = raised.value
    assert error.status_code == 400
    assert error.reason.startswith("Invalid value for pageSize: ")
    assert error.error_details == [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [
                {"field": "pageSize", "description": "must be a whole number from 1 to 100, or 0."}
            ],
        }
    ]
