//! The recommender's input from the live database: every product rating, with its stars and time.

use amazone::model::rating::{ProductRating, Stars};
use amazone::model::Timestamp;
use amazone::server::recommend::history::product_ratings;

use crate::support::{TestApp, TestMongod};

#[tokio::test]
async fn live_ratings_are_read_with_their_stars_and_time() {
    let mongod = TestMongod::start().await;
    let app = TestApp::spawn(&mongod).await;
    let rating = |id: &str, customer: &str, product: &str, stars: i64| ProductRating {
        id: id.into(),
        legacy_id: None,
        region: None,
        product_id: product.into(),
        customer_id: customer.into(),
        stars: Stars::new(stars).unwrap(),
        rated_at: Timestamp(1_700_000_000_000),
    };
    let ratings = [rating("r1", "ann", "bread", 5), rating("r2", "ann", "milk", 2), rating("r3", "bob", "bread", 4)];
    app.db.collection::<ProductRating>("product_ratings").insert_many(ratings).await.unwrap();

    let data = product_ratings(&app.db).await.unwrap();
    assert_eq!((data.users.len(), data.items.len(), data.ratings.len()), (2, 2, 3));
    let mut read: Vec<(String, String, f32, i64)> = data
        .ratings
        .iter()
        .map(|r| (data.users[r.user as usize].clone(), data.items[r.item as usize].clone(), r.value, r.time))
        .collect();
    read.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    assert_eq!(
        read,
        [
            ("ann".to_string(), "bread".to_string(), 5.0, 1_700_000_000),
            ("ann".to_string(), "milk".to_string(), 2.0, 1_700_000_000),
            ("bob".to_string(), "bread".to_string(), 4.0, 1_700_000_000),
        ]
    );
    app.shutdown().await;
}
