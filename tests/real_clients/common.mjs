// What the Node clients of tests/real_clients.rs share: the run's settings (one JSON argument,
// as common.py reads it) and the lines the test reads: `token: STATUS BODY`,
// `explain: X-Auth-Triage`, then on 200 `hello: STATUS BODY`.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export function settings() {
  const run = JSON.parse(process.argv[2]);
  run.tokenUrl = `${run.base}/oauth2/token`;
  run.helloUrl = `${run.base}/hello-world/hello/application`;
  run.privateKey = createPrivateKey(readFileSync(run.pem)); // PKCS#1 or PKCS#8
  run.keeps = (name) => run.keep.includes(name);
  return run;
}

// The token endpoint's answer, raw, before the library reads it.
export async function report(response) {
  console.log("token:", response.status, await response.clone().text());
  console.log("explain:", response.headers.get("x-auth-triage") ?? "");
}
