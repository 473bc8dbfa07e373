//! A client of a server-sent event stream: opens `/api/v1/events` as a signed-in client and
//! reads one event at a time, keep-alive comments skipped.

use crate::Client;
use serde_json::Value;
use std::time::Duration;

/// How long a test waits for an event it expects.
const EXPECTED_WITHIN: Duration = Duration::from_secs(10);

/// One event as a browser's `EventSource` sees it.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<String>,
    pub kind: String,
    pub data: Value,
}

/// An open stream.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    /// Opens the caller's stream, resuming after `last_event_id` when given; asserts 200.
    pub async fn open(client: &Client, last_event_id: Option<&str>) -> EventStream {
        let response = Self::request(client, last_event_id).await;
        assert_eq!(response.status(), 200, "opening the event stream");
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        EventStream {
            response,
            buffer: String::new(),
        }
    }

    /// The raw answer to opening the stream (for refusals).
    pub async fn request(client: &Client, last_event_id: Option<&str>) -> reqwest::Response {
        let mut request = client
            .http
            .get(format!("{}/api/v1/events", client.base))
            .header("accept", "text/event-stream");
        if let Some(token) = &client.token {
            request = request.bearer_auth(token);
        }
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        request.send().await.expect("event stream request")
    }

    /// The next event; fails the test if none comes within ten seconds.
    pub async fn next(&mut self) -> SseEvent {
        match self.next_within(EXPECTED_WITHIN).await {
            Some(event) => event,
            None => panic!("no event within {EXPECTED_WITHIN:?}"),
        }
    }

    /// The next event of `kind`, skipping others.
    pub async fn next_of(&mut self, kind: &str) -> SseEvent {
        loop {
            let event = self.next().await;
            if event.kind == kind {
                return event;
            }
        }
    }

    /// Whether no event of `kind` comes within `wait` (others are skipped).
    pub async fn none_of(&mut self, kind: &str, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        while let Some(event) = self
            .next_within(deadline.saturating_duration_since(tokio::time::Instant::now()))
            .await
        {
            if event.kind == kind {
                return false;
            }
        }
        true
    }

    /// The next event if one comes within `wait`; `None` also when the stream ended.
    pub async fn next_within(&mut self, wait: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&frame) {
                    return Some(event);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await;
            match chunk {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }
}

/// One frame; `None` for comments and frames without data.
fn parse(frame: &str) -> Option<SseEvent> {
    let (mut id, mut kind, mut data) = (None, "message".to_owned(), Vec::new());
    for line in frame.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => id = Some(value.to_owned()),
            "event" => kind = value.to_owned(),
            "data" => data.push(value),
            _ => {}
        }
    }
    if data.is_empty() {
        return None;
    }
    let data = serde_json::from_str(&data.join("\n")).expect("event data is JSON");
    Some(SseEvent { id, kind, data })
}
