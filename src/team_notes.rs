//! Team notes: a `team-notes.json` next to the page adds a team's own notes and links to
//! catalogue entries, without rebuilding. Parsed and checked here; fetched by the page.
//!
//! ```json
//! { "notes": { "errors/oauth-v2-invalid-client-identifier": [
//!     { "text": "Ask in #api-platform, with the ticket.", "link": "https://wiki.example.org/nhs-auth", "label": "Team wiki" } ] } }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::catalogue::platform;
use crate::vocab::Code;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamNote {
    pub text: String,
    /// Only http(s) links are kept.
    pub link: Option<String>,
    pub label: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamNotes {
    /// Keyed by `errors/<id>` or `findings/<id>`.
    pub notes: BTreeMap<String, Vec<TeamNote>>,
    /// What was wrong but could be skipped, said on the page.
    pub warnings: Vec<String>,
}

impl TeamNotes {
    pub fn for_anchor(&self, anchor: &str) -> &[TeamNote] {
        self.notes.get(anchor.trim_start_matches("#/")).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    notes: BTreeMap<String, Vec<NoteIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteIn {
    text: String,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    label: Option<String>,
}

/// Parse `team-notes.json`. `Err` (with line and column) when it is not the expected JSON;
/// unknown entries and unsafe links are skipped with a warning.
pub fn parse(text: &str) -> Result<TeamNotes, String> {
    let file: File = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("team-notes.json is not valid: {e}"))?;
    let mut out = TeamNotes::default();
    for (anchor, notes) in file.notes {
        let known = match anchor.split_once('/') {
            Some(("errors", id)) => platform::by_id(id).is_some(),
            Some(("findings", id)) => Code::from_id(id).is_some(),
            _ => false,
        };
        if !known {
            out.warnings.push(format!(
                "team-notes.json: \"{anchor}\" is not a catalogue entry (use errors/<id> or findings/<id>); skipped."
            ));
            continue;
        }
        let mut kept = Vec::new();
        for n in notes {
            let link = match n.link {
                Some(l) if l.starts_with("https://") || l.starts_with("http://") => Some(l),
                Some(l) => {
                    out.warnings.push(format!(
                        "team-notes.json: the link \"{}\" on {anchor} is not http(s); dropped.",
                        l.chars().take(60).collect::<String>()
                    ));
                    None
                }
                None => None,
            };
            if n.text.trim().is_empty() && link.is_none() {
                continue;
            }
            kept.push(TeamNote { text: n.text, link, label: n.label });
        }
        out.notes.insert(anchor, kept);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_example_file() {
        let notes = parse(include_str!("../static/team-notes.example.json")).unwrap();
        assert!(notes.warnings.is_empty(), "{:?}", notes.warnings);
        assert!(!notes.for_anchor("#/errors/oauth-v2-invalid-client-identifier").is_empty());
    }

    #[test]
    fn bad_files_say_why() {
        assert!(parse("{").unwrap_err().contains("line 1"));
        assert!(parse(r#"{"notes": {"errors/x": [{"txt": "a"}]}}"#).unwrap_err().contains("unknown field"));
        let n = parse(r#"{"notes": {"errors/nope": [], "findings/aud-mismatch": [{"text": "a", "link": "javascript:alert(1)"}]}}"#).unwrap();
        assert_eq!(n.warnings.len(), 2);
        assert_eq!(n.for_anchor("findings/aud-mismatch")[0].link, None);
    }
}
