//! The page's addresses, all in the URL fragment (never sent to a server):
//! `#/` the triage, `#/catalogue` (optionally `&q=word` or `?q=word`, `&status=401`,
//! `&error=invalid_client`), `#/errors/<id>`, `#/findings/<id>`,
//! `#/catalogue?code=<text>` (an errorcode, FHIR code, `error` or `error_description`: its
//! entry), `#/start` ("Start here", with the steps done as `&done=1.2.5`),
//! `share=<state>` to reopen a shared diagnosis, and `embed` for a compact, chrome-free view.
//! Parts are joined with `&`: `#embed&share=…`, `#/errors/aud-invalid&embed`.

use super::share::{self, Shared};

#[derive(Clone, Debug, PartialEq)]
pub enum View {
    Triage,
    Catalogue {
        query: String,
        /// Only platform errors with this HTTP status.
        status: Option<u16>,
        /// Only platform errors with this `error` code (`invalid_client`).
        error: Option<String>,
    },
    /// `errors` or `findings`, and the id.
    Entry {
        kind: String,
        id: String,
    },
    /// `#/catalogue?code=…`: the entries an answer's text names (`find_by_code`).
    Code(String),
    /// `#/start`: from nothing to a first token, with the steps marked done.
    Start {
        done: Vec<u8>,
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
    let (mut query, mut status, mut error, mut code, mut done) = (None, None, None, None, None);
    // `#/catalogue?q=jti&embed` reads like `#/catalogue&q=jti&embed`.
    for part in f.split(['&', '?']).filter(|p| !p.is_empty()) {
        let value = |v: &str| {
            url::form_urlencoded::parse(format!("v={v}").as_bytes())
                .map(|(_, v)| v.into_owned())
                .next()
                .unwrap_or_default()
        };
        if part == "embed" {
            route.embed = true;
        } else if let Some(v) = part.strip_prefix("share=") {
            route.share = share::decode(v);
            route.bad_share = route.share.is_none();
        } else if let Some(q) = part.strip_prefix("q=") {
            query = Some(value(q));
        } else if let Some(s) = part.strip_prefix("status=") {
            status = value(s).trim().parse::<u16>().ok();
        } else if let Some(c) = part.strip_prefix("code=") {
            code = Some(value(c)).filter(|c| !c.trim().is_empty());
        } else if let Some(d) = part.strip_prefix("done=") {
            done = Some(parse_done(&value(d)));
        } else if let Some(e) = part.strip_prefix("error=") {
            error = Some(value(e)).filter(|e| !e.trim().is_empty());
        } else if let Some(path) = part.strip_prefix('/') {
            let mut segs = path.splitn(2, '/');
            route.view = match (segs.next(), segs.next()) {
                (Some("catalogue"), _) => View::Catalogue { query: String::new(), status: None, error: None },
                (Some("start"), _) => View::Start { done: Vec::new() },
                (Some(kind @ ("errors" | "findings")), Some(id)) if !id.is_empty() => {
                    View::Entry { kind: kind.to_string(), id: id.to_string() }
                }
                _ => View::Triage,
            };
        }
    }
    match (&mut route.view, code) {
        (View::Catalogue { .. }, Some(code)) => route.view = View::Code(code),
        (View::Catalogue { query: q, status: s, error: e }, None) => {
            *q = query.unwrap_or_default();
            *s = status;
            *e = error;
        }
        (View::Start { done: d }, _) => *d = done.unwrap_or_default(),
        _ => {}
    }
    route
}

/// The address of a view: `#/catalogue&q=jti&status=401`, `#/errors/<id>`, with `&embed` kept.
pub fn address(view: &View, embed: bool) -> String {
    let enc = |v: &str| url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
    let mut out = match view {
        View::Triage => "#/".to_string(),
        View::Catalogue { query, status, error } => {
            let mut a = "#/catalogue".to_string();
            if !query.trim().is_empty() {
                a.push_str(&format!("&q={}", enc(query.trim())));
            }
            if let Some(s) = status {
                a.push_str(&format!("&status={s}"));
            }
            if let Some(e) = error {
                a.push_str(&format!("&error={}", enc(e)));
            }
            a
        }
        View::Entry { kind, id } => format!("#/{kind}/{id}"),
        View::Code(code) => format!("#/catalogue&code={}", enc(code)),
        View::Start { done } if done.is_empty() => "#/start".to_string(),
        View::Start { done } => format!("#/start&done={}", format_done(done)),
    };
    if embed {
        out.push_str("&embed");
    }
    out
}

/// An internal link (`#/errors/<id>`, `#/catalogue`) that keeps embed mode when the page is in it.
pub fn link(anchor: &str, embed: bool) -> String {
    match (embed, anchor) {
        (false, a) => a.to_string(),
        (true, "#/" | "#" | "") => "#/&embed".to_string(),
        (true, a) => format!("{a}&embed"),
    }
}

/// The Start-here path's steps, numbered 1 to this (`ui::start_here::STEPS` has as many).
pub const START_STEPS: u8 = 8;

/// The steps marked done in the address (`done=1.2.5`): known steps, each once, in order.
pub fn parse_done(v: &str) -> Vec<u8> {
    let mut done: Vec<u8> =
        v.split(['.', ',']).filter_map(|n| n.trim().parse().ok()).filter(|n| (1..=START_STEPS).contains(n)).collect();
    done.sort_unstable();
    done.dedup();
    done
}

/// `done` as the address keeps it.
pub fn format_done(done: &[u8]) -> String {
    done.iter().map(u8::to_string).collect::<Vec<_>>().join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments() {
        assert_eq!(parse("").view, View::Triage);
        assert_eq!(parse("#/errors/aud-invalid").view, View::Entry { kind: "errors".into(), id: "aud-invalid".into() });
        let r = parse("#/catalogue&q=jti%20reuse&embed");
        assert_eq!(r.view, View::Catalogue { query: "jti reuse".into(), status: None, error: None });
        assert!(r.embed);
        // The `?q=` form, filters, and the address written back.
        let r = parse("#/catalogue?q=jti&status=401&error=invalid_client");
        let view = View::Catalogue { query: "jti".into(), status: Some(401), error: Some("invalid_client".into()) };
        assert_eq!(r.view, view);
        assert_eq!(address(&view, true), "#/catalogue&q=jti&status=401&error=invalid_client&embed");
        assert_eq!(parse(&address(&view, true)).view, view);
        assert_eq!(link("#/errors/aud-invalid", true), "#/errors/aud-invalid&embed");
        assert_eq!(link("#/", true), "#/&embed");
        assert!(parse("#/&embed").embed && parse("#/&embed").view == View::Triage);
        let r = parse("#embed&share=notbase64!");
        assert!(r.embed && r.bad_share && r.share.is_none());
        // An answer's text names its entry; the start view keeps its progress.
        let r = parse("#/catalogue?code=Missing%20%27kid%27%20header%20in%20client_assertion%20JWT");
        assert_eq!(r.view, View::Code("Missing 'kid' header in client_assertion JWT".into()));
        assert_eq!(parse(&address(&r.view, false)).view, r.view);
        let start = View::Start { done: vec![1, 4] };
        assert_eq!(parse("#/start&done=4.1.1.100.x").view, start);
        assert_eq!(address(&start, false), "#/start&done=1.4");
        assert_eq!(parse("#/start").view, View::Start { done: vec![] });
        let s = share::Shared { paste: "x".into(), env: None, key: None, at: 5, call_at: None };
        assert_eq!(parse(&format!("#{}", share::encode(&s))).share, Some(s));
    }
}
