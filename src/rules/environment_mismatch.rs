//! The environments of the POST URL, of `aud`, and of the one chosen disagree. Apps and keys
//! exist per environment (spec §1.1; F-7141).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let url = f.url_environment();
    let aud = f.aud_environment();
    if let (Some(u), Some(a)) = (url, aud) {
        if u != a {
            out.push(Finding::new(Code::EnvironmentMismatch, format!("The request goes to {} but aud names {}. A JWT is only valid for the environment it names, and apps and keys exist per environment.", u.name(), a.name())).about("aud"));
        }
    }
    if let Some(chosen) = f.ctx.environment {
        for (what, env) in [("the request URL", url), ("aud", aud)] {
            if let Some(e) = env.filter(|e| *e != chosen) {
                out.push(Finding::new(
                    Code::EnvironmentMismatch,
                    format!(
                        "You chose {} but {what} is {}. Use the app, key, URL and aud of one environment.",
                        chosen.name(),
                        e.name()
                    ),
                ));
            }
        }
    }
}
