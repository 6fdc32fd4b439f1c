//! Load for `scripts/bench/cart.sh`: signed-in customers adding to their carts and checking out over HTTP against
//! a running release server, each client with its own session, timing every request; then a delivery phase:
//! the customers keep ordering while delivery partners (as many as the customers unless told, signed in too) deliver
//! their rounds.
//!
//!   cargo run --release --features ssr --example shop_load -- <site url> <mongodb uri> <database> [clients]
//!     [seconds] [partners]
//!
//! It prepares the benchmark database first (plenty of stock on the products it buys; only the partners it signs in
//! on duty, with empty loads, made by copying a stored partner when the store has too few), so run it against a
//! throwaway database only.

mod against_a_site;

use std::time::{Duration, Instant};

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let usage = "shop_load <site url> <mongodb uri> <database> [clients=32] [seconds=10] [partners=clients]";
    let (site, db, args, clients) = against_a_site::arguments(usage, 32).await;
    let seconds: u64 = args.get(5).and_then(|n| n.parse().ok()).unwrap_or(10);
    let partner_count: usize = args.get(6).and_then(|n| n.parse().ok()).unwrap_or(clients).max(1);
    let (emails, products) = against_a_site::customers_and_stocked_products(&db, clients).await;
    let partner_emails = partners_on_duty(&db, partner_count).await;
    let (site, products) = (std::sync::Arc::<str>::from(site.as_str()), std::sync::Arc::new(products));

    let mut sessions = Vec::with_capacity(clients);
    for email in &emails {
        sessions.push(against_a_site::sign_in(&site, email).await);
    }
    let mut partners = Vec::with_capacity(partner_emails.len());
    for email in &partner_emails {
        partners.push(against_a_site::sign_in(&site, email).await);
    }
    let add = run_phase("add-to-cart", &sessions, seconds, {
        let (site, products) = (site.clone(), products.clone());
        move |http, n| {
        let product = products[n % products.len()].clone();
        let url = format!("{site}/api/add_to_cart");
        async move { vec![timed(http.post(url).form(&[("product_id", product.as_str()), ("quantity", "1")])).await] }
    }})
    .await;
    let checkout = run_phase("checkout", &sessions, seconds, order_one(site.clone(), products.clone())).await;
    println!("{add}\n{checkout}");
    // Deliveries of the backlog checkout left, by one partner (a delivery's own cost, nothing queued beside it),
    // then by all of them; then the same shoppers ordering while the partners deliver.
    let backlog = waiting(&db).await;
    let one = run_phase("one partner", &partners[..1], seconds.min(10), deliver_round(site.clone())).await;
    let alone = run_phase("deliveries alone", &partners, seconds, deliver_round(site.clone())).await;
    println!("{one}\n{alone}\nwaiting for a partner: {backlog} before, {} after", waiting(&db).await);
    let waiting_before = waiting(&db).await;
    let (ordered, delivered) = tokio::join!(
        run_phase("orders", &sessions, seconds, order_one(site.clone(), products.clone())),
        run_phase("deliveries", &partners, seconds, deliver_round(site.clone())),
    );
    println!("{ordered}\n{delivered}");
    println!("waiting for a partner: {waiting_before} before the delivery phase, {} after", waiting(&db).await);
}

/// One client's step of a phase: the latencies of its timed requests (None for a failure).
type Step = std::pin::Pin<Box<dyn std::future::Future<Output = Vec<Option<Duration>>> + Send>>;

/// One order of one unit: add to cart (untimed), then "place order" (timed).
fn order_one(
    site: std::sync::Arc<str>,
    products: std::sync::Arc<Vec<String>>,
) -> impl Fn(reqwest::Client, usize) -> Step + Clone + Send + 'static {
    move |http, n| {
        let product = products[n % products.len()].clone();
        let site = site.clone();
        Box::pin(async move {
            let added = http
                .post(format!("{site}/api/add_to_cart"))
                .form(&[("product_id", product.as_str()), ("quantity", "1")])
                .send()
                .await;
            if added.is_err() {
                return vec![None];
            }
            let cart: serde_json::Value =
                http.post(format!("{site}/api/cart_view")).send().await.unwrap().json().await.unwrap();
            let cart_id = cart["cart_id"].as_str().unwrap_or_default().to_string();
            let form = against_a_site::checkout_form(&cart_id);
            vec![timed(http.post(format!("{site}/api/place_order")).form(&form)).await]
        })
    }
}

/// A partner reads their round (untimed) and marks each order on it delivered (timed); idles briefly when empty.
fn deliver_round(site: std::sync::Arc<str>) -> impl Fn(reqwest::Client, usize) -> Step + Clone + Send + 'static {
    move |http, _| {
        let site = site.clone();
        Box::pin(async move {
            let round: serde_json::Value = match http.post(format!("{site}/api/my_deliveries")).send().await {
                Ok(response) => response.json().await.unwrap_or_default(),
                Err(_) => return vec![None],
            };
            let stops: Vec<String> = round["stops"]
                .as_array()
                .map(|stops| stops.iter().filter_map(|s| s["order_id"].as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            if stops.is_empty() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let mut timings = Vec::with_capacity(stops.len());
            for order_id in stops {
                let form = [("order_id", order_id.as_str())];
                timings.push(timed(http.post(format!("{site}/api/mark_delivered")).form(&form)).await);
            }
            timings
        })
    }
}

async fn waiting(db: &mongodb::Database) -> u64 {
    db.collection::<Document>("orders").count_documents(doc! { "status": "awaiting_partner" }).await.unwrap()
}

/// Takes `count` partners on duty (empty loads) and every other partner off, so that orders go only to partners
/// who deliver; returns their emails.
async fn partners_on_duty(db: &mongodb::Database, count: usize) -> Vec<String> {
    let partners = db.collection::<Document>("partners");
    let stored = partners.count_documents(doc! {}).await.unwrap() as usize;
    for n in stored..count {
        hire_partner(db, n).await;
    }
    let chosen: Vec<Document> = partners.find(doc! {}).limit(count as i64).await.unwrap().try_collect().await.unwrap();
    let ids: Vec<&str> = chosen.iter().map(|p| p.get_str("_id").unwrap()).collect();
    partners.update_many(doc! {}, doc! { "$set": { "active": false } }).await.unwrap();
    partners
        .update_many(doc! { "_id": { "$in": &ids } }, doc! { "$set": { "active": true, "load": 0 } })
        .await
        .unwrap();
    db.collection::<Document>("orders")
        .update_many(
            doc! { "status": { "$in": ["out_for_delivery", "awaiting_partner"] } },
            doc! { "$set": { "status": "delivered" } },
        )
        .await
        .unwrap();
    chosen.iter().map(|p| p.get_str("email").unwrap().to_string()).collect()
}

/// A new partner `n`, a copy of a stored one (same area and vehicle) with their own id, email and account.
async fn hire_partner(db: &mongodb::Database, n: usize) {
    let partners = db.collection::<Document>("partners");
    let accounts = db.collection::<Document>("accounts");
    let mut partner = partners.find_one(doc! {}).await.unwrap().expect("a stored partner to copy");
    let mut account =
        accounts.find_one(doc! { "role": "partner" }).await.unwrap().expect("a partner's account to copy");
    let id = mongodb::bson::oid::ObjectId::new().to_hex();
    let email = format!("bench-partner-{n}@amazone-delivery.example");
    partner.insert("_id", &id);
    partner.remove("legacy_id"); // the original's numbering belongs to imported partners only
    partner.insert("email", &email);
    partner.insert("name", format!("Bench Partner {n}"));
    account.insert("_id", format!("partner:{id}"));
    account.insert("email", &email);
    account.insert("partner_id", &id);
    partners.insert_one(partner).await.unwrap();
    accounts.insert_one(account).await.unwrap();
}

/// One request's latency, or None when it failed.
async fn timed(request: reqwest::RequestBuilder) -> Option<Duration> {
    let start = Instant::now();
    let response = request.send().await.ok()?;
    let ok = response.status().is_success();
    let _ = response.bytes().await;
    ok.then(|| start.elapsed())
}

/// Every client repeats `step` for `seconds`; prints requests/s and latency percentiles of the timed requests.
async fn run_phase<F, Fut>(label: &str, sessions: &[reqwest::Client], seconds: u64, step: F) -> String
where
    F: Fn(reqwest::Client, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Vec<Option<Duration>>> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers = sessions.iter().cloned().enumerate().map(|(client, http)| {
        let step = step.clone();
        tokio::spawn(async move {
            let (mut timings, mut last_done) = (Vec::new(), None);
            let mut n = client * 7;
            while Instant::now() < deadline {
                let done = step(http.clone(), n).await;
                if done.iter().any(Option::is_some) {
                    last_done = Some(Instant::now());
                }
                timings.extend(done);
                n += 1;
            }
            (timings, last_done)
        })
    });
    let finished: Vec<(Vec<Option<Duration>>, Option<Instant>)> =
        futures::future::join_all(workers).await.into_iter().map(Result::unwrap).collect();
    // Until the last request done: a phase that runs out of work (deliveries once the backlog is gone) is not
    // diluted by the time its clients then spend idle.
    let last_done = finished.iter().filter_map(|(_, last)| *last).max().unwrap_or_else(Instant::now);
    let elapsed = (last_done - started).as_secs_f64();
    let timings: Vec<Option<Duration>> = finished.into_iter().flat_map(|(timings, _)| timings).collect();
    let failed = timings.iter().filter(|t| t.is_none()).count();
    let mut ok: Vec<Duration> = timings.into_iter().flatten().collect();
    ok.sort();
    let pct = |p: f64| {
        ok.get(((ok.len() as f64 * p) as usize).min(ok.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    format!(
        "{label:<17} {:>10.1} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} ok, {failed} failed, {} clients)",
        ok.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        ok.len(),
        sessions.len()
    )
}
