use reqwest::StatusCode;

use crate::support::{TestApp, TestMongod};

fn site_with_pkg() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("amazone.1a2b3c.js"), "console.log('amazone');".repeat(20)).unwrap();
    std::fs::write(pkg.join("amazone.1a2b3c.js.br"), b"precompressed brotli bytes").unwrap();
    site
}

#[tokio::test]
async fn hashed_pkg_files_are_cached_for_a_year_and_served_precompressed() {
    let mongod = TestMongod::start().await;
    let site = site_with_pkg();
    let root = site.path().to_str().unwrap().to_owned();
    let app = TestApp::spawn_with(&mongod, |settings| {
        settings.site.root = root;
        settings.site.hash_files = true;
    })
    .await;

    let response =
        app.http.get(app.url("/pkg/amazone.1a2b3c.js")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"precompressed brotli bytes");

    let missing = app.get("/pkg/nothing-here.wasm").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    app.shutdown().await;
}

#[tokio::test]
async fn unhashed_pkg_files_must_be_revalidated() {
    let mongod = TestMongod::start().await;
    let site = site_with_pkg();
    let root = site.path().to_str().unwrap().to_owned();
    let app = TestApp::spawn_with(&mongod, |settings| settings.site.root = root).await;

    let response = app.get("/pkg/amazone.1a2b3c.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.text().await.unwrap().starts_with("console.log"));
    app.shutdown().await;
}
