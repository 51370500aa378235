//! Everything the outside world gives the core: the clock, the key the user typed, the
//! environment they chose. The core never reads a clock or the page itself.

use serde::{Deserialize, Serialize};

use crate::platform::Environment;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// Unix seconds "now", as the caller's clock has it.
    pub now: i64,
    /// The API key (Apigee consumer key) the user typed, if any. Kept exactly as typed.
    pub api_key: Option<String>,
    /// The developer-portal Application ID (a GUID), if typed.
    pub app_id: Option<String>,
    /// The environment chosen by the user; `None` means "infer it from the paste".
    pub environment: Option<Environment>,
    /// The paste came from a share link: the key is only its first/last 4 and signatures were
    /// removed, and the report says which checks that rules out.
    #[serde(default)]
    pub shared: bool,
    /// Text of the dedicated key field (PEM, JWK or JWKS), read with the paste.
    #[serde(default)]
    pub keys_text: Option<String>,
    /// When the failing call was made (unix seconds), when the user says so: time checks are
    /// judged at that moment.
    #[serde(default)]
    pub call_at: Option<i64>,
    /// How long the paste was when the edge kept only its start (the page's paste box keeps
    /// at most `MAX_INPUT_BYTES`, so the browser never lays out megabytes): in characters as
    /// the edge counts them. `None`: the input is the whole paste.
    #[serde(default)]
    pub pasted_len: Option<usize>,
}

impl Context {
    pub fn at(now: i64) -> Self {
        Context { now, ..Default::default() }
    }

    pub fn with_key(mut self, key: &str) -> Self {
        self.api_key = Some(key.to_string());
        self
    }

    /// The key as typed, if it holds anything but white space.
    pub fn api_key(&self) -> Option<&str> {
        self.api_key.as_deref().filter(|k| !k.trim().is_empty())
    }

    pub fn app_id(&self) -> Option<&str> {
        self.app_id.as_deref().filter(|k| !k.trim().is_empty())
    }
}
