#![cfg(not(target_arch = "wasm32"))]
//! `analyze` is total: whatever is pasted, it returns a report and never panics.

use auth_triage::{analyze, Context};
use proptest::prelude::*;

fn ctx() -> Context {
    Context::at(1_760_000_000).with_key("AbCdEfGhIjKlMnOpQrStUvWxYz012345")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(s in any::<String>()) {
        let _ = analyze(&s, &ctx());
    }

    #[test]
    fn token_alphabet_soup(s in "[A-Za-z0-9_=+/.\\-\u{200b}\u{a0} \n\"“”]{0,300}") {
        let _ = analyze(&s, &ctx());
        let _ = analyze(&format!("eyJ{s}"), &ctx());
        let _ = analyze(&format!("Bearer eyJhbGciOiJSUzUxMiJ9.{s}"), &ctx());
    }

    #[test]
    fn mutated_valid_token(pos in 0usize..120, byte in any::<u8>(), cut in 0usize..130) {
        let valid = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhIiwic3ViIjoiYSIsImV4cCI6MTc2MDAwMDMwMH0.c2ln";
        let mut bytes = valid.as_bytes().to_vec();
        let p = pos % bytes.len();
        bytes[p] = byte;
        let s = String::from_utf8_lossy(&bytes).to_string();
        let _ = analyze(&s, &ctx());
        let _ = analyze(&valid[..cut.min(valid.len())], &ctx());
    }
}

/// Inputs the property tests once broke on, kept as regressions.
#[test]
fn regressions() {
    for input in [
        "&𐞘Oௐ𞀧{ᦠ𑊨🢺¥a9𝗏𞀞Q", // an '&' followed by multi-byte characters (entity lookup sliced mid-character)
        "{\"a\":&𞀧𞀧𞀧;}",
        "6=r\"=\n_ p\ne\u{200b}_+3+.5 “\"+= =vy\n589+h”", // a status search sliced mid-character
        "HTTP/1.1 4”01 ”",
        // found by cargo-fuzz: a non-ASCII host with capitals made idna_adapter 1.0 assert
        "curl -X POST https://int.api.sent_assertion=eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJB\u{b7}MHO.c2ln'",
        "https://ÄBC.api.service.nhs.uk/oauth2/token",
        // found by cargo-fuzz: %-escapes in the host decode to non-ASCII for the IDNA stub
        "curl -X POST https://tqn6I0WRDFimkI26UD-tuc2OFy42r9WXlxfL_Lassertion=eyJhbGciOiJSUzUxMiIsInR%cCI6IkpXVCIsIlencode",
        "https://A%C3%84B.api.service.nhs.uk/oauth2/token",
        "https://xn--Bcher-kva.example/oauth2/token",
        // found by cargo-fuzz: extra slashes before the host (`https:///Host`) hid its capitals
        "eclientRL: https:///iZntapi.sbGciOiJSUzUxMiIsInR%cCI6IkpXVCIsIlencode.dGapi.service.nhoauZntapi.service.nhoauaXY.YX3Q.dGFn",
        "https:///Int.api.service.nhs.uk/oauth2/token",
        "https://\\Int.api.service.nhs.uk/oauth2/token",
        "https://\t/Int.api.service.nhs.uk/oauth2/token",
        // found by cargo-fuzz: one slash after the scheme, and a `://` further on
        "curl -X POST https:/GI6MSIr0.c1lbmWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW%F4cCI6Mtttps://int.apjMh",
        "https:/Int%C3%84.api.service.nhs.uk/oauth2/token",
        "HTTPS:Int%41.api.service.nhs.uk",
    ] {
        let _ = analyze(input, &ctx());
    }
}

#[test]
fn five_megabytes_and_binary() {
    let big = "eyJhbGciOiJSUzUxMiJ9.".repeat(5 * 1024 * 1024 / 21);
    let report = analyze(&big, &ctx());
    assert!(report.has(auth_triage::Code::InputTruncated));
    let binary: String = (0..200_000u32).map(|i| char::from_u32(i % 0xD7FF).unwrap_or('\u{0}')).collect();
    let _ = analyze(&binary, &ctx());
    let multibyte = "é".repeat(600_000); // cut must land on a character boundary
    assert!(analyze(&multibyte, &ctx()).has(auth_triage::Code::InputTruncated));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The extractors: no panic, and every span they report lies inside the paste.
    #[test]
    fn extractors_report_spans_inside_the_paste(s in "[ -~\n“”‘’{}\"':=&/.a-zA-Z0-9\u{200b}]{0,400}") {
        for t in auth_triage::extract::find_tokens(&s) {
            prop_assert!(t.map.iter().all(|&i| i <= s.len()));
        }
        for j in auth_triage::extract::json::find_objects(&s) {
            prop_assert!(j.span.start <= j.span.end && j.span.end <= s.len());
            prop_assert!(s.is_char_boundary(j.span.start) && s.is_char_boundary(j.span.end));
        }
        for r in auth_triage::extract::requests::find_requests(&s) {
            let span = r.span;
            prop_assert!(span.start <= span.end && span.end <= s.len());
        }
        let _ = auth_triage::extract::status::find_status(&s);
    }

    /// The request parser and the error-body parser on shell-ish and JSON-ish text.
    #[test]
    fn request_and_body_parsers(words in proptest::collection::vec("[-a-zA-Z0-9:/._=&'\"\\\\ ]{0,30}", 0..12)) {
        let cmd = format!("curl {}", words.join(" "));
        let _ = auth_triage::decode::curl::parse_curl(&cmd, auth_triage::vocab::Span { start: 0, end: 0 });
        let http = format!("POST /oauth2/token HTTP/1.1\n{}\n\n{}", words.join("\n"), words.join("&"));
        let _ = auth_triage::decode::request::parse_http(&http, auth_triage::vocab::Span { start: 0, end: 0 });
        let body = format!("{{\"error\":\"{}\",\"fault\":{{\"detail\":{{\"errorcode\":\"{}\"}}}}}}", words.join(" ").replace('"', ""), words.len());
        let _ = analyze(&body, &ctx());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// URL parsing never reaches the IDNA stub with what it asserts against: capitals,
    /// %-escapes, punycode or non-ASCII in a host, however the slashes, backslashes, tabs and
    /// newlines around it are arranged.
    #[test]
    fn hostile_urls(s in "(https?|HTTPS|ws|ftp):(/|\\\\|\t|\n){0,4}[A-Za-z0-9.]{0,10}(%[0-9A-Fa-f]{2})?[A-Za-z0-9.%@:_\t\n/\\\\?#Ä-]{0,30}(https?://[a-z.]{0,8})?") {
        let _ = auth_triage::platform::parse_url(&s);
        let _ = analyze(&format!("curl -X POST {s}"), &ctx());
    }
}
