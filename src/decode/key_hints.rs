//! What the paste's code and key say about a signing error: the key reader it calls and the one
//! format that reader takes, a public key given to sign, an HMAC algorithm asked for, a PEM whose
//! lines are indented. Each is read from the paste's own words, and said beside the client error.

/// Key readers that take one format only: (the call, the format it takes, the reader for the other).
const READERS: &[(&str, &str, &str)] = &[
    (
        "ImportRSAPrivateKey",
        "PKCS#1 (BEGIN RSA PRIVATE KEY)",
        "ImportPkcs8PrivateKey, or ImportFromPem, which reads both",
    ),
    ("ImportPkcs8PrivateKey", "PKCS#8 (BEGIN PRIVATE KEY)", "ImportRSAPrivateKey, or ImportFromPem, which reads both"),
    ("ParsePKCS1PrivateKey", "PKCS#1 (BEGIN RSA PRIVATE KEY)", "x509.ParsePKCS8PrivateKey"),
    ("ParsePKCS8PrivateKey", "PKCS#8 (BEGIN PRIVATE KEY)", "x509.ParsePKCS1PrivateKey"),
    ("PKCS8EncodedKeySpec", "PKCS#8 (BEGIN PRIVATE KEY)", "convert the key with openssl pkcs8 -topk8 -nocrypt"),
    ("importPKCS8", "PKCS#8 (BEGIN PRIVATE KEY)", "crypto.createPrivateKey, which reads both"),
];

/// The sentences the paste's code and key call for.
pub fn key_hints(text: &str) -> Vec<String> {
    let mut said = Vec::new();
    if let Some((call, takes, other)) = READERS.iter().find(|(call, _, _)| text.contains(call)) {
        said.push(format!(
            "The paste's code reads the key with {call}, which takes only {takes}: a key in the other format \
             fails there with an ASN.1 or tag error. Use {other}."
        ));
    }
    if let Some(path) = public_key_path(text) {
        said.push(format!(
            "The code signs with {path}, which is the public key: signing takes the private key (the file \
             without .pub), and the public key is what goes in your JWKS."
        ));
    }
    if let Some(alg) =
        ["'HS512'", "\"HS512\"", "'HS256'", "\"HS256\"", "'HS384'", "\"HS384\""].iter().find(|a| text.contains(*a))
    {
        said.push(format!(
            "The code asks for {}, an HMAC algorithm, which signs with a shared secret string, not an RSA key; \
             the platform takes only RS512: sign with 'RS512' and the RSA private key.",
            alg.trim_matches(['\'', '"'])
        ));
    }
    if text
        .lines()
        .any(|l| l.starts_with([' ', '\t']) && l.trim_start().starts_with("-----BEGIN") && l.contains("PRIVATE KEY"))
    {
        said.push(
            "The PEM's lines are indented (spaces before -----BEGIN and each line, as a multi-line string in code \
             keeps them): a PEM reader wants each line to start at its first character. Remove the spaces, or \
             read the key from a file."
                .to_string(),
        );
    }
    said
}

/// A quoted path the code reads that names a public key (`'./jwtRS512.key.pub'`, `public.pem`).
fn public_key_path(text: &str) -> Option<&str> {
    text.split(['\'', '"', '`']).skip(1).step_by(2).find(|s| {
        !s.contains(' ') && s.len() < 200 && (s.ends_with(".pub") || s.contains("public") && s.ends_with(".pem"))
    })
}

#[cfg(test)]
mod tests {
    use super::key_hints;

    #[test]
    fn each_is_read_from_the_paste() {
        let said = key_hints("at System.Security.Cryptography.RSA.ImportRSAPrivateKey(ReadOnlySpan`1 source)");
        assert!(said[0].contains("PKCS#1") && said[0].contains("ImportPkcs8PrivateKey"));
        let said = key_hints("jwt.encode(claims, fs.readFileSync('./jwtRS512.key.pub', 'utf8'), 'RS512')");
        assert!(said.iter().any(|s| s.contains("./jwtRS512.key.pub") && s.contains("public key")));
        let said = key_hints("JWT.encode(payload, key, 'HS512', { kid: 'int-1' })");
        assert!(said.iter().any(|s| s.contains("HS512") && s.contains("RS512")));
        let said = key_hints("var k = []byte(`\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIJ\n`)");
        assert!(said.iter().any(|s| s.contains("indented")));
    }

    #[test]
    fn silent_on_a_private_key_read_right() {
        assert!(key_hints("jwt.encode(claims, fs.readFileSync('private.pem'), 'RS512')\n-----BEGIN PRIVATE KEY-----")
            .is_empty());
    }
}
