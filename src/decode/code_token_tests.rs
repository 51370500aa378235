use super::*;

const NOW: i64 = 1_760_000_000;

fn header(t: &Jwt) -> &Map<String, Value> {
    t.header.object().expect("a header")
}

#[test]
fn php_jwt_writes_typ_and_alg_and_a_kid_only_when_given_one() {
    let code = "$payload = [\n    'iss' => $apiKey,\n    'sub' => $apiKey,\n    'aud' => 'https://int.api.service.nhs.uk/oauth2/token',\n    \
                'jti' => uniqid('', true),\n    'exp' => $now + 300,\n];\n$assertion = JWT::encode($payload, $privateKey, 'RS512');\n";
    let t = find(code, NOW, None).expect("a token from code");
    assert_eq!(header(&t).get("alg"), Some(&Value::from("RS512")));
    assert_eq!(header(&t).get("typ"), Some(&Value::from("JWT")));
    assert!(header(&t).get("kid").is_none());
    assert_eq!(t.claim("exp"), Some(&Value::from(NOW + 300)));
    assert_eq!(t.claim("iss"), t.claim("sub"));
    // An empty key field (the page's) is no key: iss stays what the code writes.
    assert_eq!(find(code, NOW, Some("")).unwrap().claim("iss"), Some(&Value::from("$apiKey")));
    let code = t.code.expect("from code");
    assert!(code.assumed.iter().any(|a| a.starts_with("jti is computed")), "{:?}", code.assumed);
    let with_kid = "$p = ['iss' => 'k'];\nJWT::encode($p, $key, 'RS512', 'int-1');";
    assert_eq!(header(&find(with_kid, NOW, None).unwrap()).get("kid"), Some(&Value::from("int-1")));
}

#[test]
fn perl_rust_jose_pyjwt_and_node_headers() {
    let perl = "encode_jwt(\n payload => { iss => $k, exp => time + 300 },\n alg => 'RS512',\n extra_headers => { kid => 'int-1' },\n);";
    let t = find(perl, NOW, None).unwrap();
    assert!(header(&t).get("typ").is_none() && header(&t).get("kid") == Some(&Value::from("int-1")));
    let rust = "let claims = Claims { iss: api_key, exp: now + 300 };\nlet header = Header::new(Algorithm::RS512);\n\
                let a = encode(&header, &claims, &key)?;";
    let t = find(rust, NOW, Some("KEY")).unwrap();
    assert_eq!(header(&t).get("alg"), Some(&Value::from("RS512")));
    assert!(header(&t).get("kid").is_none());
    assert_eq!(t.claim("iss"), Some(&Value::from("KEY")));
    let jose = "const payload = { aud: 'https://int.api.service.nhs.uk/oauth2', iss: id };\n\
                const jwt = await new SignJWT(payload)\n  .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid: 'test-1' })\n  \
                .setIssuedAt()\n  .setExpirationTime('5m')\n  .sign(key);";
    let t = find(jose, NOW, None).unwrap();
    assert_eq!(t.claim("aud"), Some(&Value::from("https://int.api.service.nhs.uk/oauth2")));
    assert_eq!(t.claim("exp"), Some(&Value::from(NOW + 300)));
    let py = "claims = {\"iss\": KEY, \"exp\": int(time.time()) + 300}\ntoken = jwt.encode(claims, pem, algorithm=\"RS256\", headers={\"kid\": \"k1\"})";
    let t = find(py, NOW, None).unwrap();
    assert_eq!(header(&t).get("alg"), Some(&Value::from("RS256")));
    assert_eq!(header(&t).get("kid"), Some(&Value::from("k1")));
    let node =
        "const token = jwt.sign({ iss: key, sub: key }, pem, { algorithm: 'RS512', keyid: 'k', expiresIn: '1h' });";
    let t = find(node, NOW, None).unwrap();
    assert_eq!(t.claim("exp"), Some(&Value::from(NOW + 3600)));
}

#[test]
fn code_that_signs_nothing_is_not_a_token() {
    assert!(find("const x = JSON.stringify({ a: 1 });", NOW, None).is_none());
    assert!(find("JWT::encode(", NOW, None).is_none());
    assert!(find("jwt.sign(payload, key)", NOW, None).is_none());
}

#[test]
fn what_the_code_shows_is_predicted_and_a_pass_is_not() {
    let ctx = crate::context::Context { now: NOW, ..Default::default() };
    let no_kid =
        "$payload = ['iss' => $apiKey, 'sub' => $apiKey, 'aud' => 'https://int.api.service.nhs.uk/oauth2/token', \
                  'jti' => uniqid(), 'exp' => $now + 300];\n$a = JWT::encode($payload, $key, 'RS512');";
    let r = crate::analyze(no_kid, &ctx);
    let p = r.predicted.expect("a prediction from the code");
    assert_eq!(p.entry, Some(crate::vocab::ErrorId::KidMissing));
    assert_eq!(p.certainty, crate::vocab::Certainty::Likely);
    assert!(p.assumptions.iter().any(|a| a.contains("php-jwt")), "{:?}", p.assumptions);
    // Everything the code shows passes: what it computes decides, so nothing is predicted.
    let fine = no_kid.replace("'RS512');", "'RS512', 'int-1');");
    assert!(crate::analyze(&fine, &ctx).predicted.is_none());
}
