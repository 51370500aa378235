//! MESH (Message Exchange for Social care and Health), Spine's mailbox API. It is not an API
//! proxy of the platform: a client authenticates with a client certificate and its own
//! `Authorization: NHSMESH <mailbox>:<nonce>:<nonce count>:<timestamp>:<hmac>` header (an
//! HMAC-SHA256 keyed by the environment's shared key over
//! `<mailbox>:<nonce>:<nonce count>:<mailbox password>:<timestamp>`), not with a platform access
//! token. Sources: NHSDigital/mesh-sandbox (`common/messaging.py`, `common/__init__.py`,
//! `dependencies.py`) and NHSDigital/mesh-client (its endpoints).

/// The path every MESH endpoint is under.
pub const BASE: &str = "/messageexchange/";

/// MESH's hosts: the host, its environment, and whether it resolves on HSCN only (mesh-client
/// 3.0 renamed those `DEPRECATED_HSCN_*`: the internet-facing host is the one to use).
pub const HOSTS: &[(&str, &str, bool)] = &[
    ("msg.intspineservices.nhs.uk", "INT", false),
    ("msg.depspineservices.nhs.uk", "DEP", false),
    ("mesh-sync.spineservices.nhs.uk", "live", false),
    ("msg.int.spine2.ncrs.nhs.uk", "INT", true),
    ("msg.dep.spine2.ncrs.nhs.uk", "DEP", true),
    ("mesh-sync.national.ncrs.nhs.uk", "live", true),
];

/// The internet-facing host of an environment.
pub fn internet_host(env: &str) -> Option<&'static str> {
    HOSTS.iter().find(|(_, e, hscn)| *e == env && !hscn).map(|(h, _, _)| *h)
}

/// A MESH host, as `HOSTS` lists it.
pub fn host(host: &str) -> Option<&'static (&'static str, &'static str, bool)> {
    let host = host.to_ascii_lowercase();
    HOSTS.iter().find(|(h, _, _)| *h == host)
}

/// A URL is MESH's: on one of its hosts, or under its path (a local mesh-sandbox).
pub fn is_mesh(url: &url::Url) -> bool {
    url.host_str().is_some_and(|h| host(h).is_some())
        || url.path().starts_with(BASE)
        || url.path() == "/messageexchange"
}

/// The mailbox a MESH path names (`/messageexchange/X26ABC1/inbox` → `X26ABC1`).
pub fn mailbox_in_path(path: &str) -> Option<&str> {
    path.strip_prefix(BASE)?.split('/').next().filter(|m| !m.is_empty() && *m != "_ping")
}

/// The MESH scheme.
pub const SCHEME: &str = "NHSMESH";

/// An `Authorization` value read as mesh-sandbox's `try_parse_authorisation_token` reads it.
#[derive(Debug, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The value starts with `NHSMESH` (any case).
    pub scheme: bool,
    pub mailbox: &'a str,
    pub nonce_count: &'a str,
    pub timestamp: &'a str,
    /// How many `:`-separated parts it has (5 expected).
    pub parts: usize,
}

pub fn parse_authorization(value: &str) -> Authorization<'_> {
    let value = value.trim();
    let scheme = value.len() >= SCHEME.len() && value[..SCHEME.len()].eq_ignore_ascii_case(SCHEME);
    let rest = if scheme { value.get(SCHEME.len() + 1..).unwrap_or("") } else { value };
    let parts: Vec<&str> = rest.split(':').collect();
    let at = |i: usize| parts.get(i).copied().unwrap_or("");
    Authorization { scheme, mailbox: at(0), nonce_count: at(2), timestamp: at(3), parts: parts.len() }
}

impl Authorization<'_> {
    /// Why MESH cannot read it (`get_reasons_invalid`, and the timestamp's form
    /// `YYYYMMDDHHMM`), empty when it can.
    pub fn reasons_invalid(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.scheme {
            out.push(format!("it does not start with the {SCHEME} scheme"));
        }
        if self.parts != 5 {
            out.push(format!(
                "it has {} colon-separated part{} where MESH reads 5 (mailbox:nonce:nonce count:timestamp:hmac)",
                self.parts,
                if self.parts == 1 { "" } else { "s" }
            ));
        }
        if self.parts == 5 && !self.nonce_count.chars().all(|c| c.is_ascii_digit()) {
            out.push("its nonce count is not digits".to_string());
        }
        if self.mailbox.contains(' ') {
            out.push("its mailbox id contains a space".to_string());
        }
        if self.parts == 5 && !(self.timestamp.len() == 12 && self.timestamp.chars().all(|c| c.is_ascii_digit())) {
            out.push(format!("its timestamp {:?} is not YYYYMMDDHHMM (UTC)", self.timestamp));
        }
        out
    }
}

/// The Accept values MESH reads: `application/vnd.mesh.v<N>+json` (dependencies.py), or none
/// of MESH's (version 1). `Some(value)` for a MESH value it cannot read.
pub fn accept_unreadable(accept: &str) -> Option<&str> {
    accept.split(',').map(str::trim).filter(|a| a.contains("vnd.mesh")).find(|a| {
        let version = a.strip_prefix("application/vnd.mesh.v").and_then(|r| r.strip_suffix("+json"));
        !version.is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nhsmesh_header_is_read_as_mesh_reads_it() {
        let good = parse_authorization("NHSMESH X26ABC1:3f6c1b2a:1:202607051412:8e1c6b0f9a2d");
        assert_eq!((good.mailbox, good.parts), ("X26ABC1", 5));
        assert!(good.reasons_invalid().is_empty());
        let bearer = parse_authorization("Bearer 8kTq2VwN5xLm0RcZ7pYb3HsD9fJa");
        assert!(!bearer.scheme);
        assert_eq!(bearer.mailbox, "Bearer 8kTq2VwN5xLm0RcZ7pYb3HsD9fJa");
        assert_eq!(bearer.reasons_invalid().len(), 3);
        let seconds = parse_authorization("NHSMESH X26ABC1:n:1:20260705141233:h");
        assert_eq!(seconds.reasons_invalid().len(), 1);
    }

    #[test]
    fn meshs_hosts_paths_and_accept() {
        let url = crate::platform::parse_url("https://localhost:8700/messageexchange/X26ABC1/inbox").unwrap();
        assert!(is_mesh(&url));
        assert_eq!(mailbox_in_path(url.path()), Some("X26ABC1"));
        assert_eq!(host("msg.int.spine2.ncrs.nhs.uk").map(|h| h.2), Some(true));
        assert_eq!(internet_host("INT"), Some("msg.intspineservices.nhs.uk"));
        assert_eq!(accept_unreadable("application/vnd.mesh.v2.json"), Some("application/vnd.mesh.v2.json"));
        assert_eq!(accept_unreadable("application/vnd.mesh.v2+json"), None);
        assert_eq!(accept_unreadable("application/json"), None);
    }
}
