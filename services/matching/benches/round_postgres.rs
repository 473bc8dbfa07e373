//! A whole allocation round on PostgreSQL, from closing to published results: 100k shops with
//! profiles (30% with verified priority attributes), each applying with 5 distinct choices over
//! 2k national offers whose places add up to 60% of the shops (choices lean towards popular
//! offers). The data is bulk-seeded into a fresh database; then `rounds::publish::publish` is
//! timed as the moderator's publish request runs it (one transaction), after a timed dry
//! computation. The database is dropped at the end.
//!
//! `cargo bench -p connessi-matching --bench round_postgres` (PostgreSQL from
//! `CONNESSI_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`);
//! `ROUND_SHOPS` and `ROUND_OFFERS` change the sizes.

use chrono::{Duration, Utc};
use connessi_domain::shop::{PriorityAttribute, ShopProfile, SkillsAssessment};
use connessi_domain::{Actor, PlatformRole, User, UserId};
use connessi_matching::entities::{round, round_application, round_offer, shop_profile};
use connessi_matching::rounds::{compute, publish};
use connessi_platform::db;
use connessi_platform::entities::shop;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    Iterable,
};
use std::time::Instant;
use uuid::Uuid;

fn size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Inserts rows a thousand at a time.
async fn insert_all<A>(db: &DatabaseConnection, rows: Vec<A>)
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Column: Iterable,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(1000).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await
            .expect("insert a batch");
    }
}

/// The moderator, the provider and its published national offers (by raw multi-row SQL: the
/// matching service's offer entity has only the columns it reads). Returns offers and places.
async fn catalogue(
    db: &DatabaseConnection,
    rng: &mut StdRng,
    offers: usize,
    shops: usize,
) -> (Uuid, Vec<(Uuid, i32)>) {
    let moderator = Uuid::now_v7();
    let provider = Uuid::now_v7();
    db.execute_unprepared(&format!(
        "INSERT INTO users (id, email, display_name, platform_role, created_at) VALUES \
         ('{moderator}', 'moderatrice@bench.example', 'moderatrice', 'moderator', now());
         INSERT INTO providers (id, legal_name, partita_iva, website, contact_email, description, verified, created_at, updated_at) VALUES \
         ('{provider}', 'Bench S.r.l.', '00000000000', 'https://bench.example', 'a@bench.example', 'Bench', true, now(), now())"
    ))
    .await
    .expect("seed the provider");
    let mut content = connessi_tests::fixtures::offer_content("Offerta");
    content["territory"] = serde_json::json!({ "national": true });
    let mut listed = Vec::with_capacity(offers);
    let max_places = (2 * shops * 6 / 10 / offers).max(1) as i32;
    for chunk in (0..offers).collect::<Vec<_>>().chunks(1000) {
        let mut values = Vec::new();
        for i in chunk {
            let id = Uuid::now_v7();
            let places = rng.random_range(1..=max_places);
            content["title"]["it"] = serde_json::json!(format!("Offerta {i}"));
            content["capacity"] = serde_json::json!(places);
            let text = content.to_string().replace('\'', "''");
            values.push(format!(
                "('{id}', '{provider}', 'published', '{text}', 'Offerta {i}', {places}, now(), now(), now())"
            ));
            listed.push((id, places));
        }
        db.execute_unprepared(&format!(
            "INSERT INTO offers (id, provider_id, status, content, title_it, capacity, published_at, created_at, updated_at) VALUES {}",
            values.join(",")
        ))
        .await
        .expect("seed offers");
    }
    (moderator, listed)
}

fn profile(rng: &mut StdRng, comuni: &[&String]) -> (ShopProfile, bool) {
    let attributes: Vec<PriorityAttribute> = PriorityAttribute::ALL
        .into_iter()
        .filter(|_| rng.random_bool(0.2))
        .collect();
    let profile = ShopProfile {
        partita_iva: None,
        sector: "retail".into(),
        comune: comuni[rng.random_range(0..comuni.len())].clone(),
        size: "micro".into(),
        skills: SkillsAssessment::default(),
        need_categories: vec!["digital_payments".into()],
        needs_text: "Vorremmo vendere online.".into(),
        languages: vec!["it".into()],
        priority_attributes: attributes,
    };
    (profile, rng.random_bool(0.3))
}

/// The closed round, the shops with their profiles and their applications.
async fn round_and_shops(
    db: &DatabaseConnection,
    rng: &mut StdRng,
    moderator: Uuid,
    offers: &[(Uuid, i32)],
    shops: usize,
) -> Uuid {
    let now = Utc::now();
    let round_id = Uuid::now_v7();
    let weights = serde_json::json!({ "women_led": 3, "youth_led": 2, "inner_area": 2, "confiscated_assets": 4 });
    round::ActiveModel {
        id: Set(round_id),
        name: Set("Bando nazionale di prova".into()),
        territories: Set("[]".into()),
        sectors: Set("[]".into()),
        priority_weights: Set(weights.to_string()),
        seed: Set("bench-2027".into()),
        opens_at: Set(now - Duration::days(30)),
        closes_at: Set(now - Duration::seconds(1)),
        created_by: Set(moderator),
        created_at: Set(now - Duration::days(31)),
        updated_at: Set(now - Duration::days(31)),
        published_at: Set(None),
        published_by: Set(None),
    }
    .insert(db)
    .await
    .expect("seed the round");
    let listed =
        offers
            .iter()
            .enumerate()
            .map(|(position, (id, places))| round_offer::ActiveModel {
                round_id: Set(round_id),
                offer_id: Set(*id),
                position: Set(position as i32),
                places: Set(*places),
                ..Default::default()
            });
    insert_all(db, listed.collect()).await;
    let table = connessi_domain::territory::istat();
    let comuni: Vec<&String> = table.comuni.keys().collect();
    let (mut shop_rows, mut profiles, mut applications) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..shops {
        let id = Uuid::now_v7();
        let (p, verified) = profile(rng, &comuni);
        let (province, region) = p.province_and_region().expect("a known comune");
        shop_rows.push(shop::ActiveModel {
            id: Set(id),
            name: Set(format!("Bottega {i}")),
            created_at: Set(now),
        });
        profiles.push(shop_profile::ActiveModel {
            shop_id: Set(id),
            partita_iva: Set(None),
            sector: Set(p.sector.clone()),
            comune: Set(p.comune.clone()),
            province: Set(province),
            region: Set(region),
            size: Set(p.size.clone()),
            skill_level: Set(p.skills.level().into()),
            profile: Set(serde_json::to_string(&p).expect("profile json")),
            priority_verified: Set(verified),
            priority_verified_at: Set(verified.then_some(now)),
            updated_at: Set(now),
        });
        let mut choices: Vec<Uuid> = Vec::with_capacity(5);
        while choices.len() < 5 {
            let x: f64 = rng.random();
            let offer = offers[((x * x) * offers.len() as f64) as usize].0;
            if !choices.contains(&offer) {
                choices.push(offer);
            }
        }
        applications.push(round_application::ActiveModel {
            round_id: Set(round_id),
            shop_id: Set(id),
            choices: Set(serde_json::to_string(&choices).expect("choices json")),
            submitted_by: Set(moderator),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    insert_all(db, shop_rows).await;
    insert_all(db, profiles).await;
    insert_all(db, applications).await;
    round_id
}

async fn fresh_database() -> (DatabaseConnection, String) {
    let admin_url = connessi_tests::database::postgres_admin_url();
    let name = format!("connessi_bench_{}", Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .expect("PostgreSQL reachable");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    admin.close().await.ok();
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url.as_str(), ""), |(b, q)| (b, q));
    let url = format!(
        "{}/{name}{}",
        &base[..base.rfind('/').expect("a database in the URL")],
        if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        }
    );
    let conn = Database::connect(url).await.expect("connect");
    db::migrate(&conn).await.expect("migrate");
    (conn, name)
}

async fn drop_database(conn: DatabaseConnection, name: &str) {
    conn.close().await.ok();
    let admin = Database::connect(connessi_tests::database::postgres_admin_url())
        .await
        .expect("admin");
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .expect("drop database");
}

fn moderator(id: Uuid) -> Actor {
    Actor::User(User {
        id: UserId(id),
        email: "moderatrice@bench.example".into(),
        display_name: "moderatrice".into(),
        platform_role: Some(PlatformRole::Moderator),
        providers: Vec::new(),
        shops: Vec::new(),
        api_token: None,
    })
}

fn main() {
    let (shops, offers) = (size("ROUND_SHOPS", 100_000), size("ROUND_OFFERS", 2_000));
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let (conn, name) = fresh_database().await;
        let mut rng = StdRng::seed_from_u64(7);
        let started = Instant::now();
        let (moderator_id, listed) = catalogue(&conn, &mut rng, offers, shops).await;
        let round_id = round_and_shops(&conn, &mut rng, moderator_id, &listed, shops).await;
        conn.execute_unprepared("ANALYZE").await.expect("analyze");
        println!("seeded {shops} shops and applications over {offers} offers in {:.1} s", started.elapsed().as_secs_f64());

        let row = round::Entity::find_by_id(round_id).one(&conn).await.unwrap().unwrap();
        let started = Instant::now();
        let computed = compute::compute(&conn, &row).await.expect("compute");
        let assigned = computed.shops.iter().filter(|s| s.slot.is_some()).count();
        println!("computed (read + assign + explain, as a dry run does): {:.2} s, {assigned} assigned", started.elapsed().as_secs_f64());

        let actor = moderator(moderator_id);
        let started = Instant::now();
        db::write(&conn, |txn| {
            let actor = actor.clone();
            Box::pin(async move { publish::publish(txn, &actor, round_id).await })
        })
        .await
        .expect("publish");
        let elapsed = started.elapsed().as_secs_f64();
        let count = |table: &str| format!("SELECT count(*) AS n FROM {table}");
        for table in ["allocation_round_results", "onboarding_requests", "audit_log", "outbox"] {
            let n = conn
                .query_one_raw(sea_orm::Statement::from_string(conn.get_database_backend(), count(table)))
                .await
                .unwrap()
                .and_then(|r| r.try_get::<i64>("", "n").ok())
                .unwrap_or(0);
            println!("  {table}: {n} rows");
        }
        let over = conn
            .query_one_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                "SELECT count(*) AS n FROM offer_places p JOIN offers o ON o.id = p.offer_id WHERE p.taken > o.capacity".to_owned(),
            ))
            .await
            .unwrap()
            .and_then(|r| r.try_get::<i64>("", "n").ok());
        assert_eq!(over, Some(0), "no offer over capacity");
        println!("published (one transaction, closing to results): {elapsed:.2} s");
        drop_database(conn, &name).await;
    });
}
