use mongodb::bson::{doc, Document};

use amazone::server::mongo::LocalMongod;

use crate::support::{options, TestMongod};

#[tokio::test]
async fn the_local_mongod_is_a_primary_that_runs_transactions() {
    let mongod = TestMongod::start().await;
    let client = mongod.client().await;
    let hello = client.database("admin").run_command(doc! { "hello": 1 }).await.unwrap();
    assert_eq!(hello.get_str("setName").unwrap(), "rs0");
    assert!(hello.get_bool("isWritablePrimary").unwrap());

    let items = client.database("launcher_test").collection::<Document>("items");
    items.insert_one(doc! { "_id": 0 }).await.unwrap(); // collections must exist before a transaction writes them
    let mut session = client.start_session().await.unwrap();
    session.start_transaction().await.unwrap();
    items.insert_one(doc! { "_id": 1 }).session(&mut session).await.unwrap();
    items.insert_one(doc! { "_id": 2 }).session(&mut session).await.unwrap();
    session.abort_transaction().await.unwrap();
    assert_eq!(items.count_documents(doc! {}).await.unwrap(), 1, "an aborted transaction leaves nothing behind");
}

#[tokio::test]
async fn a_data_folder_keeps_its_data_across_restarts_even_on_another_port() {
    let mut mongod = TestMongod::start().await;
    mongod.client().await.database("launcher_test").collection("kept").insert_one(doc! { "n": 1 }).await.unwrap();
    mongod.stop().await;

    // Same folder, new free port: the replica set config must follow, or the member would never become primary.
    let moved = LocalMongod::start(options(mongod.data_dir.path().into(), 0)).await.expect("restart on a new port");
    assert_ne!(moved.port(), mongod.port);
    let client = mongodb::Client::with_uri_str(moved.uri()).await.unwrap();
    let kept = client.database("launcher_test").collection::<Document>("kept");
    assert_eq!(kept.count_documents(doc! {}).await.unwrap(), 1);
    kept.insert_one(doc! { "n": 2 }).await.expect("writable: it is primary again");
    moved.stop().await;
}

#[tokio::test]
async fn a_local_replica_set_has_its_members_tagged_by_region_and_data_centre_and_the_first_leads() {
    let set = crate::support::TestReplicaSet::start(3).await;
    let client = set.client().await;
    let config = client.database("admin").run_command(doc! { "replSetGetConfig": 1 }).await.unwrap();
    let members = config.get_document("config").unwrap().get_array("members").unwrap().clone();
    let tags: Vec<(String, String)> = members
        .iter()
        .map(|member| {
            let tags = member.as_document().unwrap().get_document("tags").unwrap();
            (tags.get_str("region").unwrap().to_string(), tags.get_str("dc").unwrap().to_string())
        })
        .collect();
    let expected = [("uk", "uk-1"), ("eu", "eu-1"), ("uk", "uk-2")].map(|(r, d)| (r.to_string(), d.to_string()));
    assert_eq!(tags, expected);
    assert_eq!(set.set.primary().await, Some(0), "the first member is preferred as primary");

    // A write acknowledged by a majority, read back through the set.
    let items = client.database("launcher_test").collection::<Document>("items");
    let majority = mongodb::options::WriteConcern::majority();
    items.insert_one(doc! { "_id": 1 }).write_concern(majority).await.unwrap();
    assert_eq!(items.count_documents(doc! {}).await.unwrap(), 1);
    set.stop().await;
}
