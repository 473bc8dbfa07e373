//! A real browser for the page tests: Debian's headless Chromium driven through its
//! WebDriver server (`chromedriver`, started per test on a free port and stopped on drop).
//! Pages are checked with axe-core (the `axe.min.js` of the npm package, kept beside this
//! crate) and can be saved as screenshots for the README.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const AXE: &str = include_str!("../assets/axe.min.js");
// Generous: CI runs two browsers at once on two cores beside the servers they test.
const WAIT: Duration = Duration::from_secs(20);

pub struct Chrome {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Chrome {
    fn drop(&mut self) {
        // The driver leads its own process group, which the browser and its helpers join:
        // killing the group leaves no browser behind (killing the driver alone would orphan
        // them, hundreds in a full run).
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

impl Chrome {
    /// A fresh browser (own profile, no cookies) that asks for pages in `accept_language`.
    pub async fn start(accept_language: &str) -> Chrome {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs: scripts/test installs chromium and chromium-driver");
        let profile = tempfile::tempdir().expect("a browser profile directory");
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,1000", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--lang={accept_language}"),
                ],
                "prefs": { "intl.accept_languages": accept_language }
            }
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!("an object"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            // WebDriver on loopback speaks plain HTTP: no TLS stack needed.
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Chrome {
                        client,
                        driver,
                        _profile: profile,
                    };
                }
                Err(error) => last_error = Some(error),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start a browser: {last_error:?}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("page opened");
    }

    /// Runs `script` in the page (its body, with `return` for a value) and gives the value.
    pub async fn evaluate(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    pub async fn current_url(&self) -> String {
        self.client.current_url().await.expect("url").to_string()
    }

    /// The element, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .expect("elements")
    }

    /// Clicks the element, scrolled to the middle of the window first as a person would. A
    /// region the page's script just replaced is looked up again. The scroll is instant:
    /// bootstrap's `scroll-behavior: smooth` would otherwise still be moving the page when
    /// the click lands.
    pub async fn click(&self, css: &str) {
        let mut last_error = None;
        for _ in 0..5 {
            let element = self.find(css).await;
            let as_argument = serde_json::to_value(&element).expect("element reference");
            let scrolled = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                    vec![as_argument],
                )
                .await;
            match scrolled {
                Ok(_) => match element.click().await {
                    Ok(()) => return,
                    Err(error) => last_error = Some(error),
                },
                Err(error) => last_error = Some(error),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("{css} not clicked: {last_error:?}");
    }

    /// Clears a field and types into it.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("cleared");
        // Clearing fires no input event; typing then erasing a space does, as a person's
        // backspacing would.
        let typed = if text.is_empty() {
            format!(" {}", char::from(fantoccini::key::Key::Backspace))
        } else {
            text.to_owned()
        };
        field.send_keys(&typed).await.expect("typed");
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// Waits until the element's text contains `wanted`.
    pub async fn wait_for_text(&self, css: &str, wanted: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let found = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if found.contains(wanted) {
                return found;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("{css} never said {wanted:?}; it says {found:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's URL contains `wanted`.
    pub async fn wait_for_url(&self, wanted: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let url = self.current_url().await;
            if url.contains(wanted) {
                return url;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "never reached {wanted}; at {url}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs axe-core on the page and fails on any serious or critical violation, naming the
    /// rule and the elements.
    pub async fn assert_accessible(&self, page_kind: &str) {
        self.client
            .execute(AXE, vec![])
            .await
            .expect("axe-core loaded");
        let violations = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))))
                    .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                vec![],
            )
            .await
            .expect("axe-core ran");
        let serious: Vec<&Value> = violations
            .as_array()
            .expect("a list of violations")
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        assert!(
            serious.is_empty(),
            "{page_kind}: {} serious or critical accessibility violations:\n{}",
            serious.len(),
            serde_json::to_string_pretty(&serious).unwrap_or_default()
        );
    }

    /// Saves the page as `docs/screenshots/{name}.png` when `CONNESSI_SCREENSHOTS` is set
    /// (`scripts/screenshots` sets it), so ordinary test runs leave the tree alone.
    pub async fn screenshot(&self, name: &str) {
        if std::env::var_os("CONNESSI_SCREENSHOTS").is_none() {
            return;
        }
        let png = self.client.screenshot().await.expect("screenshot taken");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot saved");
    }
}
