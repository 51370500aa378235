"""An NHS signed-JWT client written as NHS's samples write it (requests + PyJWT), pointed at
the local twin: only the base URL differs from INT; the aud stays INT's token URL.

Environment: TWIN_URL, NHS_API_KEY, NHS_KID, NHS_PRIVATE_KEY (a PEM file), NHS_TOKEN_AUD,
NHS_NOW (optional: the twin's fixed clock; otherwise the system clock).
Run by tests/twin.rs (`cargo test --test twin`).
"""
import os
import sys
import time
import uuid

import jwt  # PyJWT[crypto]
import requests

base_url = os.environ["TWIN_URL"]
api_key = os.environ["NHS_API_KEY"]
now = int(os.environ.get("NHS_NOW") or time.time())

with open(os.environ["NHS_PRIVATE_KEY"], "r") as f:
    private_key = f.read()

claims = {
    "sub": api_key,
    "iss": api_key,
    "jti": str(uuid.uuid4()),
    "aud": os.environ["NHS_TOKEN_AUD"],
    "exp": now + 300,  # 5 minutes, as NHS documents
}
client_assertion = jwt.encode(claims, private_key, algorithm="RS512", headers={"kid": os.environ["NHS_KID"]})

data = {
    "grant_type": "client_credentials",
    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    "client_assertion": client_assertion,
}
response = requests.post(f"{base_url}/oauth2/token", data=data, timeout=10)
print("token:", response.status_code, response.headers.get("X-Auth-Triage", ""))
if response.status_code != 200:
    print(response.text)
    sys.exit(1)
access_token = response.json()["access_token"]

hello = requests.get(
    f"{base_url}/hello-world/hello/application",
    headers={"Authorization": f"Bearer {access_token}"},
    timeout=10,
)
print("hello:", hello.status_code, hello.text)
if hello.status_code != 200:
    sys.exit(1)

# The classic mistake: retrying with the same assertion.
retry = requests.post(f"{base_url}/oauth2/token", data=data, timeout=10)
print("retry with the same assertion:", retry.status_code, retry.json().get("error_description"))
