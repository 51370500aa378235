//! The twin's connections: how many it holds (in all and per client IP), which one it closes
//! when a new client needs the room, and a write timeout, so that clients that never read
//! their answers, or never finish their requests, cannot lock others out.
//!
//! A cap alone is not enough: loopback clients all share 127.0.0.1, so an attacker on the
//! machine fills any per-IP cap as easily as the global one. So at a cap the twin makes room:
//! it closes the connection that has waited longest *without needing the twin* — one already
//! answered (idle between requests, or stalled because its client does not read) first, then
//! one still sending its request after a short grace — never one whose request is being
//! worked on. A fresh client is the newest, so it is the last to go.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Connections at once, in all (a loopback twin's clients all count here).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// Connections at once from one client IP.
pub const DEFAULT_MAX_CONNECTIONS_PER_IP: usize = 256;
/// A write that makes no progress for this long ends its connection.
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection still sending its request is not closed to make room before this.
pub const FRESH_GRACE: Duration = Duration::from_millis(100);

const READING: u8 = 0;
const WORKING: u8 = 1;
const ANSWERED: u8 = 2;

/// One connection, as the room-making sees it.
#[derive(Debug)]
pub struct Conn {
    id: u64,
    ip: IpAddr,
    phase: AtomicU8,
    /// Milliseconds since `Conns::epoch` at which the phase began.
    since: AtomicU64,
    /// Told when the connection is closed to make room.
    pub evicted: tokio::sync::Notify,
    epoch: Instant,
}

impl Conn {
    fn enter(&self, phase: u8) {
        self.since.store(self.epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
        self.phase.store(phase, Ordering::Relaxed);
    }
    /// A request's head has arrived: its body is read next.
    pub fn reading(&self) {
        self.enter(READING);
    }
    /// The gateway works on the request: not to be closed.
    pub fn working(&self) {
        self.enter(WORKING);
    }
    /// The answer is handed over: the connection waits for its client now.
    pub fn answered(&self) {
        self.enter(ANSWERED);
    }
}

#[derive(Debug, Default)]
struct Live {
    next: u64,
    conns: HashMap<u64, Arc<Conn>>,
    per_ip: HashMap<IpAddr, usize>,
}

impl Live {
    fn drop_conn(&mut self, id: u64) -> Option<Arc<Conn>> {
        let conn = self.conns.remove(&id)?;
        if let Some(n) = self.per_ip.get_mut(&conn.ip) {
            *n -= 1;
            if *n == 0 {
                self.per_ip.remove(&conn.ip);
            }
        }
        Some(conn)
    }
}

/// The connections the twin holds, and its caps.
#[derive(Debug)]
pub struct Conns {
    max_total: usize,
    max_per_ip: usize,
    live: Mutex<Live>,
    freed: tokio::sync::Notify,
    epoch: Instant,
    evictions: AtomicU64,
}

/// A connection's place: given back when dropped.
#[derive(Debug)]
pub struct Slot {
    conns: Arc<Conns>,
    pub conn: Arc<Conn>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut live = self.conns.live.lock().unwrap_or_else(|e| e.into_inner());
        if live.drop_conn(self.conn.id).is_some() {
            drop(live);
            self.conns.freed.notify_one();
        }
    }
}

impl Conns {
    pub fn new(max_total: usize, max_per_ip: usize) -> Arc<Conns> {
        Arc::new(Conns {
            max_total: max_total.max(1),
            max_per_ip: max_per_ip.clamp(1, max_total.max(1)),
            live: Mutex::new(Live::default()),
            freed: tokio::sync::Notify::new(),
            epoch: Instant::now(),
            evictions: AtomicU64::new(0),
        })
    }

    /// A place for a connection from `ip`, making room if a cap is reached; waits (while every
    /// connection in the way is being worked on or is within its grace) until there is one.
    pub async fn admit(self: &Arc<Self>, ip: IpAddr) -> Slot {
        loop {
            if let Some(slot) = self.try_admit(ip) {
                return slot;
            }
            let _ = tokio::time::timeout(Duration::from_millis(20), self.freed.notified()).await;
        }
    }

    fn try_admit(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let ip = ip.to_canonical();
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        // At most two rounds: room for this IP, then room in all.
        for _ in 0..2 {
            let ip_full = live.per_ip.get(&ip).copied().unwrap_or(0) >= self.max_per_ip;
            let all_full = live.conns.len() >= self.max_total;
            if !ip_full && !all_full {
                let id = live.next;
                live.next += 1;
                let conn = Arc::new(Conn {
                    id,
                    ip,
                    phase: AtomicU8::new(READING),
                    since: AtomicU64::new(self.epoch.elapsed().as_millis() as u64),
                    evicted: tokio::sync::Notify::new(),
                    epoch: self.epoch,
                });
                live.conns.insert(id, conn.clone());
                *live.per_ip.entry(ip).or_default() += 1;
                return Some(Slot { conns: self.clone(), conn });
            }
            let victim = self.victim(&live, ip_full.then_some(ip))?;
            if let Some(conn) = live.drop_conn(victim) {
                self.evictions.fetch_add(1, Ordering::Relaxed);
                conn.evicted.notify_one();
            }
        }
        None
    }

    /// The connection to close to make room (among `ip`'s when that IP is at its cap): the
    /// longest answered, else the longest still sending its request past its grace.
    fn victim(&self, live: &Live, ip: Option<IpAddr>) -> Option<u64> {
        let now = self.epoch.elapsed().as_millis() as u64;
        let grace = FRESH_GRACE.as_millis() as u64;
        live.conns
            .values()
            .filter(|c| ip.is_none_or(|ip| c.ip == ip))
            .filter_map(|c| {
                let since = c.since.load(Ordering::Relaxed);
                match c.phase.load(Ordering::Relaxed) {
                    ANSWERED => Some(((0, since), c.id)),
                    READING if now.saturating_sub(since) >= grace => Some(((1, since), c.id)),
                    _ => None,
                }
            })
            .min()
            .map(|(_, id)| id)
    }

    /// Connections held now.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.live.lock().unwrap_or_else(|e| e.into_inner()).conns.len()
    }

    /// Connections closed to make room since the start.
    #[cfg(test)]
    pub fn evictions(&self) -> u64 {
        self.evictions.load(Ordering::Relaxed)
    }
}

/// A stream whose writes time out: a write (or flush) that makes no progress for `timeout`
/// fails, and hyper ends the connection. Reads are bounded elsewhere (hyper's header timeout,
/// the twin's body timeout).
pub struct WriteTimeout<S> {
    inner: S,
    timeout: Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> WriteTimeout<S> {
    pub fn new(inner: S, timeout: Duration) -> Self {
        WriteTimeout { inner, timeout, stalled: None }
    }

    fn progress<T>(&mut self, cx: &mut Context<'_>, polled: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match polled {
            Poll::Ready(r) => {
                self.stalled = None;
                Poll::Ready(r)
            }
            Poll::Pending => {
                let timeout = self.timeout;
                let stalled = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                match stalled.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "write timed out"))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteTimeout<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.progress(cx, polled)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.progress(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_flush(cx);
        this.progress(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_shutdown(cx);
        this.progress(cx, polled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(f)
    }

    fn held(conns: &Conns, slot: &Slot) -> bool {
        conns.live.lock().unwrap().conns.contains_key(&slot.conn.id)
    }

    #[test]
    fn at_a_cap_the_longest_answered_makes_room_never_one_being_worked_on() {
        run(async {
            let conns = Conns::new(3, 2);
            let a = conns.admit(ip(1)).await;
            let b = conns.admit(ip(1)).await;
            a.conn.working();
            b.conn.answered();
            // ip 1 is at its cap: b (answered) goes, a (being worked on) stays.
            let c = conns.admit(ip(1)).await;
            assert_eq!((conns.len(), conns.evictions()), (2, 1));
            assert!(held(&conns, &a) && !held(&conns, &b));
            // In all, 3: another IP's connection fits; the next needs room.
            let d = conns.admit(ip(2)).await;
            assert_eq!(conns.len(), 3);
            c.conn.reading();
            d.conn.answered();
            let _e = conns.admit(ip(3)).await;
            assert!(!held(&conns, &d) && held(&conns, &c), "the answered one went first");
            drop(b);
            assert_eq!(conns.len(), 3, "an evicted slot is not given back twice");
        });
    }

    #[test]
    fn the_oldest_answered_goes_first() {
        run(async {
            let conns = Conns::new(2, 2);
            let a = conns.admit(ip(1)).await;
            let b = conns.admit(ip(1)).await;
            a.conn.answered();
            tokio::time::sleep(Duration::from_millis(5)).await;
            b.conn.answered();
            let _c = conns.admit(ip(1)).await;
            assert!(!held(&conns, &a) && held(&conns, &b));
        });
    }

    #[test]
    fn a_connection_still_sending_is_closed_only_after_its_grace() {
        run(async {
            let conns = Conns::new(1, 1);
            let first = conns.admit(ip(1)).await;
            let waiting = tokio::spawn({
                let conns = conns.clone();
                async move { conns.admit(ip(1)).await }
            });
            tokio::time::sleep(FRESH_GRACE / 2).await;
            assert!(!waiting.is_finished(), "within its grace, the first is kept");
            let second = waiting.await.unwrap();
            assert!(!held(&conns, &first) && held(&conns, &second));
            // A slot given back lets the next one in at once.
            drop(second);
            let third = tokio::time::timeout(Duration::from_millis(50), conns.admit(ip(1))).await;
            assert!(third.is_ok());
        });
    }
}
