//! `auth-triage-prerender`: the page's first screen rendered by its own Yew components
//! (server rendering, natively), printed as JSON `{"html": …, "shape": …}` for the post-build
//! hook (`scripts/prerender.mjs`), which writes it into `#app` of `dist/index.html`. The shape
//! (`ui::prerender::shape`) lets the page check, before hydrating, that the markup it finds is
//! still this tree.

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("auth-triage-prerender: no runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let html = runtime.block_on(tokio::task::LocalSet::new().run_until(auth_triage::ui::first_screen()));
    let shape = auth_triage::ui::prerender::shape(&html);
    println!("{}", serde_json::json!({ "html": html, "shape": shape }));
    std::process::ExitCode::SUCCESS
}
