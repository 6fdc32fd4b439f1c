//! What the examples that drive a running store share: its address, database and a number from the command line,
//! and signing in as one of its people (with the demo password the README gives).

/// `<site url> <mongodb uri> <database> [n]` from the command line, or the usage line and exit 2.
pub async fn arguments(usage: &str, default_n: usize) -> (String, mongodb::Database, Vec<String>, usize) {
    let args: Vec<String> = std::env::args().collect();
    let [_, site, uri, database, ..] = args.as_slice() else {
        eprintln!("usage: {usage}");
        std::process::exit(2);
    };
    let n = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(default_n);
    let db = mongodb::Client::with_uri_str(uri).await.expect("MongoDB").database(database);
    (site.clone(), db, args.clone(), n)
}

/// A client with its own cookie jar, signed in as `email`.
pub async fn sign_in(site: &str, email: &str) -> reqwest::Client {
    let http =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = http
        .post(format!("{site}/api/sign_in"))
        .form(&[("email", email), ("password", "amazone-demo")])
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert!(status.is_success() || status.is_redirection(), "signing in as {email}: {status}");
    http
}

/// "Place order" for `cart_id`, delivered to one address in Leeds.
pub fn checkout_form(cart_id: &str) -> [(&str, &str); 5] {
    [("cart_id", cart_id), ("line1", "1 High Street"), ("city", "Leeds"), ("postcode", "LS1 4AP"), ("country", "GB")]
}

/// Up to `clients` UK customers' emails to sign in as (the checkout form delivers to Leeds: a customer elsewhere
/// would be told their cart changed currency), and warehouse products given stock enough for any run (active carts
/// emptied, so every run starts from the same shelves).
#[allow(dead_code)] // Each example compiles this module; not all of them buy.
pub async fn customers_and_stocked_products(db: &mongodb::Database, clients: usize) -> (Vec<String>, Vec<String>) {
    use futures::TryStreamExt;
    use mongodb::bson::{doc, Document};
    let customers: Vec<Document> = db
        .collection::<Document>("customers")
        .find(doc! { "shipping_address.country": "GB" })
        .projection(doc! { "email": 1 })
        .limit(clients as i64)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let stock = db.collection::<Document>("warehouse_stock");
    let held: Vec<Document> = stock.find(doc! {}).limit(200).await.unwrap().try_collect().await.unwrap();
    stock.update_many(doc! {}, doc! { "$set": { "quantity": 1_000_000_000i64 } }).await.unwrap();
    db.collection::<Document>("carts").delete_many(doc! { "status": "active" }).await.unwrap();
    let emails = customers.iter().map(|c| c.get_str("email").unwrap().to_string()).collect();
    let products = held.iter().map(|s| s.get_str("product_id").unwrap().to_string()).collect();
    (emails, products)
}
