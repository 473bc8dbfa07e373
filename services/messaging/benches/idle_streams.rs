//! Memory per idle event-stream connection: a messaging server (SQLite) runs as a child
//! process; this process signs in 100 users and opens 10,000 `GET /api/v1/events` streams to
//! it (100 per user), each read up to its first frame, then left idle. The child's resident
//! memory (VmRSS) is read before and after, and at each step on the way.
//! Run: `cargo bench -p connessi-messaging --bench idle_streams` (needs `ulimit -n` ≥ 12,000).

use connessi_messaging::MessagingState;
use connessi_platform::{Platform, config::Settings, db};
use connessi_tests::{Client, world};
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const USERS: usize = 100;

const STREAMS: usize = 10_000;
const STEP: usize = 2_500;

fn settings(url: &str) -> Settings {
    let env = figment::providers::Env::prefixed("CONNESSI_BENCH_NEVER_SET_");
    let mut settings = Settings::load_from(None, env).expect("default settings");
    settings.listen = "127.0.0.1:0".parse().expect("address");
    settings.database_url = Some(url.to_owned().into());
    settings.log.level = "error".into();
    settings
}

/// The child: a messaging server until it is killed; prints its port.
fn serve(url: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let settings = settings(url);
        let conn = db::connect(&url.to_owned().into(), &settings.database)
            .await
            .expect("db");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        println!("PORT {}", listener.local_addr().expect("address").port());
        let state = MessagingState::new(Platform::new(conn, settings));
        connessi_messaging::serve(state, listener, std::future::pending())
            .await
            .expect("serve");
    });
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .expect("VmRSS");
    line.split_whitespace()
        .nth(1)
        .expect("kB")
        .parse()
        .expect("number")
}

/// Opens one stream and reads until its first frame (the `connected` comment).
async fn open_stream(port: u16, token: &str) -> TcpStream {
    let mut socket = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let request = format!(
        "GET /api/v1/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\nAuthorization: Bearer {token}\r\n\r\n"
    );
    socket.write_all(request.as_bytes()).await.expect("write");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("connected") {
        let read = socket.read(&mut buffer).await.expect("read");
        assert!(
            read > 0,
            "stream closed: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buffer[..read]);
    }
    assert!(
        seen.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&seen)
    );
    socket
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--serve") {
        return serve(&args[at + 1]);
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let settings = settings(&url);
        let conn = db::connect(&url.clone().into(), &settings.database)
            .await
            .expect("db");
        db::migrate(&conn).await.expect("migrate");
        let mut child = Command::new(std::env::current_exe().expect("exe"))
            .args(["--serve", &url])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn server");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("port line");
        let port: u16 = line
            .trim()
            .trim_start_matches("PORT ")
            .parse()
            .expect("port");
        let anonymous = Client::new(format!("http://127.0.0.1:{port}"));
        let mut tokens = Vec::new();
        for n in 0..USERS {
            let user = world::user(&conn, &anonymous, &format!("u{n}@bench.example"), None).await;
            tokens.push(user.token.expect("token"));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let before = resident_kib(child.id());
        println!("server resident before: {before} KiB");
        let mut open = Vec::with_capacity(STREAMS);
        while open.len() < STREAMS {
            let mut batch = tokio::task::JoinSet::new();
            for n in open.len()..(open.len() + STEP) {
                let token = tokens[n % USERS].clone();
                batch.spawn(async move { open_stream(port, &token).await });
            }
            open.extend(batch.join_all().await);
            tokio::time::sleep(Duration::from_secs(2)).await;
            let now = resident_kib(child.id());
            println!(
                "{:>6} idle streams: resident {now} KiB, {:.1} KiB per stream",
                open.len(),
                (now - before) as f64 / open.len() as f64
            );
        }
        drop(open);
        let _ = child.kill();
        let _ = child.wait();
    });
}
