"""Authlib 1.9.10: OAuth2Session with PrivateKeyJWT (RFC 7523 private_key_jwt), as Authlib's docs
register it. Its defaults the platform refuses, each overridden unless the run keeps it:
`charset` (Content-Type application/x-www-form-urlencoded;charset=UTF-8, DEFAULT_HEADERS),
`alg` (RS256), `kid` (no kid header), `exp` (now + 3600). typ JWT and aud = the token endpoint
are its defaults already."""
import sys
import time

from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT

from common import hello, keeps, report, settings

run = settings()
aud = run["aud"] or run["token_url"]
headers = None if keeps(run, "kid") else {"kid": run["kid"]}
# Authlib's claims override its own: exp at most 5 minutes ahead.
claims = None if keeps(run, "exp") else {"exp": int(time.time()) + 300}
alg = None if keeps(run, "alg") else "RS512"
auth = PrivateKeyJWT(token_endpoint=aud, claims=claims, headers=headers, alg=alg)
session = OAuth2Session(run["key"], run["private_key"], token_endpoint_auth_method="private_key_jwt")
session.register_client_auth_method(auth)
seen = []
session.register_compliance_hook("access_token_response", lambda r: seen.append(r) or r)
form = None if keeps(run, "charset") else {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
try:
    token = session.fetch_token(run["token_url"], grant_type="client_credentials", headers=form)
except Exception:  # Authlib raises OAuthError on an error body
    report(seen[-1])
    sys.exit(1)
report(seen[-1])
hello(run, token["access_token"])
