"""requests-oauthlib 2.0.0 (oauthlib 4.0.1): OAuth2Session with BackendApplicationClient, the
client_assertion signed with PyJWT as the generated Python program signs it. Its default the
platform refuses: `basic`, an automatic `Authorization: Basic base64(client_id:)` header when no
`auth` is given and include_client_id is not True. Overridden with auth=a no-op (no header, no
client_id); `client-id` instead sends include_client_id=True (client_id = the API key in the body)."""
import sys
import time
import uuid

import jwt
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session

from common import ASSERTION_TYPE, hello, keeps, report, settings

run = settings()
claims = {
    "iss": run["key"],
    "sub": run["key"],
    "aud": run["aud"] or run["token_url"],
    "jti": str(uuid.uuid4()),
    "exp": int(time.time()) + 300,
}
assertion = jwt.encode(claims, run["private_key"], algorithm="RS512", headers={"kid": run["kid"], "typ": "JWT"})
session = OAuth2Session(client=BackendApplicationClient(client_id=run["key"]))
seen = []
session.register_compliance_hook("access_token_response", lambda r: seen.append(r) or r)
extra = {}
if keeps(run, "client-id"):
    extra["include_client_id"] = True
elif not keeps(run, "basic"):
    extra["auth"] = lambda request: request  # no Authorization header
try:
    token = session.fetch_token(run["token_url"], client_assertion_type=ASSERTION_TYPE, client_assertion=assertion, **extra)
except Exception:  # oauthlib raises on an error body
    report(seen[-1])
    sys.exit(1)
report(seen[-1])
hello(run, token["access_token"])
