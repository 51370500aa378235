//! A token request with a form body but no `client_assertion`.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| r.form_value("grant_type") == Some("client_credentials")) else {
        return;
    };
    match r.form_value("client_assertion") {
        Some(a) if !a.trim().is_empty() => {}
        _ => {
            let hint = if r.header("authorization").is_some_and(|a| a.contains("eyJ")) {
                " The JWT is in the Authorization header instead."
            } else {
                ""
            };
            out.push(
                Finding::new(
                    Code::ClientAssertionMissing,
                    format!("The form body has no client_assertion: the signed JWT is not sent.{hint}"),
                )
                .about("client_assertion"),
            );
        }
    }
}
