//! Load for `scripts/bench/failover.sh`: signed-in customers ordering (add to cart, then place order) over HTTP
//! against a release server on a local three-member replica set, whose primary this kills (SIGKILL, as a machine
//! failing) part-way through. Prints orders/s before and after the kill, the longest request, the requests that
//! failed (the goal is none) and the acknowledged orders missing afterwards (there must be none).
//!
//!   cargo run --release --features ssr --example failover_load -- <site url> <replica set uri> <database>
//!     [clients=32] [seconds=60] [kill_at=20]
//!
//! It gives the products it buys plenty of stock first, so run it against a throwaway database only.

mod against_a_site;

use std::time::{Duration, Instant};

use mongodb::bson::doc;

/// One order attempt: when it started (since the run began), how long it took, and the order when acknowledged.
struct Attempt {
    started: Duration,
    took: Duration,
    /// The order's id, or which request failed and how.
    order: Result<String, String>,
}

#[tokio::main]
async fn main() {
    let usage = "failover_load <site url> <replica set uri> <database> [clients=32] [seconds=60] [kill_at=20]";
    let (site, db, args, clients) = against_a_site::arguments(usage, 32).await;
    let seconds: u64 = args.get(5).and_then(|n| n.parse().ok()).unwrap_or(60);
    let kill_at: u64 = args.get(6).and_then(|n| n.parse().ok()).unwrap_or(20);
    let (emails, products) = against_a_site::customers_and_stocked_products(&db, clients).await;
    println!("{} customers ordering", emails.len());
    let site = std::sync::Arc::<str>::from(site.as_str());
    let products = std::sync::Arc::new(products);

    let begun = Instant::now();
    let deadline = begun + Duration::from_secs(seconds);
    let mut shoppers = Vec::with_capacity(emails.len());
    for (n, email) in emails.iter().enumerate() {
        let http = against_a_site::sign_in(&site, email).await;
        let (site, products) = (site.clone(), products.clone());
        shoppers.push(tokio::spawn(async move {
            let mut attempts = Vec::new();
            let mut k = n * 7;
            while Instant::now() < deadline {
                let started = begun.elapsed();
                let order = order_one(&http, &site, &products[k % products.len()]).await;
                attempts.push(Attempt { started, took: begun.elapsed() - started, order });
                k += 1;
            }
            attempts
        }));
    }
    tokio::time::sleep_until((begun + Duration::from_secs(kill_at)).into()).await;
    let killed = kill_the_primary(&db).await;
    let attempts: Vec<Attempt> =
        futures::future::join_all(shoppers).await.into_iter().flat_map(Result::unwrap).collect();
    report(&db, &attempts, Duration::from_secs(kill_at), Duration::from_secs(seconds), &killed).await;
}

/// Adds one unit and places the order; the order's id when both succeeded, else which request failed and how.
async fn order_one(http: &reqwest::Client, site: &str, product: &str) -> Result<String, String> {
    let form = [("product_id", product), ("quantity", "1")];
    answered("add_to_cart", http.post(format!("{site}/api/add_to_cart")).form(&form)).await?;
    let cart = answered("cart_view", http.post(format!("{site}/api/cart_view"))).await?;
    let cart: serde_json::Value = serde_json::from_str(&cart).map_err(|err| format!("cart_view: {err}"))?;
    let cart_id = cart["cart_id"].as_str().ok_or("cart_view: no cart")?.to_string();
    let form = against_a_site::checkout_form(&cart_id);
    answered("place_order", http.post(format!("{site}/api/place_order")).form(&form)).await?;
    Ok(cart_id)
}

/// The body of a successful answer, else `what`, the status and the start of the body.
async fn answered(what: &str, request: reqwest::RequestBuilder) -> Result<String, String> {
    let response = request.send().await.map_err(|err| format!("{what}: {err}"))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if status.is_success() {
        Ok(body)
    } else {
        Err(format!("{what} {status}: {}", body.chars().take(120).collect::<String>()))
    }
}

/// Finds the primary (`hello` through the set) and kills its process; returns its address.
async fn kill_the_primary(db: &mongodb::Database) -> String {
    let hello = db.client().database("admin").run_command(doc! { "hello": 1 }).await.expect("hello");
    let primary = hello.get_str("primary").expect("a primary").to_string();
    let port = primary.rsplit(':').next().unwrap().to_string();
    let pid = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .find(|pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            args.first().is_some_and(|bin| bin.ends_with(b"mongod"))
                && args.windows(2).any(|pair| pair[0] == b"--port" && pair[1] == port.as_bytes())
        })
        .expect("the primary's mongod process");
    // SAFETY: a plain syscall on the pid of the mongod found above.
    unsafe { libc::kill(pid, libc::SIGKILL) };
    println!("killed the primary {primary} (pid {pid})");
    primary
}

async fn report(db: &mongodb::Database, attempts: &[Attempt], kill_at: Duration, run: Duration, killed: &str) {
    let ordered = |from: Duration, to: Duration| {
        attempts.iter().filter(|a| a.order.is_ok() && a.started + a.took >= from && a.started + a.took < to).count()
    };
    let rate = |from: Duration, to: Duration| ordered(from, to) as f64 / (to - from).as_secs_f64().max(1e-9);
    let failed = attempts.iter().filter(|a| a.order.is_err()).count();
    let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
    for attempt in attempts {
        if let Err(reason) = &attempt.order {
            *reasons.entry(reason.as_str()).or_default() += 1;
        }
    }
    let longest = attempts.iter().map(|a| a.took).max().unwrap_or_default();
    let acknowledged: Vec<&String> = attempts.iter().filter_map(|a| a.order.as_ref().ok()).collect();
    // Read once the set has a primary again (the driver waits for it).
    let orders = db.collection::<mongodb::bson::Document>("orders");
    let found = orders.count_documents(doc! { "_id": { "$in": &acknowledged } }).await.expect("count the orders");
    let found = found as usize;
    println!("primary killed at {:.0} s of {:.0} s: {killed}", kill_at.as_secs_f64(), run.as_secs_f64());
    println!("orders/s before the kill   {:>8.1}", rate(Duration::ZERO, kill_at));
    println!("orders/s after the kill    {:>8.1}", rate(kill_at, run));
    println!("orders/s in the last 20 s  {:>8.1}", rate(run.saturating_sub(Duration::from_secs(20)), run));
    println!("longest order (add + view + place) {:.1} s", longest.as_secs_f64());
    println!(
        "orders acknowledged {}, failed attempts {failed}, acknowledged but missing {}",
        acknowledged.len(),
        acknowledged.len() - found
    );
    for (reason, count) in reasons {
        println!("  {count:>5} x {reason}");
    }
}
