//! Tests of `verdict.rs`.
#[test]
fn an_apis_own_5xx_is_not_auth_and_says_to_retry_and_what_to_give() {
    let ctx = crate::context::Context { now: 1_760_000_000, ..Default::default() };
    let paste = "GET https://int.api.service.nhs.uk/immunisation-fhir-api/FHIR/R4/Immunization -> 500\n\
                 {\"resourceType\":\"OperationOutcome\",\"issue\":[{\"code\":\"exception\",\"diagnostics\":\"Unable to process request.\"}]}";
    let why = crate::analyze(paste, &ctx).verdict.why;
    assert!(why.contains("not an authentication problem") && why.contains("retry"), "{why}");
}

/// A bare status is certain in what it means only where one thing answers with it.
#[test]
fn a_bare_429_is_certain_a_bare_api_401_is_likely() {
    let ctx = crate::context::Context { now: 1_760_000_000, ..Default::default() };
    let v = crate::analyze("GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/1 -> 429", &ctx)
        .verdict;
    assert_eq!((v.status, v.certainty), (Some(429), crate::vocab::Certainty::Certain), "{}", v.why);
    let v = crate::analyze("GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/1 -> 401", &ctx)
        .verdict;
    assert_eq!((v.status, v.certainty), (Some(401), crate::vocab::Certainty::Likely), "{}", v.why);
}

/// A log's token answer, then the API call with that token refused with a bare 401: the
/// latest answer wins, and the walk's check for the call names it.
#[test]
fn a_bare_401_after_a_token_answer_is_the_calls_check() {
    let ctx = crate::context::Context { now: 1_760_000_000, ..Default::default() };
    let paste =
        "const pds = axios.create({\n  baseURL: \"https://int.api.service.nhs.uk/personal-demographics/FHIR/R4\",\n  \
                 headers: { Authorization: tokenRes.access_token, \"X-Request-ID\": randomUUID() },\n});\n\
                 await pds.get(\"/Patient/9449305552\");\n\
                 token ok: { access_token: 'kRUrM7', expires_in: '599', token_type: 'Bearer' }\n\
                 AxiosError: Request failed with status code 401\n  status: 401\n";
    let v = crate::analyze(paste, &ctx).verdict;
    assert_eq!(v.from, crate::vocab::Provenance::Predicted, "{}", v.headline);
    assert_eq!((v.status, v.error.as_deref()), (Some(401), Some("Missing access token")), "{}", v.headline);
    assert!(v.why.starts_with("the paste shows a 401 answer but not its body, and the "), "{}", v.why);
    // Without the later 401, the token answer is the headline.
    let ok = paste.split("AxiosError").next().unwrap_or_default();
    assert_eq!(crate::analyze(ok, &ctx).verdict.status, Some(200));
}
