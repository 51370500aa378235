"""What the Python clients of tests/real_clients.rs share: the run's settings (one JSON argument)
and the lines the test reads.

argv[1] is {"base": twin URL, "key": API key, "pem": private key file, "kid": kid,
"aud": null or an aud to sign instead of the token URL, "keep": [library defaults left as they are]}.
Each client prints `token: STATUS BODY`, `explain: X-Auth-Triage`, then on 200 `hello: STATUS BODY`.
"""
import json
import os
import sys

import requests

# oauthlib and Authlib refuse http:// token URLs; the twin listens on plain HTTP on loopback.
# Nothing else changes: the platform is HTTPS and needs none of this.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def settings():
    run = json.loads(sys.argv[1])
    run["token_url"] = run["base"] + "/oauth2/token"
    run["hello_url"] = run["base"] + "/hello-world/hello/application"
    with open(run["pem"]) as f:
        run["private_key"] = f.read()
    return run


def keeps(run, default):
    """Whether this run leaves the library's `default` as it is."""
    return default in run["keep"]


def report(response):
    """The token endpoint's answer as the test reads it (the raw response, before the library)."""
    print("token:", response.status_code, response.text)
    print("explain:", response.headers.get("X-Auth-Triage", ""))
    sys.stdout.flush()


def hello(run, access_token):
    r = requests.get(run["hello_url"], headers={"Authorization": "Bearer " + access_token}, timeout=30)
    print("hello:", r.status_code, r.text)
