// openid-client 6.9.0 (oauth4webapi 3.8.8): a Configuration with PrivateKeyJwt and
// clientCredentialsGrant, then fetchProtectedResource for Hello World. Its defaults the platform
// refuses, each overridden unless the run keeps it:
//   charset  Content-Type application/x-www-form-urlencoded;charset=UTF-8, set for every token
//            request with no option to change it: overridden in customFetch
//   aud      the issuer (here the identity service's base URL, .../oauth2): modifyAssertion sets
//            the token URL
//   typ      no typ header: modifyAssertion adds typ JWT
// It signs with the key's own algorithm (RS512 for a key imported with SHA-512), puts the kid
// given with the key in the header, exp = now + 60, and always sends client_id (= the API key).
import * as client from "openid-client";
import { ASSERTION_TYPE, report, settings } from "./common.mjs";

const run = settings();
const der = run.privateKey.export({ type: "pkcs8", format: "der" });
const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" };
const key = await crypto.subtle.importKey("pkcs8", der, algorithm, false, ["sign"]);
const server = { issuer: `${run.base}/oauth2`, token_endpoint: run.tokenUrl };
const auth = client.PrivateKeyJwt(
  { key, kid: run.kid },
  {
    [client.modifyAssertion](header, payload) {
      if (!run.keeps("typ")) header.typ = "JWT";
      if (run.aud) payload.aud = run.aud;
      else if (!run.keeps("aud")) payload.aud = run.tokenUrl;
    },
  },
);
const config = new client.Configuration(server, run.key, undefined, auth);
client.allowInsecureRequests(config); // the twin is plain HTTP on loopback; the platform is HTTPS
config[client.customFetch] = async (url, options) => {
  if (url === run.tokenUrl && !run.keeps("charset")) {
    options.headers = { ...options.headers, "content-type": "application/x-www-form-urlencoded" };
  }
  const response = await fetch(url, options);
  if (url === run.tokenUrl) await report(response);
  return response;
};
let tokens;
try {
  tokens = await client.clientCredentialsGrant(config);
} catch (e) {
  console.log("error:", e.message);
  process.exit(1);
}
const hello = await client.fetchProtectedResource(config, tokens.access_token, new URL(run.helloUrl), "GET");
console.log("hello:", hello.status, await hello.text());
// The platform's expires_in is a string ("599"): openid-client reads it as a number.
console.log("expires_in:", typeof tokens.expires_in, tokens.expires_in);
void ASSERTION_TYPE;
