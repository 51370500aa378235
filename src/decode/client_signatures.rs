//! The library errors known by their own words: a distinctive part of each message, the library,
//! what it means here and the one change to make (read by `client_error`).

pub(super) struct Signature {
    /// A distinctive part of the library's message.
    pub needle: &'static str,
    pub library: &'static str,
    pub cause: &'static str,
    pub fix: &'static str,
    pub after_response: bool,
}

/// Why a strictly typed client fails on the platform's token response.
pub(super) const EXPIRES_IN_STRING: &str =
    "The token endpoint answered 200 with a token: its expires_in is a JSON string \
                                 (\"599\"), as the platform always sends it, and a client that declares \
                                 expires_in as a number fails to read the answer. The token itself is good; it \
                                 lives 599 s, whatever the assertion's exp, and is meant to be reused until \
                                 shortly before it expires.";

/// jose's SignJWT with no setProtectedHeader, in either Node's words for the TypeError.
const JOSE_NO_HEADER: &str = "jose's SignJWT.sign() found no protected header: SignJWT sets none of its own, not even \
                              alg, so sign() fails before it signs anything.";
const JOSE_NO_HEADER_FIX: &str =
    "Call setProtectedHeader({ alg: 'RS512', kid: '<your kid>', typ: 'JWT' }) before sign().";

/// Most specific first.
pub(super) const SIGNATURES: &[Signature] = &[
    // Clients that hid an answer: each threw instead of handing back the 401 (or other error) it
    // got, so the paste shows the client's words, not the platform's.
    Signature {
        needle: "cannot retry due to server authentication, in streaming mode",
        library: "Java HttpURLConnection (JDK)",
        cause: "The server answered 401, an authentication challenge: the JDK's HttpURLConnection tried to answer it \
                itself, cannot resend a streamed body, and threw this instead of handing you the 401 and its body. \
                The 401 is the API refusing the access token: most often it expired (it lives 599 s) or was not sent.",
        fix: "Use a client that returns the 401 (Spring's HttpComponentsClientHttpRequestFactory or \
              JdkClientHttpRequestFactory), log its body, and get a new token before expires_in (599 s) runs out.",
        after_response: true,
    },
    Signature {
        needle: "Attempted to access streaming response content, without having called `read()`",
        library: "Python httpx",
        cause: "An httpx event hook raised on the answer's status before its body was read: the answer is real (its \
                status is in the HTTPStatusError above), but its body, which says which check refused the call, is \
                lost.",
        fix: "In the response hook, call response.read() before response.raise_for_status(); then log \
              exc.response.text.",
        after_response: true,
    },
    Signature {
        needle: "Cannot send the same request message multiple times",
        library: ".NET HttpClient",
        cause: "A retry or auth handler sent the same HttpRequestMessage again after its first answer (most often a \
                401, when it gets a new token and retries): .NET sends one HttpRequestMessage once. The first answer \
                was the real error.",
        fix: "Build a new HttpRequestMessage for each attempt (clone it in the handler, with the new token), and get \
              a new token before the old one expires.",
        after_response: true,
    },
    Signature {
        needle: "Too many follow-up requests",
        library: "OkHttp",
        cause: "OkHttp's Authenticator answered each 401 with a retry, 20 times over: it gave back a token the API \
                kept refusing (the same expired one, most often). The 401 is the API refusing the access token.",
        fix: "In authenticate(), get a new token; return null when the refused request already carried it \
              (response.request.header(\"Authorization\")) or after one retry, so a refused token fails once.",
        after_response: true,
    },
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
        cause: JOSE_NO_HEADER,
        fix: JOSE_NO_HEADER_FIX,
        after_response: false,
    },
    Signature {
        needle: "Cannot read property 'crit' of undefined",
        library: "Node jose",
        cause: JOSE_NO_HEADER,
        fix: JOSE_NO_HEADER_FIX,
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
