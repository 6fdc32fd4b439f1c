//! Load for `scripts/bench/abuse.sh`: for `seconds`, 32 clients post wrong passwords for the admin account, 4 post
//! oversized forms and 8 hammer search, while one client times product pages. Prints what each flood got back
//! (how many guesses were actually checked, how many turned away) and the product pages' p50/p99.
//!
//!   cargo run --release --features ssr --example abuse_load -- <site url> <product path> [seconds=30]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, site, product, ..] = args.as_slice() else {
        eprintln!("usage: abuse_load <site url> <product path> [seconds=30]");
        std::process::exit(2);
    };
    let seconds: u64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(30);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let statuses: Arc<Mutex<BTreeMap<(&'static str, u16), u64>>> = Arc::default();
    let record = |statuses: &Arc<Mutex<BTreeMap<(&'static str, u16), u64>>>, flood, status: u16| {
        *statuses.lock().unwrap().entry((flood, status)).or_default() += 1;
    };

    let mut tasks = Vec::new();
    for n in 0..32 {
        let (http, site, statuses) = (http.clone(), site.clone(), statuses.clone());
        tasks.push(tokio::spawn(async move {
            let mut guess = n * 1_000_000;
            while Instant::now() < deadline {
                guess += 1;
                let form = [("email", "admin@amazone.test".to_string()), ("password", format!("guess-{guess}"))];
                let status = match http.post(format!("{site}/api/sign_in")).form(&form).send().await {
                    Ok(response) => response.status().as_u16(),
                    Err(_) => 0,
                };
                record(&statuses, "sign-in guesses", status);
            }
        }));
    }
    let big = Arc::new("x".repeat(1 << 20));
    for _ in 0..4 {
        let (http, site, statuses, big) = (http.clone(), site.clone(), statuses.clone(), big.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let form = [("email", "a@b.co"), ("password", big.as_str())];
                let status = match http.post(format!("{site}/api/sign_in")).form(&form).send().await {
                    Ok(response) => response.status().as_u16(),
                    Err(_) => 0,
                };
                record(&statuses, "1 MB forms", status);
            }
        }));
    }
    for n in 0..8 {
        let (http, site, statuses) = (http.clone(), site.clone(), statuses.clone());
        tasks.push(tokio::spawn(async move {
            let words = ["tea", "book", "phone", "bread", "apple", "cd", "kettle", "milk"];
            let mut i = n;
            while Instant::now() < deadline {
                i += 1;
                let url = format!("{site}/search?q={}", words[i % words.len()]);
                let status = match http.get(url).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                record(&statuses, "search", status);
            }
        }));
    }
    let timer = {
        let (http, url) = (http.clone(), format!("{site}{product}"));
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let start = Instant::now();
                if let Ok(response) = http.get(&url).send().await {
                    if response.status().is_success() && response.bytes().await.is_ok() {
                        latencies.push(start.elapsed());
                    }
                }
            }
            latencies
        })
    };
    for task in tasks {
        task.await.unwrap();
    }
    let mut latencies = timer.await.unwrap();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    for ((flood, status), count) in statuses.lock().unwrap().iter() {
        let meaning = match status {
            401 => "a guess checked and refused",
            413 => "too large",
            429 => "throttled",
            503 => "busy, try again",
            200 => "ok",
            0 => "connection failed",
            _ => "",
        };
        println!("{flood:<16} {status:>4} {count:>8}  {meaning}");
    }
    println!(
        "product page during the floods: {} requests, p50 {:.1} ms, p99 {:.1} ms",
        latencies.len(),
        pct(0.50),
        pct(0.99)
    );
}
