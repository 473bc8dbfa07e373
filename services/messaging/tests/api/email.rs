//! The e-mail queue against a real SMTP server on loopback (aiosmtpd): an outage in the middle
//! of a batch delays e-mails and, after recovery, each arrives exactly once, even with two
//! senders (two instances) working the same queue; an address no server can take is given up
//! on at once, with its error kept.

use connessi_platform::email::sender::Sender;
use connessi_platform::email::{self, Email};
use connessi_platform::entities::email as queued;
use connessi_tests::{Backend, SmtpSink, TestDatabase, backend_tests};
use sea_orm::EntityTrait;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

backend_tests! {
    an_smtp_outage_mid_batch_delays_e_mails_and_after_recovery_each_arrives_exactly_once => outage;
    an_address_that_cannot_be_used_is_given_up_on_with_its_error_and_others_still_go => unusable_address;
}

fn sender(db: &TestDatabase, sink: &SmtpSink) -> Sender {
    let mut settings = db.settings().email;
    settings.smtp_url = Some(sink.url().into());
    settings.retry_base_ms = 100;
    settings.poll_interval_ms = 50;
    Sender::new(&settings)
        .expect("settings")
        .expect("configured")
}

fn numbered(n: usize) -> Email {
    Email {
        dedupe_key: format!("test:{n}"),
        recipient: format!("negozio{n}@example.org"),
        subject: format!("Prova {n}"),
        body: format!("Messaggio numero {n}.\nà è ì ò ù"),
        unsubscribe_url: Some(format!("http://127.0.0.1/api/v1/unsubscribe/t{n}")),
    }
}

async fn outage(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let mut sink = SmtpSink::start_stopping_after(Some(10));
    for n in 0..30 {
        assert!(email::enqueue(&db.conn, numbered(n)).await.unwrap());
    }
    assert!(
        !email::enqueue(&db.conn, numbered(7)).await.unwrap(),
        "queued twice"
    );
    let wake = Arc::new(tokio::sync::Notify::new());
    let senders = [
        tokio::spawn(sender(&db, &sink).run(db.conn.clone(), wake.clone())),
        tokio::spawn(sender(&db, &sink).run(db.conn.clone(), wake.clone())),
    ];
    sink.wait_stopped().await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let during = queued::Entity::find().all(&db.conn).await.unwrap();
    let waiting = during.iter().filter(|e| e.sent_at.is_none()).count();
    assert!(waiting >= 15, "only {waiting} waited through the outage");
    assert!(
        during
            .iter()
            .any(|e| e.attempts >= 1 && e.last_error.is_some())
    );
    assert!(
        during.iter().all(|e| e.failed_at.is_none()),
        "an outage must not fail e-mails"
    );
    sink.run(None);
    let received = sink.wait_for(30, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let received_after = sink.received();
    assert_eq!(
        received_after.len(),
        received.len(),
        "something arrived twice"
    );
    let ids: Vec<String> = received_after
        .iter()
        .map(|m| m.header("Message-ID").expect("Message-ID"))
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(
        (ids.len(), unique.len()),
        (30, 30),
        "each exactly once: {ids:?}"
    );
    let subjects: BTreeSet<String> = received_after
        .iter()
        .map(|m| m.header("Subject").unwrap())
        .collect();
    assert_eq!(subjects, (0..30).map(|n| format!("Prova {n}")).collect());
    let first = &received_after[0];
    assert!(
        first
            .header("List-Unsubscribe")
            .unwrap()
            .starts_with("<http://127.0.0.1/api/v1/unsubscribe/t")
    );
    assert_eq!(
        first.header("List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );
    let rows = queued::Entity::find().all(&db.conn).await.unwrap();
    assert!(
        rows.iter()
            .all(|e| e.sent_at.is_some() && e.failed_at.is_none())
    );
    for task in senders {
        task.abort();
    }
}

async fn unusable_address(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let sink = SmtpSink::start();
    let mut bad = numbered(1);
    bad.recipient = "not an address".into();
    email::enqueue(&db.conn, bad).await.unwrap();
    email::enqueue(&db.conn, numbered(2)).await.unwrap();
    let pass = sender(&db, &sink).send_due(&db.conn).await.unwrap();
    assert_eq!((pass.sent, pass.failed, pass.retrying), (1, 1, 0));
    let rows = queued::Entity::find().all(&db.conn).await.unwrap();
    let failed = rows.iter().find(|e| e.dedupe_key == "test:1").unwrap();
    assert!(failed.failed_at.is_some() && failed.sent_at.is_none());
    assert!(failed.last_error.as_deref().unwrap().contains("recipient"));
    let again = sender(&db, &sink).send_due(&db.conn).await.unwrap();
    assert_eq!(again, Default::default(), "nothing is sent again");
    assert_eq!(sink.wait_for(1, Duration::from_secs(5)).await.len(), 1);
}
