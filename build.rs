//! Turns the one catalogue (`src/catalogue/catalogue.json`) into Rust at build time:
//! - `ids.rs`: the typed ids `Code` (findings) and `ErrorId` (platform errors), their severity,
//!   what each finding is about and which errors it explains. A misspelt id is a compile error.
//! - `entries.rs`: every entry as static data (no JSON parsing at run time, in the page or not).
//!
//! The data is also checked here: unique ids, known severities and targets, every `explains`
//! naming an existing error. Bad data fails the build, never the page.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

fn main() {
    let src = "src/catalogue/catalogue.json";
    println!("cargo:rerun-if-changed={src}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_TEXTS");
    let text = std::fs::read_to_string(src).expect("read the catalogue");
    let data: Value = serde_json::from_str(&text).expect("the catalogue is JSON");
    let findings = data["findings"].as_array().expect("findings: a list");
    let errors = data["errors"].as_array().expect("errors: a list");

    let error_ids: Vec<&str> = errors.iter().map(|e| str_of(e, "id")).collect();
    let finding_ids: Vec<&str> = findings.iter().map(|f| str_of(f, "id")).collect();
    unique(&error_ids, "error");
    unique(&finding_ids, "finding");

    let mut ids = String::new();
    let w = &mut ids;
    // Code
    w.push_str("/// A finding's stable code. The id (kebab-case) is the catalogue anchor: never rename.\n");
    w.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub enum Code {\n");
    for id in &finding_ids {
        writeln!(w, "    {},", variant(id)).unwrap();
    }
    w.push_str("}\n\nimpl Code {\n    pub const ALL: &'static [Code] = &[\n");
    for id in &finding_ids {
        writeln!(w, "        Code::{},", variant(id)).unwrap();
    }
    w.push_str("    ];\n\n    pub const fn id(self) -> &'static str {\n        match self {\n");
    for id in &finding_ids {
        writeln!(w, "            Code::{} => {id:?},", variant(id)).unwrap();
    }
    w.push_str("        }\n    }\n\n    pub const fn severity(self) -> Severity {\n        match self {\n");
    for f in findings {
        let sev = match str_of(f, "severity") {
            "error" => "Error",
            "warning" => "Warning",
            "note" => "Note",
            other => panic!("finding {}: unknown severity {other:?}", str_of(f, "id")),
        };
        writeln!(w, "            Code::{} => Severity::{sev},", variant(str_of(f, "id"))).unwrap();
    }
    w.push_str("        }\n    }\n\n    /// What kind of thing a finding with this code is about.\n");
    w.push_str("    pub const fn about(self) -> About {\n        match self {\n");
    for f in findings {
        let about = match str_of(f, "about") {
            "token" => "Token",
            "request" => "Request",
            "body" => "Body",
            "key" => "Key",
            "paste" => "Paste",
            "api-key" => "ApiKey",
            "app-id" => "AppId",
            other => panic!("finding {}: unknown target {other:?}", str_of(f, "id")),
        };
        writeln!(w, "            Code::{} => About::{about},", variant(str_of(f, "id"))).unwrap();
    }
    w.push_str("        }\n    }\n\n    /// Said beside the verdict itself, not only among the findings (what changes how the\n");
    w.push_str("    /// headline is read: an old paste, the sandbox, an unknown value).\n");
    let notes: Vec<String> = findings
        .iter()
        .filter(|f| f["verdict_note"].as_bool().unwrap_or(false))
        .map(|f| format!("Code::{}", variant(str_of(f, "id"))))
        .collect();
    let notes = if notes.is_empty() { "Code::PasteCleaned if false".to_string() } else { notes.join(" | ") };
    writeln!(w, "    pub const fn verdict_note(self) -> bool {{\n        matches!(self, {notes})\n    }}").unwrap();
    w.push_str("\n    /// The platform errors this finding leads to or explains, most direct first.\n");
    w.push_str("    pub const fn explains(self) -> &'static [ErrorId] {\n        match self {\n");
    let known: HashSet<&str> = error_ids.iter().copied().collect();
    for f in findings {
        let list: Vec<String> = f["explains"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
            .unwrap_or_default()
            .iter()
            .map(|e| {
                assert!(known.contains(e), "finding {} explains unknown error {e:?}", str_of(f, "id"));
                format!("ErrorId::{}", variant(e))
            })
            .collect();
        writeln!(w, "            Code::{} => &[{}],", variant(str_of(f, "id")), list.join(", ")).unwrap();
    }
    w.push_str("        }\n    }\n}\n\n");
    // ErrorId
    w.push_str("/// A platform error's stable id: the catalogue anchor `#/errors/<id>`. Never rename.\n");
    w.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub enum ErrorId {\n");
    for id in &error_ids {
        writeln!(w, "    {},", variant(id)).unwrap();
    }
    w.push_str("}\n\nimpl ErrorId {\n    pub const ALL: &'static [ErrorId] = &[\n");
    for id in &error_ids {
        writeln!(w, "        ErrorId::{},", variant(id)).unwrap();
    }
    w.push_str("    ];\n\n    pub const fn id(self) -> &'static str {\n        match self {\n");
    for id in &error_ids {
        writeln!(w, "            ErrorId::{} => {id:?},", variant(id)).unwrap();
    }
    w.push_str("        }\n    }\n}\n");

    // Entries, in the order of the ids (so `x as usize` indexes them).
    let mut entries = String::new();
    let w = &mut entries;
    writeln!(w, "pub(super) static FINDINGS: [Entry; {}] = [", findings.len()).unwrap();
    for f in findings {
        // Findings with the same fix say it once (the verdict's to-do list): the first such entry.
        let fix_group = findings.iter().position(|g| str_of(g, "fix") == str_of(f, "fix")).expect("itself");
        writeln!(
            w,
            "    Entry {{ title: {:?}, meaning: {:?}, causes: &[{}], fix: {:?}, fix_group: {fix_group}, documented: {:?}, \
             enforced: {:?}, source: {:?} }},",
            str_of(f, "title"),
            text_of(f, "meaning"),
            causes(f),
            text_of(f, "fix"),
            text_of(f, "documented"),
            text_of(f, "enforced"),
            text_of(f, "source"),
        )
        .unwrap();
    }
    w.push_str("];\n\n");
    writeln!(w, "pub(super) static ERRORS: [PlatformError; {}] = [", errors.len()).unwrap();
    for e in errors {
        let shape = match str_of(e, "shape") {
            "nhs" => "Nhs",
            "apigee" => "Apigee",
            "fhir" => "Fhir",
            "empty" => "Empty",
            "other" => "Other",
            other => panic!("error {}: unknown shape {other:?}", str_of(e, "id")),
        };
        let old: Vec<String> = e["old"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).map(|s| format!("{s:?}")).collect())
            .unwrap_or_default();
        writeln!(
            w,
            "    PlatformError {{ id: ErrorId::{}, status: {}, status_note: {}, shape: Shape::{shape}, flow: {:?}, \
             step: {}, error: {}, description: {}, errorcode: {}, faultstring: {}, diagnostics: {}, old: &[{}], \
             prefix: {}, contains: {}, fhir_code: {}, by_status: &[{}], api: {}, journey: Journey::{}, \
             evidence_is_hypothesis: {}, title: {:?}, meaning: {:?}, causes: &[{}], fix: {:?}, \
             documented: {:?}, enforced: {:?}, source: {:?} }},",
            variant(str_of(e, "id")),
            e["status"].as_u64().expect("status"),
            opt(e, "status_note"),
            str_of(e, "flow"),
            step(e),
            opt(e, "error"),
            opt(e, "description"),
            opt(e, "errorcode"),
            opt(e, "faultstring"),
            opt(e, "diagnostics"),
            old.join(", "),
            e["prefix"].as_bool().unwrap_or(false),
            e["contains"].as_bool().unwrap_or(false),
            opt(e, "fhir_code"),
            e["by_status"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_u64().expect("by_status").to_string()).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            opt(e, "api"),
            journey(e),
            e["evidence_is_hypothesis"].as_bool().unwrap_or(false),
            str_of(e, "title"),
            text_of(e, "meaning"),
            causes(e),
            text_of(e, "fix"),
            text_of(e, "documented"),
            text_of(e, "enforced"),
            text_of(e, "source"),
        )
        .unwrap();
    }
    w.push_str("];\n\n");
    look_for(w, &data, &error_ids);

    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    write_if_changed(&Path::new(&out).join("ids.rs"), &ids);
    write_if_changed(&Path::new(&out).join("entries.rs"), &entries);
}

/// `look_for`: the words that point at a paste's lines about an error, by topic. Each topic names
/// its errors by id or by an id prefix ending in `*`; a pattern that names none fails the build.
fn look_for(w: &mut String, data: &Value, error_ids: &[&str]) {
    let topics = data["look_for"].as_array().expect("look_for: a list");
    writeln!(w, "pub(super) static LOOK_FOR: [LookFor; {}] = [", topics.len()).unwrap();
    for t in topics {
        let about = t["about"].as_str().expect("look_for: about");
        let mut ids = Vec::new();
        for p in t["ids"].as_array().expect("look_for: ids").iter().filter_map(Value::as_str) {
            let hits: Vec<&&str> = error_ids
                .iter()
                .filter(|id| p.strip_suffix('*').map_or(**id == p, |prefix| id.starts_with(prefix)))
                .collect();
            assert!(!hits.is_empty(), "look_for {about:?}: {p:?} names no error");
            ids.extend(hits.into_iter().map(|id| format!("ErrorId::{}", variant(id))));
        }
        let words: Vec<String> = t["words"]
            .as_array()
            .expect("look_for: words")
            .iter()
            .filter_map(Value::as_str)
            .map(|s| format!("{s:?}"))
            .collect();
        writeln!(w, "    LookFor {{ about: {about:?}, ids: &[{}], words: &[{}] }},", ids.join(", "), words.join(", "))
            .unwrap();
    }
    w.push_str("];\n");
}

/// An explanation text (meaning, fix, documented, enforced, source, a cause's words): in the
/// build only with the `texts` feature (every build but the page's first load, which gets them
/// as data after the verdict: scripts/texts.mjs).
fn text_of<'a>(v: &'a Value, key: &str) -> &'a str {
    let s = str_of(v, key);
    if std::env::var_os("CARGO_FEATURE_TEXTS").is_some() {
        s
    } else {
        ""
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{}: {key} must be a string", v["id"]))
}

/// `"7.10"` → `Some(Step::new(7, 10))`; a step that is not `N` or `N.M` fails the build.
fn step(v: &Value) -> String {
    let Some(s) = v.get("step").and_then(Value::as_str) else { return "None".to_string() };
    let mut parts = s.split('.').map(|p| p.parse::<u8>().unwrap_or_else(|_| panic!("{}: step {s:?}", v["id"])));
    let major = parts.next().unwrap_or_else(|| panic!("{}: step {s:?}", v["id"]));
    let minor = parts.next().unwrap_or(0);
    assert!(parts.next().is_none(), "{}: step {s:?}", v["id"]);
    format!("Some(Step::new({major}, {minor}))")
}

/// Where in the auth journey an error stands: by `journey`, else by `flow`.
fn journey(e: &Value) -> &'static str {
    match (e.get("journey").and_then(Value::as_str), str_of(e, "flow")) {
        (Some("after-token"), _) => "AfterToken",
        (Some("access-rule"), _) => "AccessRule",
        (Some("not-auth"), _) => "NotAuth",
        (Some("rate-limit"), _) => "RateLimit",
        (Some(other), _) => panic!("{}: unknown journey {other:?}", e["id"]),
        (None, "api") => "ApiAuth",
        (None, _) => "Token",
    }
}

fn opt(v: &Value, key: &str) -> String {
    match v.get(key).and_then(Value::as_str) {
        Some(s) => format!("Some({s:?})"),
        None => "None".to_string(),
    }
}

fn causes(v: &Value) -> String {
    let list = v["causes"].as_array().unwrap_or_else(|| panic!("{}: causes must be a list", v["id"]));
    list.iter()
        .map(|c| {
            format!(
                "Cause {{ text: {:?}, unverified: {} }}",
                text_of(c, "text"),
                c["unverified"].as_bool().unwrap_or(false)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `oauth-v2-invalid-client-identifier` → `OauthV2InvalidClientIdentifier`.
fn variant(id: &str) -> String {
    assert!(
        !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "id {id:?} is not kebab-case"
    );
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn unique(ids: &[&str], what: &str) {
    let mut seen = HashSet::new();
    for id in ids {
        assert!(seen.insert(*id), "duplicate {what} id {id:?}");
    }
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).expect("write generated code");
    }
}
