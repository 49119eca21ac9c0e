"""The optional CDN purge hook: a change, once committed, has the worker POST a purge by
surrogate key to the CDN; without CDN_PURGE_URL nothing is queued."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from .factories import ClaimFactory, CorrectionFactory, VerdictFactory
from .test_tasks import run_worker_until_idle

# Transactional: the purge is queued on commit. (An earlier test's flush may have emptied the
# rating scale that migrations install, so the verdicts are left unrated.)
pytestmark = pytest.mark.django_db(transaction=True)

# Ports for the tests' own stand-in CDN.
PORTS = range(8280, 8300)


class FakeCdn(BaseHTTPRequestHandler):
    purges: list[dict[str, str]] = []

    def do_POST(self):
        FakeCdn.purges.append(dict(self.headers))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                break
    server = HTTPServer(("127.0.0.1", port), FakeCdn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeCdn.purges = []
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{port}/service/site/purge"
    settings.CDN_PURGE_TOKEN = "cdn-token"
    yield FakeCdn.purges
    server.shutdown()
    server.server_close()


def test_corrections_purge_the_cdn_once_after_commit(cdn):
    claim = ClaimFactory(published=True)
    verdict = VerdictFactory(claim=claim, rating=None)
    run_worker_until_idle()
    cdn.clear()

    with transaction.atomic():
        CorrectionFactory(verdict=verdict, text="We fixed a date.")
        CorrectionFactory(verdict=verdict, text="And a name.")
    assert cdn == [], "purged before the worker ran"
    run_worker_until_idle()

    assert [(p["Surrogate-Key"], p["Fastly-Key"]) for p in cdn] == [("public", "cdn-token")]


def test_without_a_cdn_nothing_is_queued(settings):
    settings.CDN_PURGE_URL = ""
    claim = ClaimFactory(published=True)
    CorrectionFactory(verdict=VerdictFactory(claim=claim, rating=None), text="A fix.")

    assert not DBTaskResult.objects.exists()
