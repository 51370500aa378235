//! A variable's name that went over the wire as the value: `Authorization: Bearer $TOKEN` in
//! curl's `-v` lines or a request printed as sent (Postman's console, devtools, a raw request),
//! or inside single quotes in a shell's curl command (bash expands no variable there). A
//! placeholder in code is an unknown; one seen on the wire is what the server got.

use super::request::{Request, RequestSource};
use crate::extract::vars::is_placeholder;
use crate::vocab::{Code, Finding};

/// The headers whose value the platform reads.
const HEADERS: &[&str] = &["authorization", "apikey", "x-request-id", "nhsd-session-urid", "x-correlation-id"];

/// The first header of the requests whose variable went over the wire unexpanded.
pub fn find(text: &str, requests: &[Request]) -> Option<Finding> {
    // What the paste prints as sent, read once and only when a placeholder is there to judge.
    let seen = std::cell::OnceCell::new();
    for r in requests {
        for name in HEADERS {
            let Some(value) = r.header(name) else { continue };
            let word = value.split_whitespace().last().unwrap_or("");
            // `$(uuidgen)` is a command the shell runs, not a variable left unexpanded.
            if !is_placeholder(word) || word.starts_with("$(") || word.starts_with('{') && !word.starts_with("{{") {
                continue;
            }
            let seen = seen.get_or_init(|| Seen::read(text));
            let Some(how) = sent_as_text(r, name, value, word, text, seen) else { continue };
            return Some(
                Finding::new(
                    Code::ValueSentUnexpanded,
                    format!(
                        "{} went over the wire as \"{}\": {how}. The server got the variable's name, not its value.",
                        header_name(r, name),
                        value.trim()
                    ),
                )
                .about(name),
            );
        }
    }
    None
}

fn header_name(r: &Request, lower: &str) -> String {
    r.headers.iter().find(|h| h.name.eq_ignore_ascii_case(lower)).map_or(lower.to_string(), |h| h.name.clone())
}

/// What the paste prints as it was sent: curl -v's `> ` header lines, and whether it holds a
/// console's `Request Headers` (devtools, Postman).
struct Seen<'a> {
    wire: Vec<(&'a str, &'a str)>,
    console: bool,
}

impl<'a> Seen<'a> {
    fn read(text: &'a str) -> Seen<'a> {
        let wire = text
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("> ")?.split_once(':'))
            .map(|(n, v)| (n.trim(), v.trim()))
            .collect();
        let lower = text.to_ascii_lowercase();
        Seen { wire, console: lower.contains("request headers") || lower.contains("postmanruntime") }
    }
}

/// How the paste shows the text itself was sent, if it does.
fn sent_as_text(r: &Request, name: &str, value: &str, word: &str, text: &str, seen: &Seen) -> Option<String> {
    let postman = word.starts_with("{{");
    let fix = if postman {
        format!(
            "Postman sends {word} as text when the environment selected does not define the variable (or it is \
             defined only in another environment or collection): select the environment that holds it, or set it"
        )
    } else {
        format!("the variable {word} was not expanded")
    };
    // curl -v prints each header it sent after `> `.
    let wire = seen.wire.iter().any(|(n, v)| n.eq_ignore_ascii_case(name) && *v == value.trim());
    // A raw request, or headers under devtools' or Postman's console's `Request Headers`.
    let printed = r.source == Some(RequestSource::Http) || r.source == Some(RequestSource::Devtools) && seen.console;
    // In a shell's curl command, single quotes keep `$VAR` as text.
    let single = r.source == Some(RequestSource::Curl)
        && word.starts_with('$')
        && r.span.and_then(|s| text.get(s.start..s.end)).is_some_and(|cmd| {
            cmd.match_indices('\'').collect::<Vec<_>>().chunks(2).any(|pair| match pair {
                [(a, _), (b, _)] => cmd[*a..*b].contains(word) && cmd[*a..*b].to_ascii_lowercase().contains(name),
                _ => false,
            })
        });
    if single {
        return Some(format!(
            "the shell keeps {word} as text inside single quotes (bash and sh expand variables only in double \
             quotes): write -H \"{}: {}\"",
            header_name(r, name),
            value.trim()
        ));
    }
    (wire || printed).then_some(fix)
}

#[cfg(test)]
mod tests {
    use crate::vocab::Code;

    const NOTIFY: &str = "https://int.api.service.nhs.uk/comms/v1/messages";

    fn codes(paste: &str) -> Vec<Code> {
        let ctx = crate::context::Context::default();
        crate::analyze(paste, &ctx).findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn fires_on_a_variable_in_single_quotes_and_on_one_printed_as_sent() {
        let single = format!("curl -X POST '{NOTIFY}' -H 'Authorization: Bearer $NOTIFY_TOKEN' -d @m.json");
        assert!(codes(&single).contains(&Code::ValueSentUnexpanded));
        let postman = "GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009\n401\n\
                       Request Headers\nAuthorization: Bearer {{pds_access_token}}\nX-Request-ID: 4b8f2e1d-6c3a-4f57-9e0b-d1a2c3e4f506\n";
        assert!(codes(postman).contains(&Code::ValueSentUnexpanded));
    }

    #[test]
    fn silent_on_a_variable_the_shell_expands_and_on_a_real_token() {
        let double = format!(
            "curl -X POST '{NOTIFY}' -H \"Authorization: Bearer $NOTIFY_TOKEN\" -H \"X-Correlation-Id: $(uuidgen)\""
        );
        assert!(!codes(&double).contains(&Code::ValueSentUnexpanded));
        let real = format!("curl '{NOTIFY}' -H 'Authorization: Bearer R9kT2vB6nX1qL8mW4pZ0cH7dJ3sF'");
        assert!(!codes(&real).contains(&Code::ValueSentUnexpanded));
    }
}
