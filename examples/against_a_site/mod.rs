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
