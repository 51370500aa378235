//! The shape of the core, checked: the top-level modules form no import cycle (one pipeline,
//! arrows one way), the core names no browser crate, and no catalogue id is written as a string
//! literal in code (ids are typed: `Code::…`, `ErrorId::…`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use auth_triage::{Code, ErrorId};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to (`src/rules/aud_missing.rs` → `rules`).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.trim_end_matches(".rs").to_string();
    (!matches!(first.as_str(), "lib" | "main" | "bin")).then_some(first)
}

/// Code without comments (so a doc comment naming a module is not an import).
fn code_of(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// `crate::x` paths and `use crate::{x, y::…}` groups.
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.insert(name);
            }
        } else {
            out.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|p| module_of(p)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for f in &files {
        let Some(m) = module_of(f) else { continue };
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        for used in uses(&code) {
            // Names the crate root re-exports count as imports of their module.
            let used = match used.as_str() {
                "Report" => "report".to_string(),
                "Context" => "context".to_string(),
                "Code" | "ErrorId" | "Finding" | "Severity" | "Target" | "join_and" => "vocab".to_string(),
                "Verification" => "facts".to_string(),
                "Plan" => "keys".to_string(),
                _ => used,
            };
            if used != m && modules.contains(&used) {
                g.get_mut(&m).unwrap().insert(used);
            }
        }
    }
    g
}

/// A cycle through `start`, if any (depth-first search).
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        g: &BTreeMap<String, BTreeSet<String>>,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut c = path[i..].to_vec();
            c.push(node.to_string());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in &g[node] {
            if let Some(c) = visit(g, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys().find_map(|m| visit(g, m, &mut Vec::new(), &mut done))
}

#[test]
fn top_level_modules_form_no_cycle() {
    let g = graph();
    assert!(g.len() > 10, "too few modules found: {g:?}");
    assert!(g["checks"].contains("facts"), "the parser misses real imports: {g:?}");
    assert_eq!(cycle(&g), None, "import cycle among the core's top-level modules; graph: {g:#?}");
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g = graph();
    g.get_mut("vocab").unwrap().insert("report".into());
    assert!(cycle(&g).is_some(), "a leaf importing the aggregate must be a cycle");
}

#[test]
fn the_vocabulary_is_a_leaf_and_the_report_is_on_top() {
    let g = graph();
    assert!(g["vocab"].is_empty(), "vocab imports {:?}", g["vocab"]);
    for (m, deps) in &g {
        if !matches!(m.as_str(), "outputs" | "ui" | "twin") {
            assert!(!deps.contains("report"), "{m} imports the top aggregate `report`");
        }
    }
}

#[test]
fn the_core_names_no_browser_crate() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    // The shell: the components, and the two wasm entry points (the page's first load, its
    // second module).
    let shell = |f: &std::path::Path| {
        f.starts_with(src().join("ui/web")) || f.ends_with("main.rs") || f.ends_with("bin/more.rs")
    };
    for f in files.iter().filter(|f| !shell(f)) {
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        for c in ["yew::", "web_sys::", "js_sys::", "gloo_net::", "wasm_bindgen::"] {
            assert!(!code.contains(c), "{} uses {c}", f.display());
        }
    }
}

#[test]
fn no_catalogue_id_is_a_string_literal_in_code() {
    let ids: BTreeSet<String> =
        Code::ALL.iter().map(|c| c.id().to_string()).chain(ErrorId::ALL.iter().map(|e| e.id().to_string())).collect();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for f in &files {
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        // Tests may name ids in expectations; code may not.
        let code = code.split("#[cfg(test)]").next().unwrap_or("");
        for id in &ids {
            assert!(!code.contains(&format!("\"{id}\"")), "{} writes the id \"{id}\" as a string", f.display());
        }
    }
}

fn src_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

#[test]
fn the_prediction_walks_the_steps_and_imports_no_rule() {
    let predict = std::fs::read_to_string(src().join("checks/predict.rs")).unwrap();
    let code = code_of(&predict);
    assert!(!code.contains("rules"), "checks/predict.rs names the rules: it walks gateway::STEPS only");
    assert!(code.contains("STEPS"), "checks/predict.rs does not walk gateway::STEPS");
}

#[test]
fn no_pub_use_of_the_crate_outside_lib_rs() {
    for (path, text) in src_files() {
        if path.ends_with("lib.rs") {
            continue;
        }
        for (i, line) in code_of(&text).lines().enumerate() {
            assert!(
                !line.trim_start().starts_with("pub use crate::"),
                "{}:{}: `{}` hides where a type lives",
                path.display(),
                i + 1,
                line.trim()
            );
        }
    }
}

#[test]
fn no_gateway_step_is_written_as_a_string() {
    // Steps are typed (`Step`, from the catalogue's data): `"7.10"` or `step == "16"` in code
    // is a second copy of the check order.
    for (path, text) in src_files() {
        for (i, line) in code_of(&text).lines().enumerate() {
            let Some(at) = line.find("step") else { continue };
            let rest = &line[at..];
            let quoted = rest.split('"').nth(1).unwrap_or("");
            let stepish = !quoted.is_empty()
                && quoted.split('.').count() <= 2
                && quoted.split('.').all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
            assert!(!stepish, "{}:{}: a step written as a string: {}", path.display(), i + 1, line.trim());
        }
    }
}

#[test]
fn analyze_with_is_one_line_a_stage_and_only_extract_reads_the_input() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let start = lib.find("pub fn analyze_with(").expect("analyze_with in lib.rs");
    let body = &lib[start..];
    let end = body.find("\n}\n").expect("the end of analyze_with") + 2;
    let body = &body[..end];
    let lines = body.lines().count();
    assert!(lines <= 30, "analyze_with is {lines} lines");
    let reads: Vec<&str> = body.lines().skip(1).filter(|l| code_of(l).contains("input")).collect();
    assert_eq!(reads.len(), 1, "the raw input is taken by more than the extract line: {reads:?}");
    assert!(reads[0].contains("extract::extract(input"), "{reads:?}");
}

/// The "never" arrows of ../shared/design/layers.json, with today's paths: no file of the first
/// part names the second.
#[test]
fn the_never_arrows_of_the_layer_map_do_not_exist() {
    // (part, its files by path prefix under src/, how code names it)
    let parts: &[(&str, &[&str], &[&str])] = &[
        ("Catalogue", &["catalogue/"], &["crate::catalogue"]),
        ("Report", &["report.rs"], &["crate::report", "crate::Report"]),
        ("Decode", &["decode/"], &["crate::decode"]),
        ("Extract", &["extract/"], &["crate::extract"]),
        ("Ground", &["platform.rs", "platform/", "context.rs"], &["crate::platform", "crate::context"]),
        ("Keys", &["keys/"], &["crate::keys"]),
        ("Rules", &["checks/rules/"], &["crate::checks::rules", "super::rules"]),
        ("Outputs", &["outputs/"], &["crate::outputs"]),
        ("Predict", &["checks/predict.rs"], &["crate::checks::predict", "super::predict"]),
        ("Entry", &["lib.rs"], &["crate::analyze"]),
        ("Shells", &["ui/", "bin/", "main.rs"], &["crate::ui"]),
    ];
    let never = [
        ("Catalogue", "Report"),
        ("Decode", "Report"),
        ("Extract", "Report"),
        ("Extract", "Decode"),
        ("Ground", "Keys"),
        ("Rules", "Keys"),
        ("Report", "Predict"),
        ("Entry", "Shells"),
        ("Rules", "Outputs"),
        ("Predict", "Rules"),
    ];
    let part = |name: &str| parts.iter().find(|p| p.0 == name).unwrap();
    let files = src_files();
    let mut broken = Vec::new();
    for (from, to) in never {
        let (_, prefixes, _) = part(from);
        let (_, _, names) = part(to);
        for (path, text) in &files {
            let rel = path.strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
            if !prefixes.iter().any(|p| rel.starts_with(p)) {
                continue;
            }
            let code = code_of(text);
            // The tests inside a file may use what they like.
            let code = code.split("#[cfg(test)]").next().unwrap_or("");
            for n in names.iter().filter(|n| code.contains(*n)) {
                broken.push(format!("{from} → {to}: src/{rel} names {n}"));
            }
        }
    }
    assert!(broken.is_empty(), "arrows that must never exist:\n{}", broken.join("\n"));
}

/// Data and generated code, exempt from the size limits: the examples' texts and the catalogue's
/// source links.
const DATA: &[&str] = &["examples.rs", "catalogue/sources.rs"];

/// Each function's length in lines, from its `fn` line to the closing brace at the same indent
/// (a one-line or bodiless `fn` is one line).
fn function_lengths(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        let head = t
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ")
            .trim_start_matches("async ")
            .trim_start_matches("unsafe ");
        let Some(name) = head.strip_prefix("fn ") else { continue };
        let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if t.ends_with(';') || (t.ends_with('}') && t.contains('{')) {
            out.push((i + 1, name, 1));
            continue;
        }
        let close = format!("{indent}}}");
        let end = lines[i + 1..].iter().position(|l| l.starts_with(&close) && l.trim() == "}");
        out.push((i + 1, name, end.map_or(lines.len() - i, |e| e + 2)));
    }
    out
}

#[test]
fn the_function_measure_counts_from_fn_to_its_brace() {
    let text = "fn a() {}\nfn b() {\n    let x = 1;\n    if x {\n    }\n}\n    pub fn c(\n        y: u8,\n    ) -> u8 {\n        y\n    }\n";
    let got: Vec<(String, usize)> = function_lengths(text).into_iter().map(|(_, n, l)| (n, l)).collect();
    assert_eq!(got, [("a".to_string(), 1), ("b".to_string(), 5), ("c".to_string(), 5)]);
}

#[test]
fn no_file_over_400_lines_and_no_function_over_120() {
    let mut too_big = Vec::new();
    for (path, text) in src_files() {
        let rel = path.strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
        if DATA.contains(&rel.as_str()) {
            continue;
        }
        let lines = text.lines().count();
        if lines > 400 {
            too_big.push(format!("src/{rel}: {lines} lines (at most 400)"));
        }
        for (at, name, len) in function_lengths(&text) {
            if len > 120 {
                too_big.push(format!("src/{rel}:{at}: fn {name} is {len} lines (at most 120)"));
            }
        }
    }
    assert!(too_big.is_empty(), "split these:\n{}", too_big.join("\n"));
}
