//! Sources a person can follow: every source key of the platform spec's §13 (F-8476, IDS,
//! APIGEE-…), RFC sections and the proxy's policy files, turned into a readable label and a URL.
//! The catalogue's `source` texts are split on `;` and each part becomes a `SourceLink`.

use serde::Serialize;

const IDS: &str = "https://github.com/NHSDigital/identity-service-api/blob/5100cca38064ce76077390e43162c543c367f617";
const FORUM: &str = "https://developer.community.nhs.uk/t/";
const NHS_DOCS: &str = "https://digital.nhs.uk/developer/guides-and-documentation/security-and-authorisation/";
const APIGEE_DISCUSS: &str = "https://discuss.google.dev/t/";

/// One followable source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceLink {
    /// What a person reads: "NHS developer forum thread 8476", "identity-service proxy: VerifyJWT…".
    pub label: String,
    /// Where it is; `None` for our own reasoning (the spec's derived notes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The spec's §13 keys: key → (label, URL).
const KEYS: &[(&str, &str, &str)] = &[
    (
        "IDS-JS",
        "identity-service proxy: claim checks (validate-client-assertion-claims.js)",
        "/proxies/live/apiproxy/resources/jsc/validate-client-assertion-claims.js",
    ),
    (
        "IDS-FLOW",
        "identity-service proxy: flows and fault rules (default.xml)",
        "/proxies/live/apiproxy/proxies/default.xml",
    ),
    ("IDS-REL", "identity-service release pipeline (project.yml)", "/azure/project.yml"),
    ("IDS-CC-TEST", "identity-service tests: client credentials", "/e2e/tests/oauth/test_client_credentials.py"),
    ("IDS-TX-TEST", "identity-service tests: token exchange", "/e2e/tests/oauth/test_token_exchange.py"),
    ("IDS-AC-TEST", "identity-service tests: authorization code", "/e2e/tests/oauth/test_authorization_code.py"),
    ("IDS", "identity-service proxy (the platform's OAuth server)", "/proxies/live/apiproxy"),
];

const OTHER: &[(&str, &str, &str)] = &[
    ("HWAE", "NHS hello-world auth examples", "https://github.com/NHSDigital/hello-world-auth-examples"),
    ("HW", "NHS Hello World API", "https://github.com/NHSDigital/hello-world-api"),
    (
        "PDS",
        "Personal Demographics Service API proxy",
        "https://github.com/NHSDigital/personal-demographics-service-api",
    ),
    ("JWKS", "NHS-hosted JWKS repository", "https://github.com/NHSDigital/identity-service-jwks"),
    ("UTILS", "NHS api-management-utils", "https://github.com/NHSDigital/api-management-utils"),
    ("PYT", "pytest-nhsd-apim", "https://github.com/NHSDigital/pytest-nhsd-apim"),
    (
        "ESP",
        "eligibility-signposting API specification",
        "https://github.com/NHSDigital/eligibility-signposting-api-specification",
    ),
    (
        "GH-89",
        "GitHub issue: hello-world-auth-examples #89",
        "https://github.com/NHSDigital/hello-world-auth-examples/issues/89",
    ),
    ("F-8476", "NHS developer forum: Invalid client identifier (sandbox)", "8476"),
    ("F-10483", "NHS developer forum: e-RS Unresolved variable app.app-restricted-ods-code", "10483"),
    ("F-5723", "NHS developer forum: e-RS ASID is not configured in the application", "5723"),
    ("F-8490", "NHS developer forum: e-RS user not permitted for business function", "8490"),
    ("F-3542", "NHS developer forum: e-RS A008 403, allowed OBO users", "3542"),
    ("F-9485", "NHS developer forum: e-RS new endpoints are not added to the ASID's message set", "9485"),
    ("F-749", "NHS developer forum: e-RS on-behalf-of user and business function", "749"),
    ("F-11808", "NHS developer forum: e-RS 403 NO_RELATIONSHIP retrieving an attachment", "11808"),
    ("F-11562", "NHS developer forum: e-RS ODS header reported missing (2026-04-08)", "11562"),
    ("F-11564", "NHS developer forum: APIM release dropped a forwarded header (2026-04-08)", "11564"),
    ("F-3047", "NHS developer forum: rate limits per app per API, OAuth server included", "3047"),
    ("ERS", "NHS e-Referral Service API proxy", "https://github.com/NHSDigital/e-referrals-service-api"),
    (
        "BARS-ERR",
        "BaRS proxy: its error answers (ErrorRepository.js)",
        "https://github.com/NHSDigital/booking-and-referral-fhir-api/blob/0c9714b03041706cc3d3c2c02f995a20dd127fe9/proxies/live/apiproxy/resources/jsc/ErrorRepository.js",
    ),
    (
        "BARS-HANDLE",
        "BaRS proxy: which failure gets which answer (HandleErrors.js)",
        "https://github.com/NHSDigital/booking-and-referral-fhir-api/blob/0c9714b03041706cc3d3c2c02f995a20dd127fe9/proxies/live/apiproxy/resources/jsc/HandleErrors.js",
    ),
    (
        "BARS-TARGET",
        "BaRS proxy: NHSD-Target-Identifier looked up in the Endpoint Catalogue (SetTargetUrl.js)",
        "https://github.com/NHSDigital/booking-and-referral-fhir-api/blob/0c9714b03041706cc3d3c2c02f995a20dd127fe9/proxies/live/apiproxy/resources/jsc/SetTargetUrl.js",
    ),
    (
        "IMMS-TARGET",
        "Immunisation FHIR API proxy: its token fault rules (target.xml)",
        "https://github.com/NHSDigital/immunisation-fhir-api/blob/44be4c18458fc2a1644d8ef09e251bc350600f10/infrastructure/proxies/live/apiproxy/targets/target.xml",
    ),
    (
        "IMMS-PERMISSIONS",
        "Immunisation FHIR API proxy: its 403 (AssignMessage.PermissionsError.xml)",
        "https://github.com/NHSDigital/immunisation-fhir-api/blob/44be4c18458fc2a1644d8ef09e251bc350600f10/infrastructure/proxies/live/apiproxy/policies/AssignMessage.PermissionsError.xml",
    ),
    (
        "IMMS-AUTHORISER",
        "Immunisation FHIR API: supplier permissions per vaccine type (authoriser.py, fhir_service.py)",
        "https://github.com/NHSDigital/immunisation-fhir-api/blob/44be4c18458fc2a1644d8ef09e251bc350600f10/lambdas/backend/src/authorisation/authoriser.py",
    ),
    (
        "ERS-IAL",
        "e-RS API proxy: the identity assurance level check (RaiseFault.401InsufficientIal)",
        "https://github.com/NHSDigital/e-referrals-service-api/blob/c2761d3833cff02566830989c1d2877e664a06d9/proxies/live/apiproxy/targets/ers-target.xml",
    ),
    (
        "NRLF-PERMISSIONS",
        "National Record Locator: pointer types per organisation (layer/nrlf/core/decorators.py)",
        "https://github.com/NHSDigital/NRLF/blob/03ed227b622420f7940cc7cf2e62f1323679e635/layer/nrlf/core/decorators.py",
    ),
    (
        "NHS-APP-SPEC",
        "NHS App API specification: onboarding and feature permissions",
        "https://github.com/NHSDigital/nhs-app-api/blob/23cd12327b5365ec743336e1d1f323fdda6488dc/specification/nhs-app.yaml",
    ),
    (
        "NHS-APP-403",
        "NHS App API: the 403 for a feature not permitted (example response)",
        "https://github.com/NHSDigital/nhs-app-api/blob/23cd12327b5365ec743336e1d1f323fdda6488dc/specification/components/examples/responses/communication/403permissionsMissingForAppMessage.json",
    ),
    (
        "PSU-RESPONSES",
        "Prescription Status Update API: its answers (responses.ts)",
        "https://github.com/NHSDigital/eps-prescription-status-update-api/blob/6b16f4fef9c158bfa797c416d1fa0610685303dc/packages/updatePrescriptionStatus/src/utils/responses.ts",
    ),
    (
        "VRS-TARGET",
        "Validated Relationships proxy: checks and faults in order (target.xml)",
        "https://github.com/NHSDigital/validated-relationships-service-api/blob/d265864937f7704f1ed284fa108db342b7251665/proxies/live/apiproxy/targets/target.xml",
    ),
    (
        "VRS-401",
        "Validated Relationships proxy: its 401 (RaiseFault.401Unauthorized.xml)",
        "https://github.com/NHSDigital/validated-relationships-service-api/blob/d265864937f7704f1ed284fa108db342b7251665/proxies/live/apiproxy/policies/RaiseFault.401Unauthorized.xml",
    ),
    (
        "VRS-APP-ENDPOINTS",
        "Validated Relationships proxy: endpoints closed to application-restricted tokens",
        "https://github.com/NHSDigital/validated-relationships-service-api/blob/d265864937f7704f1ed284fa108db342b7251665/proxies/live/apiproxy/resources/py/check-app-enabled-endpoint.py",
    ),
    (
        "VRS-USER-ENDPOINTS",
        "Validated Relationships proxy: endpoints closed by NHS login level",
        "https://github.com/NHSDigital/validated-relationships-service-api/blob/d265864937f7704f1ed284fa108db342b7251665/proxies/live/apiproxy/resources/py/check-user-enabled-endpoint.py",
    ),
    (
        "NOTIFY",
        "NHS Notify API proxy (communications-manager-api): its error codes",
        "https://github.com/NHSDigital/communications-manager-api",
    ),
    (
        "MESH-SANDBOX",
        "MESH sandbox (mesh-sandbox): how MESH checks the NHSMESH header and answers",
        "https://github.com/NHSDigital/mesh-sandbox/blob/422c7d93ce4c94328423900a0016c93fe76e8ecd/src/mesh_sandbox/common/messaging.py",
    ),
    (
        "MESH-CLIENT",
        "MESH client (mesh-client): MESH's endpoints, internet-facing and HSCN",
        "https://github.com/NHSDigital/mesh-client/blob/5b8f3bca8a2497d3e55a5808e388bee8d6037f5f/mesh_client/__init__.py",
    ),
    (
        "ERS-AAL",
        "e-RS tests: an insufficient authentication assurance level (test_headers.py)",
        "https://github.com/NHSDigital/e-referrals-service-api/blob/c2761d3833cff02566830989c1d2877e664a06d9/tests/integration/test_headers.py",
    ),
    (
        "PDS-PATIENT-ACCESS",
        "Personal Demographics Service tests: patient access by identity proofing level",
        "https://github.com/NHSDigital/personal-demographics-service-api/blob/f57f5839b956fedb708555227ef2f9aefcc0cc37/karate-tests/src/test/java/patients/patientAccess/getPatient.feature",
    ),
    (
        "IDS-SCOPES",
        "identity-service: product scopes filtered by assurance level (exact match)",
        "https://github.com/NHSDigital/identity-service-api/commit/06aafa4dfd4844a9f3011e4e46200a705ae90ad3",
    ),
    (
        "IDS-RETIRE-NOSMARTCARD",
        "identity-service: the no-smartcard deployment (oauth2-no-smartcard) retired (APM-3686)",
        "https://github.com/NHSDigital/identity-service-api/commit/74be2d920d5392de5688d5e27c32f257471879a7",
    ),
    (
        "IDS-MOCK-DEP",
        "identity-service: dev's mock deployment moved to oauth2-mock-dep (APM-6519)",
        "https://github.com/NHSDigital/identity-service-api/commit/9f1969ccf777bb718ea27ce7d84798eae556bb2a",
    ),
    (
        "ERS-BUILD",
        "e-RS integration process: create and register your application",
        "https://digital.nhs.uk/services/e-referral-service/api/integration-process/build",
    ),
    (
        "NHS-RATE",
        "NHS reference guide: rate limits",
        "https://digital.nhs.uk/developer/guides-and-documentation/reference-guide#rate-limits",
    ),
    (
        "NHS-4XX",
        "NHS troubleshooting: 4xx status codes",
        "https://digital.nhs.uk/developer/guides-and-documentation/troubleshooting-4xx-status-codes",
    ),
    (
        "NHS-5XX",
        "NHS troubleshooting: 5xx status codes",
        "https://digital.nhs.uk/developer/guides-and-documentation/troubleshooting-5xx-status-codes",
    ),
    ("F-8080", "NHS developer forum: Invalid iss/sub claims", "8080"),
    ("F-7141", "NHS developer forum: Invalid iss/sub claims on integration", "7141"),
    ("F-5033", "NHS developer forum: INT JWKS endpoint error", "5033"),
    ("F-3106", "NHS developer forum: API key authentication not working", "3106"),
    ("F-11870", "NHS developer forum: non-matching iss in subject_token", "11870"),
    ("F-668", "NHS developer forum: why am I getting this error when trying to auth", "668"),
    ("F-1018", "NHS developer forum: CIS2 JWT is not valid", "1018"),
    ("F-545", "NHS developer forum: CIS2 separate authentication", "545"),
    (
        "NHS-APIKEY-DOC",
        "NHS docs: application-restricted APIs, API-key authentication",
        "application-restricted-restful-apis-api-key-authentication",
    ),
    (
        "NHS-JWT-DOC",
        "NHS docs: application-restricted APIs, signed JWT authentication",
        "application-restricted-restful-apis-signed-jwt-authentication",
    ),
    (
        "CIS2-COMBINED",
        "NHS docs: user-restricted APIs, CIS2 combined authentication",
        "user-restricted-restful-apis-nhs-cis2-combined-authentication-and-authorisation",
    ),
    ("NHS-HELP", "NHS developer help and support", "https://digital.nhs.uk/developer/help-and-support"),
    (
        "APIGEE-OAUTH-HTTP",
        "Apigee docs: OAuth HTTP status codes",
        "https://cloud.google.com/apigee/docs/api-platform/reference/policies/oauth-http-status-code-reference",
    ),
    (
        "APIGEE-JWT-ERR",
        "Apigee docs: JWT policy errors",
        "https://cloud.google.com/apigee/docs/api-platform/reference/policies/generate-jwt-policy#errors",
    ),
    (
        "APIGEE-GET-TOKENS",
        "Apigee docs: access tokens",
        "https://cloud.google.com/apigee/docs/api-platform/security/oauth/access-tokens",
    ),
    ("APIGEE-PROXYURL", "Apigee community: what proxy.url holds", "13463"),
    (
        "APIGEE-DISCUSS-44174",
        "Apigee community: Invalid client identifier {0}",
        "oauthv2-operation-generateaccesstoken/44174",
    ),
    ("APIGEE-FAULTRULE", "Apigee community: fault rule processing", "fault-rule-and-route-rule-processing/17448"),
    ("APIGEE-DISCUSS-17064", "Apigee community thread 17064", "17064"),
    ("APIGEE-DISCUSS-5786", "Apigee community thread 5786", "5786"),
    (
        "APIGEE-DISCUSS-4905",
        "Apigee community: invalid API key for given resource",
        "invalid-api-key-for-given-resource/4905",
    ),
    ("APIGEE-DISCUSS-470", "Apigee community thread 470", "470"),
    ("APIGEE-DISCUSS-1705", "Apigee community thread 1705", "1705"),
    ("WebCrypto", "W3C Web Cryptography API", "https://www.w3.org/TR/WebCryptoAPI/"),
];

/// The links of a catalogue `source` text, in order, each once.
pub fn links(source: &str) -> Vec<SourceLink> {
    let mut out: Vec<SourceLink> = Vec::new();
    for part in source.split(';').map(str::trim).filter(|p| !p.is_empty() && *p != "—") {
        for link in link(part) {
            if !out.contains(&link) {
                out.push(link);
            }
        }
    }
    out
}

fn link(part: &str) -> Vec<SourceLink> {
    if let Some((a, b)) = part.split_once(" via ") {
        return link(a).into_iter().chain(link(b)).collect();
    }
    let (head, detail) = match part.find(' ') {
        Some(i) => (&part[..i], part[i + 1..].trim().trim_start_matches('(').trim_end_matches(')')),
        None => (part, ""),
    };
    let head = head.trim();
    let with_detail = |label: &str| {
        if detail.is_empty() || head == "spec" {
            label.to_string()
        } else {
            format!("{label} ({detail})")
        }
    };
    // A proxy policy named alone or in brackets after IDS.
    let policies: Vec<&str> = detail
        .split([',', ' '])
        .chain(std::iter::once(head))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .filter(|w| w.ends_with(".xml") || w.ends_with(".js"))
        .collect();
    if head == "IDS" || head.ends_with(".xml") || head.starts_with("Flow.") {
        if let Some(p) = policies.first() {
            let dir = if p.ends_with(".js") { "resources/jsc" } else { "policies" };
            return vec![SourceLink {
                label: format!("identity-service proxy: {}", policies.join(", ")),
                url: Some(format!("{IDS}/proxies/live/apiproxy/{dir}/{p}")),
            }];
        }
        if head.starts_with("Flow.") {
            return vec![ids_key("IDS-FLOW")];
        }
    }
    if let Some((_, label, path)) = KEYS.iter().find(|(k, _, _)| *k == head) {
        return vec![SourceLink { label: with_detail(label), url: Some(format!("{IDS}{path}")) }];
    }
    if let Some((_, label, target)) = OTHER.iter().find(|(k, _, _)| *k == head) {
        let url = if target.starts_with("http") {
            (*target).to_string()
        } else if head.starts_with("F-") {
            format!("{FORUM}{target}")
        } else if head.starts_with("APIGEE-") {
            format!("{APIGEE_DISCUSS}{target}")
        } else {
            format!("{NHS_DOCS}{target}")
        };
        return vec![SourceLink { label: with_detail(label), url: Some(url) }];
    }
    if let Some(rest) = part.strip_prefix("RFC ") {
        let mut words = rest.split_whitespace();
        let number = words.next().unwrap_or("").trim_matches(|c: char| !c.is_ascii_digit());
        let section = words.next().and_then(|s| s.strip_prefix('§')).map(|s| s.trim_end_matches(['.', ',']));
        if !number.is_empty() {
            let url = match section {
                Some(s) if !s.is_empty() => format!("https://www.rfc-editor.org/rfc/rfc{number}#section-{s}"),
                _ => format!("https://www.rfc-editor.org/rfc/rfc{number}"),
            };
            return vec![SourceLink { label: part.to_string(), url: Some(url) }];
        }
    }
    // The spec's own derivation (§4.2 …) or a named product: readable, with no link of its own.
    let label = if head == "spec" {
        "derived from the platform's source (Auth Triage notes)".to_string()
    } else {
        part.to_string()
    };
    vec![SourceLink { label, url: None }]
}

fn ids_key(key: &str) -> SourceLink {
    let (_, label, path) =
        KEYS.iter().find(|(k, _, _)| *k == key).copied().unwrap_or(("", "identity-service proxy", ""));
    SourceLink { label: label.to_string(), url: Some(format!("{IDS}{path}")) }
}

/// The URL of a spec source key (F-8476, IDS-JS …), if it has one.
pub fn url_of(key: &str) -> Option<String> {
    link(key).into_iter().next().and_then(|l| l.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forum_keys_become_thread_links() {
        let l = links("F-8476; F-7141");
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].url.as_deref(), Some("https://developer.community.nhs.uk/t/8476"));
        assert!(l[0].label.contains("forum"));
    }

    #[test]
    fn policies_link_to_the_proxy_file() {
        let l = links("IDS (VerifyJWT.ClientCredentials.xml)");
        assert!(l[0].url.as_deref().unwrap().ends_with("/policies/VerifyJWT.ClientCredentials.xml"));
        assert!(!l[0].label.contains("IDS"), "{l:?}");
    }

    #[test]
    fn rfc_sections_link_to_the_section() {
        let l = links("RFC 7515 §7.1");
        assert_eq!(l[0].url.as_deref(), Some("https://www.rfc-editor.org/rfc/rfc7515#section-7.1"));
    }

    #[test]
    fn every_catalogue_source_has_a_readable_label_and_no_bare_key() {
        let sources = crate::vocab::Code::ALL
            .iter()
            .map(|c| c.entry().source)
            .chain(crate::catalogue::errors().iter().map(|e| e.source));
        for s in sources {
            for l in links(s) {
                let bare = l.label.split_whitespace().next().unwrap_or("");
                let is_key = KEYS.iter().chain(OTHER).any(|(k, _, _)| *k == bare);
                assert!(!is_key, "source {s:?} shows a bare key: {l:?}");
                assert!(l.url.is_some() || !l.label.is_empty(), "{s:?}");
            }
        }
    }
}
