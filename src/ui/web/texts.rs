//! The catalogue's explanations in the page's first load. The verdict's headline, certainty and
//! causes' order need none of the catalogue's words, so the first load is built without them
//! (the `texts` feature off: build.rs leaves them empty) and reads them once it is live from a
//! file of its own (`catalogue-texts-….json`, same origin, written by scripts/texts.mjs from
//! `catalogue.json`; in the single file, a data block). Until they arrive the verdict says its
//! explanation is loading. A build with the texts (`more`, the tests) never loads the file.

use std::collections::HashMap;
use std::rc::Rc;

use serde::Deserialize;
use yew::prelude::*;

use crate::catalogue::sources::{links, SourceLink};
use crate::diagnose::{CauseFrom, Diagnosis};
use crate::vocab::Code;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Texts {
    findings: HashMap<String, FindingText>,
    errors: HashMap<String, ErrorText>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
struct FindingText {
    fix: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
struct ErrorText {
    meaning: String,
    causes: Vec<String>,
    fix: String,
    documented: String,
    enforced: String,
    source: String,
}

/// A diagnosis's words, from the report (a build with the texts) or from the loaded file.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub meaning: String,
    /// Each ranked cause's words, in the diagnosis's order.
    pub causes: Vec<String>,
    pub fix: String,
    pub documented: String,
    pub enforced: String,
    pub source: Vec<SourceLink>,
}

/// The words of `d`, or `None` while they are loading.
pub fn explain(d: &Diagnosis, texts: Option<&Texts>) -> Option<Explained> {
    if !d.meaning.is_empty() {
        return Some(Explained {
            meaning: d.meaning.clone(),
            causes: d.causes.iter().map(|c| c.text.clone()).collect(),
            fix: d.fix.clone(),
            documented: d.documented.clone(),
            enforced: d.enforced.clone(),
            source: d.source.clone(),
        });
    }
    let t = texts?.errors.get(d.entry.id())?;
    let causes = d
        .causes
        .iter()
        .map(|c| match c.from {
            CauseFrom::Catalogue(i) if c.text.is_empty() => t.causes.get(i).cloned().unwrap_or_default(),
            _ => c.text.clone(),
        })
        .collect();
    Some(Explained {
        meaning: t.meaning.clone(),
        causes,
        fix: t.fix.clone(),
        documented: t.documented.clone(),
        enforced: t.enforced.clone(),
        source: links(&t.source),
    })
}

/// A to-do line (`title: fix`) with its fix, when the report's has none yet.
pub fn todo_line(line: &str, code: Option<Code>, texts: Option<&Texts>) -> String {
    match (line.strip_suffix(": "), code, texts) {
        (Some(title), Some(code), Some(t)) => match t.findings.get(code.id()) {
            Some(f) => format!("{title}: {}", f.fix),
            None => line.to_string(),
        },
        (Some(title), _, _) => title.to_string(),
        _ => line.to_string(),
    }
}

/// The catalogue's texts once loaded; `None` in a build that has them (nothing to load) and
/// until they arrive.
#[hook]
pub fn use_texts() -> Option<Rc<Texts>> {
    let texts = use_state(|| None::<Rc<Texts>>);
    {
        let texts = texts.clone();
        use_effect_with((), move |_| {
            if !cfg!(feature = "texts") {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(t) = load().await {
                        texts.set(Some(Rc::new(t)));
                    }
                });
            }
        });
    }
    (*texts).clone()
}

async fn load() -> Option<Texts> {
    let doc = web_sys::window()?.document()?;
    let json = match doc.get_element_by_id("auth-triage-texts") {
        // The single file: a data block.
        Some(block) => block.text_content()?,
        None => {
            let meta = doc.query_selector("meta[name='auth-triage-texts']").ok()??;
            let url = meta.get_attribute("content")?;
            gloo_net::http::Request::get(&url).send().await.ok()?.text().await.ok()?
        }
    };
    serde_json::from_str(&json).ok()
}
