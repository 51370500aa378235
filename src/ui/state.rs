//! The page's state as a pure reducer: `State` + `Action` → `State`. No browser crate here, so
//! it compiles and is tested natively; the Yew shell (`app.rs`) dispatches actions and runs the
//! effects (clock, WebCrypto, fragment) in small hooks. Every action changes only what it names,
//! so two quick edits in two fields both survive (the old shell emitted a copy of all fields
//! from the last render, and the second edit could undo the first).

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::facts::Verification;
use crate::keys::verify::Plan;
use crate::platform::Environment;
use crate::{analyze_with, Context, Report};

/// The environments outside developers use, listed first: INT, production, sandbox. The others
/// (dev, DEP and the NHS-internal ones) sit under a "more" disclosure.
pub const PUBLIC_ENVIRONMENTS: [Environment; 3] = [Environment::Int, Environment::Prod, Environment::Sandbox];

/// Every environment not in `PUBLIC_ENVIRONMENTS`, in the platform's order.
pub fn more_environments() -> impl Iterator<Item = Environment> {
    Environment::ALL.iter().copied().filter(|e| !PUBLIC_ENVIRONMENTS.contains(e))
}

/// What the user typed or chose.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fields {
    /// Shared, not copied: a paste can be megabytes and the fields are cloned on every render.
    pub paste: Rc<str>,
    pub key: String,
    pub key_visible: bool,
    pub app_id: String,
    pub app_name: String,
    pub env: Option<Environment>,
    pub failed_at: String,
    pub keys_text: Rc<str>,
    /// The paste box's length before it kept only the start of a very large paste.
    pub pasted_len: Option<usize>,
}

/// A text field the user edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Key,
    AppId,
    AppName,
    FailedAt,
    KeysText,
}

/// What identifies a verification: the token, the key and the algorithm.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlanKey {
    pub token: String,
    pub kid: Option<String>,
    pub jwk: String,
    pub alg: String,
}

impl PlanKey {
    pub fn of(plan: &Plan) -> PlanKey {
        PlanKey { token: plan.token.clone(), kid: plan.kid.clone(), jwk: plan.jwk.to_string(), alg: plan.alg.clone() }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub fields: Fields,
    /// When the inputs last changed (unix seconds, read by the shell): time checks are judged
    /// at this moment.
    pub now: i64,
    /// WebCrypto's answers, newest last (a few are kept: a user flips between keys).
    pub verified: Vec<(PlanKey, Verification)>,
    /// A verification is running.
    pub checking: Option<PlanKey>,
    /// PEM blocks the second module read for the first load (which has no PEM/DER reader):
    /// block text and key, newest last, a few kept. Memory only; not sent to the parts (they
    /// read PEM themselves).
    #[serde(skip)]
    pub pem: Vec<(String, crate::keys::Key)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The paste box changed (`pasted_len`: its length before it was cut).
    Paste {
        text: Rc<str>,
        pasted_len: Option<usize>,
        now: i64,
    },
    Edit {
        field: Field,
        value: String,
        now: i64,
    },
    SetEnv {
        env: Option<Environment>,
        now: i64,
    },
    ToggleKeyVisible,
    /// An example, a share link or the builder replaced the inputs.
    Load {
        fields: Fields,
        now: i64,
    },
    /// The builder's cURL becomes the paste; the other fields stay.
    UseBuilt {
        text: String,
        now: i64,
    },
    /// A verification started.
    Checking(PlanKey),
    /// WebCrypto answered.
    Verified(PlanKey, Verification),
    /// The second module read these PEM blocks.
    PemRead(Vec<(String, crate::keys::Key)>),
}

/// What a person typed into the server-rendered first screen before the page was live. The
/// shell reads the form just before it takes it over (hydrating sets every bound field to the
/// state's value) and applies this once it is mounted, so nothing typed early is lost and the
/// paste is analysed at once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Typed {
    /// The page's fields, as the actions typing into them sends (the paste last: one analysis).
    pub actions: Vec<Action>,
    /// The builder's fields (its state is its own).
    pub builder: BuilderTyped,
}

/// The assertion builder's fields, each only when it was changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BuilderTyped {
    pub env: Option<Environment>,
    pub kid: Option<String>,
    pub lifetime: Option<String>,
    pub private: Option<String>,
}

impl Typed {
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.builder == BuilderTyped::default()
    }
}

/// How many verification results are remembered.
const KEPT: usize = 8;

impl State {
    pub fn reduce(mut self, action: Action) -> State {
        match action {
            Action::Paste { text, pasted_len, now } => {
                self.fields.paste = text;
                self.fields.pasted_len = pasted_len;
                self.now = now;
            }
            Action::Edit { field, value, now } => {
                let f = &mut self.fields;
                match field {
                    Field::Key => f.key = value,
                    Field::AppId => f.app_id = value,
                    Field::AppName => f.app_name = value,
                    Field::FailedAt => f.failed_at = value,
                    Field::KeysText => f.keys_text = value.into(),
                }
                self.now = now;
            }
            Action::SetEnv { env, now } => {
                self.fields.env = env;
                self.now = now;
            }
            Action::ToggleKeyVisible => self.fields.key_visible = !self.fields.key_visible,
            Action::Load { fields, now } => {
                self.fields = fields;
                self.now = now;
            }
            Action::UseBuilt { text, now } => {
                self.fields.paste = text.into();
                self.fields.pasted_len = None;
                self.now = now;
            }
            Action::Checking(key) => self.checking = Some(key),
            Action::Verified(key, outcome) => {
                if self.checking.as_ref() == Some(&key) {
                    self.checking = None;
                }
                self.verified.retain(|(k, _)| *k != key);
                self.verified.push((key, outcome));
                if self.verified.len() > KEPT {
                    self.verified.remove(0);
                }
            }
            Action::PemRead(read) => {
                for (block, key) in read {
                    self.pem.retain(|(b, _)| *b != block);
                    self.pem.push((block, key));
                }
                let over = self.pem.len().saturating_sub(KEPT);
                self.pem.drain(..over);
            }
        }
        self
    }

    /// The report's keys whose PEM block it could not read and no one has read yet, one per
    /// block.
    pub fn pem_to_read(&self, report: &Report) -> Vec<crate::keys::Key> {
        let mut out: Vec<crate::keys::Key> = Vec::new();
        for key in &report.keys {
            let Some(block) = &key.pending else { continue };
            if !self.pem.iter().any(|(b, _)| b == block) && !out.iter().any(|k| k.pending.as_ref() == Some(block)) {
                out.push(key.clone());
            }
        }
        out
    }

    /// WebCrypto's answer for a plan, if it has given one.
    pub fn outcome(&self, plan: &Plan) -> Verification {
        let key = PlanKey::of(plan);
        self.verified.iter().find(|(k, _)| *k == key).map(|(_, o)| o.clone()).unwrap_or(Verification::NotChecked)
    }

    /// The context the core gets from these inputs.
    pub fn context(&self, shared: bool) -> Context {
        let f = &self.fields;
        let mut ctx = Context::at(self.now).with_key(&f.key);
        ctx.app_id = Some(f.app_id.clone());
        ctx.environment = f.env;
        ctx.shared = shared;
        ctx.keys_text = Some(f.keys_text.to_string());
        ctx.pasted_len = f.pasted_len;
        // The time of the failing call judges expiry as of the call; one that cannot be read
        // is said beside the field (`call_time_error`) and not used.
        ctx.call_at = crate::decode::time::parse_call_time(&f.failed_at).ok();
        ctx
    }

    /// Why the time field cannot be read, when it holds something that is not a time.
    pub fn call_time_error(&self) -> Option<String> {
        let typed = self.fields.failed_at.trim();
        (!typed.is_empty()).then(|| crate::decode::time::parse_call_time(typed).err()).flatten()
    }

    /// The report for the current inputs, with the signature as WebCrypto found it.
    pub fn report(&self, shared: bool) -> Report {
        let verify = |plan: &crate::keys::verify::Plan| self.outcome(plan);
        analyze_with(
            &self.fields.paste,
            &self.context(shared),
            &crate::checks::oracle::Assume { verify: &verify, pem: &self.pem },
        )
    }

    /// The plan the page should hand to WebCrypto now: one with no answer yet and not running.
    pub fn to_verify(&self, report: &Report) -> Option<Plan> {
        let plan = report.verification.as_ref()?;
        let key = PlanKey::of(plan);
        let known = self.verified.iter().any(|(k, _)| *k == key);
        (!known && self.checking.as_ref() != Some(&key)).then(|| plan.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(field: Field, value: &str, now: i64) -> Action {
        Action::Edit { field, value: value.into(), now }
    }

    #[test]
    fn pending_pem_blocks_are_asked_for_once_each_until_read() {
        let pem = std::fs::read_to_string("tests/fixtures/nhs/test-1.pem.pub").unwrap();
        let read = crate::keys::parse::pem_keys(&pem).remove(0);
        let mut pending = read.clone();
        pending.pending = Some("BLOCK".into());
        let report = Report { keys: vec![pending.clone(), pending.clone()], ..Report::default() };
        let s = State::default();
        assert_eq!(s.pem_to_read(&report), vec![pending], "one per block");
        let s = s.reduce(Action::PemRead(vec![("BLOCK".into(), read.clone())]));
        assert!(s.pem_to_read(&report).is_empty(), "read: not asked again");
        assert_eq!(s.pem, vec![("BLOCK".to_string(), read)]);
    }

    #[test]
    fn two_quick_edits_in_two_fields_both_survive() {
        // Both actions were made from the same render; each changes only its own field.
        let s = State::default().reduce(edit(Field::Key, "AbCd", 1)).reduce(edit(Field::AppId, "app", 2));
        assert_eq!(s.fields.key, "AbCd");
        assert_eq!(s.fields.app_id, "app");
        assert_eq!(s.now, 2);
    }

    #[test]
    fn paste_keeps_the_other_fields_and_a_load_replaces_them() {
        let s = State::default().reduce(edit(Field::Key, "AbCd", 1)).reduce(Action::Paste {
            text: "eyJ".into(),
            pasted_len: Some(9),
            now: 3,
        });
        assert_eq!((s.fields.key.as_str(), &*s.fields.paste, s.fields.pasted_len), ("AbCd", "eyJ", Some(9)));
        let s = s.reduce(Action::Load { fields: Fields { paste: "x".into(), ..Fields::default() }, now: 4 });
        assert_eq!((s.fields.key.as_str(), &*s.fields.paste), ("", "x"));
        let s = s.reduce(edit(Field::Key, "K", 5)).reduce(Action::UseBuilt { text: "curl".into(), now: 6 });
        assert_eq!((s.fields.key.as_str(), &*s.fields.paste, s.fields.pasted_len), ("K", "curl", None));
    }

    #[test]
    fn verification_results_are_kept_by_plan_and_bounded() {
        let key = |i: usize| PlanKey { token: format!("t{i}"), kid: None, jwk: String::new(), alg: "RS512".into() };
        let mut s = State::default().reduce(Action::Checking(key(0)));
        assert_eq!(s.checking, Some(key(0)));
        s = s.reduce(Action::Verified(key(0), Verification::CouldNotVerify("unsupported".into())));
        assert_eq!(s.checking, None);
        for i in 1..20 {
            s = s.reduce(Action::Verified(key(i), Verification::Valid));
        }
        assert_eq!(s.verified.len(), KEPT);
        assert_eq!(s.verified.last().map(|(k, _)| k.token.as_str()), Some("t19"));
    }

    #[test]
    fn the_time_field_becomes_the_call_time_when_it_reads_as_one() {
        let s = State::default().reduce(edit(Field::FailedAt, "2025-10-09T08:53:20Z", 1));
        assert_eq!(s.context(false).call_at, Some(1_760_000_000));
        assert_eq!(s.call_time_error(), None);
        let s = s.reduce(edit(Field::FailedAt, "this morning", 2));
        assert_eq!(s.context(false).call_at, None);
        assert!(s.call_time_error().is_some_and(|e| e.contains("ISO-8601")));
        assert_eq!(State::default().call_time_error(), None, "empty is fine: the field is optional");
    }

    #[test]
    fn what_was_typed_before_the_page_was_live_is_applied_like_typing() {
        let typed = Typed {
            actions: vec![
                edit(Field::Key, "AbCd", 3),
                Action::SetEnv { env: Some(Environment::Int), now: 3 },
                Action::Paste { text: "eyJ".into(), pasted_len: None, now: 3 },
            ],
            builder: BuilderTyped::default(),
        };
        assert!(!typed.is_empty() && Typed::default().is_empty());
        let s = typed.actions.iter().cloned().fold(State::default(), State::reduce);
        assert_eq!(
            (s.fields.key.as_str(), s.fields.env, &*s.fields.paste, s.now),
            ("AbCd", Some(Environment::Int), "eyJ", 3)
        );
    }

    #[test]
    fn every_environment_is_listed_once() {
        let listed: Vec<Environment> = PUBLIC_ENVIRONMENTS.into_iter().chain(more_environments()).collect();
        assert_eq!(listed.len(), Environment::ALL.len());
        assert!(Environment::ALL.iter().all(|e| listed.contains(e)));
        assert!(more_environments().all(|e| e != Environment::Int && e != Environment::Prod));
    }

    #[test]
    fn toggle_and_env() {
        let s = State::default()
            .reduce(Action::ToggleKeyVisible)
            .reduce(Action::SetEnv { env: Some(Environment::Int), now: 7 });
        assert!(s.fields.key_visible);
        assert_eq!(s.fields.env, Some(Environment::Int));
    }
}
