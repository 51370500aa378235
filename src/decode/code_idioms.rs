//! Code idioms that make a wrong value every time, read from the code a paste shows (data: the
//! words that mark each, and what it does): a naive UTC time read as local time, a default
//! argument evaluated once, a token put on a shared client once, `echo` adding a newline to a
//! secret. Each says which of the platform's answers it explains (the catalogue's `explains`).

use crate::vocab::{Code, Finding};

struct Idiom {
    code: Code,
    /// Any of these marks it.
    marks: &'static [&'static str],
    /// And one of these must stand in the paste too (empty: none needed).
    with: &'static [&'static str],
    /// Not when one of these is there (the idiom's own fix).
    unless: &'static [&'static str],
    about: &'static str,
    says: &'static str,
}

const IDIOMS: &[Idiom] = &[
    Idiom {
        code: Code::TimeFromNaiveUtc,
        marks: &[
            "utcnow().timestamp()",
            "utcnow().strftime('%s')",
            "utcnow().strftime(\"%s\")",
            "mktime(datetime.utcnow()",
        ],
        with: &[],
        unless: &[],
        about: "exp",
        says: "The code takes the time from datetime.utcnow(): a naive datetime, which .timestamp() (and mktime) read \
               as local time, so iat and exp are off by the machine's UTC offset: an hour in the past in British \
               Summer Time, right in winter and on a UTC server. Use int(time.time()) or \
               datetime.now(timezone.utc).timestamp().",
    },
    Idiom {
        code: Code::DefaultArgumentOnce,
        marks: &[
            "=str(uuid",
            "= str(uuid",
            "=uuid.uuid4()",
            "= uuid.uuid4()",
            "=uuid4()",
            "= uuid4()",
            "=int(time.time())",
            "= int(time.time())",
            "=time.time()",
            "= time.time()",
        ],
        with: &["def "],
        unless: &[],
        about: "jti",
        says: "A default argument (def …(jti=str(uuid4()))) is evaluated once, when Python defines the function, not \
               on each call: every assertion after the first reuses the same jti (and time), so the platform refuses \
               it as a replay. Default to None and make the value inside the function.",
    },
    Idiom {
        code: Code::TokenSetOnce,
        marks: &["DefaultRequestHeaders.Authorization =", "DefaultRequestHeaders.Authorization="],
        with: &["AddSingleton", "static ", "readonly HttpClient", "static readonly"],
        unless: &[],
        about: "authorization",
        says: "The access token is put on a shared HttpClient's DefaultRequestHeaders once (a singleton, a static \
               client): every later call sends that same token, so once its 599 seconds are over every call is \
               refused as expired. Set Authorization per request (HttpRequestMessage.Headers.Authorization) from a \
               cache that gets a new token shortly before expires_in runs out, or add it in a DelegatingHandler.",
    },
    Idiom {
        code: Code::EchoAddsNewline,
        marks: &["| base64"],
        with: &["echo \"$", "echo $", "echo '"],
        unless: &["echo -n", "printf"],
        about: "request",
        says:
            "echo ends what it prints with a newline: echo \"$VALUE\" | base64 stores the value with a \\n at its end \
               (a Kubernetes Secret's data, a CI variable), and the app sends it so: an API key ending in a newline is \
               not the key, in iss/sub or in the apikey header. Use echo -n or printf %s, or the Secret's stringData.",
    },
    Idiom {
        code: Code::JqWithoutRaw,
        marks: &["| jq .", "| jq '.", "| jq \".", "|jq .", "++ jq ."],
        // Captured in a variable: `jq_captured`.
        with: &[],
        unless: &[],
        about: "request",
        says: "jq prints a string as JSON, with its double quotes: VALUE=$(… | jq .access_token) holds \"…\" with the \
               quotes, and the quotes are sent with it (a token or a client_assertion=\"eyJ…\" with quotes around \
               it), which no token or JWT is. Use jq -r (--raw-output) when capturing a value.",
    },
    Idiom {
        code: Code::ExpiresInStringAdded,
        marks: &["expires_in", "issued_at", "expiresIn", "issuedAt"],
        // The arithmetic itself: `string_added`.
        with: &[],
        unless: &[],
        about: "request",
        says: "The code adds to expires_in or issued_at as the token response gives them, and both are JSON \
               strings (\"599\", \"1768300012345\"): + concatenates text (JavaScript joins a string and a number too), so \
               the expiry it computes is digits glued together, far in the future, and the cached token is used long \
               after its 599 seconds. Convert first: Number(r.expires_in) or parseInt(r.expires_in, 10), int() in \
               Python.",
    },
];

/// The idioms the paste's code shows, as findings.
pub fn find(text: &str) -> Vec<Finding> {
    IDIOMS
        .iter()
        .filter(|i| i.marks.iter().any(|m| text.contains(m)))
        .filter(|i| i.with.is_empty() || i.with.iter().any(|w| text.contains(w)))
        .filter(|i| !i.unless.iter().any(|u| text.contains(u)))
        .filter(|i| i.code != Code::DefaultArgumentOnce || default_argument(text))
        .filter(|i| i.code != Code::JqWithoutRaw || jq_captured(text))
        .filter(|i| i.code != Code::ExpiresInStringAdded || string_added(text))
        .map(|i| Finding::new(i.code, i.says).about(i.about))
        .collect()
}

/// A `def` line whose parameters give a default made by a call (`def f(jti=str(uuid4())):`).
fn default_argument(text: &str) -> bool {
    text.lines().map(str::trim_start).filter(|l| l.starts_with("def ")).any(|l| {
        let params = l.split_once('(').map_or("", |(_, p)| p);
        let made = IDIOMS.iter().find(|i| i.code == Code::DefaultArgumentOnce).map_or(&[][..], |i| i.marks);
        made.iter().any(|m| params.contains(m))
    })
}

/// A `+` straight on a field of the token response read as it comes (`… + r.expires_in`,
/// `t.issued_at + …`), with no conversion to a number around it.
fn string_added(text: &str) -> bool {
    const FIELDS: &[&str] =
        &[".expires_in", ".issued_at", ".expiresIn", ".issuedAt", "['expires_in']", "[\"expires_in\"]"];
    const CONVERTED: &[&str] = &["Number(", "parseInt(", "parseFloat(", "int(", "float(", "to_i", "Convert.To", "+("];
    text.lines().filter(|l| l.contains(" + ") && !CONVERTED.iter().any(|c| l.contains(c))).any(|l| {
        FIELDS.iter().any(|field| {
            l.match_indices(field).any(|(at, _)| {
                // The receiver before the field (`r`, `t.body`), then what stands either side of it.
                let receiver = l[..at].trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'));
                let after = l[at + field.len()..].trim_start();
                let added_to = receiver.trim_end().ends_with('+') && !receiver.trim_end().ends_with("++");
                let adds = after.starts_with('+') && !after.starts_with("++") && !after.starts_with("+=");
                added_to && !after.starts_with(['*', '/']) || adds
            })
        })
    })
}

/// A line that captures jq's output in a variable without `-r` (`TOKEN=$(curl … | jq .access_token)`).
fn jq_captured(text: &str) -> bool {
    // `bash -x` shows it run (`++ jq .access_token`) and the quotes it kept (`+ TOKEN='"kz3…"'`).
    let traced = text.lines().any(|l| l.starts_with("++ jq .")) && text.lines().any(|l| l.contains("='\""));
    traced
        || text.lines().any(|l| {
            let captured = l.contains("$(") && l.contains("| jq ") || l.contains("|jq ");
            let raw = ["jq -r", "jq --raw-output", "jq -j", "jq -rc", "jq -cr"].iter().any(|r| l.contains(r));
            captured && l.contains("$(") && !raw
        })
}

#[cfg(test)]
mod tests {
    use super::find;
    use crate::vocab::Code;

    fn codes(text: &str) -> Vec<Code> {
        find(text).into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn each_idiom_is_read() {
        assert_eq!(codes("iat = int(datetime.utcnow().timestamp())"), [Code::TimeFromNaiveUtc]);
        assert_eq!(codes("def make_claims(key, jti=str(uuid.uuid4())):\n    return {}"), [Code::DefaultArgumentOnce]);
        let dotnet = "builder.Services.AddSingleton(sp => { c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(\"Bearer\", t); });";
        assert_eq!(codes(dotnet), [Code::TokenSetOnce]);
        assert_eq!(codes("echo \"$NHS_API_KEY\" | base64"), [Code::EchoAddsNewline]);
        assert_eq!(codes("TOKEN=$(curl -s $URL | jq .access_token)"), [Code::JqWithoutRaw]);
        assert_eq!(
            codes("const expiresAt = Math.floor(Date.now() / 1000) + r.expires_in"),
            [Code::ExpiresInStringAdded]
        );
        assert_eq!(codes("const expiresAt = t.issued_at + t.expires_in * 1000"), [Code::ExpiresInStringAdded]);
    }

    #[test]
    fn silent_on_the_idioms_fixes() {
        assert!(codes("iat = int(time.time())\njti = str(uuid4())").is_empty());
        assert!(codes("def make_claims(key, jti=None):\n    jti = jti or str(uuid.uuid4())").is_empty());
        assert!(codes("echo -n \"$NHS_API_KEY\" | base64").is_empty());
        assert!(codes("TOKEN=$(curl -s $URL | jq -r .access_token)\ncurl $URL | jq .").is_empty());
        assert!(codes("request.Headers.Authorization = new AuthenticationHeaderValue(\"Bearer\", t);").is_empty());
        assert!(codes("const expiresAt = Date.now() + Number(r.expires_in) * 1000").is_empty());
        assert!(codes("const ms = t.expires_in * 1000 + start").is_empty());
        assert!(codes("expires_in: '599'").is_empty());
    }
}
