"""gunicorn's access log, with the client identity of factcheck/clients.py and no secrets.

bin/start-web passes `--logger-class factcheck.gunicorn.AccessLogger`. Only the standard
library and gunicorn are imported here: the class loads in gunicorn's master process.
"""

import os

from gunicorn.glogging import Logger

from factcheck.clients import client_address_from_meta
from factcheck.redaction import REDACTED, redact

# Request headers (gunicorn's `{name}i` atoms) that carry a secret whole.
SECRET_HEADERS = {"{x-api-key}i", "{authorization}i", "{cookie}i", "{proxy-authorization}i"}


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        trusted = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
        atoms["h"] = client_address_from_meta(environ, trusted_proxies=trusted) or "-"
        for name, value in atoms.items():
            if name in SECRET_HEADERS or name.lower() in {"{http_cookie}e", "{http_x_api_key}e"}:
                atoms[name] = REDACTED
            elif isinstance(value, str):
                atoms[name] = redact(value)
        return atoms
