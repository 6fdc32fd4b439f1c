//! Generated products of every kind, with plausible names, prices, costs and attributes, and their stock.
//!
//! Each product also gets a hidden quality and a creator (author, artist or brand): the taste structure that
//! customers' ratings follow, so that a recommender has something real to find.

use std::collections::BTreeMap;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Normal};

use crate::model::batches::{self, Batch, DEFAULT_SHELF_LIFE_DAYS};
use crate::model::prices::{convert, retail_price};
use crate::model::product::{Appliance, Book, Cd, Dimensions, Fresh, Phone, Product, ProductDetails};
use crate::model::rating::RatingSummary;
use crate::model::region::Regions;
use crate::model::stock::{FreshStock, StoreStock, WarehouseStock};
use crate::model::{Category, Currency, Money, Prices, Timestamp};
use crate::server::regions::fresh_split::regional_id;

use super::names::*;
use super::world::World;
use super::{id, GenRng, Kind};

/// What the generator knows about a product beyond its document.
pub struct ProductTaste {
    pub category: Category,
    /// Index into the creators of all kinds (authors, artists, brands); fresh food has none.
    pub creator: Option<u32>,
    /// How good it is, roughly -1.5 to 1.5; good products get better ratings from everyone.
    pub quality: f64,
}

pub struct Catalogue {
    pub products: Vec<Product>,
    pub tastes: Vec<ProductTaste>,
    /// Product indexes per category, in `Category::ALL` order.
    pub by_category: Vec<Vec<usize>>,
    /// Product indexes per creator.
    pub by_creator: Vec<Vec<usize>>,
}

const AUTHOR_POOL: u32 = 400;
const ARTIST_POOL: u32 = 250;

pub fn generate(rng: &mut GenRng, seed: u64, count: usize, now: Timestamp) -> Catalogue {
    let quality = Normal::new(0.0, 0.6).expect("a valid normal distribution");
    let creators = AUTHOR_POOL + ARTIST_POOL + (PHONE_BRANDS.len() + APPLIANCE_BRANDS.len()) as u32;
    let mut catalogue = Catalogue {
        products: Vec::with_capacity(count),
        tastes: Vec::with_capacity(count),
        by_category: vec![Vec::new(); Category::ALL.len()],
        by_creator: vec![Vec::new(); creators as usize],
    };
    for n in 0..count {
        // Books 30%, CDs 20%, phones 10%, appliances 10%, fresh food 30%.
        let roll = rng.random_range(0..100);
        let (category, details, creator, price, name) = match roll {
            0..30 => book(rng),
            30..50 => cd(rng),
            50..60 => phone(rng),
            60..70 => appliance(rng),
            _ => fresh(rng),
        };
        let cost = Money(price.0 * rng.random_range(45..75) / 100);
        let prices = shelf_prices(n, price);
        let name = name.unwrap_or_else(|| product_name(&details, n));
        let product = Product {
            id: id(Kind::Product, n as u64, seed),
            legacy_id: None,
            description: description(&details),
            name,
            category,
            prices,
            cost,
            dimensions_cm: Some(Dimensions {
                length: f64::from(rng.random_range(5..80u32)),
                width: f64::from(rng.random_range(1..60u32)),
                height: f64::from(rng.random_range(1..90u32)),
            }),
            shipping_weight_g: Some(f64::from(rng.random_range(50..20_000u32))),
            rating: RatingSummary::default(),
            // Set from the generated stock by `stock::refresh_in_stock`.
            in_stock: false,
            // Added over the last two years, so that "new" means something.
            created_at: Timestamp(now.0 - rng.random_range(0..730) * 86_400_000),
            details,
            // Drawn before the products are stored (`pictures::draw_for_new`).
            pictures: Vec::new(),
            retired_at: None,
        };
        let index = catalogue.products.len();
        catalogue.by_category[Category::ALL.iter().position(|c| *c == category).unwrap_or(0)].push(index);
        if let Some(creator) = creator {
            catalogue.by_creator[creator as usize].push(index);
        }
        catalogue.tastes.push(ProductTaste { category, creator, quality: quality.sample(rng) });
        catalogue.products.push(product);
    }
    catalogue
}

/// Each market's shelf price for the `n`th product, whose raw price is `pence`: in pounds rounded to a retail ending,
/// in euros from the default exchange rate with each product priced for its market (-3% to +7%), rounded the same
/// way, as a shop prices each market rather than converting. The market's adjustment comes from `n`, not the random
/// stream, so that the rest of a seed's world is what it was before euro prices.
fn shelf_prices(n: usize, pence: Money) -> Prices {
    let adjustment = 97 + (n * 7_919 % 11) as u32;
    let rate = Regions::default().exchange_rate(Currency::EUR) * f64::from(adjustment) / 100.0;
    Prices { gbp: Some(retail_price(pence)), eur: Some(retail_price(convert(pence, rate))) }
}

/// A product before its name and common fields: category, details, creator, price, and a name when the kind has one.
type Generated = (Category, ProductDetails, Option<u32>, Money, Option<String>);

fn book(rng: &mut GenRng) -> Generated {
    let author = rng.random_range(0..AUTHOR_POOL);
    let details = ProductDetails::Book(Book {
        author: person_name(author),
        publisher: PUBLISHERS.choose(rng).expect("publishers").to_string(),
        year: rng.random_range(1950..2027),
        isbn: format!(
            "978-{}-{:05}-{:03}-{}",
            rng.random_range(0..10),
            rng.random_range(0..100_000),
            rng.random_range(0..1000),
            rng.random_range(0..10)
        ),
    });
    (Category::Books, details, Some(author), Money(rng.random_range(499..3_000)), None)
}

fn cd(rng: &mut GenRng) -> Generated {
    let artist = rng.random_range(0..ARTIST_POOL);
    let details = ProductDetails::Cd(Cd {
        artist: format!(
            "{} {}",
            ARTIST_WORDS[artist as usize % ARTIST_WORDS.len()],
            ARTIST_NOUNS[artist as usize / ARTIST_WORDS.len() % ARTIST_NOUNS.len()]
        ),
        publisher: Some(LABELS.choose(rng).expect("labels").to_string()),
        tracks: rng.random_range(8..19),
        playing_time_min: f64::from(rng.random_range(30..80u32)),
    });
    (Category::Cds, details, Some(AUTHOR_POOL + artist), Money(rng.random_range(599..2_000)), None)
}

fn phone(rng: &mut GenRng) -> Generated {
    let brand = rng.random_range(0..PHONE_BRANDS.len());
    let features = PHONE_FEATURES.choose_multiple(rng, 3).map(|f| f.to_string()).collect();
    let details = ProductDetails::Phone(Phone {
        brand: PHONE_BRANDS[brand].into(),
        model: format!("{} {}", PHONE_LINES.choose(rng).expect("lines"), rng.random_range(5..25)),
        features,
        colour: COLOURS.choose(rng).expect("colours").to_string(),
    });
    (
        Category::MobilePhones,
        details,
        Some(AUTHOR_POOL + ARTIST_POOL + brand as u32),
        Money(rng.random_range(9_900..130_000)),
        None,
    )
}

fn appliance(rng: &mut GenRng) -> Generated {
    let brand = rng.random_range(0..APPLIANCE_BRANDS.len());
    let details = ProductDetails::Appliance(Appliance {
        brand: Some(APPLIANCE_BRANDS[brand].into()),
        model: Some(format!("{}{}", (b'A' + rng.random_range(0..26u8)) as char, rng.random_range(100..999))),
        voltage: "230 V".into(),
        style: APPLIANCE_STYLES.choose(rng).expect("styles").to_string(),
        colour: Some(COLOURS.choose(rng).expect("colours").to_string()),
        ean: None,
    });
    let creator = AUTHOR_POOL + ARTIST_POOL + (PHONE_BRANDS.len() + brand) as u32;
    (Category::HomeAppliances, details, Some(creator), Money(rng.random_range(1_999..90_000)), None)
}

fn fresh(rng: &mut GenRng) -> Generated {
    let (name, slug, pence, size) = FRESH_FOODS.choose(rng).expect("foods");
    let variant = FRESH_VARIANTS.choose(rng).expect("variants");
    // Drawn in this order so that a seed keeps giving the same catalogue.
    let country_of_origin = ORIGINS.choose(rng).expect("origins").to_string();
    let shelf_life_days: i64 = rng.random_range(2..30);
    let details = ProductDetails::Fresh(Fresh {
        country_of_origin,
        weight_or_quantity: size.to_string(),
        shelf_life_days: Some(shelf_life_days as u32),
    });
    let category = Category::from_slug(slug).unwrap_or(Category::FruitsAndVegetables);
    (category, details, None, Money(pence * rng.random_range(80..160) / 100), Some(format!("{variant} {name}")))
}

/// A name for a generated book, CD, phone or appliance.
fn product_name(details: &ProductDetails, n: usize) -> String {
    match details {
        ProductDetails::Book(_) => format!("The {} {}", BOOK_ADJECTIVES[n % 16], BOOK_NOUNS[n / 16 % 16]),
        ProductDetails::Cd(cd) => format!("{} {}", cd.artist.split(' ').next().unwrap_or("Live"), BOOK_NOUNS[n % 16]),
        ProductDetails::Phone(phone) => format!("{} {}", phone.brand, phone.model),
        ProductDetails::Appliance(a) => {
            format!("{} {}", a.brand.as_deref().unwrap_or(""), APPLIANCES[n % APPLIANCES.len()])
        }
        ProductDetails::Fresh(_) => "Fresh produce".to_string(),
    }
}

fn description(details: &ProductDetails) -> String {
    match details {
        ProductDetails::Book(book) => format!(
            "{} by {}, published by {} in {}.",
            BOOK_GENRES[book.year as usize % 8],
            book.author,
            book.publisher,
            book.year
        ),
        ProductDetails::Cd(cd) => {
            format!("{} album by {}: {} tracks.", MUSIC_GENRES[cd.tracks as usize % 8], cd.artist, cd.tracks)
        }
        ProductDetails::Phone(phone) => {
            format!("{} smartphone in {}: {}.", phone.brand, phone.colour, phone.features.join(", "))
        }
        ProductDetails::Appliance(a) => {
            format!("A {} {} appliance for the home.", a.style, a.colour.as_deref().unwrap_or("white").to_lowercase())
        }
        ProductDetails::Fresh(fresh) => format!("Fresh from {}.", fresh.country_of_origin),
    }
}

fn person_name(n: u32) -> String {
    let country = &COUNTRIES[n as usize % COUNTRIES.len()];
    let first = country.first_names[n as usize / 7 % country.first_names.len()];
    let last = country.last_names[n as usize / 3 % country.last_names.len()];
    format!("{first} {last}")
}

/// Stock for every product: fresh food in every store, everything else in the warehouse.
///
/// Fresh stock comes in up to three batches whose best-before dates count from `today` (the real day, unlike the
/// generated history's fixed one), within the product's shelf life, so that a new store never opens with its food
/// expired. The dates are drawn from their own generator, so the rest of a seed's data does not depend on the day.
/// One document per region, holding that region's stores, as `regions::fresh_split` lays out stock.
pub fn fresh_stock(
    rng: &mut GenRng,
    seed: u64,
    n: usize,
    product: &Product,
    world: &World,
    today: Timestamp,
) -> Vec<FreshStock> {
    let shelf_life = match &product.details {
        ProductDetails::Fresh(fresh) => fresh.shelf_life_days.unwrap_or(DEFAULT_SHELF_LIFE_DAYS),
        _ => DEFAULT_SHELF_LIFE_DAYS,
    };
    let mut dates = GenRng::seed_from_u64(seed ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut by_region: BTreeMap<String, Vec<StoreStock>> = BTreeMap::new();
    for store in &world.stores {
        let quantity = rng.random_range(0..300);
        let parts = dates.random_range(1..=3i64);
        let batches = batches::tidy((0..parts).map(|part| {
            let days = dates.random_range(0..=i64::from(shelf_life));
            let share = quantity / parts + if part == 0 { quantity % parts } else { 0 };
            Batch { best_before: today.start_of_day().plus_days(days), quantity: share }
        }));
        let region = store.region.clone().expect("generated stores carry their region");
        by_region.entry(region).or_default().push(StoreStock { store_id: store.id.clone(), quantity, batches });
    }
    let original = id(Kind::Stock, n as u64, seed);
    by_region
        .into_iter()
        .map(|(region, stores)| FreshStock {
            id: regional_id(&original, &region),
            region: Some(region),
            product_id: product.id.clone(),
            total: stores.iter().map(|s| s.quantity).sum(),
            stores,
        })
        .collect()
}

/// The product's stock in each warehouse. The UK's quantity comes from the shared stream as it always did; the
/// other warehouses' from their own generator, so that the rest of a seed's data is what it was before them.
pub fn warehouse_stock(rng: &mut GenRng, seed: u64, n: usize, product: &Product, world: &World) -> Vec<WarehouseStock> {
    let mut others = GenRng::seed_from_u64(seed ^ 0x5745_4152_4548_4F55 ^ n as u64);
    world
        .warehouses
        .iter()
        .enumerate()
        .map(|(index, warehouse)| WarehouseStock {
            // The first warehouse's ids are the ones a single warehouse had.
            id: id(Kind::Stock, n as u64 | ((index as u64) << 31), seed),
            region: warehouse.region.clone(),
            product_id: product.id.clone(),
            warehouse_id: warehouse.id.clone(),
            quantity: if index == 0 { rng.random_range(0..500) } else { others.random_range(0..500) },
        })
        .collect()
}
