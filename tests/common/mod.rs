//! What several test files share: where the fixtures are.

use std::path::{Path, PathBuf};

/// The crate's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shared fixtures (`../shared/fixtures/`: the key, its JWKS, the client assertions), else
/// the committed copy.
pub fn fixtures() -> PathBuf {
    let shared = root().join("../shared/fixtures");
    if shared.join("jwks.json").exists() && shared.join("client_assertions.json").exists() {
        shared
    } else {
        root().join("tests/fixtures/nhs")
    }
}
