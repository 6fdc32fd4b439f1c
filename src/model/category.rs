//! The catalogue's categories: the fixed list the store is organised by.

use serde::{Deserialize, Serialize};

/// Where a category's goods are held: fresh food in the local stores, other goods in the warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Department {
    Fresh,
    Other,
}

/// A catalogue category. Products store its `slug` in their `category` field (serde writes the slug too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    FruitsAndVegetables,
    Drinks,
    Bakery,
    Books,
    Cds,
    MobilePhones,
    HomeAppliances,
}

impl Category {
    /// Every category, in the order the navigation shows them.
    pub const ALL: [Category; 7] = [
        Category::FruitsAndVegetables,
        Category::Drinks,
        Category::Bakery,
        Category::Books,
        Category::Cds,
        Category::MobilePhones,
        Category::HomeAppliances,
    ];

    /// The stable name used in URLs (`/c/<slug>`) and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            Category::FruitsAndVegetables => "fruits-and-vegetables",
            Category::Drinks => "drinks",
            Category::Bakery => "bakery",
            Category::Books => "books",
            Category::Cds => "cds",
            Category::MobilePhones => "mobile-phones",
            Category::HomeAppliances => "home-appliances",
        }
    }

    /// The name a shopper reads.
    pub fn label(self) -> &'static str {
        match self {
            Category::FruitsAndVegetables => "Fruits & Vegetables",
            Category::Drinks => "Drinks",
            Category::Bakery => "Bakery",
            Category::Books => "Books",
            Category::Cds => "CDs",
            Category::MobilePhones => "Mobile Phones",
            Category::HomeAppliances => "Home Appliances",
        }
    }

    pub fn department(self) -> Department {
        match self {
            Category::FruitsAndVegetables | Category::Drinks | Category::Bakery => Department::Fresh,
            Category::Books | Category::Cds | Category::MobilePhones | Category::HomeAppliances => Department::Other,
        }
    }

    /// The category page's address.
    pub fn href(self) -> String {
        format!("/c/{}", self.slug())
    }

    pub fn from_slug(slug: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|category| category.slug() == slug)
    }
}

/// How many products one category holds, as the home page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    pub category: Category,
    pub products: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_maps_back_to_its_category() {
        for category in Category::ALL {
            assert_eq!(Category::from_slug(category.slug()), Some(category));
        }
    }

    #[test]
    fn serde_writes_the_slug() {
        for category in Category::ALL {
            assert_eq!(serde_json::to_value(category).unwrap(), category.slug());
        }
    }

    #[test]
    fn unknown_slug_is_none() {
        assert_eq!(Category::from_slug("groceries"), None);
        assert_eq!(Category::from_slug(""), None);
    }

    #[test]
    fn slugs_are_url_safe_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for category in Category::ALL {
            let slug = category.slug();
            assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{slug}");
            assert!(seen.insert(slug), "duplicate slug {slug}");
        }
    }

    #[test]
    fn fresh_food_is_held_in_stores_and_the_rest_in_the_warehouse() {
        assert_eq!(Category::Bakery.department(), Department::Fresh);
        assert_eq!(Category::Books.department(), Department::Other);
    }
}
