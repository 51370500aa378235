//! The catalogue: every finding code and every platform error, explained under the same
//! headings — what it means, likely causes (ranked), how to fix, the rule (documented and
//! enforced), the source. Codes are an enum whose texts are an exhaustive `match`, so a code
//! without an explanation does not compile.

mod findings;
pub mod platform;

use serde::{Serialize, Serializer};

use crate::report::Severity;

/// One likely cause. `unverified` marks causes the platform's source does not prove: the page
/// shows them as likely, never as fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cause {
    pub text: &'static str,
    pub unverified: bool,
}

pub const fn cause(text: &'static str) -> Cause {
    Cause { text, unverified: false }
}
pub const fn likely(text: &'static str) -> Cause {
    Cause { text, unverified: true }
}

/// A catalogue entry for a finding code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub title: &'static str,
    pub meaning: &'static str,
    pub causes: &'static [Cause],
    pub fix: &'static str,
    /// What NHS documents (or "—").
    pub documented: &'static str,
    /// What the gateway (or the standard) enforces.
    pub enforced: &'static str,
    /// Source keys of the spec's §13, or the RFC.
    pub source: &'static str,
}

macro_rules! codes {
    ($($variant:ident = $id:literal, $severity:ident;)*) => {
        /// A finding's stable code. The id (kebab-case) is the catalogue anchor: never rename.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    // paste
    PasteCleaned = "paste-cleaned", Note;
    NothingRecognised = "nothing-recognised", Warning;
    InputTruncated = "input-truncated", Warning;
    // decoding the compact token
    JwtSegmentCount = "jwt-segment-count", Error;
    JweNotJws = "jwe-not-jws", Error;
    JwtBadBase64 = "jwt-bad-base64", Error;
    JwtBase64Padding = "jwt-base64-padding", Warning;
    JwtStandardBase64 = "jwt-standard-base64", Error;
    JwtNotUtf8 = "jwt-not-utf8", Error;
    JwtNotJson = "jwt-not-json", Error;
    JwtNotObject = "jwt-not-object", Error;
    JwtEmptySignature = "jwt-empty-signature", Error;
    // time claims
    TimeClaimIsString = "time-claim-is-string", Error;
    TimeClaimInMilliseconds = "time-claim-in-milliseconds", Error;
    TimeClaimFractional = "time-claim-fractional", Warning;
    // header
    AlgNone = "alg-none", Error;
    AlgHmac = "alg-hmac", Error;
    AlgNotRs512 = "alg-not-rs512", Error;
    TypMissing = "typ-missing", Error;
    TypInvalid = "typ-invalid", Error;
    KidMissing = "kid-missing", Error;
    HeaderKeyIgnored = "header-key-ignored", Warning;
    // identity
    IssSubMissing = "iss-sub-missing", Error;
    IssSubMismatch = "iss-sub-mismatch", Error;
    IssSubNotApiKey = "iss-sub-not-api-key", Error;
    GuidInPlaceOfKey = "guid-in-place-of-key", Warning;
    InvisibleCharsInValue = "invisible-chars-in-value", Warning;
    ApiKeyShape = "api-key-shape", Note;
    AppIdNotGuid = "app-id-not-guid", Warning;
    // audience and environment
    AudMissing = "aud-missing", Error;
    AudMismatch = "aud-mismatch", Error;
    AudNotTokenUrl = "aud-not-token-url", Error;
    EnvironmentMismatch = "environment-mismatch", Error;
    // time
    ExpMissing = "exp-missing", Error;
    ExpNotNumber = "exp-not-number", Error;
    ExpExpired = "exp-expired", Error;
    ExpTooFar = "exp-too-far", Error;
    ExpBeyondDocumented = "exp-beyond-documented", Warning;
    IatInFuture = "iat-in-future", Warning;
    NbfInFuture = "nbf-in-future", Error;
    LifetimeLong = "lifetime-long", Warning;
    // jti
    JtiMissing = "jti-missing", Error;
    JtiNotString = "jti-not-string", Error;
    JtiNotGuid = "jti-not-guid", Note;
    JtiSingleUse = "jti-single-use", Note;
    // request
    NotHttps = "not-https", Error;
    NotNhsHost = "not-nhs-host", Warning;
    TokenPathWrong = "token-path-wrong", Error;
    Oauth2MockPath = "oauth2-mock-path", Note;
    MethodNotPost = "method-not-post", Error;
    ContentTypeWrong = "content-type-wrong", Error;
    ContentTypeCharset = "content-type-charset", Warning;
    ParamsInQuery = "params-in-query", Error;
    GrantTypeMissing = "grant-type-missing", Error;
    GrantTypeInvalid = "grant-type-invalid", Error;
    ClientAssertionTypeInvalid = "client-assertion-type-invalid", Error;
    ClientAssertionTypeDoubleEncoded = "client-assertion-type-double-encoded", Error;
    ClientAssertionMissing = "client-assertion-missing", Error;
    ClientIdSent = "client-id-sent", Note;
    ClientIdMismatch = "client-id-mismatch", Warning;
    AuthorizationHeaderOnToken = "authorization-header-on-token", Warning;
    ClientSecretOnToken = "client-secret-on-token", Warning;
    RequestBodyNotShown = "request-body-not-shown", Note;
    SandboxNoTokenNeeded = "sandbox-no-token-needed", Note;
    SharedLinkRedacted = "shared-link-redacted", Note;
    // keys and signatures
    JwksPrivateKey = "jwks-private-key", Error;
    JwksNotRsa = "jwks-not-rsa", Warning;
    KeyUnreadable = "key-unreadable", Warning;
    JwksSmallKey = "jwks-small-key", Warning;
    JwksAlgUse = "jwks-alg-use", Warning;
    JwksExponent = "jwks-exponent", Note;
    JwksKidWhitespace = "jwks-kid-whitespace", Error;
    JwksDuplicateKid = "jwks-duplicate-kid", Error;
    JwksNotASet = "jwks-not-a-set", Note;
    KidNotInJwks = "kid-not-in-jwks", Error;
    SignatureUnverifiable = "signature-unverifiable", Warning;
    SignatureMismatch = "signature-mismatch", Error;
    SignatureWrongAlg = "signature-wrong-alg", Error;
    SignatureValid = "signature-valid", Note;
    // error bodies and the prediction
    BodyRepaired = "body-repaired", Note;
    ErrorBodyOldWording = "error-body-old-wording", Note;
    ErrorBodyUnrecognised = "error-body-unrecognised", Warning;
    PredictionDisagrees = "prediction-disagrees", Warning;
}

impl Code {
    pub fn entry(self) -> Entry {
        findings::entry(self)
    }

    /// The platform errors (catalogue ids) this finding leads to or explains.
    pub fn explains(self) -> &'static [&'static str] {
        findings::explains(self)
    }

    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }

    /// The catalogue address a wiki can link to.
    pub fn anchor(self) -> String {
        format!("#/findings/{}", self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}
