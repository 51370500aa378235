//! The request URL is not https.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(u) = f.post_url() else { return };
    if u.scheme() != "https" {
        out.push(
            Finding::new(Code::NotHttps, format!("The request uses {}://. The platform is https only.", u.scheme()))
                .about("url"),
        );
    }
}
