//! What a client's exception text suggests, by its words: the fix for the class of error it
//! names (a key that cannot be read, a host that does not resolve, a JSON body under the wrong
//! Content-Type), said beside the client error.

/// The hints, each the words that call for it (lowercase, matched anywhere in the message) and
/// its sentence; said in this order.
const HINTS: &[(&[&str], &str)] = &[
    // A time from the token response read as seconds: identity-service's issued_at is in
    // milliseconds (`datetime.fromtimestamp` says the year is out of range).
    (
        &[
            "year is out of range",
            "is out of range",
            "timestamp out of range",
            "year out of range",
            "invalid time value",
        ],
        "A time read from the token response as seconds is too large: the platform's issued_at is milliseconds \
         since the epoch, a string like expires_in (\"599\"). Divide issued_at by 1000, or take your own clock \
         when the answer arrives and add expires_in.",
    ),
    (
        &[
            "pkcs",
            "asn1",
            "asn.1",
            "algid",
            "pem",
            "deserialize key",
            "decoder routines",
            "key is invalid",
            "priv key",
            "private key",
            "not a sequence",
            "keyspec",
            "key format",
            "importkey",
            "unsupported key",
            "keyobject",
            "cryptokey",
        ],
        "The private key could not be read. RS512 signs with an RSA private key object made from its PEM text: \
         'BEGIN RSA PRIVATE KEY' is PKCS#1 and 'BEGIN PRIVATE KEY' is PKCS#8, and each reader takes only its \
         own (convert with openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem). Pass the PEM's \
         text, not its file path (read the file first: readFileSync, open().read(), File.ReadAllText); keep \
         its line breaks real newlines, not the two characters \\n of a .env file or an environment variable; \
         and parse it into a key before signing (ParseRSAPrivateKeyFromPEM in Go, importPKCS8 in jose, \
         ImportFromPem or ImportPkcs8PrivateKey in .NET, load_pem_private_key in Python).",
    ),
    // The key argument arrived empty: a stack trace's `JWT::sign('eyJ…', NULL, 'RS512')`, a
    // message naming a null or None key.
    (
        &[", null, 'rs", ", null, 'ps", "key is null", "key must not be null", "key is none", "key param is null"],
        "The key passed to the signing call is NULL (null, None, undefined): the environment variable or file that \
         should hold the private key's PEM was empty or missing where this ran (another machine, a service \
         without the variable, a path that does not exist there). Check the key is loaded and not empty before \
         signing.",
    ),
    // Ruby: a PEM's text given where ruby-jwt wants a key object (`undefined method 'sign' for
    // #<String…>`, `no implicit conversion of String`).
    (
        &["`sign' for #<string", "'sign' for #<string", "'sign' for an instance of string", "sign' for \"-----begin"],
        "ruby-jwt signs RS512 with an OpenSSL::PKey::RSA object, not the PEM's text as a String: pass \
         OpenSSL::PKey::RSA.new(File.read('private.pem')) as the key.",
    ),
    // The client does not trust the server's certificate chain: mostly a TLS-intercepting proxy
    // (Zscaler, a corporate proxy, antivirus) re-signing connections with its own root CA.
    (
        &[
            "unable to get local issuer certificate",
            "unable_to_get_issuer_cert",
            "self signed certificate in certificate chain",
            "self-signed certificate in certificate chain",
            "certificate verify failed",
            "unable to find valid certification path",
            "pkix path building failed",
            "x509: certificate signed by unknown authority",
            "the remote certificate is invalid",
        ],
        "Your client does not trust the certificate chain it was shown for the host, so the TLS handshake stopped \
         before any request was sent. The platform's certificates are publicly trusted, so this is mostly a \
         TLS-intercepting proxy (Zscaler, a corporate proxy, antivirus) re-signing the connection with its own \
         root CA (openssl s_client -connect host:443 -showcerts shows who issued it). Add that root CA to what \
         your runtime trusts (NODE_EXTRA_CA_CERTS for Node, REQUESTS_CA_BUNDLE or certifi for Python, the JVM's \
         cacerts with keytool, the OS store for .NET); never turn certificate checks off.",
    ),
    // The server refused the client certificate in the TLS handshake (MESH and Spine
    // authenticate the client by certificate).
    (
        &[
            "alert unknown ca",
            "alert_unknown_ca",
            "alert bad certificate",
            "alert_bad_certificate",
            "certificate required",
            "alert_certificate_required",
        ],
        "The server refused your client certificate during the TLS handshake: it does not trust the CA that issued \
         the certificate you presented (alert unknown CA), or none was presented. Services that authenticate the \
         client by certificate (MESH, Spine) need the certificate issued to you for that environment, sent with its \
         private key (requests' cert=(cert, key)); a self-made certificate is never accepted.",
    ),
    // PowerShell 7's -Token takes a SecureString, not the access token's text.
    (
        &["to type \"system.security.securestring\""],
        "Invoke-RestMethod's -Token takes a SecureString: pass (ConvertTo-SecureString $token -AsPlainText -Force), \
         or send the header yourself with -Headers @{ Authorization = \"Bearer $token\" }. Nothing was sent.",
    ),
    // PyJWT 2 returns the token as a str: code written for PyJWT 1 (bytes) calls `.decode()` on it.
    (
        &["'str' object has no attribute 'decode'"],
        "PyJWT 2.0 and later return jwt.encode()'s token as a str, not bytes: remove the .decode(\"utf-8\") written \
         for PyJWT 1, or pin the version you wrote the code for (an unpinned pyjwt upgrades on the next deploy).",
    ),
    // `import jwt` found another package than PyJWT (`jwt`, `python-jwt`), or a file of one's own
    // named jwt.py: its module has no `encode`.
    (
        &["module 'jwt' has no attribute", "module \"jwt\" has no attribute", "'jwt' has no attribute 'encode'"],
        "import jwt found another module than PyJWT: the package jwt or python-jwt installed beside it (or \
         instead of it), or a file of your own named jwt.py. pip uninstall jwt python-jwt, then pip install \
         PyJWT[crypto] (with cryptography, for RS512), and rename any jwt.py of your own.",
    ),
    (
        &["key size", "minimum key size", "modulus length", "weakkey", "key too small", "1024 bits", "2048 bits"],
        "RS512 needs an RSA key of at least 2048 bits (RFC 7518 §3.3), and NHS tooling makes 4096-bit keys: make a \
         new pair (openssl genrsa -out private.pem 4096), register its public key (JWKS) and sign with it.",
    ),
    (
        &["body fields of a request with content-type"],
        "Dart's http sends a Map body as a form (application/x-www-form-urlencoded) and refuses to when another \
         Content-Type is set: drop the 'Content-Type: application/json' header (the token endpoint needs the \
         form) and keep the Map body.",
    ),
    (
        &["getaddrinfo", "enotfound", "no such host", "name or service not known", "could not resolve host"],
        "The host name did not resolve, so nothing was sent. The platform's hosts are int.api.service.nhs.uk \
         (INT), sandbox.api.service.nhs.uk and api.service.nhs.uk (production): check the URL's spelling and \
         the machine's DNS or proxy settings.",
    ),
    (
        &["hasprivatekey", "public key", "pub key"],
        "Signing needs the private key: a public key (the JWK or JWKS you register, a certificate) can only \
         verify.",
    ),
    (
        &["hmac", "symmetric", "key bytes", "secretorprivatekey"],
        "RS512 takes an RSA PrivateKey object: bytes or a string are taken as an HMAC shared secret, which the \
         platform refuses.",
    ),
    (
        &["notbefore", "not before", "expires", "expiresin", "idx10401", "\"exp\"", "'exp'", "iat"],
        "JWT times are seconds since the Unix epoch, in UTC: make exp from a UTC clock (DateTime.UtcNow, \
         time.time(), Date.now() / 1000), at most now + 300 s, and set it once (a library option such as \
         expiresIn, or the claim, not both).",
    ),
    // PyJWT without its crypto extra: 'Algorithm 'RS512' could not be found. Do you have
    // cryptography installed?', or jwt.algorithms without RSAAlgorithm (defined only with it).
    (
        &[
            "algorithm not supported",
            "unsupported algorithm",
            "no such algorithm",
            "algorithm is not supported",
            "do you have cryptography installed",
            "has no attribute 'rsaalgorithm'",
            "requires 'cryptography'",
        ],
        "The library cannot make RS512 signatures as installed: RSA needs its crypto backend (Python: pip \
         install 'PyJWT[crypto]', which brings the cryptography package; Java: a security provider).",
    ),
    (
        &[
            "invalid character in header",
            "invalid return character",
            "leading space in header",
            "err_invalid_char",
            "invalid header value",
            "invalid header field value",
            "new line characters",
            "newline characters are not allowed",
            "invalid leading whitespace",
            "newline in header",
            "unexpected char 0x0a",
            "unexpected char 0x0d",
            "cannot include cr/lf",
            "failed to parse header value",
            "invalidheadervalue",
        ],
        "A header value holds a newline (\\n, 0x0a) or a carriage return (\\r, 0x0d), or a space at its start or \
         end, so the client would not send it: a token or key read from a file, a secret (GitHub Actions, a \
         Kubernetes Secret) or an environment variable often ends in a newline (echo adds one), and a .env file \
         saved with Windows CRLF line endings leaves a carriage return on every value (dos2unix fixes the file). \
         Trim it before it goes in the header: .trim() in JavaScript and Kotlin, .strip() in Python, \
         strings.TrimSpace in Go, .Trim() in .NET, .strip in Ruby.",
    ),
    // .NET: a content header (Content-Type) set on a request's headers, not on its HttpContent.
    (
        &["misused header name"],
        "In .NET, Content-Type is a header of the body, not of the request: DefaultRequestHeaders and \
         HttpRequestMessage.Headers refuse it before anything is sent. Give it with the content: new \
         StringContent(json, Encoding.UTF8, \"application/vnd.api+json\"), or set content.Headers.ContentType; \
         keep Authorization on the request's headers.",
    ),
    // Ruby: Net::HTTP given a Hash as the body (Faraday without a middleware that encodes it).
    (
        &["undefined method `bytesize'", "undefined method 'bytesize'"],
        "Net::HTTP was given a Ruby Hash as the body, and a body must be a String: Faraday encodes a Hash only \
         through a request middleware. For the token endpoint, add f.request :url_encoded to the connection and \
         leave Content-Type to it (application/x-www-form-urlencoded, the only body the endpoint takes); \
         for a JSON API, f.request :json or body: hash.to_json. Or encode it yourself: \
         URI.encode_www_form(hash).",
    ),
    // TypeScript: a header field the typings of the JWT library's options do not declare.
    (
        &["does not exist in type"],
        "TypeScript refused the code before it ran: the options' type the JWT library declares has no such \
         property where it was written (jsonwebtoken's sign takes the header as { header: { kid, typ } } with \
         @types/jsonwebtoken's JwtHeader, jose's SignJWT as .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid \
         })). Put kid where the library's type has it (or upgrade the typings); the platform needs kid in the \
         JWT's header.",
    ),
    // macOS: BSD date has no GNU `-d`; the script's time came out empty.
    (
        &["illegal option -- d", "date: illegal option", "date: invalid option"],
        "The script's date command is GNU date's (date -d '+5 minutes' +%s), and this ran on macOS (or BSD), \
         whose date has no -d: the time came out empty and the next step was given nothing. Use date +%s and \
         add 300 in the shell ($(( $(date +%s) + 300 ))), BSD's date -v+5M +%s, or install coreutils and call \
         gdate; runners on macOS (GitHub's macos-*) have BSD date.",
    ),
    // jq given an empty or non-JSON value with --argjson (a variable a failed command left empty).
    (
        &["passed to --argjson"],
        "jq's --argjson takes JSON text, and the value given was empty or not JSON: the command that should \
         have made it (a date, a token call, a file read) failed or printed nothing before jq ran. Check that \
         command's own error above; pass strings with --arg.",
    ),
    (
        &["does not support multiple values"],
        "Authorization holds one value: a shared HttpClient's DefaultRequestHeaders.Add adds a second Bearer on \
         each token refresh and throws. Set it per request (HttpRequestMessage.Headers.Authorization), or \
         replace it (DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(\"Bearer\", token)).",
    ),
    (
        &["httpmessageconverter", "content-body", "verb-type", "credentialstyle"],
        "The HTTP client refused to build the request. The token call is a POST whose body is a form \
         (application/x-www-form-urlencoded: a MultiValueMap in Spring, FormUrlEncodedContent in .NET, \
         -Method Post in PowerShell), with the assertion in the body and no Basic header \
         (ClientCredentialStyle.PostBody in IdentityModel).",
    ),
];

/// What an exception's words say, as sentences: the key, the clock, the algorithm, the request.
pub fn hints(about: &str) -> Vec<&'static str> {
    let about = about.to_ascii_lowercase();
    HINTS.iter().filter(|(words, _)| words.iter().any(|w| about.contains(w))).map(|(_, hint)| *hint).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_follow_the_words() {
        assert!(hints("x509: failed to parse private key (use ParsePKCS1PrivateKey)")[0].contains("PKCS#1"));
        assert!(hints("IDX10401: Expires must be after NotBefore").iter().any(|h| h.contains("UTC")));
        assert!(hints("Key bytes may only be specified for HMAC signatures").iter().any(|h| h.contains("PrivateKey")));
        assert!(hints("AttributeError: module 'jwt' has no attribute 'encode'").iter().any(|h| h.contains("PyJWT")));
        assert!(hints("something else").is_empty());
        assert!(hints("ValueError: year 57761 is out of range").iter().any(|h| h.contains("milliseconds")));
        for no_backend in [
            "Algorithm 'RS512' could not be found. Do you have cryptography installed?",
            "module 'jwt.algorithms' has no attribute 'RSAAlgorithm'",
            "Algorithm not supported",
        ] {
            assert!(hints(no_backend).iter().any(|h| h.contains("cryptography")), "{no_backend}");
        }
    }
}

/// An environment variable the code reads and the run did not have: the exception is about a
/// missing value (`'NoneType' object has no attribute`, `Cannot read properties of undefined`,
/// `KeyError: 'NAME'`, a NullPointerException) and the paste's code reads a variable by name
/// (`getenv("NAME")`, `os.environ["NAME"]`, `process.env.NAME`). Said with the variable's name.
pub fn unset_variable(text: &str) -> Option<String> {
    const MISSING: &[&str] = &[
        "'NoneType' object has no attribute",
        "Cannot read properties of undefined",
        "KeyError: '",
        "NullPointerException",
        "undefined is not an object",
        "ArgumentNullException",
    ];
    const READS: &[&str] = &[
        "getenv(\"",
        "getenv('",
        "environ[\"",
        "environ['",
        "environ.get(\"",
        "environ.get('",
        "process.env.",
        "GetEnvironmentVariable(\"",
        "ENV[\"",
        "ENV['",
        "ENV.fetch(\"",
    ];
    let missing = MISSING.iter().filter_map(|w| text.find(w)).min()?;
    let reads = READS.iter();
    let name_at = |i: usize| {
        let name: String = text[i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').take(80).collect();
        (name.len() > 1 && name.chars().any(|c| c.is_ascii_uppercase())).then_some(name)
    };
    // The variable read nearest before the error (the traceback's code line), else the first.
    let mut found: Vec<(usize, String)> =
        reads.flat_map(|r| text.match_indices(r).filter_map(move |(i, m)| Some((i, name_at(i + m.len())?)))).collect();
    found.sort();
    let before = found.iter().rev().find(|(i, _)| *i < missing).or(found.first());
    let name = &before?.1;
    Some(format!(
        "The code reads the environment variable {name}, and it was not set where this ran: its value came back \
         empty (None, undefined, null) and the next call on it failed. Set {name} itself in the environment the \
         program runs in (a variable exported under another name, in another shell, or only in a .env file that \
         is not loaded is not read); nothing was sent to the platform."
    ))
}

#[cfg(test)]
mod unset_tests {
    use super::unset_variable;

    #[test]
    fn an_unset_variable_is_named() {
        let py = "private_key = getenv(\"APPLICATION_CLIENT_PRIVATE_KEY\").replace(\"\\\\n\", \"\\n\")\n\
                  AttributeError: 'NoneType' object has no attribute 'replace'";
        assert!(unset_variable(py).is_some_and(|s| s.contains("APPLICATION_CLIENT_PRIVATE_KEY")));
        let node = "const key = process.env.NHS_PRIVATE_KEY.replace(/\\\\n/g, '\\n')\n\
                    TypeError: Cannot read properties of undefined (reading 'replace')";
        assert!(unset_variable(node).is_some_and(|s| s.contains("NHS_PRIVATE_KEY")));
    }

    #[test]
    fn silent_without_a_missing_value_or_a_variable() {
        assert_eq!(unset_variable("AttributeError: 'NoneType' object has no attribute 'replace'"), None);
        assert_eq!(unset_variable("key = os.environ['NHS_KEY']\nValueError: Could not deserialize key data"), None);
    }
}
