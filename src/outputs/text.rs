//! The report as plain text: what the command line prints and what the field corpus reads.
//! The verdict first (the pasted answer explained, or the prediction, or the client error),
//! then the diagnosis with its sources as URLs, the findings, the tokens.

use crate::report::Report;
use crate::vocab::Certainty;
use crate::vocab::Provenance;

/// The whole report as text.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    if !r.found.is_empty() {
        line(format!("Found: {}", r.found.join(" · ")));
    }
    let v = &r.verdict;
    if v.from != Provenance::None {
        line(format!("Verdict ({}): {}", v.from_label(), v.headline));
        line(format!("  certainty: {} — {}", v.certainty.label(), v.why));
        line(format!("  server: {}", v.server.describe()));
        if let Some(c) = &r.client_error {
            line(format!("  library: {}", c.library));
            line(format!("  why: {}", c.cause));
            line(format!("  fix: {}", c.fix));
        }
        for n in &v.notes {
            line(format!("  note: {n}"));
        }
        if !v.todo.is_empty() {
            line("  To do, in the gateway's order:".into());
            for (i, t) in v.todo.iter().enumerate() {
                line(format!("    {}. {t}", i + 1));
            }
        }
        line(String::new());
    }
    if let Some(p) = r.predicted.as_ref().filter(|_| v.from != Provenance::Predicted) {
        let (said, answer) = p.beside(&v.headline);
        line(format!("{said}{}", answer.unwrap_or_default()));
    } else if let Some(p) = &r.predicted {
        let how = if p.certainty == Certainty::Likely { " (likely)" } else { "" };
        line(format!("Gateway answer{how}: {}", p.headline()));
        line(format!("  because: {}", p.why));
        if let Some(b) = &p.basis {
            line(format!("  {b}"));
        }
        for a in &p.assumptions {
            line(format!("  assumes: {a}"));
        }
    }
    for d in &r.diagnosis {
        line(String::new());
        line(format!("{} [{}]", d.title, d.entry.id()));
        line(format!("  {}", d.meaning));
        for c in &d.causes {
            line(format!("  {}. ({}) {}", c.rank, c.tag(), c.text));
        }
        if let Some(l) = &d.look_at {
            line(format!("  In your paste, about {} (check these first):", l.about));
            for q in &l.lines {
                line(format!("    line {}: {}", q.line, q.text));
            }
        }
        line(format!("  Fix: {}", d.fix));
        line(format!("  Rule: documented — {}; enforced — {}", d.documented, d.enforced));
        for s in &d.source {
            match &s.url {
                Some(url) => line(format!("  Source: {} <{url}>", s.label)),
                None => line(format!("  Source: {}", s.label)),
            }
        }
    }
    if !r.findings.is_empty() {
        line(String::new());
        line("Findings:".into());
        for f in &r.findings {
            line(format!("  {} {}: {} [{}]", f.severity.icon(), f.severity.label(), f.message, f.code.id()));
        }
    }
    for (i, t) in r.tokens.iter().enumerate() {
        line(String::new());
        line(format!("Token {} ({}):", i + 1, t.role.label()));
        if let Some(h) = &t.header.json {
            line(format!("  header:  {h}"));
        }
        match (&t.payload.json, &t.payload.text) {
            (Some(p), _) => line(format!("  payload: {p}")),
            (None, Some(text)) => line(format!("  payload (text): {text}")),
            _ => {}
        }
        for c in &t.times {
            line(format!(
                "  {}: {} = {} ({})",
                c.name,
                c.raw,
                c.utc.as_deref().unwrap_or("—"),
                c.relative.as_deref().unwrap_or("—")
            ));
        }
    }
    out.trim_end().to_string()
}
