//! The wasm entry point: mount the page. Everything else lives in the library.

fn main() {
    auth_triage::ui::start();
}
