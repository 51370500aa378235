// Runs a Postman collection's requests in order, with a minimal pm sandbox: variables, require('crypto-js'), pm.test.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
const require = createRequire(import.meta.url);
const [file, pemFile] = process.argv.slice(2);
const c = JSON.parse(readFileSync(file, "utf8"));
const vars = Object.fromEntries(c.variable.map((v) => [v.key, v.value]));
if (pemFile) vars.private_key_pem = readFileSync(pemFile, "utf8");
const sub = (s) => s.replace(/\{\{([^}]+)\}\}/g, (m, k) => (k === "$guid" ? randomUUID() : k in vars ? vars[k] : m));
let failed = false;
for (const item of c.item) {
  let response;
  const pm = {
    variables: { get: (k) => vars[k], set: (k, v) => { vars[k] = v; }, replaceIn: sub },
    collectionVariables: { get: (k) => vars[k], set: (k, v) => { vars[k] = v; } },
    test: (name, f) => { try { f(); console.log("pass:", name); } catch (e) { failed = true; console.log("FAIL:", name, e.message); } },
    get response() { return response; },
  };
  const run = (listen) => {
    for (const ev of item.event || []) if (ev.listen === listen) new Function("pm", "require", ev.script.exec.join("\n"))(pm, require);
  };
  run("prerequest");
  const r = item.request;
  const headers = Object.fromEntries((r.header || []).map((h) => [h.key, sub(h.value)]));
  let body;
  if (r.body && r.body.mode === "urlencoded") body = r.body.urlencoded.map((f) => `${encodeURIComponent(f.key)}=${encodeURIComponent(sub(f.value))}`).join("&");
  const res = await fetch(sub(r.url), { method: r.method, headers, body });
  const text = await res.text();
  console.log(item.name, res.status, text.slice(0, 80));
  response = { code: res.status, json: () => JSON.parse(text), to: { have: { status: (s) => { if (res.status !== s) throw new Error(`status ${res.status}`); } } } };
  run("test");
}
process.exit(failed ? 1 : 0);
