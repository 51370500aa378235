"""pytest-nhsd-apim 6.0.15: ClientCredentialsAuthenticator (identity_service.py), as its README
configures it. It already signs as the platform requires (PyJWT: RS512, typ JWT, kid; aud = the
URL it posts to; exp now + 300; requests' form body, no charset, no Basic header): only its base
URL needs setting. Its default, https://internal-dev.api.service.nhs.uk/oauth2-mock, is another
environment (`keep: base-url`): requests to it are sent to the twin with that Host header, as
curl --resolve would (without TLS)."""
import sys
from urllib.parse import urlsplit

import requests
from pytest_nhsd_apim.identity_service import ClientCredentialsAuthenticator, ClientCredentialsConfig

from common import hello, keeps, report, settings

run = settings()
seen = []
send = requests.adapters.HTTPAdapter.send


def recording_send(self, request, **kwargs):
    url = urlsplit(request.url)
    if url.hostname and url.hostname.endswith(".api.service.nhs.uk"):
        request.headers["Host"] = url.hostname
        request.url = run["base"] + url.path
    response = send(self, request, **kwargs)
    seen.append(response)
    return response


requests.adapters.HTTPAdapter.send = recording_send

options = {"client_id": run["key"], "jwt_private_key": run["private_key"], "jwt_kid": run["kid"], "environment": "int"}
if not keeps(run, "base-url"):
    # The base URL the token URL (and so the aud) is built from: `{base}/token`.
    options["identity_service_base_url"] = run.get("path_base") or run["base"] + "/oauth2"
config = ClientCredentialsConfig(**options)
try:
    token = ClientCredentialsAuthenticator(config=config).get_token()
except RuntimeError:
    report(seen[-1])
    sys.exit(1)
report(seen[-1])
hello(run, token["access_token"])
