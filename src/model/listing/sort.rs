//! The orders a listing can be shown in.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Best match first; searches only.
    Relevance,
    Rating,
    PriceAsc,
    PriceDesc,
    Newest,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Relevance, Sort::Rating, Sort::PriceAsc, Sort::PriceDesc, Sort::Newest];

    /// The orders a listing offers: relevance only means something for a search.
    pub fn choices(searching: bool) -> impl Iterator<Item = Sort> {
        Sort::ALL.into_iter().filter(move |sort| searching || *sort != Sort::Relevance)
    }

    /// Searches open on the best match; category pages on the best rated.
    pub fn default_for(searching: bool) -> Sort {
        if searching {
            Sort::Relevance
        } else {
            Sort::Rating
        }
    }

    pub fn param(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Rating => "rating",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Newest => "newest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Best match",
            Sort::Rating => "Best rated",
            Sort::PriceAsc => "Price: low to high",
            Sort::PriceDesc => "Price: high to low",
            Sort::Newest => "Newest",
        }
    }
}
