//! The gateway's check order (spec §4.1), written once: `STEPS`, one row per step that can
//! fail, in the order the gateway runs them. A row names the catalogue error it raises and the
//! predicates that decide it: a rule's own (`rules::…::GATEWAY`, the predicate its finding is
//! made from) or, for what only the gateway's state decides, a question to the `Oracle`.

use crate::checks::oracle::Oracle;
use crate::checks::rules;
use crate::checks::state::{APP, JTI_UNUSED, JWKS_REACHABLE, KID, PRODUCT, PUBLIC_KEY, SIGNATURE, SPEND_JTI};
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::decode::jwt::Kind;
use crate::facts::Facts;
use crate::vocab::{ErrorId, Step};

/// What a row decides: a catalogue error, or an effect with no error of its own (step 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decides {
    Error(ErrorId),
    /// A step that never fails but changes the gateway's state.
    Effect(Step),
}

/// One step of the walk: the first failing check of the first failing row is the answer.
pub struct StepDef {
    pub decides: Decides,
    pub checks: &'static [&'static GatewayCheck],
}

impl StepDef {
    pub fn step(&self) -> Step {
        match self.decides {
            Decides::Error(id) => id.entry().step.unwrap_or(Step::ISSUED),
            Decides::Effect(s) => s,
        }
    }
}

const fn row(id: ErrorId, checks: &'static [&'static GatewayCheck]) -> StepDef {
    StepDef { decides: Decides::Error(id), checks }
}

/// Spec §4.1, in order. Within step 13, VerifyJWT's own order: the key by kid, the signature,
/// then the claims.
pub const STEPS: &[StepDef] = &[
    row(ErrorId::Oauth2NotFound, &[&rules::token_path_wrong::GATEWAY]),
    row(ErrorId::TokenMethodNotAllowed, &[&rules::method_not_post::GATEWAY]),
    row(
        ErrorId::ContentTypeMustBeFormUrlencoded,
        &[&rules::content_type_wrong::GATEWAY, &rules::params_in_query::GATEWAY],
    ),
    row(ErrorId::GrantTypeMissing, &[&rules::grant_type_missing::GATEWAY]),
    row(ErrorId::GrantTypeInvalid, &[&rules::grant_type_invalid::GATEWAY]),
    // Token exchange: the flow is chosen by subject_token_type; any other type falls through to
    // Flow.PostTokenInvalidSubjectTokenType before the client assertion is looked at.
    row(ErrorId::SubjectTokenTypeInvalid, &[&rules::subject_token_type_invalid::GATEWAY]),
    row(ErrorId::ClientAssertionTypeInvalid, &[&rules::client_assertion_type_invalid::GATEWAY]),
    row(ErrorId::ClientAssertionMissing, &[&rules::client_assertion_missing::GATEWAY]),
    row(ErrorId::ClientAssertionMalformed, &[&DECODABLE]),
    row(ErrorId::AlgInvalid, &[&rules::alg_not_rs512::GATEWAY]),
    row(ErrorId::ExpExpired, &[&rules::exp_expired::GATEWAY]),
    row(ErrorId::KidMissing, &[&rules::kid_missing::GATEWAY]),
    row(ErrorId::TypInvalid, &[&rules::typ_invalid::GATEWAY]),
    row(ErrorId::ExpMissing, &[&rules::exp_missing::GATEWAY]),
    row(ErrorId::ExpNotInteger, &[&rules::exp_not_number::GATEWAY]),
    row(ErrorId::IssSubMissingOrMismatch, &[&rules::iss_sub_mismatch::GATEWAY]),
    row(ErrorId::JtiMissing, &[&rules::jti_missing::GATEWAY]),
    row(ErrorId::JtiInvalid, &[&rules::jti_not_string::GATEWAY]),
    row(ErrorId::JtiNonUnique, &[&JTI_UNUSED]),
    row(ErrorId::ExpTooFar, &[&rules::exp_too_far::GATEWAY]),
    StepDef { decides: Decides::Effect(Step::new(8, 0)), checks: &[&SPEND_JTI] },
    row(
        ErrorId::IssSubInvalid,
        &[
            &APP,
            &rules::guid_in_place_of_key::GATEWAY,
            &rules::iss_sub_not_api_key::GATEWAY,
            &rules::environment_mismatch::GATEWAY,
        ],
    ),
    row(ErrorId::PublicKeyNotRegistered, &[&PUBLIC_KEY]),
    row(ErrorId::JwksUnreachable, &[&JWKS_REACHABLE]),
    row(ErrorId::KidNoMatchingKey, &[&KID]),
    row(ErrorId::SignatureVerificationFailed, &[&rules::signature_length_impossible::GATEWAY, &SIGNATURE]),
    row(ErrorId::AudInvalid, &[&rules::aud_mismatch::GATEWAY]),
    row(ErrorId::UnknownError, &[&rules::nbf_in_future::GATEWAY]),
    // Token exchange, once the client assertion passed VerifyJWT: the subject token is decoded.
    row(ErrorId::SubjectTokenMissing, &[&rules::subject_token_malformed::MISSING]),
    row(ErrorId::SubjectTokenMalformed, &[&rules::subject_token_malformed::GATEWAY]),
    row(
        ErrorId::OauthV2InvalidClientIdentifier,
        &[&rules::client_id_mismatch::GATEWAY, &rules::authorization_header_on_token::GATEWAY],
    ),
    row(ErrorId::UnauthorizedClient, &[&PRODUCT]),
];

/// Step 6: the assertion decodes as header.payload.signature with JSON header and claims.
pub const DECODABLE: GatewayCheck = GatewayCheck { code: None, decide: decodable };

fn decodable(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(t) = f.assertion() else { return Check::Pass };
    // A fragment (cut with `…`) whose claims were not all pasted cannot be judged whole.
    if t.cut.is_some_and(|at| at <= t.payload.offset + t.payload.b64.len()) {
        return Check::Stop;
    }
    if t.as_bytes {
        let why = "The client sends the token as Python bytes printed into the body (b'eyJ…'), which is not a JWT.";
        return Check::Fail(Fail::likely(why));
    }
    let undecodable = t.kind != Kind::Jws || t.header.object().is_none() || t.payload.object().is_none();
    if undecodable {
        return Check::Fail(Fail::certain(
            "The JWT cannot be decoded as header.payload.signature with JSON header and claims.",
        ));
    }
    // A word where the signature was (`SIGNATURE`, `<sig>`, `redacted`): the poster removed it,
    // and what was sent cannot be judged from here.
    if t.signature.as_ref().is_some_and(|s| signature_placeholder(&s.b64)) {
        return Check::Stop;
    }
    // A signature segment that is not base64url (its own finding says so): likely refused as
    // malformed too.
    if t.signature.as_ref().is_some_and(|s| s.bytes.is_none() && !s.b64.is_empty()) {
        return Check::Fail(Fail::likely("The signature segment is not base64url."));
    }
    // Decodable here, but a character base64url does not have is in the token as sent.
    match t.compact.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        Some(c) => Check::Fail(Fail::likely(format!(
            "The token holds {} (U+{:04X}), which base64url does not allow.",
            crate::decode::jwt::describe_char(c).split(':').next().unwrap_or(""),
            c as u32
        ))),
        None => Check::Pass,
    }
}

/// A signature segment that names a signature instead of being one.
pub fn signature_placeholder(b64: &str) -> bool {
    let lower = b64.trim_matches(['<', '>', '[', ']', '{', '}']).to_ascii_lowercase();
    let words = ["signature", "sig", "redacted", "removed", "snip", "signed", "xxx"];
    crate::extract::vars::is_placeholder(b64)
        || words.iter().any(|w| lower == *w || lower.starts_with(&format!("{w}_")))
}

#[cfg(test)]
mod placeholder_tests {
    use super::signature_placeholder;

    #[test]
    fn a_word_in_place_of_the_signature_is_a_placeholder() {
        for p in ["SIGNATURE", "<signature>", "sig", "REDACTED", "xxx", "..."] {
            assert!(signature_placeholder(p), "{p}");
        }
        for s in ["c2lnbmF0dXJl", "MQ", "SylL8Yk4lwhbvN_Q7m6emhnsVfSxtPRRMuVK8Vk6U"] {
            assert!(!signature_placeholder(s), "{s}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::oracle::Answer;
    use crate::checks::rules::testing::*;
    use crate::facts::Verification;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use serde_json::json;

    /// An oracle that knows the gateway's state: everything holds but the question whose
    /// answer is `fails`.
    struct Knows(Option<ErrorId>);

    impl Knows {
        fn say(&self, id: ErrorId) -> Answer {
            if self.0 == Some(id) {
                Answer::Fails(Fail::certain("the gateway's state says so"))
            } else {
                Answer::Holds
            }
        }
    }

    impl Oracle for Knows {
        fn jti_unused(&self, _: &str, _: &str) -> Answer {
            self.say(ErrorId::JtiNonUnique)
        }
        fn app(&self, _: &str) -> Answer {
            self.say(ErrorId::IssSubInvalid)
        }
        fn public_key(&self, _: &str) -> Answer {
            self.say(ErrorId::PublicKeyNotRegistered)
        }
        fn jwks_reachable(&self, _: &str) -> Answer {
            self.say(ErrorId::JwksUnreachable)
        }
        fn kid(&self, _: &Verification) -> Answer {
            self.say(ErrorId::KidNoMatchingKey)
        }
        fn signature(&self, _: &Verification) -> Answer {
            self.say(ErrorId::SignatureVerificationFailed)
        }
        fn product(&self, _: &str) -> Answer {
            self.say(ErrorId::UnauthorizedClient)
        }
    }

    fn token(header_changes: serde_json::Value, claim_changes: serde_json::Value) -> String {
        jwt(&with(header(), header_changes), &with(claims(), claim_changes))
    }

    fn claims_request(changes: serde_json::Value) -> String {
        curl_to(TOKEN_URL, &token(json!({}), changes))
    }

    fn body(fields: &[(&str, &str)]) -> String {
        curl_body(TOKEN_URL, &form(fields))
    }

    /// For every row, a paste that fails exactly there (the state rows through the oracle).
    fn firing(id: ErrorId) -> (String, Option<ErrorId>) {
        let jwt = good_jwt();
        let urn = CLIENT_ASSERTION_TYPE;
        let local = |paste: String| (paste, None);
        match id {
            ErrorId::Oauth2NotFound => local(curl_to("https://int.api.service.nhs.uk/oauth2/tokens", &jwt)),
            ErrorId::TokenMethodNotAllowed => local(good_request().replace("-X POST", "-X GET")),
            ErrorId::ContentTypeMustBeFormUrlencoded => {
                local(good_request().replace("x-www-form-urlencoded'", "json'"))
            }
            ErrorId::GrantTypeMissing => local(body(&[("client_assertion_type", urn), ("client_assertion", &jwt)])),
            ErrorId::GrantTypeInvalid => {
                local(body(&[("grant_type", "password"), ("client_assertion_type", urn), ("client_assertion", &jwt)]))
            }
            ErrorId::ClientAssertionTypeInvalid => local(body(&[
                ("grant_type", "client_credentials"),
                ("client_assertion_type", "jwt"),
                ("client_assertion", &jwt),
            ])),
            ErrorId::ClientAssertionMissing => {
                local(body(&[("grant_type", "client_credentials"), ("client_assertion_type", urn)]))
            }
            ErrorId::ClientAssertionMalformed => local(curl_to(TOKEN_URL, "bm90.anNvbg.c2ln")),
            ErrorId::AlgInvalid => local(curl_to(TOKEN_URL, &token(json!({"alg": "RS256"}), json!({})))),
            ErrorId::ExpExpired => local(claims_request(json!({"exp": NOW - 10}))),
            ErrorId::KidMissing => local(curl_to(TOKEN_URL, &token(json!({"kid": null}), json!({})))),
            ErrorId::TypInvalid => local(curl_to(TOKEN_URL, &token(json!({"typ": null}), json!({})))),
            ErrorId::ExpMissing => local(claims_request(json!({"exp": null}))),
            ErrorId::ExpNotInteger => local(claims_request(json!({"exp": "soon"}))),
            ErrorId::IssSubMissingOrMismatch => local(claims_request(json!({"sub": "another"}))),
            ErrorId::JtiMissing => local(claims_request(json!({"jti": null}))),
            ErrorId::JtiInvalid => local(claims_request(json!({"jti": 5}))),
            ErrorId::ExpTooFar => local(claims_request(json!({"exp": NOW + 400}))),
            ErrorId::AudInvalid => local(claims_request(json!({"aud": "https://api.service.nhs.uk/oauth2/token"}))),
            ErrorId::UnknownError => local(claims_request(json!({"nbf": NOW + 100}))),
            ErrorId::SubjectTokenTypeInvalid => local(body(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                ("client_assertion_type", urn),
                ("client_assertion", &jwt),
                ("subject_token_type", "urn:ietf:params:oauth:token-type:jwt"),
                ("subject_token", &jwt),
            ])),
            ErrorId::SubjectTokenMissing => local(body(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                ("client_assertion_type", urn),
                ("client_assertion", &jwt),
                ("subject_token_type", "urn:ietf:params:oauth:token-type:id_token"),
            ])),
            ErrorId::SubjectTokenMalformed => local(body(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                ("client_assertion_type", urn),
                ("client_assertion", &jwt),
                ("subject_token_type", "urn:ietf:params:oauth:token-type:id_token"),
                ("subject_token", "Ar4Fsp9OvtaHQXUstFiYZng8RY0v"),
            ])),
            ErrorId::OauthV2InvalidClientIdentifier => local(body(&[
                ("grant_type", "client_credentials"),
                ("client_assertion_type", urn),
                ("client_assertion", &jwt),
                ("client_id", "another"),
            ])),
            state => (good_request(), Some(state)),
        }
    }

    fn predicted(paste: &str, oracle: &dyn Oracle) -> Option<ErrorId> {
        crate::analyze_with(paste, &ctx(), oracle).predicted.and_then(|p| p.entry)
    }

    #[test]
    fn steps_are_in_the_gateways_order() {
        assert!(STEPS.windows(2).all(|w| w[0].step() <= w[1].step()), "STEPS out of spec §4.1 order");
    }

    #[test]
    fn every_catalogue_error_with_a_step_is_one_row() {
        for e in crate::catalogue::errors().iter().filter(|e| e.step.is_some()) {
            let rows = STEPS.iter().filter(|s| s.decides == Decides::Error(e.id)).count();
            assert_eq!(rows, 1, "{} (step {:?}) is in {rows} rows", e.id, e.step);
        }
        for s in STEPS {
            if let Decides::Error(id) = s.decides {
                assert!(id.entry().step.is_some(), "{id} has no step in the catalogue");
            }
        }
    }

    #[test]
    fn every_rules_predicate_explains_its_row() {
        for s in STEPS {
            let Decides::Error(id) = s.decides else { continue };
            for check in s.checks {
                if let Some(code) = check.code {
                    assert!(code.explains().contains(&id), "{code} decides {id} but does not explain it");
                }
            }
        }
    }

    #[test]
    fn every_step_fires_on_its_case_and_is_silent_on_a_good_request() {
        let all_hold = Knows(None);
        assert_eq!(predicted(&good_request(), &all_hold), None, "the good request gets a token");
        for s in STEPS {
            let Decides::Error(id) = s.decides else { continue };
            let (paste, state) = firing(id);
            assert_eq!(predicted(&paste, &Knows(state)), Some(id), "step {} ({id}) does not fire", s.step());
            // Silent: on the good request every check of the row passes.
            let report = crate::analyze_with(&good_request(), &ctx(), &all_hold);
            let ctx = ctx();
            let facts = crate::facts::Facts::new(
                &ctx,
                &report.tokens,
                &report.requests,
                &report.error_bodies,
                report.main.verification.clone(),
                &report.times,
            );
            for check in s.checks {
                assert_eq!(
                    (check.decide)(&facts, &all_hold),
                    Check::Pass,
                    "step {} ({id}) fires on a good request",
                    s.step()
                );
            }
        }
    }

    #[test]
    fn the_step_8_effect_spends_the_jti_only_when_the_claims_pass() {
        struct Spends(std::cell::Cell<u32>);
        impl Oracle for Spends {
            fn spend_jti(&self, _: &str, _: &str) {
                self.0.set(self.0.get() + 1);
            }
        }
        let o = Spends(Default::default());
        crate::analyze_with(&good_request(), &ctx(), &o);
        assert_eq!(o.0.get(), 1);
        crate::analyze_with(&claims_request(json!({"exp": NOW + 400})), &ctx(), &o);
        assert_eq!(o.0.get(), 1, "a 7.11 failure does not reach step 8");
    }
}
