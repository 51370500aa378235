//! "Start here" (`#/start`): from nothing to a first token and a first Hello World call, as
//! data. Each step says what to do, how to tell it worked, the usual error at that step (an
//! `error_description`, Apigee errorcode or `error` that `#/catalogue?code=…` opens with
//! `catalogue::platform::find_by_code`) and its sources (the spec's §13 keys and the
//! catalogue's source texts, made links by `catalogue::sources::links`). Pure: the page renders
//! it, the tests check every link resolves. Progress lives in the address only
//! (`#/start&done=1.2.5`), never in storage, and holds no secret: step numbers.

/// The usual error at a step and what it means there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usual {
    /// What the answer says: `find_by_code` opens its catalogue entry.
    pub code: &'static str,
    pub means: &'static str,
}

/// One step of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based, as the address keeps it.
    pub n: u8,
    pub title: &'static str,
    pub what: &'static [&'static str],
    /// How to tell it worked.
    pub worked: &'static str,
    pub usual: &'static [Usual],
    /// Source texts (`F-7141`, `IDS (PopulateCache.CCJWKS.xml)`, `NHS-JWT-DOC`), each a link.
    pub sources: &'static [&'static str],
}

/// The API key, the builder and the twin's answers belong to these steps.
pub const KEY_STEP: u8 = 2;
pub const KEY_PAIR_STEP: u8 = 4;
pub const REGISTER_STEP: u8 = 5;
pub const BUILD_STEP: u8 = 6;
pub const TOKEN_STEP: u8 = 7;
pub const HELLO_STEP: u8 = 8;

pub const STEPS: &[Step] = &[
    Step {
        n: 1,
        title: "Open the developer portal and create an app in INT",
        what: &[
            "Sign in to the NHS England developer portal (digital.nhs.uk/developer), open My applications and create an application for the Integration test (INT) environment: that is where the platform tests signed-JWT authentication for real APIs.",
            "Apps and their keys exist per environment: an INT app's key means nothing to sandbox or production. Hello World itself is deployed in sandbox only: to call the real one, make a second app there with the same steps (or try the whole path against the local twin, below).",
        ],
        worked: "The app is listed under My applications with the environment Integration test, and shows its Application ID and its Active API keys.",
        usual: &[Usual {
            code: "Invalid 'iss'/'sub' claims in client_assertion JWT",
            means: "The key is not known in the environment you called: an app of another environment (an INT key sent to production, or the reverse).",
        }],
        sources: &["NHS-JWT-DOC", "F-7141", "IDS-REL"],
    },
    Step {
        n: 2,
        title: "Which API key is which",
        what: &[
            "The app shows an Application ID — a GUID such as 46b9ee81-5164-4af6-8371-9d716830188f — and, under Active API keys, a Key (and a Secret, which signed-JWT authentication does not use).",
            "The assertion's iss and sub both carry the Key, never the Application ID: the gateway verifies sub as an API key. The Application ID only names an NHS-hosted JWKS file and goes in support tickets.",
        ],
        worked: "The Key you typed is letters and digits with no dashes; a GUID there is the Application ID, and the page says so at once.",
        usual: &[
            Usual {
                code: "Invalid 'iss'/'sub' claims in client_assertion JWT",
                means: "The Application ID (or a typo, or the key of another environment) in iss and sub.",
            },
            Usual {
                code: "oauth.v2.InvalidClientIdentifier",
                means: "A client_id in the form body that is not the Key (often the Application ID): send no client_id.",
            },
        ],
        sources: &["F-7141", "F-8080", "IDS (VerifyAPIKey.FromJWT.xml)", "JWKS (scripts/make_jwk.py)"],
    },
    Step {
        n: 3,
        title: "Subscribe the app to the API's signed-JWT product",
        what: &[
            "In the app, add the API you will call, choosing its application-restricted (signed JWT) product for the same environment. Only that product grants the level-3 scope the token needs; the API's user-restricted or API-key products do not.",
        ],
        worked: "The API is listed among the app's APIs for this environment; a token request no longer gets unauthorized_client.",
        usual: &[Usual {
            code: "unauthorized_client",
            means: "The assertion was fine, but the app has no application-restricted (signed JWT) product.",
        }],
        sources: &["IDS (RaiseFault.VerifyAccessLevel.xml)", "IDS (filter-application-restricted-scopes.js)"],
    },
    Step {
        n: 4,
        title: "Make a key pair",
        what: &[
            "Make an RSA key pair (RSA-4096 here, with the browser's WebCrypto: the private key never leaves this page). Keep the private key where only your service can read it; its kid is the key's RFC 7638 thumbprint unless you type one.",
        ],
        worked: "You have downloaded the private key (PKCS#8 PEM) and the page shows the public JWKS, with its kid.",
        usual: &[Usual {
            code: "JWT signature verification failed",
            means: "The assertion was signed with another private key than the registered public one (or not with RS512).",
        }],
        sources: &["NHS-JWT-DOC", "RFC 7638", "WebCrypto", "JWKS (scripts/make_jwk.py)"],
    },
    Step {
        n: 5,
        title: "Register the public key",
        what: &[
            "Download jwks.json (or copy it) and upload it to the app in the portal: NHS then hosts it at nhsdigital.github.io/identity-service-jwks/jwks/int/<Application ID>.json. Or host the JWKS yourself at a public HTTPS URL and enter that URL in the app.",
            "The gateway caches a JWKS for an hour (3600 s) and does not fetch it again for an unknown kid: after adding or changing a key, allow up to an hour.",
        ],
        worked: "The app shows the public key (or your JWKS URL); a token request no longer gets 403 \"You need to register a public key\".",
        usual: &[
            Usual {
                code: "You need to register a public key to use this authentication method - please contact support to configure",
                means: "No public key (and no JWKS URL) is registered for this app in this environment.",
            },
            Usual {
                code: "Invalid 'kid' header in client_assertion JWT - no matching public key",
                means: "The assertion's kid is not in the registered JWKS: a typo, a key for another environment, or a JWKS change the gateway has not seen yet (up to an hour).",
            },
        ],
        sources: &["UTILS", "JWKS (scripts/make_jwk.py)", "IDS (PopulateCache.CCJWKS.xml)"],
    },
    Step {
        n: 6,
        title: "Build and sign the client assertion",
        what: &[
            "A new JWT for every token request: header alg RS512, typ JWT and the kid; claims iss = sub = the Key, aud = the exact token URL, jti a fresh GUID, exp at most 5 minutes ahead. Signed with the private key.",
        ],
        worked: "The assertion and its token request appear under the builder; pasted into the triage page, the request gets the predicted answer 200.",
        usual: &[
            Usual {
                code: "Missing 'kid' header in client_assertion JWT",
                means: "The header has no kid: the library was not given it (set the kid header explicitly).",
            },
            Usual {
                code: "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future",
                means: "exp is over 300 s ahead of the gateway's clock: a long lifetime, milliseconds, or a fast clock.",
            },
        ],
        sources: &["IDS-JS", "NHS-JWT-DOC", "HWAE"],
    },
    Step {
        n: 7,
        title: "Request the token",
        what: &[
            "POST to https://int.api.service.nhs.uk/oauth2/token with Content-Type: application/x-www-form-urlencoded exactly (no charset, no Authorization header) and the form grant_type=client_credentials, client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer, client_assertion=<the JWT>.",
        ],
        worked: "200 with {\"access_token\": …, \"expires_in\": \"599\", \"token_type\": \"Bearer\", …}: a token for about ten minutes.",
        usual: &[
            Usual {
                code: "Content-Type header must be application/x-www-form-urlencoded",
                means: "The body was sent as JSON, or with another Content-Type.",
            },
            Usual {
                code: "Non-unique 'jti' claim in client_assertion JWT",
                means: "The same assertion (same jti) was sent again, even after a failure: build a new one per request.",
            },
        ],
        sources: &["IDS-CC-TEST", "IDS-FLOW", "NHS-JWT-DOC"],
    },
    Step {
        n: 8,
        title: "Call Hello World with the token",
        what: &[
            "GET /hello-world/hello/application with the header Authorization: Bearer <access_token>, on the host of the environment the token came from. Hello World is deployed in sandbox only (sandbox.api.service.nhs.uk); in INT, call the API you subscribed to the same way.",
        ],
        worked: "200 with {\"message\": \"Hello Application!\"}.",
        usual: &[
            Usual {
                code: "messaging.adaptors.http.flow.ApplicationNotFound",
                means: "No such API on this host: Hello World called on INT or internal-dev, or a typo in the path.",
            },
            Usual {
                code: "keymanagement.service.access_token_expired",
                means: "The token is older than its expires_in (599 s): ask for a new one.",
            },
        ],
        sources: &["HW", "HWAE", "GH-89"],
    },
];

/// The address that opens the catalogue entry of an answer's text.
pub fn catalogue_link(code: &str) -> String {
    format!("#/catalogue?code={}", url::form_urlencoded::byte_serialize(code.as_bytes()).collect::<String>())
}

/// `done` with step `n` marked (or unmarked).
pub fn toggle(done: &[u8], n: u8) -> Vec<u8> {
    let mut out: Vec<u8> = done.iter().copied().filter(|d| *d != n).collect();
    if !done.contains(&n) {
        out.push(n);
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::platform::find_by_code;
    use crate::catalogue::sources::links;

    #[test]
    fn every_step_has_a_source_link_and_a_catalogue_link_that_resolves() {
        assert_eq!(STEPS.iter().map(|s| s.n).collect::<Vec<_>>(), (1..=8).collect::<Vec<_>>());
        for s in STEPS {
            assert!(!s.what.is_empty() && !s.worked.is_empty(), "step {}", s.n);
            assert!(!s.usual.is_empty(), "step {} has no usual error", s.n);
            for u in s.usual {
                let found = find_by_code(u.code);
                assert_eq!(found.len(), 1, "step {}: {:?} opens {} entries", s.n, u.code, found.len());
                // The address carries it whole: the route reads it back.
                let route = crate::outputs::route::parse(&catalogue_link(u.code));
                assert_eq!(route.view, crate::outputs::route::View::Code(u.code.to_string()), "step {}", s.n);
            }
            assert!(!s.sources.is_empty(), "step {} has no source", s.n);
            for src in s.sources {
                let l = links(src);
                assert!(
                    !l.is_empty() && l.iter().all(|l| l.url.as_deref().is_some_and(|u| u.starts_with("https://"))),
                    "step {}: {src} is no link: {l:?}",
                    s.n
                );
            }
        }
    }

    #[test]
    fn progress_is_step_numbers_only() {
        assert_eq!(toggle(&[1, 2], 4), vec![1, 2, 4]);
        assert_eq!(toggle(&[1, 2, 4], 2), vec![1, 4]);
        assert!(STEPS.iter().all(|s| (1..100).contains(&s.n)), "the address keeps steps 1–99");
    }
}
