//! A real SMTP server on loopback for e-mail tests: `tests/smtp_sink.py` (Python's aiosmtpd,
//! which `scripts/test` installs) keeps every accepted message as a file, so a test reads what
//! arrived, counts it by `Message-ID`, and can stop and restart the server mid-batch.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running (or stopped) SMTP server and the messages it has kept.
pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: String,
    /// The subject and the plain-text body, decoded.
    pub subject: String,
    pub body: String,
}

impl Received {
    /// The value of header `name` (unfolded), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self
            .raw
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .replace("\r\n ", " ")
            .replace("\r\n\t", " ");
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpSink {
    /// Starts a server on a free port.
    pub fn start() -> SmtpSink {
        Self::start_stopping_after(None)
    }

    /// Starts a server on a free port that stops after accepting `stop_after` messages.
    pub fn start_stopping_after(stop_after: Option<usize>) -> SmtpSink {
        let mut sink = SmtpSink {
            port: free_port(),
            dir: tempfile::tempdir().expect("temporary directory"),
            child: None,
        };
        sink.run(stop_after);
        sink
    }

    /// `smtp://127.0.0.1:{port}` for the settings.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// (Re)starts the server on the same port, keeping what it received; with `stop_after`,
    /// it stops by itself after accepting that many messages.
    pub fn run(&mut self, stop_after: Option<usize>) {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("smtp_sink.py");
        let mut command = Command::new("python3");
        command
            .arg(script)
            .arg(self.port.to_string())
            .arg(self.dir.path());
        if let Some(n) = stop_after {
            command.arg("--stop-after").arg(n.to_string());
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs tests/smtp_sink.py (scripts/test installs aiosmtpd)");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        assert_eq!(
            line.trim(),
            "READY",
            "the SMTP sink did not start (is aiosmtpd installed?)"
        );
        self.child = Some(child);
    }

    /// Stops the server (what it received stays).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }

    /// Waits until the server has stopped by itself (`stop_after`).
    pub async fn wait_stopped(&mut self) {
        for _ in 0..200 {
            if let Some(child) = self.child.as_mut()
                && child.try_wait().unwrap().is_some()
            {
                self.child = None;
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP sink did not stop");
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|path| {
                let decoded: serde_json::Value = serde_json::from_str(
                    &std::fs::read_to_string(path.with_extension("json")).unwrap(),
                )
                .unwrap();
                Received {
                    raw: std::fs::read_to_string(path).unwrap(),
                    subject: decoded["subject"].as_str().unwrap_or_default().to_owned(),
                    body: decoded["body"].as_str().unwrap_or_default().to_owned(),
                }
            })
            .collect()
    }

    /// Waits (up to `within`) until at least `count` messages arrived; returns them all.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count || tokio::time::Instant::now() > deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
