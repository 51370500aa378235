//! The page's addresses, all in the URL fragment (never sent to a server):
//! `#/` the triage, `#/catalogue` (optionally `&q=word`), `#/errors/<id>`, `#/findings/<id>`,
//! `share=<state>` to reopen a shared diagnosis, and `embed` for a compact, chrome-free view.
//! Parts are joined with `&`: `#embed&share=…`, `#/errors/aud-invalid&embed`.

use super::share::{self, Shared};

#[derive(Clone, Debug, PartialEq)]
pub enum View {
    Triage,
    Catalogue {
        query: String,
    },
    /// `errors` or `findings`, and the id.
    Entry {
        kind: String,
        id: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub view: View,
    pub embed: bool,
    pub share: Option<Shared>,
    /// A `share=` part that could not be read.
    pub bad_share: bool,
}

pub fn parse(fragment: &str) -> Route {
    let f = fragment.trim_start_matches('#');
    let mut route = Route { view: View::Triage, embed: false, share: None, bad_share: false };
    let mut query = None;
    for part in f.split('&').filter(|p| !p.is_empty()) {
        if part == "embed" {
            route.embed = true;
        } else if let Some(v) = part.strip_prefix("share=") {
            route.share = share::decode(v);
            route.bad_share = route.share.is_none();
        } else if let Some(q) = part.strip_prefix("q=") {
            query = Some(
                url::form_urlencoded::parse(format!("q={q}").as_bytes())
                    .map(|(_, v)| v.into_owned())
                    .next()
                    .unwrap_or_default(),
            );
        } else if let Some(path) = part.strip_prefix('/') {
            let mut segs = path.splitn(2, '/');
            route.view = match (segs.next(), segs.next()) {
                (Some("catalogue"), _) => View::Catalogue { query: String::new() },
                (Some(kind @ ("errors" | "findings")), Some(id)) if !id.is_empty() => {
                    View::Entry { kind: kind.to_string(), id: id.to_string() }
                }
                _ => View::Triage,
            };
        }
    }
    if let (View::Catalogue { query: q }, Some(s)) = (&mut route.view, query) {
        *q = s;
    }
    route
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments() {
        assert_eq!(parse("").view, View::Triage);
        assert_eq!(parse("#/errors/aud-invalid").view, View::Entry { kind: "errors".into(), id: "aud-invalid".into() });
        let r = parse("#/catalogue&q=jti%20reuse&embed");
        assert_eq!(r.view, View::Catalogue { query: "jti reuse".into() });
        assert!(r.embed);
        let r = parse("#embed&share=notbase64!");
        assert!(r.embed && r.bad_share && r.share.is_none());
        let s = share::Shared { paste: "x".into(), env: None, key: None, at: 5 };
        assert_eq!(parse(&format!("#{}", share::encode(&s))).share, Some(s));
    }
}
