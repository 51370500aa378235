//! Tests of `exception.rs`.
use super::*;

fn found(text: &str) -> Thrown {
    find(text).unwrap_or_else(|| panic!("no exception in {text:?}"))
}

#[test]
fn each_language_s_shape() {
    let t = found("Traceback (most recent call last):\n  File \"a.py\", line 3, in <module>\n    jwt.encode(c, k, algorithm=\"RS512\")\njwt.exceptions.InvalidKeyError: Could not deserialize key data.\n");
    assert_eq!(
        (t.language, t.class.as_deref(), t.message.as_str()),
        ("Python", Some("jwt.exceptions.InvalidKeyError"), "Could not deserialize key data.")
    );
    let t = found("Exception in thread \"main\" com.auth0.jwt.exceptions.SignatureGenerationException: The Token's Signature couldn't be generated\n\tat com.auth0.jwt.algorithms.RSAAlgorithm.sign(RSAAlgorithm.java:100)\nCaused by: java.lang.IllegalStateException: The given Private Key is null.\n\tat com.auth0.jwt.algorithms.RSAAlgorithm.sign(RSAAlgorithm.java:96)\n");
    assert_eq!(t.message, "The given Private Key is null.", "the root cause");
    let t = found("TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13 {\n  [cause]: Error: getaddrinfo ENOTFOUND int.api.services.nhs.uk\n      at GetAddrInfoReqWrap.onlookupall (node:dns:120:26) {\n");
    assert_eq!(t.message, "getaddrinfo ENOTFOUND int.api.services.nhs.uk");
    let t = found("Exception in thread \"main\" java.security.spec.InvalidKeySpecException: java.security.InvalidKeyException: IOException : algid parse error, not a sequence\n\tat java.base/sun.security.rsa.RSAKeyFactory.engineGeneratePrivate(RSAKeyFactory.java:251)\n");
    assert_eq!(t.language, "Java");
    assert!(t.message.contains("algid parse error"));
    let t = found("Unhandled exception. System.InvalidOperationException: CredentialStyle.AuthorizationHeader and client assertions are not compatible\n   at IdentityModel.Client.ProtocolRequest.Prepare()\n");
    assert_eq!((t.language, t.class.as_deref()), (".NET", Some("System.InvalidOperationException")));
    let t = found("TypeError: \"pkcs8\" must be PKCS#8 formatted string\n    at importPKCS8 (file:///app/node_modules/jose/dist/node/esm/key/import.js:14:15)\n");
    assert_eq!(t.language, "Node");
    let t = found("app[worker.1]: Error performing Job in 3.21ms: OpenSSL::PKey::RSAError (Neither PUB key nor PRIV key: nested asn1 error):\n");
    assert_eq!((t.language, t.message.as_str()), ("Ruby", "Neither PUB key nor PRIV key: nested asn1 error"));
    let t = found("2024/10/15 14:02:41 nhs-token: load key: x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)\nexit status 1\n");
    assert_eq!(t.language, "Go");
    assert!(t.message.starts_with("nhs-token: load key"));
    let t = found("PHP Fatal error:  Uncaught DomainException: OpenSSL unable to sign data in /app/vendor/firebase/php-jwt/src/JWT.php:263\n");
    assert_eq!((t.language, t.message.as_str()), ("PHP", "OpenSSL unable to sign data"));
    let t = found("Invoke-RestMethod : Cannot send a content-body with this verb-type.\nAt line:1 char:1\n");
    assert_eq!(t.language, "PowerShell");
}

#[test]
fn a_loggers_prefix_and_level_are_not_the_message() {
    let t = found("2018-07-26T10:13:20.41+00:00 app[worker.1]: 2018/07/26 10:13:20 parse key: Invalid Key: Key must be PEM encoded PKCS1 or PKCS8 private key\n2018-07-26T10:13:20.49+00:00 heroku[worker.1]: Process exited with status 1\n");
    assert_eq!(
        (t.language, t.message.as_str()),
        ("Go", "parse key: Invalid Key: Key must be PEM encoded PKCS1 or PKCS8 private key")
    );
    let t = found("[ERROR] AttributeError: 'str' object has no attribute 'decode'\nTraceback (most recent call last):\n  File \"/var/task/nhs_auth.py\", line 27, in get_access_token\n    ).decode(\"utf-8\")\n  jwt.encode(claims, key)\n");
    assert_eq!((t.language, t.class.as_deref()), ("Python", Some("AttributeError")));
    let t = found("NoMethodError: undefined method `sign' for #<String:0x00000002fbbb78>\n\tfrom /usr/local/bundle/gems/jwt-1.5.4/lib/jwt.rb:35:in `sign_rsa'\n");
    assert_eq!((t.language, t.class.as_deref()), ("Ruby", Some("NoMethodError")));
    let t = found("2025-02-19T21:20:11.420Z pid=7 tid=2c8f WARN: JWT::EncodeError: The key length must be greater than or equal to 2048 bits\n2025-02-19T21:20:11.420Z pid=7 tid=2c8f WARN: /usr/local/bundle/gems/jwt-3.0.0/lib/jwt/jwa/signing_algorithm.rb:42:in `raise_sign_error!'\n");
    assert_eq!((t.language, t.message.as_str()), ("Ruby", "The key length must be greater than or equal to 2048 bits"));
    let t = found("Fatal error: Uncaught exception 'DomainException' with message 'OpenSSL unable to sign data' in /var/www/vendor/firebase/php-jwt/src/JWT.php:198 Stack trace: #0\n");
    assert_eq!((t.class.as_deref(), t.message.as_str()), (Some("DomainException"), "OpenSSL unable to sign data"));
    assert!(!is_exit("exited with code 0") && is_exit("web-1 exited with code 1"));
}

#[test]
fn an_exception_that_reports_an_answer_or_is_not_about_auth_is_not_a_client_error() {
    assert_eq!(
        find("java.io.IOException: Server returned HTTP response code: 400 for URL: https://x\n\tat a.b(C.java:1)\n"),
        None
    );
    assert_eq!(
        find("Invoke-RestMethod : The remote server returned an error: (405) Method Not Allowed.\nAt line:1 char:1\n"),
        None
    );
    assert_eq!(
        find("TypeError: Cannot read properties of undefined (reading 'map')\n    at render (app.js:3:9)\n"),
        None
    );
    assert_eq!(find("I got an error: it failed.\nexit code 0"), None);
    let relayed = "authlib.integrations.base_client.errors.OAuthError: invalid_request: Missing 'kid' header in client_assertion JWT\n";
    assert_eq!(find(&format!("Traceback (most recent call last):\n  File \"a.py\", line 1\n{relayed}")), None);
}

#[test]
fn a_python_chain_ends_with_the_exception_the_program_stopped_on() {
    let chain = |between: &str| {
        format!("Traceback (most recent call last):\n  File \"jwt/api_jws.py\", line 97\nKeyError: 'RS512'\n\n{between}\n\nTraceback (most recent call last):\n  File \"jwt/api_jws.py\", line 101\n    raise NotImplementedError(msg) from e\nNotImplementedError: Algorithm 'RS512' could not be found. Do you have cryptography installed?\n")
    };
    for between in [
        "The above exception was the direct cause of the following exception:",
        "During handling of the above exception, another exception occurred:",
    ] {
        let t = found(&chain(between));
        assert_eq!(t.class.as_deref(), Some("NotImplementedError"), "{between}");
    }
    // One traceback: its only exception.
    let t = found("Traceback (most recent call last):\n  File \"jwt/api_jws.py\", line 97\nKeyError: 'RS512'\n");
    assert_eq!(t.class.as_deref(), Some("KeyError"));
}

#[test]
fn dart_and_flutter_exceptions() {
    let text = "E/flutter ( 8841): [ERROR:flutter/runtime/dart_vm_initialization.cc(40)] Unhandled Exception: Bad state: Cannot set the body fields of a Request with content-type \"application/json\".\nE/flutter ( 8841): #0      Request.bodyFields= (package:http/src/request.dart:136:7)\nE/flutter ( 8841): #1      BaseClient.post (package:http/src/base_client.dart:32:7)\n";
    let t =
        find(&format!("final res = await http.post(url, body: {{'client_assertion': jwt}});\n{text}")).expect("read");
    assert_eq!(t.language, "Dart");
    assert_eq!(t.class.as_deref(), Some("Bad state"));
    assert!(t.message.starts_with("Cannot set the body fields"), "{}", t.message);
}

/// A deep Python traceback puts the library's frames far above its exception; .NET names a
/// nested class after a `+`.
#[test]
fn deep_tracebacks_and_nested_classes() {
    let mut py =
        String::from("Traceback (most recent call last):\n  File \"/app/.venv/jwt/api_jwt.py\", line 73, in encode\n");
    for i in 0..10 {
        py.push_str(&format!(
            "  File \"/usr/lib/python3.11/json/encoder.py\", line {i}, in iterencode\n    return x\n"
        ));
    }
    py.push_str("TypeError: Object of type datetime is not JSON serializable\n");
    let t = super::find(&py).expect("a deep traceback");
    assert_eq!((t.language, t.class.as_deref()), ("Python", Some("TypeError")));
    let dotnet = "Unhandled exception. Internal.Cryptography.CryptoThrowHelper+WindowsCryptographicException: Invalid parameter.\n   at Internal.Cryptography.CngCommon.SignHash(SafeNCryptKeyHandle keyHandle)\n   at JWT.Algorithms.RSAlgorithm.Sign(Byte[] bytesToSign)\n";
    let t = super::find(dotnet).expect("a nested .NET class");
    assert_eq!(t.message, "Invalid parameter.");
}
