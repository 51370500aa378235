//! The twin under attack, on loopback only, every loop bounded in count and time: its memory
//! under thousands of huge `jti`s, slow readers and slowloris clients against a fresh client,
//! forged console lines. Run with `cargo test --test twin_hardening`.

mod common;
use common::fixtures;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use auth_triage::platform::Environment;
use auth_triage::twin::jti::{JtiLimits, JtiStore, ENTRY_BYTES};
use auth_triage::twin::{App, Config, Log, Product, Twin};
use base64::Engine;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::signature::{SignatureEncoding, Signer as _};
use serde_json::{json, Value};

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const APP_ID: &str = "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c";
const NOW: i64 = 1_760_000_000;
const INT: &str = "https://int.api.service.nhs.uk/oauth2/token";
const URN: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn case_jwt(name: &str) -> String {
    let text = std::fs::read_to_string(fixtures().join("client_assertions.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["cases"][name]["jwt"].as_str().unwrap().to_string()
}

fn app() -> App {
    App::parse(&format!("key={KEY},app-id={APP_ID},jwks=jwks.json"), &fixtures()).unwrap()
}

fn config() -> (Config, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let cfg = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        env: Environment::Int,
        now: Some(NOW),
        apps: vec![app()],
        log: Log::Memory(lines.clone()),
        test_hooks: true,
        ..Config::default()
    };
    (cfg, lines)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

struct Reply {
    status: u16,
    headers: hyper::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

async fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut tx, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(conn);
    let mut req = hyper::Request::builder().method(method).uri(path).header("host", addr.to_string());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = tx.send_request(req.body(Full::new(Bytes::from(body.to_string()))).unwrap()).await.unwrap();
    let (parts, body) = res.into_parts();
    Reply {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes().to_vec(),
    }
}

fn form(jwt: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_assertion_type", URN)
        .append_pair("client_assertion", jwt)
        .finish()
}

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

async fn post_token(addr: SocketAddr, jwt: &str) -> Reply {
    send(addr, "POST", "/oauth2/token", &[FORM], &form(jwt)).await
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// An assertion with these claims and a signature that is not one (an attacker needs none:
/// the jti is spent at step 8, before the key and signature checks).
fn unsigned(claims: &Value) -> String {
    let header = json!({"alg": "RS512", "typ": "JWT", "kid": "test-1"});
    format!("{}.{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()), b64(&[7u8; 512]))
}

/// Assertions signed here with the fixture's private key (test-1), RS512.
struct Signer(rsa::pkcs1v15::SigningKey<sha2::Sha512>);

impl Signer {
    fn new() -> Signer {
        let pem = std::fs::read_to_string(fixtures().join("test-1.pem")).unwrap();
        Signer(rsa::pkcs1v15::SigningKey::new(rsa::RsaPrivateKey::from_pkcs1_pem(&pem).unwrap()))
    }
    fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS512", "typ": "JWT", "kid": "test-1"});
        let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
        format!("{input}.{}", b64(&self.0.sign(input.as_bytes()).to_vec()))
    }
    fn assertion(&self, key: &str, jti: &str) -> String {
        self.sign(&json!({"iss": key, "sub": key, "aud": INT, "jti": jti, "exp": NOW + 300}))
    }
}

fn non_unique(r: &Reply) -> bool {
    r.status == 400 && r.text().contains(r#""error_description":"Non-unique 'jti' claim in client_assertion JWT""#)
}

/// This process may hold `need` more descriptors (each loopback connection costs two when the
/// twin runs in-process): raise the soft limit to the hard one if needed, else fail saying so.
fn ensure_fds(need: u64) {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local rlimit.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        if lim.rlim_cur < need + 256 {
            lim.rlim_cur = lim.rlim_max.min(need + 1024);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        }
    }
    assert!(
        lim.rlim_cur >= need + 256,
        "this test needs `ulimit -n` of at least {} (hard limit {})",
        need + 256,
        lim.rlim_max
    );
}

/// `auth-triage twin` as its own process (its memory is its own), its console lines collected.
struct TwinProcess {
    child: Child,
    addr: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
}

impl TwinProcess {
    fn start(extra: &[&str]) -> TwinProcess {
        let app = format!("key={KEY},app-id={APP_ID},jwks={}", fixtures().join("jwks.json").display());
        let mut child = Command::new(env!("CARGO_BIN_EXE_auth-triage"))
            .args(["twin", "--listen", "127.0.0.1:0", "--now", &NOW.to_string(), "--app", &app])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let addr = first.split("http://").nth(1).and_then(|s| s.split('/').next()).unwrap().parse().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in out.split(b'\n') {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push(String::from_utf8_lossy(&line).into_owned());
            }
        });
        TwinProcess { child, addr, lines }
    }

    /// Its console lines, once one matches `seen` (or after 10 s).
    fn lines_until(&self, seen: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let lines = self.lines.lock().unwrap().clone();
            if lines.iter().any(|l| seen(l)) || Instant::now() > deadline {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resident memory of the twin process, from /proc.
    fn rss_bytes(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap().trim().trim_end_matches("kB").trim();
        kb.parse::<u64>().unwrap() * 1024
    }
}

impl Drop for TwinProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The issue's attack: unsigned assertions with 20 KB jtis from an unregistered sub (224 MB in
/// 20 s, never freed, before). 6,000 of them grow the twin by less than 64 MB.
#[test]
fn six_thousand_20kb_jtis_grow_the_twin_by_less_than_64_mb() {
    let twin = TwinProcess::start(&[]);
    let addr = twin.addr;
    let filler = "j".repeat(20_000);
    let body = move |i: usize| {
        let jti = format!("{i:06}-{filler}");
        form(&unsigned(&json!({"iss": "attacker", "sub": "attacker", "aud": INT, "jti": jti, "exp": NOW + 300})))
    };
    // CPU bound: the core analyses each 28 KB request (30-60 ms in a debug build on 2 shared
    // cores: 2 to 6 minutes in all).
    let deadline = Instant::now() + Duration::from_secs(900);
    let run = |from: usize, to: usize| {
        let body = body.clone();
        rt().block_on(async move {
            let workers = 8;
            let tasks: Vec<_> = (0..workers)
                .map(|w| {
                    let body = body.clone();
                    tokio::spawn(async move {
                        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                        let io = hyper_util::rt::TokioIo::new(stream);
                        let (mut tx, conn) = hyper::client::conn::http1::handshake(io).await.unwrap();
                        tokio::spawn(conn);
                        let mut statuses = Vec::new();
                        for i in (from + w..to).step_by(workers) {
                            if Instant::now() > deadline {
                                break;
                            }
                            let req = hyper::Request::post("/oauth2/token")
                                .header("host", addr.to_string())
                                .header(FORM.0, FORM.1)
                                .body(Full::new(Bytes::from(body(i))))
                                .unwrap();
                            let res = tx.send_request(req).await.unwrap();
                            statuses.push(res.status().as_u16());
                            res.into_body().collect().await.unwrap();
                        }
                        statuses
                    })
                })
                .collect();
            let mut all = Vec::new();
            for t in tasks {
                all.extend(t.await.unwrap());
            }
            all
        })
    };
    let started = Instant::now();
    let warm = run(0, 200);
    assert!(warm.iter().all(|s| *s == 401), "{warm:?}");
    let before = twin.rss_bytes();
    let statuses = run(200, 6_200);
    let after = twin.rss_bytes();
    eprintln!(
        "6,000 requests with 20 KB jtis in {:?}: twin RSS {} MB -> {} MB",
        started.elapsed(),
        before >> 20,
        after >> 20
    );
    assert_eq!(statuses.len(), 6_000, "all sent within the time bound");
    assert!(statuses.iter().all(|s| *s == 401), "unregistered sub: 401 at step 9");
    assert!(after.saturating_sub(before) < 64 << 20, "grew {} MB", (after - before) >> 20);
    // Each one is still spent: a resend is refused at 7.10, not 401.
    let again = rt().block_on(post_token(addr, &unsigned_jti(&body, 4_321)));
    assert_eq!(again.status, 400, "{}", again.text());
    assert!(again.text().contains("Non-unique 'jti'"), "{}", again.text());
}

fn unsigned_jti(body: &impl Fn(usize) -> String, i: usize) -> String {
    let form = body(i);
    url::form_urlencoded::parse(form.as_bytes()).find(|(k, _)| k == "client_assertion").unwrap().1.into_owned()
}

async fn write_all(s: &tokio::net::TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        s.writable().await?;
        match s.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A 404 whose fault echoes a 60 KB path: a big answer for a small request.
fn big_answer_request() -> String {
    format!("GET /{} HTTP/1.1\r\nhost: x\r\n\r\n", "s".repeat(60_000))
}

async fn small_window(addr: SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(2048).unwrap();
    tokio::time::timeout(Duration::from_secs(5), socket.connect(addr)).await.expect("connect in time").unwrap()
}

/// Connections that send a request and never read the answer, 1,030 of them (30 asking for a
/// 60 KB answer), their receive window kept small: before, each held one of the 1,024 slots
/// (for 10 s, or for good once a write stalled). A fresh client now gets its answer within 2 s.
#[test]
fn slow_readers_do_not_lock_a_fresh_client_out() {
    ensure_fds(2 * 1_030 + 64);
    let (cfg, _) = config();
    let twin = Twin::start(cfg).unwrap();
    let addr = twin.addr();
    let rt = rt();
    let slow = rt.block_on(async move {
        let (big, small) = (big_answer_request(), "GET /small HTTP/1.1\r\nhost: x\r\n\r\n".to_string());
        let mut held = Vec::new();
        for i in 0..1_030 {
            let s = small_window(addr).await;
            let request = if i % 34 == 0 { &big } else { &small };
            let _ = tokio::time::timeout(Duration::from_millis(200), write_all(&s, request.as_bytes())).await;
            held.push(s);
        }
        held
    });
    // Give the twin time to answer them (and stall on the big answers).
    std::thread::sleep(Duration::from_millis(500));
    let jwt = case_jwt("valid_int");
    let started = Instant::now();
    let r = rt.block_on(async move { tokio::time::timeout(Duration::from_secs(2), post_token(addr, &jwt)).await });
    let took = started.elapsed();
    let r = r.unwrap_or_else(|_| panic!("no answer within 2 s behind 1,030 slow readers"));
    assert_eq!(r.status, 200, "{}", r.text());
    eprintln!("a fresh client behind 1,030 slow readers: answered in {took:?}");
    drop(slow);
}

/// A client that asks for 6 MB of answers (100 pipelined requests: more than the kernel's
/// socket buffers, 4 MB at most here) and does not read is cut off once the twin's write has
/// made no progress for the write timeout (1 s here): what it reads later is a cut answer, then
/// the end — not every answer and a connection kept open.
#[test]
fn a_stalled_write_times_out() {
    let (mut cfg, _) = config();
    cfg.write_timeout = Duration::from_secs(1);
    let twin = Twin::start(cfg).unwrap();
    let addr = twin.addr();
    rt().block_on(async move {
        let s = small_window(addr).await;
        let requests = big_answer_request().repeat(100);
        let _ = tokio::time::timeout(Duration::from_secs(5), write_all(&s, requests.as_bytes())).await;
        // Long enough for a twin slowed by a loaded machine (debug build, 30-60 ms an analysis)
        // to fill the small window and then stall past its 1 s write timeout.
        tokio::time::sleep(Duration::from_millis(8_000)).await;
        let mut got = 0;
        let mut buf = vec![0u8; 1 << 16];
        let ended = tokio::time::timeout(Duration::from_secs(20), async {
            loop {
                if s.readable().await.is_err() {
                    break;
                }
                match s.try_read(&mut buf) {
                    Ok(0) => break,
                    Err(e) if e.kind() != std::io::ErrorKind::WouldBlock => break,
                    Ok(n) => got += n,
                    Err(_) => continue,
                }
            }
        })
        .await;
        assert!(ended.is_ok(), "the connection was kept open ({got} bytes read)");
        assert!(got < 100 * 60_000, "the answers were cut: {got} bytes");
        eprintln!("a stalled write: {got} bytes of the answer, then closed");
    });
}

/// 1,030 connections that send half a request head and then nothing (slowloris): a fresh
/// client still gets its answer within 2 s.
#[test]
fn slowloris_does_not_delay_a_fresh_client() {
    ensure_fds(2 * 1_030 + 64);
    let (cfg, _) = config();
    let twin = Twin::start(cfg).unwrap();
    let addr = twin.addr();
    let rt = rt();
    let held = rt.block_on(async move {
        let mut held = Vec::new();
        for i in 0..1_030 {
            let s = match tokio::time::timeout(Duration::from_secs(5), tokio::net::TcpStream::connect(addr)).await {
                Ok(Ok(s)) => s,
                other => panic!("slowloris {i} could not connect: {other:?}"),
            };
            write_all(&s, b"POST /oauth2/token HTTP/1.1\r\nhost: x\r\n").await.unwrap();
            held.push(s);
        }
        held
    });
    std::thread::sleep(Duration::from_millis(300));
    let jwt = case_jwt("valid_int");
    let started = Instant::now();
    let r = rt.block_on(async move { tokio::time::timeout(Duration::from_secs(2), post_token(addr, &jwt)).await });
    let took = started.elapsed();
    let r = r.unwrap_or_else(|_| panic!("no answer within 2 s behind 1,030 slowloris connections"));
    assert_eq!(r.status, 200, "{}", r.text());
    eprintln!("a fresh client behind 1,030 slowloris connections: answered in {took:?}");
    drop(held);
}

/// Heap bytes allocated and not yet freed by the current thread (the store's own measure).
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static NET: Cell<isize> = const { Cell::new(0) };
    }

    pub struct Counting;

    fn add(n: isize) {
        let _ = NET.try_with(|c| c.set(c.get() + n));
    }

    // SAFETY: every call is forwarded to the system allocator unchanged; only counted.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            add(l.size() as isize);
            unsafe { System.alloc(l) }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            add(-(l.size() as isize));
            unsafe { System.dealloc(p, l) }
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            add(l.size() as isize);
            unsafe { System.alloc_zeroed(l) }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            add(new as isize - l.size() as isize);
            unsafe { System.realloc(p, l, new) }
        }
    }

    pub fn net() -> isize {
        NET.with(|c| c.get())
    }
}

#[global_allocator]
static HEAP: heap::Counting = heap::Counting;

/// The store's bound in bytes is a bound on its heap: filled past its default bound with 20 KB
/// jtis from 8 subs, the heap it holds never exceeds what it counts (`ENTRY_BYTES` a jti) and
/// never the 32 MiB bound, and its entries stop at that bound.
#[test]
fn the_jti_store_heap_stays_within_its_bound_in_bytes() {
    let limits = JtiLimits::default();
    let filler = "j".repeat(20_000);
    let start = heap::net();
    let mut store = JtiStore::new(limits);
    let mut worst = 0f64;
    let total = limits.total_entries() + limits.total_entries() / 5;
    for i in 0..total {
        let sub = format!("sub-{}", i % 8);
        // A 20 KB jti, distinct per i: only its digest may stay.
        let jti = format!("{i:08}{}", &filler[..20_000 - 8]);
        store.spend(&sub, &jti, NOW);
        drop(jti);
        if i % 997 == 0 || i + 1 == total {
            // The maps' first allocations aside (16 KiB), each entry within what it is counted as.
            let held = (heap::net() - start) as f64;
            if store.len() > 1_000 {
                worst = worst.max(held / store.len() as f64);
            }
            assert!(
                held <= (store.len() * ENTRY_BYTES + (16 << 10)) as f64,
                "{held} bytes for {} entries",
                store.len()
            );
        }
    }
    let held = heap::net() - start;
    eprintln!(
        "jti store: {} entries ({} evicted) hold {} KiB of heap; worst {worst:.0} bytes an entry (counted as {ENTRY_BYTES})",
        store.len(),
        store.evicted(),
        held >> 10
    );
    assert_eq!(store.len(), limits.total_entries());
    assert!(held as usize <= limits.total_bytes, "{held} > {}", limits.total_bytes);
}

/// The order is the gateway's: the jti is spent at step 8, so a resent assertion after a failure
/// at any later step (9, 11, 13, 15) is refused at 7.10, a 20 KB jti as any other.
#[test]
fn a_resent_assertion_after_any_later_failure_is_non_unique() {
    let signer = Signer::new();
    let no_jwks = App { key: "NoJwksKey0000000000000000000000A".into(), jwks: None, ..app() };
    let user = App { key: "UserOnlyKey000000000000000000000".into(), products: vec![Product::UserRestricted], ..app() };
    let (mut cfg, _) = config();
    cfg.apps = vec![app(), no_jwks.clone(), user.clone()];
    let twin = Twin::start(cfg).unwrap();
    let addr = twin.addr();
    let big = "b".repeat(20_000);
    let good = signer.assertion(KEY, "sig");
    let forged = format!("{}.{}", good.rsplit_once('.').unwrap().0, b64(&[1u8; 512]));
    let wrong_aud = signer.sign(&json!({"iss": KEY, "sub": KEY, "aud": "https://api.service.nhs.uk/oauth2/token",
        "jti": "aud", "exp": NOW + 300}));
    let cases: Vec<(&str, String, u16)> = vec![
        (
            "9: unknown sub",
            unsigned(&json!({"iss": "nobody", "sub": "nobody", "aud": INT, "jti": "u", "exp": NOW + 300})),
            401,
        ),
        (
            "9: unknown sub, 20 KB jti",
            unsigned(&json!({"iss": "nobody", "sub": "nobody", "aud": INT, "jti": big, "exp": NOW + 300})),
            401,
        ),
        ("11: no public key", signer.assertion(&no_jwks.key, "k"), 403),
        ("13: bad signature", forged, 401),
        ("13: wrong aud", wrong_aud, 401),
        ("15: no signed-jwt product", signer.assertion(&user.key, "p"), 401),
    ];
    rt().block_on(async move {
        for (name, jwt, status) in cases {
            let first = post_token(addr, &jwt).await;
            assert_eq!(first.status, status, "{name}: {}", first.text());
            let again = post_token(addr, &jwt).await;
            assert!(non_unique(&again), "{name}: resent: {} {}", again.status, again.text());
        }
    });
}

/// Over HTTP with small bounds (2 jtis per sub, 3 in all): the oldest of a flooding sub goes
/// first and leaves the others alone, then the oldest of all; what is kept is still refused.
#[test]
fn the_store_evicts_the_oldest_first_over_http() {
    let (mut cfg, _) = config();
    cfg.jti_limits = JtiLimits { total_bytes: 3 * ENTRY_BYTES, per_sub_bytes: 2 * ENTRY_BYTES };
    let twin = Twin::start(cfg).unwrap();
    let addr = twin.addr();
    let a = |sub: &str, jti: &str| unsigned(&json!({"iss": sub, "sub": sub, "aud": INT, "jti": jti, "exp": NOW + 300}));
    rt().block_on(async move {
        assert_eq!(post_token(addr, &a("victim", "v1")).await.status, 401);
        for j in ["f1", "f2", "f3"] {
            assert_eq!(post_token(addr, &a("flood", j)).await.status, 401);
        }
        assert!(non_unique(&post_token(addr, &a("victim", "v1")).await), "another sub's flood keeps it");
        assert!(non_unique(&post_token(addr, &a("flood", "f3")).await));
        assert_eq!(post_token(addr, &a("flood", "f1")).await.status, 401, "the flood's oldest was evicted");
        // f1 spent again: now victim's v1 is the oldest of all and goes.
        assert_eq!(post_token(addr, &a("other", "o1")).await.status, 401);
        assert_eq!(post_token(addr, &a("victim", "v1")).await.status, 401);
    });
}

/// `auth-triage twin --help` names the store's bounds (exit 0).
#[test]
fn help_names_the_bounds() {
    let out = Command::new(env!("CARGO_BIN_EXE_auth-triage")).args(["twin", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "as SHA-256 digests",
        "32 MiB in all (104,857 jtis)",
        "8 MiB per sub (26,214 jtis)",
        "oldest are evicted first",
    ] {
        assert!(help.contains(needle), "{needle:?} in {help}");
    }
}

/// Raw bytes to the twin; what comes back before it closes (bounded by `wait`).
fn raw(addr: SocketAddr, bytes: &[u8], wait: Duration) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    s.write_all(bytes).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `X-Auth-Triage` header of a raw answer.
fn explained(answer: &str) -> &str {
    answer.lines().find_map(|l| l.strip_prefix("x-auth-triage: ")).unwrap_or("")
}

/// The twin's own answers (400, 408, 413, 500, 501) say so: `twin=<reason>` in `X-Auth-Triage`,
/// never `entry=success`, and a plain-text body that names the twin.
#[test]
fn the_twins_own_answers_are_labelled_as_its_own() {
    let (mut cfg, lines) = config();
    cfg.body_timeout = Duration::from_secs(1);
    let twin = Twin::start(cfg).unwrap();
    let a = twin.addr();
    let head = "POST /oauth2/token HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n";
    let wait = Duration::from_secs(5);
    let cases = [
        ("413", "too-large", format!("{head}content-length: 100000000\r\n\r\ngrant")),
        (
            "413",
            "too-large",
            format!("{head}transfer-encoding: chunked\r\n\r\n9c40\r\n{}\r\n0\r\n\r\n", "x".repeat(40_000)),
        ),
        ("400", "bad-body", format!("{head}transfer-encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n")),
        ("408", "body-timeout", format!("{head}content-length: 100\r\n\r\ngrant_type")),
        ("500", "panic", "GET /__twin/panic HTTP/1.1\r\nhost: x\r\n\r\n".to_string()),
        (
            "501",
            "not-emulated",
            format!("{head}content-length: 29\r\nconnection: close\r\n\r\ngrant_type=authorization_code"),
        ),
    ];
    for (status, reason, request) in cases {
        let r = raw(a, request.as_bytes(), wait);
        assert!(r.starts_with(&format!("HTTP/1.1 {status}")), "{reason}: {r:?}");
        let x = explained(&r);
        assert!(x.starts_with(&format!("twin={reason}; ")), "{reason}: {x:?}");
        assert!(!x.contains("entry="), "{reason}: {x:?}");
        assert!(r.contains("content-type: text/plain; charset=utf-8"), "{reason}: {r:?}");
        assert!(r.contains("\r\n\r\nauth-triage twin: "), "{reason}: {r:?}");
    }
    // The gateway's own answers keep their shape.
    let r = rt().block_on(post_token(a, &case_jwt("valid_int")));
    assert!(r.header("x-auth-triage").starts_with("step=16; entry=success"), "{}", r.header("x-auth-triage"));
    assert_eq!(lines.lock().unwrap().len(), 7);
}

/// A request from a web page on another origin (a no-cors form POST, a page whose name was
/// rebound to 127.0.0.1, a sandboxed `null` origin) is refused with a 403 of the twin's own and
/// spends nothing; programs (no `Origin`) and the twin's own origin are answered as before.
#[test]
fn requests_from_another_origin_are_refused() {
    let (cfg, lines) = config();
    let twin = Twin::start(cfg).unwrap();
    let a = twin.addr();
    let port = a.port();
    let jwt = case_jwt("valid_int");
    rt().block_on(async move {
        let others = [
            "https://evil.example".to_string(),
            format!("http://rebound.example:{port}"),
            "null".to_string(),
            format!("http://127.0.0.1:{}", port.wrapping_add(1)),
            format!("https://127.0.0.1:{port}"),
        ];
        for origin in &others {
            let r = send(a, "POST", "/oauth2/token", &[FORM, ("origin", origin)], &form(&jwt)).await;
            assert_eq!(r.status, 403, "{origin}: {}", r.text());
            assert_eq!(r.header("content-type"), "text/plain; charset=utf-8");
            assert!(
                r.text().starts_with("auth-triage twin: refused: this request comes from a web page at "),
                "{}",
                r.text()
            );
            assert!(r.text().contains(origin.as_str()), "{}", r.text());
            assert!(r.header("x-auth-triage").starts_with("twin=cross-origin; "), "{}", r.header("x-auth-triage"));
        }
        // A form POST as a browser sends it to the Hello World API too.
        let r = send(a, "GET", "/hello-world/hello/application", &[("origin", "https://evil.example")], "").await;
        assert_eq!(r.status, 403);
        // Nothing was spent: the same assertion from a program gets its token …
        assert_eq!(post_token(a, &jwt).await.status, 200);
        // … and the twin's own origin is answered as the gateway would.
        for own in [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")] {
            let r = send(a, "POST", "/oauth2/token", &[FORM, ("origin", &own)], &form(&jwt)).await;
            assert!(non_unique(&r), "{own}: {} {}", r.status, r.text());
        }
    });
    let refused =
        lines.lock().unwrap().iter().filter(|l| l.contains("-> 403 refused: this request comes from")).count();
    assert_eq!(refused, 6, "one console line each");
}

/// A jti holding a newline and terminal escapes (retitle, clear, reset) is printed escaped, on
/// the request's own line: no forged "200 access token issued" line, no escape reaches the
/// terminal, and a 20 KB jti is cut.
#[test]
fn a_forged_console_line_is_printed_escaped() {
    let twin = TwinProcess::start(&[]);
    let forged = "x\n[twin int] POST /oauth2/token sub=AbCd…2345 jti=y -> 200 access token issued (step 16)\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}c\u{202e}";
    let claims = |jti: &str| json!({"iss": KEY, "sub": KEY, "aud": INT, "jti": jti, "exp": NOW + 300});
    let a = twin.addr;
    rt().block_on(async move {
        assert_eq!(post_token(a, &unsigned(&claims(forged))).await.status, 401);
        assert_eq!(post_token(a, &unsigned(&claims(&"L".repeat(20_000)))).await.status, 401);
        assert_eq!(post_token(a, &case_jwt("valid_int")).await.status, 200);
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while twin.lines.lock().unwrap().iter().filter(|l| l.contains(" -> ")).count() < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let lines = twin.lines.lock().unwrap().clone();
    let requests: Vec<&String> = lines.iter().filter(|l| l.starts_with("[twin int] ")).collect();
    assert_eq!(requests.len(), 3, "one line per request: {lines:#?}");
    let printed = &requests[0];
    eprintln!("printed: {printed}");
    assert!(printed.contains(r"jti=x\n[twin int] POST /oauth2/token sub=AbCd…2345 jti=y -> 200 access token issued (step 16)\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}c\u{202e}"), "{printed}");
    assert!(printed.contains("-> 401 signature-verification-failed"), "{printed}");
    let issued: Vec<_> = requests.iter().filter(|l| l.contains("-> 200 access token issued")).collect();
    assert_eq!(issued.len(), 2, "the forged text inside line 1, and the real one: {issued:#?}");
    assert!(
        requests[2].starts_with("[twin int] POST /oauth2/token sub=AbCd…2345 jti=") && requests[2].contains("-> 200")
    );
    assert!(lines.iter().all(|l| !l.chars().any(|c| c.is_control() || c == '\u{202e}')), "{lines:#?}");
    assert!(requests[1].chars().count() < 1_000 && requests[1].contains("…(+"), "{}", requests[1]);
}

/// A panic in one request — in the gateway (its blocking task) or in the HTTP handler — answers
/// that request 500, labelled as the twin's own, and the twin serves on, however many.
#[test]
fn a_panic_answers_500_and_the_twin_serves_on() {
    let (cfg, _) = config();
    let twin = Twin::start(cfg).unwrap();
    let a = twin.addr();
    rt().block_on(async move {
        for i in 0..20 {
            let path = if i % 2 == 0 { "/__twin/panic" } else { "/__twin/panic-in-handler" };
            let r = send(a, "GET", path, &[], "").await;
            assert_eq!(r.status, 500, "{path}");
            assert!(r.header("x-auth-triage").starts_with("twin=panic; "), "{}", r.header("x-auth-triage"));
            assert_eq!(r.text(), "auth-triage twin: the twin failed on this request (a bug)\n");
        }
        assert_eq!(post_token(a, &case_jwt("valid_int")).await.status, 200);
    });
}

/// Every build profile unwinds natively, so the panics above are caught in a release build too:
/// no profile of Cargo.toml sets `panic = "abort"` (the page's wasm aborts anyway: that is
/// wasm32-unknown-unknown's own strategy, which cargo keeps when the profile says nothing).
#[test]
fn no_build_profile_aborts_on_panic() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let mut section = String::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_string();
        } else if section.starts_with("[profile") && line.replace(' ', "").starts_with("panic=") {
            assert!(!line.contains("abort"), "{section} {line}: the twin would die on a panic");
        }
    }
    assert!(manifest.contains("[profile.release]"));
}

/// `--max-body` is honoured end to end: up to its limit (what the core judges whole) a valid
/// assertion of ~60 KB gets its token, not "malformed"; a token request that comes to more than
/// the core reads is refused whole (413, the twin's own); a limit the core cannot judge is
/// refused at the start.
#[test]
fn max_body_is_honoured_end_to_end() {
    use auth_triage::twin::MAX_BODY_LIMIT;
    let (mut cfg, _) = config();
    cfg.max_body = MAX_BODY_LIMIT + 1;
    let refused = Twin::start(cfg.clone()).err().expect("over the limit: refused");
    assert!(refused.to_string().contains(&format!("is over {MAX_BODY_LIMIT}")), "{refused}");
    let out = Command::new(env!("CARGO_BIN_EXE_auth-triage")).args(["twin", "--max-body", "1400000"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--max-body 1400000 is over 61440: the core judges at most 65536"));

    cfg.max_body = MAX_BODY_LIMIT;
    let twin = Twin::start(cfg).unwrap();
    let a = twin.addr();
    let signer = Signer::new();
    // The longest valid assertion whose form body fits the limit.
    let assertion = |n: usize| signer.assertion(KEY, &format!("{n}-{}", "g".repeat(n)));
    let mut n = 44_000;
    n += (MAX_BODY_LIMIT - form(&assertion(n)).len()) * 3 / 4;
    let jwt = loop {
        let jwt = assertion(n);
        if form(&jwt).len() <= MAX_BODY_LIMIT {
            break jwt;
        }
        n -= 1;
    };
    let body = form(&jwt);
    assert!(body.len() > MAX_BODY_LIMIT - 10, "{}", body.len());
    rt().block_on(async move {
        let r = post_token(a, &jwt).await;
        assert_eq!(r.status, 200, "a {}-byte body: {}", body.len(), r.text());
        // The same body beside a 5 KB Authorization comes to more than the core reads.
        let auth = format!("Basic {}", "A".repeat(5_000));
        let r = send(a, "POST", "/oauth2/token", &[FORM, ("authorization", &auth)], &body).await;
        assert_eq!(r.status, 413, "{}", r.text());
        assert!(r.header("x-auth-triage").starts_with("twin=too-large; "), "{}", r.header("x-auth-triage"));
        assert!(
            r.text().contains("as the core reads it") && r.text().contains("it judges at most 65536"),
            "{}",
            r.text()
        );
        // A body over the limit: 413 before the core; invalid UTF-8 is counted as the core sees it.
        let r = send(a, "POST", "/oauth2/token", &[FORM], &"x".repeat(MAX_BODY_LIMIT + 1)).await;
        assert_eq!((r.status, r.text()), (413, format!("auth-triage twin: the body is over {MAX_BODY_LIMIT} bytes\n")));
    });
    let head = "POST /oauth2/token HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n";
    let mut bad = format!("{head}content-length: 30000\r\n\r\n").into_bytes();
    bad.extend(std::iter::repeat_n(0xffu8, 30_000));
    let r = raw(a, &bad, Duration::from_secs(5));
    assert!(r.starts_with("HTTP/1.1 413") && explained(&r).starts_with("twin=too-large"), "{r:.300}");
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("auth-triage-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `--state FILE` keeps the spent jtis across restarts (written when the twin stops, and on
/// its interval while it runs, whole: no temporary file left); without it, a restart forgets
/// them and the same assertion gets a token again — which is what the README warns of.
#[test]
fn state_keeps_spent_jtis_across_restarts() {
    let dir = temp_dir("state");
    let file = dir.join("jtis.state");
    let with_state = || {
        let (mut cfg, _) = config();
        cfg.state = Some(file.clone());
        cfg.state_interval = Duration::from_millis(200);
        Twin::start(cfg).unwrap()
    };
    let jwt = case_jwt("valid_int");
    let failed = unsigned(&json!({"iss": "nobody", "sub": "nobody", "aud": INT, "jti": "failed-1", "exp": NOW + 300}));
    let twin = with_state();
    let a = twin.addr();
    rt().block_on(async {
        assert_eq!(post_token(a, &jwt).await.status, 200);
        assert_eq!(post_token(a, &failed).await.status, 401);
    });
    // Written on its interval, while the twin runs.
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::fs::read_to_string(&file).map_or(0, |t| t.lines().count()) < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(!text.contains("failed-1") && !text.contains("nobody"), "digests only: {text}");
    drop(twin);
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    // A new twin on the same file: both still spent.
    let twin = with_state();
    let a = twin.addr();
    rt().block_on(async {
        assert!(non_unique(&post_token(a, &jwt).await));
        assert!(non_unique(&post_token(a, &failed).await));
    });
    drop(twin);
    // Without --state, a restart forgets.
    let (cfg, _) = config();
    let twin = Twin::start(cfg).unwrap();
    assert_eq!(rt().block_on(post_token(twin.addr(), &jwt)).status, 200);
    // A file that is not a state file stops the start, rather than being overwritten.
    std::fs::write(&file, "{\"not\": \"a state file\"}\n").unwrap();
    let (mut cfg, _) = config();
    cfg.state = Some(file.clone());
    let e = Twin::start(cfg).err().expect("refused");
    assert!(e.to_string().contains("not an auth-triage twin state file"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The binary: `twin --state FILE`, a token, then SIGTERM: it writes the file and exits 0;
/// started again on the file, the same assertion is a replay.
#[test]
fn the_binary_writes_its_state_when_stopped() {
    let dir = temp_dir("state-bin");
    let file = dir.join("jtis.state");
    let state = file.to_str().unwrap().to_string();
    let jwt = case_jwt("valid_int");
    let mut twin = TwinProcess::start(&["--state", &state]);
    assert_eq!(rt().block_on(post_token(twin.addr, &jwt)).status, 200);
    let term = Command::new("kill").args(["-TERM", &twin.child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = twin.child.try_wait().unwrap() {
            break Some(s);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.and_then(|s| s.code()), Some(0), "stopped by SIGTERM, cleanly: {status:?}");
    let stopped = format!("auth-triage twin: stopped; 1 spent jtis written to {state}");
    let lines = twin.lines_until(|l| l == stopped);
    assert!(lines.contains(&stopped), "{lines:#?}");
    let twin = TwinProcess::start(&["--state", &state]);
    assert!(non_unique(&rt().block_on(post_token(twin.addr, &jwt))));
    let read = format!("  spent jtis: 1 read from {state}, kept there");
    let lines = twin.lines_until(|l| l == read);
    assert!(lines.contains(&read), "{lines:#?}");
    drop(twin);
    let _ = std::fs::remove_dir_all(&dir);
}
