// jose 6.2.18 with Node 20's fetch, as the generated Node program uses them. Their defaults the
// platform refuses, each overridden unless the run keeps it:
//   typ, kid  SignJWT's protected header holds only what is set: no typ, no kid
//   charset   a URLSearchParams body: fetch sends Content-Type
//             application/x-www-form-urlencoded;charset=UTF-8
// jose has no default alg or exp: RS512 and now + 300 are set, as the generated program does.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { ASSERTION_TYPE, report, settings } from "./common.mjs";

const run = settings();
const header = { alg: "RS512" };
if (!run.keeps("typ")) header.typ = "JWT";
if (!run.keeps("kid")) header.kid = run.kid;
const assertion = await new SignJWT({})
  .setProtectedHeader(header)
  .setIssuer(run.key)
  .setSubject(run.key)
  .setAudience(run.aud ?? run.tokenUrl)
  .setJti(randomUUID())
  .setExpirationTime(Math.floor(Date.now() / 1000) + 300)
  .sign(run.privateKey);
const form = new URLSearchParams({
  grant_type: "client_credentials",
  client_assertion_type: ASSERTION_TYPE,
  client_assertion: assertion,
});
const request = run.keeps("charset")
  ? { method: "POST", body: form }
  : { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString() };
const response = await fetch(run.tokenUrl, request);
await report(response);
if (response.status !== 200) process.exit(1);
const { access_token } = await response.json();
const hello = await fetch(run.helloUrl, { headers: { Authorization: `Bearer ${access_token}` } });
console.log("hello:", hello.status, await hello.text());
