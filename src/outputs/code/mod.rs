//! Code for the user's own stack: the builder's values (API key = `iss` = `sub`, `kid`, the
//! environment's token URL as `aud`, where the private key is) as a program that signs a new
//! client assertion per token request and calls Hello World with the token, in the shape of
//! NHS's own tutorials (spec §11): header `alg` RS512, `typ` JWT, `kid`; claims `iss` = `sub`
//! = API key, `aud` = the token URL, `jti` a random UUID, `exp` = now + 300 (never more); the
//! form `grant_type=client_credentials`, `client_assertion_type=urn:…:jwt-bearer`,
//! `client_assertion=…` with `Content-Type: application/x-www-form-urlencoded` exactly (no
//! charset) and no `Authorization` header; then `GET /hello-world/hello/application` with
//! `Authorization: Bearer <token>`.
//!
//! Pure: text in, text out, no clock, no randomness, no browser crate. A private key is never
//! written into a program unless the caller passes it (`KeySource::Pem`); by default the
//! program reads it from a file (`private.pem`).

mod compiled;
mod scripted;
mod tools;

use crate::platform::Environment;

/// The Hello World application-restricted endpoint (spec §6.1).
pub const HELLO_PATH: &str = "/hello-world/hello/application";
/// The key file a program reads by default.
pub const DEFAULT_KEY_FILE: &str = "private.pem";
/// `client_assertion_type`.
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// The most NHS documents for `exp` − now; the programs use exactly this.
pub const EXP_SECONDS: u32 = 300;

/// The pinned versions the programs name (checked against their registries, 2026-11).
pub mod pins {
    pub const PYJWT: &str = "2.15.1";
    pub const REQUESTS: &str = "2.34.2";
    pub const JOSE: &str = "6.2.18";
    pub const IDENTITY_MODEL: &str = "8.23.0";
    pub const NIMBUS: &str = "10.10";
    pub const PHP_JWT: &str = "^6.10";
    pub const GOLANG_JWT: &str = "v5.3.1";
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Python,
    Node,
    CSharp,
    Java,
    Php,
    Go,
    /// A `.http` file (VS Code REST Client; JetBrains' HTTP client reads it too).
    Http,
    /// A Postman collection (v2.1).
    Postman,
}

impl Lang {
    pub const ALL: [Lang; 8] =
        [Lang::Python, Lang::Node, Lang::CSharp, Lang::Java, Lang::Php, Lang::Go, Lang::Http, Lang::Postman];

    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.id() == s.trim().to_ascii_lowercase())
    }

    pub fn id(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Node => "node",
            Lang::CSharp => "csharp",
            Lang::Java => "java",
            Lang::Php => "php",
            Lang::Go => "go",
            Lang::Http => "http",
            Lang::Postman => "postman",
        }
    }

    /// The file to save it as.
    pub fn file_name(self) -> &'static str {
        match self {
            Lang::Python => "nhs_token.py",
            Lang::Node => "nhs_token.mjs",
            Lang::CSharp => "Program.cs",
            Lang::Java => "NhsToken.java",
            Lang::Php => "nhs_token.php",
            Lang::Go => "main.go",
            Lang::Http => "nhs_token.http",
            Lang::Postman => "nhs_token.postman_collection.json",
        }
    }
}

/// Where the program gets the private key.
#[derive(Clone, Debug, PartialEq)]
pub enum KeySource {
    /// Read from this file at run time (the default: `private.pem`).
    File(String),
    /// This PEM, written into the program: only when the caller passes it explicitly.
    Pem(String),
}

/// The builder's values.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// The app's API key: `iss` and `sub`.
    pub api_key: String,
    pub kid: String,
    /// Where the token request goes, which is also `aud` (the platform's rule).
    pub token_url: String,
    /// The Hello World URL the token is used on.
    pub hello_url: String,
    pub key: KeySource,
}

impl Params {
    /// For an environment: its token URL (= `aud`) and its Hello World.
    pub fn for_env(env: Environment, api_key: &str, kid: &str) -> Params {
        Params {
            api_key: api_key.trim().to_string(),
            kid: kid.trim().to_string(),
            token_url: env.token_url(),
            hello_url: format!("https://{}{HELLO_PATH}", env.host()),
            key: KeySource::File(DEFAULT_KEY_FILE.into()),
        }
    }

    /// For a base URL such as the local twin's (`http://127.0.0.1:9000`): the program posts to
    /// `BASE/oauth2/token` and signs that URL as `aud` (the twin accepts the URL it was posted
    /// to, as the platform accepts its own).
    pub fn for_base(base: &str, api_key: &str, kid: &str) -> Params {
        let base = base.trim().trim_end_matches('/');
        Params {
            api_key: api_key.trim().to_string(),
            kid: kid.trim().to_string(),
            token_url: format!("{base}/oauth2/token"),
            hello_url: format!("{base}{HELLO_PATH}"),
            key: KeySource::File(DEFAULT_KEY_FILE.into()),
        }
    }

    pub fn with_key(mut self, key: KeySource) -> Params {
        self.key = key;
        self
    }
}

/// The program (or file) for `lang`.
pub fn generate(lang: Lang, p: &Params) -> String {
    match lang {
        Lang::Python => scripted::python(p),
        Lang::Node => scripted::node(p),
        Lang::CSharp => compiled::csharp(p),
        Lang::Java => compiled::java(p),
        Lang::Php => scripted::php(p),
        Lang::Go => compiled::go(p),
        Lang::Http => tools::http(p),
        Lang::Postman => tools::postman(p),
    }
}

/// `s` as a double-quoted string literal of the C family (Python, JavaScript, C#, Go, Java):
/// `"` and `\` escaped, control characters (and the JavaScript line separators) as escapes —
/// `\uXXXX`, except in Java, whose compiler reads `\u` escapes before it reads strings, so
/// there an octal escape — and everything else as it is (UTF-8 source).
pub(crate) fn quoted(s: &str, java: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if java && (c as u32) < 0x20 => out.push_str(&format!("\\{:03o}", c as u32)),
            c if java && c.is_control() => out.push('?'),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a single-quoted PHP string: only `'` and `\` are special there (no `$` interpolation).
pub(crate) fn php_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A program from its template: the values every template takes — the API key, kid and URLs as
/// the language quotes strings (`quote`), the private key's block, the assertion's lifetime and
/// type — after the language's own (its pinned versions).
pub(crate) fn program(
    template: &str,
    p: &Params,
    quote: &dyn Fn(&str) -> String,
    key: String,
    own: &[(&str, String)],
) -> String {
    let mut values: Vec<(&str, String)> = own.to_vec();
    values.extend([
        ("API_KEY", quote(&p.api_key)),
        ("KID", quote(&p.kid)),
        ("TOKEN_URL", quote(&p.token_url)),
        ("HELLO_URL", quote(&p.hello_url)),
        ("KEY", key),
        ("EXP", EXP_SECONDS.to_string()),
        ("ASSERTION_TYPE", ASSERTION_TYPE.into()),
    ]);
    fill(template, &values)
}

/// The template with each `{{NAME}}` replaced, in one pass (a value that holds `{{…}}` is
/// not read again). An unknown name is left as it is.
pub(crate) fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (v, end))
        });
        match value {
            Some((v, end)) => {
                out.push_str(v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
