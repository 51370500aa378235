//! The platform's facts: environments, hosts, token URLs, thresholds. Spec §1, §3.3.

pub mod mesh;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    Sandbox,
    Int,
    Dev,
    Dep,
    Prod,
    InternalDev,
    InternalDevSandbox,
    InternalQa,
    InternalQaSandbox,
    Ref,
}

impl Environment {
    pub const ALL: &'static [Environment] = &[
        Environment::Sandbox,
        Environment::Int,
        Environment::Dev,
        Environment::Dep,
        Environment::Prod,
        Environment::InternalDev,
        Environment::InternalDevSandbox,
        Environment::InternalQa,
        Environment::InternalQaSandbox,
        Environment::Ref,
    ];

    /// The host label: `{label}.api.service.nhs.uk`; production has none.
    pub fn label(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Int => "int",
            Environment::Dev => "dev",
            Environment::Dep => "dep",
            Environment::Prod => "prod",
            Environment::InternalDev => "internal-dev",
            Environment::InternalDevSandbox => "internal-dev-sandbox",
            Environment::InternalQa => "internal-qa",
            Environment::InternalQaSandbox => "internal-qa-sandbox",
            Environment::Ref => "ref",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Environment::Sandbox => "Sandbox",
            Environment::Int => "Integration (INT)",
            Environment::Dev => "Development (dev)",
            Environment::Dep => "DEP (deployment / UAT)",
            Environment::Prod => "Production",
            Environment::InternalDev => "internal-dev (NHS internal)",
            Environment::InternalDevSandbox => "internal-dev-sandbox (NHS internal)",
            Environment::InternalQa => "internal-qa (NHS internal)",
            Environment::InternalQaSandbox => "internal-qa-sandbox (NHS internal)",
            Environment::Ref => "ref (NHS internal)",
        }
    }

    pub fn from_label(label: &str) -> Option<Environment> {
        Environment::ALL.iter().copied().find(|e| e.label().eq_ignore_ascii_case(label.trim()))
    }

    /// Host rule (PYT `_get_proxy_url`): `{env}.api.service.nhs.uk`, production `api.service.nhs.uk`.
    pub fn host(self) -> String {
        match self {
            Environment::Prod => API_DOMAIN.to_string(),
            e => format!("{}.{API_DOMAIN}", e.label()),
        }
    }

    /// The signed-JWT token endpoint, which is also the required `aud` (spec §1.3).
    pub fn token_url(self) -> String {
        format!("https://{}/oauth2/token", self.host())
    }

    /// Sandbox-type environments: open access for almost every API.
    pub fn is_sandbox(self) -> bool {
        matches!(self, Environment::Sandbox | Environment::InternalDevSandbox | Environment::InternalQaSandbox)
    }

    /// The environment of an NHS API host, if it is one.
    pub fn from_host(host: &str) -> Option<Environment> {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        if host == API_DOMAIN {
            return Some(Environment::Prod);
        }
        let label = host.strip_suffix(API_DOMAIN)?.strip_suffix('.')?;
        Environment::from_label(label)
    }
}

/// An API proxy's monitoring endpoints (the NHS proxy template's `/_ping` and `/_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Monitoring {
    /// `/_ping`: answers without a key or a token.
    Ping,
    /// `/_status`: takes the platform's own status-endpoint key in `apikey`.
    Status,
}

/// The monitoring endpoint a path names, if any (a trailing slash allowed).
pub fn monitoring(path: &str) -> Option<Monitoring> {
    let path = path.trim_end_matches('/');
    if path.ends_with("/_ping") {
        Some(Monitoring::Ping)
    } else if path.ends_with("/_status") {
        Some(Monitoring::Status)
    } else {
        None
    }
}

/// Parse a URL with the `url` crate — ASCII only. NHS hosts are ASCII, and the page builds
/// `url` without Unicode IDNA tables (idna_adapter 1.0), whose stub panics on some non-ASCII
/// hosts (found by fuzzing). A non-ASCII URL is simply not one we can read.
pub fn parse_url(s: &str) -> Option<url::Url> {
    let s = s.trim();
    if !s.is_ascii() {
        return None;
    }
    // The URL Standard removes tabs and newlines anywhere before parsing; do it first so the
    // host seen here is the host the parser sees.
    let s: String = s.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    // Only http(s), read the way the parser reads a special scheme: after `scheme:`, any run
    // of slashes and backslashes (`https:/Host`, `https:///Host`), then the host.
    let (scheme, rest) = s.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // The host must stay plain ASCII after decoding: no %-escapes, no punycode, no capitals
    // (hosts are case-insensitive) — those are what reach the IDNA stub.
    if authority.contains('%') || authority.to_ascii_lowercase().contains("xn--") {
        return None;
    }
    let normal = format!("{scheme}://{}{}", authority.to_ascii_lowercase(), &rest[end..]);
    url::Url::parse(&normal).ok()
}

pub const API_DOMAIN: &str = "api.service.nhs.uk";
pub const TOKEN_PATH: &str = "/oauth2/token";
pub const MOCK_TOKEN_PATH: &str = "/oauth2-mock/token";
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// `exp` − now, documented upper bound (NHS: 5 minutes). IDS-JS comment.
pub const EXP_DOCUMENTED_MAX: i64 = 300;
/// `exp` − now, enforced upper bound: `seconds_remaining > 310` fails. IDS-JS.
pub const EXP_ENFORCED_MAX: i64 = 310;
/// VerifyJWT `<TimeAllowance>10s</TimeAllowance>` (VerifyJWT.ClientCredentials.xml).
pub const NBF_ALLOWANCE: i64 = 10;
/// jti replay window: 30 days (PopulateCache.JTIClaim.xml).
pub const JTI_WINDOW_SECONDS: i64 = 2_592_000;
/// Above this a client clock skew is worth a warning for `iat`.
pub const IAT_FUTURE_TOLERANCE: i64 = 10;

/// A uuid shape: 8-4-4-4-12 hex digits (the Application ID is a uuid4). A heuristic only.
pub fn looks_like_guid(s: &str) -> bool {
    let s = s.trim().trim_matches(['{', '}']);
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Observed API-key shape: 32 ASCII letters and digits (spec §1.2, UNVERIFIED as a rule).
pub fn looks_like_api_key(s: &str) -> bool {
    s.len() == 32 && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The first 4 and last 4 characters, as the forum redacts keys (`RtUM…yStAG`).
pub fn redact(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 8 {
        return "…".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_round_trip() {
        for &e in Environment::ALL {
            assert_eq!(Environment::from_host(&e.host()), Some(e));
        }
        assert_eq!(Environment::Prod.token_url(), "https://api.service.nhs.uk/oauth2/token");
        assert_eq!(Environment::Int.token_url(), "https://int.api.service.nhs.uk/oauth2/token");
        assert_eq!(Environment::from_host("example.com"), None);
        assert_eq!(Environment::from_host("evil.int.api.service.nhs.uk"), None);
    }
}

/// An API the catalogue holds entries of its own for, known by its base path on the platform's
/// hosts or by the names people call it in prose.
pub struct Api {
    pub id: &'static str,
    pub base: &'static str,
    pub names: &'static [&'static str],
}

pub static APIS: &[Api] = &[
    Api { id: "ers", base: "/referrals/", names: &["e-RS", "eRS", "e-Referral", "eReferral"] },
    Api { id: "bars", base: "/booking-and-referral/", names: &["BaRS", "Booking and Referral"] },
    Api { id: "vrs", base: "/validated-relationships/", names: &["VRS", "Validated Relationships"] },
    Api { id: "imms", base: "/immunisation-fhir-api/", names: &["Immunisation FHIR", "Immunisation API"] },
    Api { id: "nhs-app", base: "/nhs-app/", names: &["NHS App API"] },
    Api { id: "nhs-app", base: "/nhs-app-dep/", names: &[] },
    Api { id: "psu", base: "/prescription-status-update/", names: &["Prescription Status Update"] },
    // No entries of their own yet: named so that another API's own text is not taken for theirs.
    Api { id: "pds", base: "/personal-demographics/", names: &["PDS", "Personal Demographics"] },
    Api { id: "notify", base: "/comms/", names: &["NHS Notify"] },
    // Not a proxy on the platform's hosts: Spine's mailbox API, on its own hosts (`mesh`).
    Api { id: "mesh", base: mesh::BASE, names: &["MESH"] },
];

/// Base paths of APIs called only with an access token (`Authorization: Bearer`), never with the
/// API key alone: PDS (F-3106: its docs listed API-key access by mistake), NHS Notify, e-RS, EPS,
/// the immunisation API, BaRS, VRS, prescription status update, NRLF. Each proxy verifies the
/// access token (OAuthV2 VerifyAccessToken) before anything else.
pub const TOKEN_ONLY_BASES: &[&str] = &[
    "personal-demographics",
    "comms",
    "referrals",
    "electronic-prescriptions",
    "fhir-dispensing",
    "fhir-prescribing",
    "immunisation-fhir-api",
    "booking-and-referral",
    "validated-relationships",
    "prescription-status-update",
    "record-locator",
];

/// First path segments that proxies own on the platform's hosts besides the APIs' (`APIS`): the
/// OAuth servers and APIs with no entries of their own.
const OTHER_BASE_PATHS: &[&str] =
    &["oauth2", "oauth2-mock", "oauth2-mock-dep", "electronic-prescriptions", "hello-world"];

/// Every first path segment a proxy owns on the platform's hosts: a URL whose first segment
/// nearly matches one is a typo of it.
pub fn base_paths() -> impl Iterator<Item = &'static str> {
    OTHER_BASE_PATHS.iter().copied().chain(APIS.iter().map(|a| a.base.trim_matches('/')))
}

/// A URL path's first segment (`/personal-demographics/FHIR/R4/…` → `personal-demographics`).
pub fn first_segment(path: &str) -> &str {
    path.trim_start_matches('/').split('/').next().unwrap_or("")
}

/// Base paths the platform had and retired: (the old one, the one to use, what happened).
static RETIRED_BASE_PATHS: &[(&str, &str, &str)] = &[(
    "oauth2-no-smartcard",
    "oauth2",
    "identity-service's no-smartcard deployment was retired in September 2023 (APM-3686, mock auth v1)",
)];

/// The retired base path this first segment is, if it is one.
pub fn retired(first: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    RETIRED_BASE_PATHS.iter().find(|(old, _, _)| *old == first)
}

/// Dev's mock identity deployment is `/oauth2-mock-dep` since APM-6519: `/oauth2-mock` there is
/// no proxy.
pub fn dev_mock_moved(env: Environment, first: &str) -> bool {
    env == Environment::Dev && first == "oauth2-mock"
}

/// The API a paste is about: the base path of the first platform URL that names one, else a name
/// in its words (as a whole word: `eRS` in "users" is not e-RS) when the paste calls no token
/// endpoint (`eRS job: POST …/oauth2/token → 401` is the token endpoint's answer).
pub fn api_of(text: &str) -> Option<&'static Api> {
    let paths = || text.match_indices(".api.service.nhs.uk/").map(|(i, m)| &text[i + m.len() - 1..]);
    let by_url = paths().find_map(|path| APIS.iter().find(|a| path.starts_with(a.base)));
    // MESH is called on its own hosts (or a local mesh-sandbox), always under its path.
    let by_url = by_url.or_else(|| text.contains(mesh::BASE).then(|| APIS.iter().find(|a| a.id == "mesh")).flatten());
    let calls_token = || paths().any(|path| path.starts_with("/oauth2"));
    by_url.or_else(|| (!calls_token()).then(|| APIS.iter().find(|a| a.names.iter().any(|n| whole_word(text, n))))?)
}

fn whole_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

#[cfg(test)]
mod api_tests {
    use super::api_of;

    #[test]
    fn an_api_by_its_path_or_its_name() {
        let id = |t: &str| api_of(t).map(|a| a.id);
        assert_eq!(id("GET https://int.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest -> 401"), Some("ers"));
        assert_eq!(id("I get a 401 from eRS document retrieval"), Some("ers"));
        assert_eq!(id("GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/1"), Some("pds"));
        assert_eq!(id("GET https://int.api.service.nhs.uk/hello-world/hello/application"), None);
        assert_eq!(id("our users get a 401"), None);
        assert_eq!(id("eRS job: POST https://int.api.service.nhs.uk/oauth2/token -> 401"), None);
        let both = "POST https://int.api.service.nhs.uk/oauth2/token -> 200\n\
                    GET https://int.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest -> 401";
        assert_eq!(id(both), Some("ers"));
    }
}
