//! The twin's state as the core's oracle: what only the twin knows (the jtis spent, its apps,
//! their JWKS and products), answered to the gateway walk; signatures verified natively
//! against the app's JWKS.

use std::sync::atomic::Ordering;
use std::sync::MutexGuard;

use super::gateway::{lock, Gateway};
use super::jti::JtiStore;
use super::{App, Product};
use crate::checks::oracle::{Answer as Said, Oracle};
use crate::checks::step::Fail;
use crate::facts::Verification;
use crate::keys::verify::Plan;
use crate::platform::Environment;

/// What only the twin knows, answered to the core's walk: the jtis spent, its apps, their
/// JWKS and products; signatures verified natively against the app's JWKS.
pub(super) struct TwinOracle<'a> {
    gateway: &'a Gateway,
    /// The environment the request was for.
    env: Environment,
    now: i64,
    /// The app that owns `sub` in this environment.
    app: Option<&'a App>,
    /// The URL the request was posted to, read against the twin's own address.
    own_url: Option<String>,
    /// How many times the walk asked about the jti (one analysis per request: once at most).
    pub(super) asked: std::cell::Cell<u32>,
    /// Why the twin's state failed the request, for the console.
    pub(super) note: std::cell::RefCell<Option<String>>,
    /// The jti store, held from step 7.10's question to step 8's write, so that two requests
    /// with one jti cannot both find it unused: one spends it, the other is refused.
    held: std::cell::RefCell<Option<MutexGuard<'a, JtiStore>>>,
}

impl<'a> TwinOracle<'a> {
    pub(super) fn new(
        gateway: &'a Gateway,
        env: Environment,
        now: i64,
        app: Option<&'a App>,
        own_url: Option<String>,
    ) -> TwinOracle<'a> {
        TwinOracle {
            gateway,
            env,
            now,
            app,
            own_url,
            asked: Default::default(),
            note: Default::default(),
            held: Default::default(),
        }
    }

    /// The walk is over: a jti found unused and not spent (a later step failed before 8) is let
    /// go of.
    pub(super) fn release(&self) {
        self.held.borrow_mut().take();
    }

    fn fails(&self, why: &str) -> Said {
        *self.note.borrow_mut() = Some(why.to_string());
        Said::Fails(Fail::certain(why))
    }
}

impl Oracle for TwinOracle<'_> {
    fn verify(&self, plan: &Plan) -> Verification {
        crate::keys::native::verify(plan)
    }
    fn jti_unused(&self, sub: &str, jti: &str) -> Said {
        self.asked.set(self.asked.get() + 1);
        self.gateway.jti_questions.fetch_add(1, Ordering::Relaxed);
        // Another environment's gateway keeps its own cache.
        if self.env != self.gateway.env {
            return Said::Holds;
        }
        // The store this walk already holds, if it asked before: locking it again would wait on
        // itself.
        let mut held = self.held.borrow_mut();
        let store = held.take().unwrap_or_else(|| lock(&self.gateway.jtis));
        let seen = store.is_spent(sub, jti, self.now);
        if !seen {
            *held = Some(store);
        }
        drop(held);
        if seen {
            self.fails("this sub sent this jti before")
        } else {
            Said::Holds
        }
    }
    /// 7.10's cache is written at step 8, before the key, JWKS and signature checks
    /// (PopulateCache.JTIClaim), so a later failure spends it.
    fn spend_jti(&self, sub: &str, jti: &str) {
        if self.env != self.gateway.env {
            return;
        }
        let held = self.held.borrow_mut().take();
        held.unwrap_or_else(|| lock(&self.gateway.jtis)).spend(sub, jti, self.now);
    }
    fn app(&self, _sub: &str) -> Said {
        match self.app {
            Some(_) => Said::Holds,
            None if self.env != self.gateway.env => self.fails(&format!(
                "the twin stands in for {}, the request names {}",
                self.gateway.env.label(),
                self.env.label()
            )),
            None => self.fails("no app registered with the twin has this key"),
        }
    }
    fn public_key(&self, _sub: &str) -> Said {
        match self.app.and_then(|a| a.jwks.as_ref()) {
            Some(_) => Said::Holds,
            None => self.fails("the app was registered without jwks="),
        }
    }
    fn jwks_reachable(&self, _sub: &str) -> Said {
        Said::Holds
    }
    fn kid(&self, v: &Verification) -> Said {
        match v {
            Verification::KidNotFound => self.fails("checked against the JWKS registered with the twin"),
            _ => Said::Holds,
        }
    }
    fn signature(&self, v: &Verification) -> Said {
        match v {
            Verification::Valid => Said::Holds,
            Verification::Invalid => self.fails("signature mismatch"),
            // Fail closed: a signature that could not be checked is not a valid one.
            _ => self.fails("the signature could not be checked"),
        }
    }
    /// A client whose `aud` is the URL it posts to (pytest-nhsd-apim, NHS's tutorials) names
    /// the twin's own: accepted, as the gateway accepts its own token URL.
    fn aud_received_at(&self, aud: &str) -> bool {
        self.own_url.as_deref() == Some(aud)
    }
    fn product(&self, _sub: &str) -> Said {
        match self.app.is_some_and(|a| a.products.contains(&Product::SignedJwt)) {
            true => Said::Holds,
            false => self.fails("the app has no signed-jwt product"),
        }
    }
}
