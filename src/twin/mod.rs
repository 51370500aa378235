//! `auth-triage twin`: a local twin of the platform's token endpoint. It answers
//! `POST /oauth2/token` exactly as the gateway would — the checks are the core's own
//! (`analyze`, `predict`, native signature verification) — and a Hello World–style API, and
//! says why on its console and in one response header. Native only: never in the page.

mod apps;
mod call;
mod cli;
mod conns;
mod console;
mod gateway;
pub mod jti;
mod oracle;
mod page;
mod register;
mod server;
mod state;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

pub use apps::{App, Product};
pub use cli::main;
pub use gateway::{Answer, Gateway, Incoming, Why, HELLO_PATH, TOKEN_SECONDS};
pub use jti::{JtiLimits, JtiStore};

use crate::platform::Environment;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:9000";
/// Where the console's links point: the page as `make run` serves it.
pub const DEFAULT_PAGE: &str = "http://127.0.0.1:8080/";
/// A token request is about 1–2 KB; 32 KiB is generous and stays under the core's 64 KiB cap.
pub const DEFAULT_MAX_BODY: usize = 32 << 10;
/// How often `--state FILE` is written (when something changed).
pub const DEFAULT_STATE_INTERVAL: Duration = Duration::from_secs(5);
/// The largest `--max-body`: the core judges at most `MAX_INPUT_BYTES` (64 KiB) of a request —
/// its line, headers and body as the twin hands them over — and cuts the rest, which would call
/// a valid assertion malformed. 4 KiB are left for the line and headers; a request that still
/// comes to more is refused whole (413) rather than judged in part.
pub const MAX_BODY_LIMIT: usize = crate::MAX_INPUT_BYTES - (4 << 10);

/// The twin's clock: fixed (`--now`, tests) or the system's.
#[derive(Debug)]
pub struct Clock {
    fixed: AtomicI64,
}

impl Clock {
    const SYSTEM: i64 = i64::MIN;

    pub fn new(fixed: Option<i64>) -> Clock {
        Clock { fixed: AtomicI64::new(fixed.unwrap_or(Self::SYSTEM)) }
    }
    pub fn set(&self, now: i64) {
        self.fixed.store(now, Ordering::SeqCst);
    }
    pub fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }
    pub fn now_ms(&self) -> i64 {
        match self.fixed.load(Ordering::SeqCst) {
            Self::SYSTEM => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            fixed => fixed.saturating_mul(1000),
        }
    }
}

/// Where the console lines go.
#[derive(Clone, Debug, Default)]
pub enum Log {
    #[default]
    Stdout,
    /// Kept in memory (tests read them).
    Memory(Arc<Mutex<Vec<String>>>),
    Off,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    /// `--listen` was given: a non-loopback address is then allowed.
    pub listen_explicit: bool,
    pub env: Environment,
    pub now: Option<i64>,
    pub apps: Vec<App>,
    pub page: String,
    /// `--page-dir DIR`: the built page (`dist/`), served on the twin's own origin.
    pub page_dir: Option<PathBuf>,
    pub max_body: usize,
    /// A client that has not sent its headers by then is disconnected.
    pub header_timeout: Duration,
    /// … or its body (408).
    pub body_timeout: Duration,
    /// Connections at once, in all and per client IP; at a cap the one that has waited
    /// longest without needing the twin is closed to make room (src/twin/conns.rs).
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    /// A write to a client that makes no progress for this long ends its connection.
    pub write_timeout: Duration,
    /// The spent-`jti` store's bounds (src/twin/jti.rs).
    pub jti_limits: JtiLimits,
    /// `--state FILE`: the spent `jti`s kept across restarts (src/twin/state.rs).
    pub state: Option<PathBuf>,
    /// … written this often when they changed, and when the twin stops.
    pub state_interval: Duration,
    pub log: Log,
    /// Answers `/__twin/panic` (in the gateway) and `/__twin/panic-in-handler` (in the HTTP
    /// handler) by panicking (tests of the panic isolation only).
    pub test_hooks: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: DEFAULT_LISTEN.parse().expect("a valid default address"),
            listen_explicit: false,
            env: Environment::Int,
            now: None,
            apps: Vec::new(),
            page: DEFAULT_PAGE.into(),
            page_dir: None,
            max_body: DEFAULT_MAX_BODY,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: conns::DEFAULT_MAX_CONNECTIONS,
            max_connections_per_ip: conns::DEFAULT_MAX_CONNECTIONS_PER_IP,
            write_timeout: conns::DEFAULT_WRITE_TIMEOUT,
            jti_limits: JtiLimits::default(),
            state: None,
            state_interval: DEFAULT_STATE_INTERVAL,
            log: Log::Stdout,
            test_hooks: false,
        }
    }
}

impl Config {
    /// Read a config file (JSON; see the README): `listen`, `env`, `now`, `page`, `page-dir`
    /// and `state` (relative to the config file), `apps`
    /// (`key`, `app-id`, `jwks` — a file relative to the config file, or the JWKS inline —
    /// and `products`). Command-line options given later override it.
    pub fn read_file(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let obj = v.as_object().ok_or_else(|| format!("{}: not a JSON object", path.display()))?;
        for (name, value) in obj {
            let str_of = |v: &Value| v.as_str().map(String::from).ok_or_else(|| format!("{name}: not a string"));
            match name.as_str() {
                "listen" => self.listen = str_of(value)?.parse().map_err(|e| format!("listen: {e}"))?,
                "env" => self.env = parse_env(&str_of(value)?)?,
                "now" => self.now = Some(value.as_i64().ok_or("now: not an integer")?),
                "page" => self.page = str_of(value)?,
                "page-dir" => self.page_dir = Some(base.join(str_of(value)?)),
                "state" => self.state = Some(base.join(str_of(value)?)),
                "apps" => {
                    for a in value.as_array().ok_or("apps: not an array")? {
                        self.apps.push(apps::app_from_json(a, base)?);
                    }
                }
                other => return Err(format!("{}: unknown field {other:?}", path.display())),
            }
        }
        Ok(())
    }

    /// Everything `Twin::start` and `run` refuse: a non-loopback address not asked for, a
    /// body limit the core cannot judge.
    pub fn check(&self) -> Result<(), String> {
        self.check_listen()?;
        if let Some(dir) = &self.page_dir {
            page::PageDir::open(dir)?;
        }
        if self.max_body > MAX_BODY_LIMIT {
            return Err(format!(
                "--max-body {} is over {MAX_BODY_LIMIT}: the core judges at most {} bytes of a request (its line, \
                 headers and body), and a body cut short would be judged wrongly",
                self.max_body,
                crate::MAX_INPUT_BYTES
            ));
        }
        Ok(())
    }

    /// Refuse a non-loopback address unless `--listen` asked for it.
    pub fn check_listen(&self) -> Result<(), String> {
        if self.listen.ip().is_loopback() || self.listen_explicit {
            Ok(())
        } else {
            Err(format!("{} is not a loopback address: give it with --listen to serve it anyway", self.listen))
        }
    }
}

pub fn parse_env(v: &str) -> Result<Environment, String> {
    let v = if v.eq_ignore_ascii_case("production") { "prod" } else { v };
    Environment::from_label(v).ok_or_else(|| format!("unknown environment {v:?}"))
}

/// A running twin (in-process). Stops when dropped.
pub struct Twin {
    addr: SocketAddr,
    clock: Arc<Clock>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Twin {
    /// Bind (port 0 picks a free port) and serve on a thread of its own.
    /// Callable from anywhere, a tokio runtime included: the twin's runtime lives on its thread.
    pub fn start(cfg: Config) -> std::io::Result<Twin> {
        cfg.check().map_err(std::io::Error::other)?;
        let clock = Arc::new(Clock::new(cfg.now));
        let (gateway, _) = gateway(&cfg, clock.clone())?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let (bound, on_bound) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new().name("auth-triage-twin".into()).spawn(move || {
            let rt = match runtime() {
                Ok(rt) => rt,
                Err(e) => return drop(bound.send(Err(e))),
            };
            rt.block_on(async move {
                let listener = match bind(cfg.listen).and_then(|l| Ok((l.local_addr()?, l))) {
                    Ok((addr, l)) => {
                        let _ = bound.send(Ok(addr));
                        l
                    }
                    Err(e) => return drop(bound.send(Err(e))),
                };
                server::serve(listener, cfg, gateway, stopped).await;
            })
        })?;
        let addr = on_bound.recv().map_err(std::io::Error::other)??;
        Ok(Twin { addr, clock, stop: Some(stop), thread: Some(thread) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Move the twin's clock (tests: token expiry, the 30-day jti window).
    pub fn set_now(&self, now: i64) {
        self.clock.set(now);
    }
}

impl Drop for Twin {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).max_blocking_threads(8).enable_all().build()
}

/// Bind with a backlog of 1024 (the standard library's is 128), so that a burst of clients
/// waits in the kernel's queue rather than in SYN retries.
fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

/// The gateway, its spent `jti`s put back from `--state` (how many).
fn gateway(cfg: &Config, clock: Arc<Clock>) -> std::io::Result<(Gateway, usize)> {
    let now = clock.now();
    let gateway = Gateway::new(cfg, clock);
    let mut restored = 0;
    if let Some(path) = &cfg.state {
        let mut jtis = gateway.jtis.lock().unwrap_or_else(|e| e.into_inner());
        restored = state::load(path, &mut jtis, now).map_err(std::io::Error::other)?;
    }
    Ok((gateway, restored))
}

/// SIGTERM's stream, registered now (Unix): a signal sent from the moment the twin says it is
/// listening is caught, not left to a task that may not have run yet.
#[cfg(unix)]
type Term = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Term = Option<()>;

fn term_signal() -> Term {
    #[cfg(unix)]
    {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok()
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Ctrl-C, or (Unix) SIGTERM.
#[allow(unused_mut)]
async fn shutdown_signal(mut term: Term) {
    #[cfg(unix)]
    if let Some(term) = term.as_mut() {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        return;
    }
    let _ = term;
    let _ = tokio::signal::ctrl_c().await;
}

/// Serve in the foreground until Ctrl-C or SIGTERM (the command line); `--state` is written
/// before it returns.
pub fn run(cfg: Config) -> std::io::Result<()> {
    cfg.check().map_err(std::io::Error::other)?;
    let rt = runtime()?;
    let term = rt.block_on(async { term_signal() });
    let listener = rt.block_on(async { bind(cfg.listen) })?;
    let addr = listener.local_addr()?;
    println!(
        "auth-triage twin: {} token endpoint on http://{addr}/oauth2/token (aud {} or http://{addr}/oauth2/token),\n  \
         Hello World on http://{addr}{HELLO_PATH}",
        cfg.env.name(),
        cfg.env.token_url(),
    );
    if let Some(dir) = &cfg.page_dir {
        println!("  the page (from {}) on http://{addr}/", dir.display());
    }
    for a in &cfg.apps {
        println!(
            "  app key {} jwks {} products {:?}",
            crate::platform::redact(&a.key),
            if a.jwks.is_some() { "yes" } else { "none" },
            a.products
        );
    }
    let clock = Arc::new(Clock::new(cfg.now));
    let (gateway, restored) = gateway(&cfg, clock)?;
    let state = cfg.state.clone();
    if let Some(path) = &state {
        println!("  spent jtis: {restored} read from {}, kept there", path.display());
    }
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    rt.spawn(async move {
        shutdown_signal(term).await;
        let _ = stop.send(());
    });
    let saved = rt.block_on(server::serve(listener, cfg, gateway, stopped));
    // The state is written: connections still open and blocking work still running do not hold
    // the exit (dropping a runtime would wait for them without end).
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    match (state, saved) {
        (Some(path), Some(n)) => println!("auth-triage twin: stopped; {n} spent jtis written to {}", path.display()),
        _ => println!("auth-triage twin: stopped"),
    }
    Ok(())
}
