//! Errors that never reached the gateway: the messages and stack traces of the JWT and crypto
//! libraries the NHS samples and their users use. When one is pasted, no request was sent, and
//! the fix is in that language's terms. The signatures are data: the library's own message (a
//! distinctive part of it), what it means and the one change to make.

use serde::Serialize;

use crate::vocab::Span;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClientError {
    /// "Node jsonwebtoken", "Python PyJWT / cryptography" …, or the language and the class of an
    /// exception no signature names ("Java (java.security.InvalidKeyException)").
    pub library: String,
    /// The library's message as pasted (the line that holds it).
    pub message: String,
    pub span: Span,
    /// What it means here.
    pub cause: String,
    /// The change to make, in that language.
    pub fix: String,
    /// The library threw reading the platform's answer: the request was sent and answered.
    pub after_response: bool,
}

struct Signature {
    /// A distinctive part of the library's message.
    needle: &'static str,
    library: &'static str,
    cause: &'static str,
    fix: &'static str,
    after_response: bool,
}

/// Why a strictly typed client fails on the platform's token response.
const EXPIRES_IN_STRING: &str = "The token endpoint answered 200 with a token: its expires_in is a JSON string \
                                 (\"599\"), as the platform always sends it, and a client that declares \
                                 expires_in as a number fails to read the answer. The token itself is good; it \
                                 lives 599 s, whatever the assertion's exp, and is meant to be reused until \
                                 shortly before it expires.";

/// Most specific first.
const SIGNATURES: &[Signature] = &[
    Signature {
        needle: "could not be converted to System.Int32. Path: $.expires_in",
        library: ".NET System.Text.Json",
        cause: EXPIRES_IN_STRING,
        fix: "Declare expires_in as string, or read numbers from strings: [JsonNumberHandling(JsonNumberHandling.\
              AllowReadingFromString)] on the property (or JsonSerializerOptions.NumberHandling).",
        after_response: true,
    },
    Signature {
        needle: "cannot unmarshal string into Go struct field",
        library: "Go encoding/json",
        cause: EXPIRES_IN_STRING,
        fix: "Tag the field as a string number: ExpiresIn int64 `json:\"expires_in,string\"` (or use json.Number).",
        after_response: true,
    },
    Signature {
        needle: "expires_in: invalid type: string",
        library: "Rust serde",
        cause: EXPIRES_IN_STRING,
        fix: "Read expires_in as a string and parse it (serde_with's DisplayFromStr), or use a client that accepts \
              a string expires_in.",
        after_response: true,
    },
    Signature {
        needle: "IllegalArgumentException: key expires_in",
        library: "Java google-oauth-client",
        cause: EXPIRES_IN_STRING,
        fix: "Parse the token response yourself (read expires_in as a string), or use a client whose parser \
              accepts a string expires_in (Nimbus OAuth 2.0 SDK).",
        after_response: true,
    },
    Signature {
        needle: "secretOrPrivateKey must be an asymmetric key when using RS",
        library: "Node jsonwebtoken",
        cause: "jwt.sign() was given a string that is not an RSA private key in PEM form — a shared secret \
                (an API secret), a file path, or a PEM whose line breaks were lost. RS512 signs with your \
                private key: the PEM text that starts with -----BEGIN PRIVATE KEY----- (or BEGIN RSA \
                PRIVATE KEY).",
        fix: "Pass the private key's PEM text: jwt.sign(claims, fs.readFileSync('private.pem', 'utf8'), \
              { algorithm: 'RS512', keyid: KID }). From an environment variable, restore the line breaks: \
              process.env.NHS_PRIVATE_KEY.replace(/\\\\n/g, '\\n'). Never sign with the API key or secret.",
        after_response: false,
    },
    Signature {
        needle: "secretOrPrivateKey must have a value",
        library: "Node jsonwebtoken",
        cause: "jwt.sign() was given no key at all: the environment variable or file that should hold the \
                private key is empty or not loaded.",
        fix: "Load the private key's PEM text before signing (fs.readFileSync('private.pem', 'utf8')) and check \
              the variable is set where the code runs.",
        after_response: false,
    },
    Signature {
        needle: "DECODER routines::unsupported",
        library: "Node crypto (OpenSSL 3)",
        cause: "Node could not decode the private key: the PEM text is damaged — most often the line breaks of \
                a key kept in an environment variable or .env file arrived as the two characters \\n, or the \
                BEGIN/END lines are missing or wrong, or the key is encrypted.",
        fix: "Give the key real line breaks: privateKey = process.env.NHS_PRIVATE_KEY.replace(/\\\\n/g, '\\n') (or \
              read it from the .pem file). The text must start with -----BEGIN and end with the matching \
              -----END line.",
        after_response: false,
    },
    Signature {
        // OpenSSL 1.1 says `PEM routines:get_name:no start line`, OpenSSL 3 `PEM routines::no start line`.
        needle: "no start line",
        library: "Node crypto (OpenSSL)",
        cause: "Node found no -----BEGIN …----- line in what it was given as the key: a file path or a base64 \
                body without its BEGIN/END lines, or a PEM whose line breaks arrived as \\n.",
        fix: "Pass the whole PEM text, BEGIN and END lines included: fs.readFileSync('private.pem', 'utf8'), or \
              process.env.NHS_PRIVATE_KEY.replace(/\\\\n/g, '\\n').",
        after_response: false,
    },
    Signature {
        // jose's SignJWT reads the protected header's `crit` first: with no setProtectedHeader
        // it is undefined (Node 16 and later word the TypeError so; earlier Node as below).
        needle: "of undefined (reading 'crit')",
        library: "Node jose",
        cause: "jose's SignJWT.sign() found no protected header: SignJWT sets none of its own, not even alg, so \
                sign() fails before it signs anything.",
        fix: "Call setProtectedHeader({ alg: 'RS512', kid: '<your kid>', typ: 'JWT' }) before sign().",
        after_response: false,
    },
    Signature {
        needle: "Cannot read property 'crit' of undefined",
        library: "Node jose",
        cause: "jose's SignJWT.sign() found no protected header: SignJWT sets none of its own, not even alg, so \
                sign() fails before it signs anything.",
        fix: "Call setProtectedHeader({ alg: 'RS512', kid: '<your kid>', typ: 'JWT' }) before sign().",
        after_response: false,
    },
    Signature {
        needle: "Do you have cryptography installed?",
        library: "Python PyJWT",
        cause: "PyJWT is installed without the cryptography package, so it has no RSA algorithms: RS512 cannot \
                be signed. Common where the code runs elsewhere than it was written (a Lambda or container \
                image built from a requirements file that lists PyJWT alone).",
        fix: "Install PyJWT with its crypto extra where the code runs: pip install 'PyJWT[crypto]' (or add \
              cryptography to requirements.txt, and to the Lambda layer or image).",
        after_response: false,
    },
    Signature {
        needle: "Could not deserialize key data",
        library: "Python cryptography (via PyJWT)",
        cause: "cryptography could not read the key as PEM: the bytes are a file path, a PEM whose line breaks \
                arrived as the two characters \\n (an environment variable), a public key where the private one \
                belongs, or a key with a passphrase.",
        fix: "Pass the private key's PEM bytes: key = open('private.pem', 'rb').read(), or \
              os.environ['NHS_PRIVATE_KEY'].replace('\\\\n', '\\n'); then jwt.encode(claims, key, \
              algorithm='RS512', headers={'kid': KID}).",
        after_response: false,
    },
    Signature {
        needle: "Could not parse the provided public key",
        library: "Python PyJWT",
        cause: "PyJWT did not recognise the key it was given as PEM, so it tried to read it as a public key: \
                most often a file path (the name of the .pem) was passed instead of the private key's text.",
        fix: "Read the file and pass its contents: jwt.encode(claims, open(cfg['private_key_path']).read(), \
              algorithm='RS512', headers={'kid': KID}).",
        after_response: false,
    },
    Signature {
        needle: "Expecting a PEM-formatted key",
        library: "Python PyJWT",
        cause: "PyJWT was given something that is not a PEM private key (a path, a secret, a damaged PEM).",
        fix: "Pass the PEM text of the private key: open('private.pem').read().",
        after_response: false,
    },
    Signature {
        needle: "IDX10634",
        library: ".NET Microsoft.IdentityModel",
        cause: "The SigningCredentials hold a SymmetricSecurityKey (a shared-secret key, made from the PEM's \
                bytes) but the algorithm is RS512, which needs an RSA key: no signature provider exists for \
                that pair.",
        fix: "Load the PEM into an RSA key: var rsa = RSA.Create(); rsa.ImportFromPem(pem); var key = new \
              RsaSecurityKey(rsa) { KeyId = kid }; new SigningCredentials(key, SecurityAlgorithms.RsaSha512).",
        after_response: false,
    },
    Signature {
        needle: "IDX10720",
        library: ".NET Microsoft.IdentityModel",
        cause: "The RSA key is smaller than the library allows for signing (2048 bits at least); the platform \
                asks for 4096-bit keys.",
        fix: "Generate a 4096-bit RSA key pair (openssl genrsa -out private.pem 4096), register its public key \
              (JWKS) for the app, and sign with the new private key.",
        after_response: false,
    },
    Signature {
        needle: "cannot be cast to class org.bouncycastle.openssl.PEMKeyPair",
        library: "Java BouncyCastle",
        cause: "The key file is PKCS#8 (-----BEGIN PRIVATE KEY-----) but the code (as in NHS's Java sample) \
                reads a PKCS#1 key pair (-----BEGIN RSA PRIVATE KEY-----).",
        fix: "Convert the key to PKCS#1, as the NHS Java tutorial's README says: openssl pkey -in private.pem \
              -traditional -out jwtRS512.key — or read PKCS#8 in code (PEMParser returns PrivateKeyInfo: use \
              JcaPEMKeyConverter.getPrivateKey).",
        after_response: false,
    },
    Signature {
        needle: "PrivateKeyInfo cannot be cast to",
        library: "Java BouncyCastle",
        cause: "The key file is PKCS#8 (-----BEGIN PRIVATE KEY-----) but the code reads a PKCS#1 key pair \
                (-----BEGIN RSA PRIVATE KEY-----).",
        fix: "Convert the key to PKCS#1: openssl pkey -in private.pem -traditional -out jwtRS512.key — or read \
              PKCS#8 in code.",
        after_response: false,
    },
    Signature {
        needle: "WeakKeyException",
        library: "Java jjwt",
        cause: "The RSA key is too small for RS512 in jjwt (RFC 7518 §3.3: at least 2048 bits); the platform asks \
                for 4096-bit keys.",
        fix: "Generate a 4096-bit key pair (openssl genrsa -out jwtRS512.key 4096), register the new public key \
              (JWKS) for the app, and sign with it.",
        after_response: false,
    },
    Signature {
        needle: "supplied key param cannot be coerced into a private key",
        library: "PHP OpenSSL",
        cause: "openssl_sign() could not read the key as a PEM private key: a path given without file://, a \
                PEM whose line breaks arrived as \\n, or BEGIN/END lines that are wrong or incomplete (the END \
                line must be exactly -----END RSA PRIVATE KEY----- or -----END PRIVATE KEY-----, dashes \
                included).",
        fix: "Load the key with openssl_pkey_get_private(file_get_contents('private.pem')) and check it is not \
              false; keep the PEM's BEGIN and END lines whole.",
        after_response: false,
    },
];

/// The first library error in the text, if any: one the signatures name, else any exception
/// about the auth journey, read by its language's shape (`exception.rs`).
pub fn find(text: &str) -> Option<ClientError> {
    // The first signature in the text, unless one is on a root cause's line (`Caused by:`,
    // `[cause]:`), as the exception reader takes it: the error underneath is the one to fix.
    let root = |at: &usize| {
        let line = text[..*at].rsplit('\n').next().unwrap_or("").trim_start();
        !(line.starts_with("Caused by:") || line.starts_with("[cause]:"))
    };
    let Some((at, sig)) =
        SIGNATURES.iter().filter_map(|s| text.find(s.needle).map(|at| (at, s))).min_by_key(|(at, _)| (root(at), *at))
    else {
        return mismatch(text)
            .or_else(|| super::curl_error::find(text))
            .or_else(|| super::exception::find(text).map(|t| thrown(t, text)));
    };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    // The line without a log's tab-separated columns before the message (CloudWatch's time,
    // request id and level) or a root cause's `Caused by:`.
    let in_line = at - line_start;
    let line_from = text[line_start..at].rfind('\t').map_or(0, |i| i + 1);
    let line = text[line_start + line_from..line_end].trim();
    let in_line = in_line - line_from;
    let (line, in_line) = match ["Caused by: ", "[cause]: "].iter().find_map(|p| line.strip_prefix(p)) {
        Some(rest) => (rest, in_line.saturating_sub(line.len() - rest.len())),
        None => (line, in_line),
    };
    // Node's `(node:123) UnhandledPromiseRejectionWarning: ` before the exception.
    let (line, in_line) = match line.split_once("UnhandledPromiseRejectionWarning: ") {
        Some((_, rest)) => (rest, in_line.saturating_sub(line.len() - rest.len())),
        None => (line, in_line),
    };
    // The message without the exception's class name in front of it, when it has one.
    let message = match line.find(": ") {
        Some(i) if i < in_line && !line[..i].contains(' ') => line[i + 2..].trim(),
        _ => line,
    };
    let mut cause = sig.cause.to_string();
    if text.contains("BEGIN") && text.contains("\\n") {
        cause.push_str(
            " The paste shows a PEM with literal \\n in it: the line breaks were escaped (a .env file or an \
             environment variable keeps them as the two characters \\ and n).",
        );
    }
    if text.contains(".env") || text.contains("process.env") || text.contains("os.environ") {
        cause.push_str(
            " A private key in a local .env file or environment variable stays on your machine: it is not sent \
             or registered anywhere, and nothing here reached the platform.",
        );
    }
    // What the message's words say beyond the signature's own fix (the key's format, its line
    // breaks, a path passed as the key …), as for an exception no signature names.
    let mut fix = sig.fix.to_string();
    for hint in super::hints::hints(
        &format!("{} {}", message, text.get(line_end..).unwrap_or("")).chars().take(2000).collect::<String>(),
    ) {
        fix.push(' ');
        fix.push_str(hint);
    }
    Some(ClientError {
        library: sig.library.to_string(),
        message: message.to_string(),
        span: Span { start: line_start, end: line_end },
        cause,
        fix,
        after_response: sig.after_response,
    })
}

/// A strictly typed client's deserialiser refusing the token response's string numbers, in
/// whatever words its language has for it (`type_mismatch.rs`).
fn mismatch(text: &str) -> Option<ClientError> {
    let (start, end, message, library) = super::type_mismatch::find(text)?;
    Some(ClientError {
        library: library.to_string(),
        message,
        span: Span { start, end },
        cause: EXPIRES_IN_STRING.to_string(),
        fix: "Declare expires_in (and issued_at) as a string in the token response's model and convert it, or \
              let the deserialiser read numbers from strings; then reuse the token until shortly before it \
              expires."
            .to_string(),
        after_response: true,
    })
}

/// An exception no signature names: its message is the library's own, its topic's hints are the
/// fix.
fn thrown(t: super::exception::Thrown, text: &str) -> ClientError {
    let library = match &t.class {
        Some(class) => format!("{} ({class})", t.language),
        None => t.language.to_string(),
    };
    // What the message itself says first; the lines after it only when it says nothing known (a
    // log's `expires_in=599` is not what a header error is about).
    let own = super::hints::hints(&format!("{} {}", t.class.as_deref().unwrap_or(""), t.message));
    let about = format!("{} {} {}", t.class.as_deref().unwrap_or(""), t.message, text.get(t.span.end..).unwrap_or(""));
    let hints = if own.is_empty() { super::hints::hints(&about.chars().take(2000).collect::<String>()) } else { own };
    let cause = format!(
        "Your program stopped with this {} error while building, signing or sending a request: no request \
         reached the platform, so no gateway error applies yet.",
        t.language
    );
    let fix = if hints.is_empty() {
        "Fix what the message says in the code that builds or signs the assertion; the platform's checks begin only \
         once a request is sent."
            .to_string()
    } else {
        hints.join(" ")
    };
    // A token response printed before it: the client threw reading the answer.
    let answered = text.get(..t.span.start).is_some_and(|before| before.contains("\"access_token\""));
    // A test's assertion about the answer (JUnit's `expected: <200> but was: <404>`, Python's
    // `AssertionError: 401 != 200`): the request was sent and answered.
    let assertion = t.class.as_deref().is_some_and(|c| c.contains("Assertion") || c.contains("ComparisonFailure"));
    if assertion {
        let cause = format!(
            "A test's assertion about the answer failed ({}): the request was sent and answered; the answer it \
             got is what to explain.",
            t.message
        );
        let fix = "Read the answer the test got (its status and body): that is what the platform or the API said."
            .to_string();
        return ClientError { library, message: t.message, span: t.span, cause, fix, after_response: true };
    }
    let cause = if answered {
        format!(
            "Your program stopped with this {} error after the platform answered: the request was sent and \
             answered; the error is in reading the answer (expires_in is a JSON string, \"599\").",
            t.language
        )
    } else {
        cause
    };
    let (cause, fix) = match super::hints::unset_variable(text).filter(|_| !answered) {
        Some(unset) => (format!("{cause} {unset}"), fix),
        None => (cause, fix),
    };
    ClientError { library, message: t.message, span: t.span, cause, fix, after_response: answered }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_message_is_found_with_its_library_and_fix() {
        let e = find("Error: secretOrPrivateKey must be an asymmetric key when using RS512\n    at sign").unwrap();
        assert_eq!(e.library, "Node jsonwebtoken");
        assert_eq!(e.message, "secretOrPrivateKey must be an asymmetric key when using RS512");
        assert!(e.fix.contains("RS512"));
    }

    #[test]
    fn a_tests_assertion_about_the_answer_is_after_the_response() {
        let text = "[ERROR] readPointer  <<< FAILURE!\norg.opentest4j.AssertionFailedError: expected: <200> but was: \
                    <404>\n\tat uk.nhs.trust.NrlIT.readPointer(NrlIT.java:88)\n";
        let e = find(text).expect("an exception");
        assert!(e.after_response, "{e:?}");
        assert!(e.cause.contains("sent and answered"), "{}", e.cause);
    }

    #[test]
    fn a_root_cause_s_signature_before_an_earlier_one() {
        let text = "Error: error:1E08010C:DECODER routines::unsupported\n    at createPrivateKey (node:internal/crypto/keys:620:12)\nCaused by: error:0909006C:PEM routines:get_name:no start line\n";
        assert_eq!(find(text).expect("found").message, "error:0909006C:PEM routines:get_name:no start line");
        let alone = "Error: error:1E08010C:DECODER routines::unsupported\n    at createPrivateKey (keys:620:12)\n";
        assert!(find(alone).expect("found").message.contains("DECODER"));
    }

    #[test]
    fn jose_without_its_protected_header() {
        for m in [
            "TypeError: Cannot read property 'crit' of undefined",
            "TypeError: Cannot read properties of undefined (reading 'crit')",
        ] {
            let e = find(&format!("(node:1) UnhandledPromiseRejectionWarning: {m}\n    at SignJWT.sign (jose/dist/node/cjs/jwt/sign.js:17:42)")).expect("found");
            assert!(e.fix.contains("setProtectedHeader") && e.message.starts_with("Cannot read"), "{e:?}");
        }
    }

    #[test]
    fn nothing_in_an_ordinary_paste() {
        assert_eq!(find("HTTP/1.1 401 Unauthorized\n{\"error\":\"invalid_request\"}"), None);
    }
}
