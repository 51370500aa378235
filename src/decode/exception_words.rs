//! The words `exception.rs` weighs an exception by: whether it is about the auth journey, a
//! failure to reach the gateway, a request with no usable URL, or an answer the client relayed.

/// Words that put an exception in the auth journey: building, signing or sending the assertion.
pub(super) const AUTH_WORDS: &[&str] = &[
    "jwt",
    "jws",
    "jose",
    "token",
    "key",
    "pem",
    "rsa",
    "sign",
    "x509",
    "pkcs",
    "asn1",
    "crypto",
    "openssl",
    "idx1",
    "claim",
    "algorithm",
    "assertion",
    "credential",
    "oauth",
    "expires",
    "notbefore",
    "secret",
    "cert",
    "httpmessageconverter",
    "content-body",
    "verb-type",
    // A header the client refused to write (a token with a newline, a second Authorization).
    "authorization",
    "header",
    // The configuration it runs with: a variable not set, a URL not given.
    "environment variable",
];

/// Words of a failure to reach the gateway at all: the name did not resolve, the connection or
/// TLS failed, a proxy refused.
pub(super) const NETWORK_WORDS: &[&str] = &[
    "getaddrinfo",
    "enotfound",
    "econnrefused",
    "econnreset",
    "etimedout",
    "name or service not known",
    "no such host",
    "certificate",
    "self signed",
    "self-signed",
    "ssl",
    "tls",
];

/// Words of a request with no usable URL: it was empty or relative (its variable was not set).
pub(super) const URL_WORDS: &[&str] =
    &["request uri", "absolute uri", "baseaddress", "invalid url", "no scheme supplied", "missing schema"];

/// Words that say the exception reports an HTTP answer: the request was sent.
pub(super) const ANSWER_WORDS: &[&str] = &[
    "response code",
    "status code",
    "returned an error",
    "httperror",
    "clientresponseerror",
    "unauthorized",
    "bad request",
    "forbidden",
    "unsupported media type",
    "method not allowed",
    // An OAuth error code in the message: the token endpoint's answer, relayed by the client.
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    // A retrying client that gave up on the answers it got (urllib3's `too many 429 error responses`).
    "error responses",
    "too many requests",
    // Guzzle's `Client error: `POST …` resulted in a `401 Access denied` response`.
    "resulted in a `",
];
