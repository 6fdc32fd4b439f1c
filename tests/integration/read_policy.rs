//! Reads close to the shopper: on a three-member set tagged `uk-1` (primary), `eu-1`, `uk-2`, catalogue pages of a
//! shopper delivered to France are read from the EU's member, a UK shopper's never from it, and the buying path only
//! from the primary. Each member's profiler says which member answered what.

use std::path::Path;
use std::time::{Duration, Instant};

use mongodb::bson::{doc, Document};
use mongodb::Client;

use crate::shopping::AERIFIED;
use crate::support::{Browser, TestApp, TestReplicaSet};

/// A client for one member alone.
async fn member(port: u16) -> Client {
    Client::with_uri_str(format!("mongodb://127.0.0.1:{port}/?directConnection=true")).await.unwrap()
}

/// The store's reads of `collection` the member's profiler has recorded since it was switched on: finds,
/// aggregations, counts and their cursors sent by Amazone (its client names itself `amazone`), not the members' own
/// (an index build a secondary finishes, a document a syncing member fetches from another).
fn reads_filter(db: &str, collection: &str) -> Document {
    let read = |command: &str| doc! { format!("command.{command}"): { "$exists": true } };
    doc! {
        "ns": format!("{db}.{collection}"),
        "appName": "amazone",
        "$or": [read("find"), read("aggregate"), read("count"), read("distinct"), read("getMore")],
    }
}

async fn reads_of(client: &Client, db: &str, collection: &str) -> u64 {
    let profile = client.database(db).collection::<Document>("system.profile");
    profile.count_documents(reads_filter(db, collection)).await.unwrap()
}

#[tokio::test]
async fn catalogue_reads_go_to_the_shoppers_regions_member_and_the_buying_path_to_the_primary() {
    let set = TestReplicaSet::start(3).await;
    let app = TestApp::spawn_on(&set.set.uri(), |_| {}).await;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/original");
    amazone::server::import::import_dir(&app.db, &data, &Default::default()).await.unwrap();
    let name = app.db.name().to_string();
    let ports = set.set.ports();
    let (uk_1, eu_1, uk_2) = (member(ports[0]).await, member(ports[1]).await, member(ports[2]).await);
    assert_eq!(set.set.primary().await, Some(0));

    // Every member has finished its first sync and holds the catalogue, then records every read.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status = uk_1.database("admin").run_command(doc! { "replSetGetStatus": 1 }).await.unwrap();
        let states: Vec<i32> = status
            .get_array("members")
            .unwrap()
            .iter()
            .map(|m| m.as_document().unwrap().get_i32("state").unwrap())
            .collect();
        if states.iter().all(|state| *state == 1 || *state == 2) {
            break;
        }
        assert!(Instant::now() < deadline, "members still syncing: {states:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let products = app.db.collection::<Document>("products").count_documents(doc! {}).await.unwrap();
    for client in [&uk_1, &eu_1, &uk_2] {
        let copy = client.database(&name).collection::<Document>("products");
        while copy.count_documents(doc! {}).await.unwrap() < products {
            assert!(Instant::now() < deadline, "a member never caught up");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        client.database(&name).run_command(doc! { "profile": 2 }).await.unwrap();
    }

    // A guest delivered to France: the category page and the product page are read on the EU's member.
    let french = Browser::new();
    french.call(&app, "deliver_to", &[("country", "FR"), ("back", "/")]).await;
    assert_eq!(french.get(&app, "/c/books").await.status(), 200);
    assert_eq!(french.get(&app, &format!("/p/{AERIFIED}")).await.status(), 200);
    let eu_reads = reads_of(&eu_1, &name, "products").await;
    assert!(eu_reads > 0, "the EU's member answered the French guest's catalogue reads");

    // A UK guest: read on a UK member, never the EU's.
    let british = Browser::new();
    assert_eq!(british.get(&app, "/c/bakery").await.status(), 200);
    assert_eq!(british.get(&app, "/search?q=tea").await.status(), 200);
    assert_eq!(reads_of(&eu_1, &name, "products").await, eu_reads, "no UK page read in the EU");
    let uk_reads = reads_of(&uk_1, &name, "products").await + reads_of(&uk_2, &name, "products").await;
    assert!(uk_reads > 0, "the UK's members answered the UK guest");

    // The buying path reads the primary only, wherever the shopper is.
    let (status, _, body) = french.call(&app, "add_to_cart", &[("product_id", AERIFIED), ("quantity", "1")]).await;
    assert!(status.is_success(), "{body}");
    assert!(reads_of(&uk_1, &name, "carts").await > 0);
    for secondary in [&eu_1, &uk_2] {
        let profile = secondary.database(&name).collection::<Document>("system.profile");
        let found = profile.find_one(reads_filter(&name, "carts")).await.unwrap();
        assert!(found.is_none(), "a cart read on a secondary: {found:?}");
    }
    app.shutdown().await;
    set.stop().await;
}
