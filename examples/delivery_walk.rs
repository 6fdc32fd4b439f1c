//! The order loop walked end to end on a running store, as its people would: customers each order one item, the
//! delivery partners the store assigned sign in and deliver their rounds (what `/deliveries` does), and each
//! customer rates their partner. Prints what happened; exits non-zero if any order was not delivered.
//!
//!   cargo run --release --features ssr --example delivery_walk -- <site url> <mongodb uri> <database> [orders=50]
//!
//! It only reads the database (to find customers, stock and who carries what); every change goes through the site's
//! own server functions, with the demo password the README gives.

mod against_a_site;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() {
    let usage = "delivery_walk <site url> <mongodb uri> <database> [orders=50]";
    let (site, db, _, count) = against_a_site::arguments(usage, 50).await;
    let site = site.as_str();
    let started = Instant::now();

    // UK customers: the checkout form delivers to Leeds, and a customer elsewhere would be told their cart changed
    // currency.
    let customers = documents(&db, "customers", doc! { "shipping_address.country": "GB" }, count as i64).await;
    let products = documents(&db, "warehouse_stock", doc! { "quantity": { "$gte": 5 } }, 200).await;
    assert!(customers.len() == count && !products.is_empty(), "the store needs {count} customers and stock");
    let mut orders: Vec<(reqwest::Client, String)> = Vec::with_capacity(count);
    for (n, customer) in customers.iter().enumerate() {
        let shopper = against_a_site::sign_in(site, customer.get_str("email").unwrap()).await;
        let product = products[n % products.len()].get_str("product_id").unwrap();
        let order_id = order_one(site, &shopper, product).await;
        orders.push((shopper, order_id));
    }
    println!("{count} orders placed by {count} customers");

    // Each round: every partner carrying orders signs in, reads their round and delivers it all.
    let ours: Vec<&str> = orders.iter().map(|(_, id)| id.as_str()).collect();
    let mut partners: HashMap<String, reqwest::Client> = HashMap::new();
    let mut delivered_by: HashMap<String, usize> = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let open =
            documents(&db, "orders", doc! { "_id": { "$in": &ours }, "status": { "$ne": "delivered" } }, 0).await;
        if open.is_empty() || Instant::now() > deadline {
            break;
        }
        // Every partner carrying anything: older orders (other shoppers') go first, as in the store.
        let busy = documents(&db, "partners", doc! { "load": { "$gt": 0 } }, 0).await;
        let carrying: Vec<String> = busy.iter().filter_map(|p| p.get_str("_id").ok().map(str::to_string)).collect();
        if carrying.is_empty() {
            // Waiting for the `assign-partners` sweep (every minute) to find a partner with room.
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        for partner_id in carrying {
            if !partners.contains_key(&partner_id) {
                let partner = documents(&db, "partners", doc! { "_id": &partner_id }, 1).await;
                partners.insert(
                    partner_id.clone(),
                    against_a_site::sign_in(site, partner[0].get_str("email").unwrap()).await,
                );
            }
            let delivered = deliver_round(site, &partners[&partner_id]).await;
            *delivered_by.entry(partner_id).or_default() += delivered;
        }
    }
    let delivered = documents(&db, "orders", doc! { "_id": { "$in": &ours }, "status": "delivered" }, 0).await;
    println!(
        "{} of {count} delivered by {} partners through their rounds ({} deliveries in all, other shoppers' included)",
        delivered.len(),
        partners.len(),
        delivered_by.values().sum::<usize>()
    );

    let mut rated = 0;
    for (n, (shopper, order_id)) in orders.iter().enumerate() {
        let stars = if n % 5 == 0 { "4" } else { "5" };
        let response = post(site, shopper, "rate_partner", &[("order_id", order_id.as_str()), ("stars", stars)]).await;
        rated += usize::from(response.status().is_success());
    }
    let waiting = db.collection::<Document>("orders").count_documents(doc! { "status": "awaiting_partner" }).await;
    println!("{rated} partner ratings kept; {} orders in the store wait for a partner", waiting.unwrap());
    println!("took {:.1} s", started.elapsed().as_secs_f64());
    if delivered.len() != count || rated != count {
        std::process::exit(1);
    }
}

async fn documents(db: &mongodb::Database, collection: &str, filter: Document, limit: i64) -> Vec<Document> {
    let collection = db.collection::<Document>(collection);
    collection.find(filter).sort(doc! { "_id": 1 }).limit(limit).await.unwrap().try_collect().await.unwrap()
}

async fn post(site: &str, http: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
    http.post(format!("{site}/api/{endpoint}")).form(form).send().await.unwrap()
}

/// Adds one unit to the cart and places the order; answers the order's id.
async fn order_one(site: &str, shopper: &reqwest::Client, product_id: &str) -> String {
    let added = post(site, shopper, "add_to_cart", &[("product_id", product_id), ("quantity", "1")]).await;
    assert!(added.status().is_success(), "add to cart: {}", added.text().await.unwrap());
    let cart: serde_json::Value = post(site, shopper, "cart_view", &[]).await.json().await.unwrap();
    let cart_id = cart["cart_id"].as_str().unwrap().to_string();
    let placed = post(site, shopper, "place_order", &against_a_site::checkout_form(&cart_id)).await;
    assert!(placed.status().is_success(), "place order: {}", placed.text().await.unwrap());
    placed.json().await.unwrap()
}

/// The partner's round, every stop marked delivered; answers how many were.
async fn deliver_round(site: &str, partner: &reqwest::Client) -> usize {
    let round: serde_json::Value = post(site, partner, "my_deliveries", &[]).await.json().await.unwrap();
    let mut delivered = 0;
    for stop in round["stops"].as_array().into_iter().flatten() {
        let order_id = stop["order_id"].as_str().unwrap();
        let response = post(site, partner, "mark_delivered", &[("order_id", order_id)]).await;
        delivered += usize::from(response.status().is_success());
    }
    delivered
}
