//! The assertion builder's state as a pure reducer: `BuilderState` + `BuilderAction` →
//! `BuilderState`. No browser crate here, so it compiles and is tested natively; the Yew
//! component (`web/builder.rs`) dispatches actions and runs the effects (WebCrypto, the
//! download URL, `pagehide`). The private key lives only in this state: never stored, never in
//! a URL, never logged.

use crate::platform::Environment;
use crate::ui::state::BuilderTyped;

/// A signed assertion and the token request that sends it.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub compact: String,
    pub curl: String,
}

/// A key pair made in the browser.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    pub jwks: String,
    /// The private key's download (a `blob:` URL the component revokes).
    pub download: String,
    pub pem: String,
    /// The key's RFC 7638 thumbprint: the default kid.
    pub thumbprint: String,
    /// The public JWKS's download as `jwks.json` (a `blob:` URL the component revokes).
    pub jwks_download: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BuilderState {
    pub env: Environment,
    /// The kid: the one the pasted assertion uses, else the user's, else the generated key's
    /// RFC 7638 thumbprint (filled in when a key pair is made).
    pub kid: String,
    /// The user typed the kid (a generated key then keeps it).
    pub kid_typed: bool,
    /// A generated key "loaded" into the builder: kept in memory only, never written to a field.
    pub loaded: bool,
    pub lifetime: String,
    pub private: String,
    pub output: Option<Output>,
    pub error: String,
    /// Building stopped for want of the API key: the error offers the way to its field.
    pub needs_key: bool,
    /// A key pair is being made.
    pub busy: bool,
    pub generated: Option<Generated>,
}

impl BuilderState {
    /// The builder as first shown: the environment and kid the paste suggests.
    pub fn new(env: Option<Environment>, kid: Option<String>) -> BuilderState {
        BuilderState {
            env: env.unwrap_or(Environment::Int),
            kid: kid.unwrap_or_default(),
            kid_typed: false,
            loaded: false,
            lifetime: "240".to_string(),
            private: String::new(),
            output: None,
            error: String::new(),
            needs_key: false,
            busy: false,
            generated: None,
        }
    }

    /// What building needs before anything is signed: the kid and the lifetime in seconds, or
    /// why it cannot be built.
    pub fn to_build(&self) -> Result<(String, i64), String> {
        if self.kid.trim().is_empty() {
            return Err("Give the kid: the key id registered with the public key (a generated key uses its RFC 7638 thumbprint).".into());
        }
        Ok((self.kid.clone(), self.lifetime.trim().parse().unwrap_or(0)))
    }

    /// The kid a key pair made now gets: the one typed, else (`None`) its thumbprint.
    pub fn kid_for_new_key(&self) -> Option<String> {
        (self.kid_typed && !self.kid.trim().is_empty()).then(|| self.kid.clone())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum BuilderAction {
    /// What was typed into the server-rendered builder before the page was live.
    Typed(BuilderTyped),
    SetEnv(Environment),
    /// The user typed the kid.
    SetKid(String),
    SetLifetime(String),
    /// The user typed or pasted a private key (a loaded generated key is then replaced).
    SetPrivate(String),
    /// Forget the private key, the key pair and the output (the button).
    Clear,
    /// The page is going away: forget the private key.
    ForgetPrivate,
    /// Signing succeeded.
    Built(Output),
    Failed(String),
    /// Building needs the API key first (focus went to its field).
    NeedKey,
    /// Making a key pair started.
    Generating,
    /// The key pair is made; the kid it was given.
    Generated(Generated, String),
    /// Making a key pair ended without one.
    GenerateFailed(String),
    /// Load the generated key into the builder (memory only: the field stays empty).
    UseGenerated,
}

impl BuilderState {
    pub fn reduce(mut self, action: BuilderAction) -> BuilderState {
        match action {
            BuilderAction::Typed(t) => {
                if let Some(e) = t.env {
                    self.env = e;
                }
                if let Some(k) = t.kid {
                    self.kid = k;
                    self.kid_typed = true;
                }
                if let Some(l) = t.lifetime {
                    self.lifetime = l;
                }
                if let Some(p) = t.private {
                    self.private = p;
                }
            }
            BuilderAction::SetEnv(e) => self.env = e,
            BuilderAction::SetKid(k) => {
                self.kid = k;
                self.kid_typed = true;
            }
            BuilderAction::SetLifetime(l) => self.lifetime = l,
            BuilderAction::SetPrivate(p) => {
                self.private = p;
                self.loaded = false;
            }
            BuilderAction::Clear => {
                self.private.clear();
                self.loaded = false;
                self.generated = None;
                self.output = None;
            }
            BuilderAction::ForgetPrivate => self.private.clear(),
            BuilderAction::Built(o) => {
                self.output = Some(o);
                self.error.clear();
                self.needs_key = false;
            }
            BuilderAction::Failed(e) => {
                self.error = e;
                self.needs_key = false;
            }
            BuilderAction::NeedKey => {
                self.error =
                    "Enter the API key first: it goes in iss and sub (the app's Key, not its Application ID).".into();
                self.needs_key = true;
            }
            BuilderAction::Generating => self.busy = true,
            BuilderAction::Generated(g, kid) => {
                self.kid = kid;
                self.generated = Some(g);
                self.busy = false;
            }
            BuilderAction::GenerateFailed(e) => {
                self.error = e;
                self.busy = false;
            }
            BuilderAction::UseGenerated => {
                if let Some(g) = &self.generated {
                    self.private = g.pem.clone();
                    self.loaded = true;
                }
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> Generated {
        Generated {
            jwks: "{}".into(),
            download: "blob:x".into(),
            pem: "PEM".into(),
            thumbprint: "tp".into(),
            jwks_download: "blob:y".into(),
        }
    }

    #[test]
    fn starts_from_the_paste_and_takes_what_was_typed_early() {
        let s = BuilderState::new(None, Some("k1".into()));
        assert_eq!((s.env, s.kid.as_str(), s.lifetime.as_str(), s.kid_typed), (Environment::Int, "k1", "240", false));
        let typed = BuilderTyped {
            env: Some(Environment::Sandbox),
            kid: Some("mine".into()),
            lifetime: Some("60".into()),
            private: Some("-----BEGIN PRIVATE KEY-----".into()),
        };
        let s = s.reduce(BuilderAction::Typed(typed));
        assert_eq!((s.env, s.kid.as_str(), s.lifetime.as_str()), (Environment::Sandbox, "mine", "60"));
        assert!(s.kid_typed && s.private.starts_with("-----BEGIN"));
        let untouched =
            BuilderState::new(Some(Environment::Prod), None).reduce(BuilderAction::Typed(Default::default()));
        assert_eq!(untouched, BuilderState::new(Some(Environment::Prod), None));
    }

    #[test]
    fn building_needs_a_kid_and_reads_the_lifetime() {
        let s = BuilderState::new(None, None);
        assert!(s.to_build().unwrap_err().starts_with("Give the kid"));
        let s = s.reduce(BuilderAction::SetKid("k".into())).reduce(BuilderAction::SetLifetime(" 120 ".into()));
        assert_eq!(s.to_build(), Ok(("k".into(), 120)));
        let s = s.reduce(BuilderAction::SetLifetime("soon".into()));
        assert_eq!(s.to_build(), Ok(("k".into(), 0)), "unreadable: 0, which the core refuses with its reason");
        let s = s.reduce(BuilderAction::NeedKey);
        assert!(s.needs_key && s.error.starts_with("Enter the API key"));
        let s = s.reduce(BuilderAction::Failed("no".into()));
        assert!(!s.needs_key);
        let s = s.reduce(BuilderAction::Built(Output { compact: "a.b.c".into(), curl: "curl".into() }));
        assert!(s.error.is_empty() && s.output.is_some());
    }

    #[test]
    fn a_new_key_takes_the_typed_kid_else_its_thumbprint() {
        let s = BuilderState::new(None, Some("from-paste".into()));
        assert_eq!(s.kid_for_new_key(), None, "the paste's kid is not the user's");
        let s = s.reduce(BuilderAction::Generating);
        assert!(s.busy);
        let s = s.reduce(BuilderAction::Generated(generated(), "tp".into()));
        assert_eq!((s.kid.as_str(), s.busy), ("tp", false));
        let s = s.reduce(BuilderAction::SetKid("mine".into()));
        assert_eq!(s.kid_for_new_key(), Some("mine".into()));
        let s = s.reduce(BuilderAction::Generating).reduce(BuilderAction::GenerateFailed("nope".into()));
        assert_eq!((s.busy, s.error.as_str()), (false, "nope"));
    }

    #[test]
    fn the_private_key_is_forgotten_by_the_button_and_when_the_page_goes() {
        let s = BuilderState::new(None, None).reduce(BuilderAction::Generated(generated(), "tp".into()));
        let s = s.reduce(BuilderAction::UseGenerated);
        assert!(s.loaded && s.private == "PEM");
        let typed = s.clone().reduce(BuilderAction::SetPrivate("other".into()));
        assert!(!typed.loaded, "a pasted key replaces the loaded one");
        let gone = s.clone().reduce(BuilderAction::ForgetPrivate);
        assert!(gone.private.is_empty());
        let s = s
            .reduce(BuilderAction::Built(Output { compact: "c".into(), curl: "u".into() }))
            .reduce(BuilderAction::Clear);
        assert!(s.private.is_empty() && !s.loaded && s.generated.is_none() && s.output.is_none());
    }
}
