#!/usr/bin/env python3
"""Make a signed JWT for a field case: the corpus's tokens are real JWS built here, never copied.

  python3 tests/field/make_jwt.py '{"alg":"RS512","typ":"JWT","kid":"test-1"}' '{"iss":"…",…}'

Signs with the throwaway key ../shared/fixtures/test-1.pem (RSA-4096) using the header's alg
(RS256/384/512, PS256/384/512; HS256 with the secret "secret"; "none" gives an empty signature).
Key order and number spelling are kept exactly as given (the JSON text is encoded as is).
"""
import base64, hashlib, hmac, json, os, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

def b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def main():
    header_text, payload_text = sys.argv[1], sys.argv[2]
    alg = json.loads(header_text).get("alg")
    signing_input = (b64(header_text.encode()) + "." + b64(payload_text.encode())).encode()
    here = os.path.dirname(os.path.abspath(__file__))
    pem = os.path.join(here, "..", "..", "..", "shared", "fixtures", "test-1.pem")
    if not os.path.exists(pem):
        pem = os.path.join(here, "..", "fixtures", "nhs", "test-1.pem")
    if alg in (None, "none"):
        sig = b""
    elif alg.startswith("HS"):
        sig = hmac.new(b"secret", signing_input, getattr(hashlib, "sha" + alg[2:])).digest()
    else:
        key = serialization.load_pem_private_key(open(pem, "rb").read(), password=None)
        h = {"256": hashes.SHA256(), "384": hashes.SHA384(), "512": hashes.SHA512()}[alg[2:]]
        pad = padding.PKCS1v15() if alg.startswith("RS") else padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size)
        sig = key.sign(signing_input, pad, h)
    print(signing_input.decode() + "." + b64(sig))

main()
