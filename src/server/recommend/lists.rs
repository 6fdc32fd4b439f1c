//! One customer's list, as embedded in `Recommended_Products`: the similarity model's best products they have not
//! bought or rated and that can be bought now, topped up with popular products they have not seen.

use super::fill;
use super::interactions::Rating;
use super::similarity::ItemSimilarity;
use crate::model::customer::RecommendedProduct;

/// The catalogue as the model sees it: item index to item id, and to its entry when it can be recommended.
pub struct Candidates<'a> {
    pub ids: &'a [String],
    /// `Some` for products in stock, by item index.
    pub entries: &'a [Option<RecommendedProduct>],
}

/// Up to `k` products for a customer who interacted with `seen`; `scores` is the model's scratch space, one per
/// item, all zeros (and left so).
pub fn for_customer(
    model: &ItemSimilarity,
    seen: &[Rating],
    candidates: &Candidates,
    popular: &[RecommendedProduct],
    k: usize,
    scores: &mut [f32],
) -> Vec<RecommendedProduct> {
    let eligible = |item: u32| candidates.entries[item as usize].is_some();
    let mut list: Vec<RecommendedProduct> = model
        .recommend(seen, k, scores, eligible)
        .into_iter()
        .filter_map(|item| candidates.entries[item as usize].clone())
        .collect();
    let seen_ids: Vec<&str> = seen.iter().map(|r| candidates.ids[r.item as usize].as_str()).collect();
    let unseen_popular = popular.iter().filter(|p| !seen_ids.contains(&p.product_id.as_str())).cloned();
    fill(&mut list, unseen_popular, k);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::Money;
    use crate::server::recommend::similarity::Settings;

    fn entry(id: &str) -> RecommendedProduct {
        RecommendedProduct {
            product_id: id.into(),
            name: format!("Product {id}"),
            average_customer_rating: 4.0,
            price: Money(100),
        }
    }

    fn rating(user: u32, item: u32) -> Rating {
        Rating { user, item, value: 5.0, time: 0 }
    }

    #[test]
    fn lists_hold_unseen_products_in_stock_then_unseen_popular_ones() {
        // Items: a, b, c (out of stock), d. Customers 0-2 like a with b and c; customer 3 has only a.
        let ids: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let entries = vec![Some(entry("a")), Some(entry("b")), None, Some(entry("d"))];
        let train = vec![
            vec![rating(0, 0), rating(0, 1), rating(0, 2)],
            vec![rating(1, 0), rating(1, 1), rating(1, 2)],
            vec![rating(2, 0), rating(2, 2)],
            vec![rating(3, 0)],
        ];
        let model =
            ItemSimilarity::fit(&train, 4, &Settings { max_neighbours: 10, half_life_days: None, weigh_stars: true });
        let candidates = Candidates { ids: &ids, entries: &entries };
        let popular = vec![entry("a"), entry("e"), entry("b"), entry("f")];
        let mut scores = vec![0.0; 4];

        let list = for_customer(&model, &train[3], &candidates, &popular, 3, &mut scores);
        let ids: Vec<&str> = list.iter().map(|p| p.product_id.as_str()).collect();
        // b from similarity; c is similar but out of stock; a was seen; then popular e and (b already there) f.
        assert_eq!(ids, ["b", "e", "f"]);

        let nothing_seen = for_customer(&model, &[], &candidates, &popular, 2, &mut scores);
        assert_eq!(nothing_seen.iter().map(|p| p.product_id.as_str()).collect::<Vec<_>>(), ["a", "e"]);
    }
}
