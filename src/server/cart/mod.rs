//! The cart service: one active cart per customer (or per guest session), where every unit in it is reserved.
//!
//! Each change is one transaction: the stock update (`reserve`) and the cart update commit together or not at all,
//! so a cart never holds a unit that was not taken from stock, and stock is never taken for a line that was not
//! written. Carts read and write MongoDB directly, never the catalogue cache.

mod currency;
mod guest_limits;
mod moves;
mod reprice;
mod reserve;
mod source;
#[cfg(test)]
pub(crate) mod test_lines;
mod view;

use mongodb::bson::{self, doc, oid::ObjectId, Document};
use mongodb::{ClientSession, Collection, Database};

use crate::model::batches::{self, Batch};
use crate::model::cart::{Cart, CartError, CartItem, CartStatus, CartView, MAX_LINE_QUANTITY};
use crate::model::location::StockLocation;
use crate::model::product::Product;
use crate::model::{Currency, Money, Timestamp};
use crate::server::collections::{CARTS, PRODUCTS};
use crate::server::config::CartSettings;
use crate::server::mongo::is_duplicate_key;

pub use currency::change_currency;
pub use moves::{follow, merge_guest_cart};
pub use reprice::{expired_lines, not_sold_lines, price_changes, reprice, retired_lines, PriceChange};
pub use reserve::{level_at, mark_in_stock, put_back, put_back_statements, release, reserve};
pub use view::{site_names, view_of};

/// Whose cart: a signed-in customer's, or a guest's (known by the id kept in their session, once they have one).
/// Either way the cart lives in the region the shopper is delivered to (`region`): every read and write of it names
/// that region, the shard key's prefix, and it moves with them (`follow`).
#[derive(Debug, Clone, PartialEq)]
pub enum CartOwner {
    Customer { id: String, region: String },
    Guest { cart_id: Option<String>, region: String },
}

impl CartOwner {
    pub fn region(&self) -> &str {
        match self {
            CartOwner::Customer { region, .. } | CartOwner::Guest { region, .. } => region,
        }
    }

    /// The same owner, delivered to `region` from now on.
    pub fn in_region(self, region: String) -> CartOwner {
        match self {
            CartOwner::Customer { id, .. } => CartOwner::Customer { id, region },
            CartOwner::Guest { cart_id, .. } => CartOwner::Guest { cart_id, region },
        }
    }

    fn is_guest(&self) -> bool {
        matches!(self, CartOwner::Guest { .. })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CartServiceError {
    #[error(transparent)]
    Cart(#[from] CartError),
    #[error(transparent)]
    Database(mongodb::error::Error),
}

/// A transaction's error: the refusal it carried out (`Error::custom`), or the database's.
impl From<mongodb::error::Error> for CartServiceError {
    fn from(err: mongodb::error::Error) -> Self {
        match err.get_custom::<CartError>() {
            Some(refusal) => CartServiceError::Cart(refusal.clone()),
            None => CartServiceError::Database(err),
        }
    }
}

pub(crate) fn refuse(refusal: CartError) -> mongodb::error::Error {
    mongodb::error::Error::custom(refusal)
}

fn carts(db: &Database) -> Collection<Cart> {
    db.collection(CARTS)
}

/// The filter that finds the owner's active cart; None for a guest who has none yet.
fn active_cart_filter(owner: &CartOwner) -> Option<Document> {
    match owner {
        CartOwner::Customer { id, region } => Some(doc! { "region": region, "customer_id": id, "status": "active" }),
        CartOwner::Guest { cart_id: Some(cart_id), region } => {
            Some(doc! { "region": region, "_id": cart_id, "status": "active", "customer_id": { "$exists": false } })
        }
        CartOwner::Guest { cart_id: None, .. } => None,
    }
}

/// The filter of one cart by id, in its region.
pub fn cart_key(cart: &Cart) -> Document {
    doc! { "region": &cart.region, "_id": &cart.id }
}

async fn active_cart(
    db: &Database,
    owner: &CartOwner,
    session: Option<&mut ClientSession>,
) -> mongodb::error::Result<Option<Cart>> {
    let Some(filter) = active_cart_filter(owner) else { return Ok(None) };
    match session {
        Some(session) => carts(db).find_one(filter).session(session).await,
        None => carts(db).find_one(filter).await,
    }
}

/// The owner's cart as the cart page shows it (empty when they have none).
pub async fn view(db: &Database, owner: &CartOwner) -> Result<CartView, CartServiceError> {
    match active_cart(db, owner, None).await? {
        Some(cart) => Ok(view_of(db, &cart).await?),
        None => Ok(CartView::default()),
    }
}

/// What "add to cart" asks for.
#[derive(Debug, Clone)]
pub struct AddToCart<'a> {
    pub product_id: &'a str,
    pub quantity: u32,
    /// A store the shopper picked for fresh food; else the nearest with stock.
    pub store_id: Option<&'a str>,
    /// Who fresh food must reach (the shopper's country and address); None: any store.
    pub reach: Option<crate::model::region::FreshReach>,
    /// What the shopper pays in (their destination's region's currency): the line's price is the product's in it.
    pub currency: Currency,
    /// For a guest: what they may hold, and the client address their cart counts against.
    pub guest: Option<GuestBounds>,
}

/// What a guest may reserve (see `CartSettings`) and where they are asking from.
#[derive(Debug, Clone)]
pub struct GuestBounds {
    pub settings: CartSettings,
    pub address: Option<String>,
}

/// Reserves the units and adds them to the owner's cart (creating it), returning the cart's id: a guest's session
/// keeps it. Adding a product already in the cart adds to its line (and reserves where that line's units are).
pub async fn add(db: &Database, owner: &CartOwner, request: AddToCart<'_>) -> Result<String, CartServiceError> {
    if request.quantity == 0 || request.quantity > MAX_LINE_QUANTITY {
        return Err(CartError::BadQuantity(request.quantity.to_string()).into());
    }
    let product = db
        .collection::<Product>(PRODUCTS)
        .find_one(doc! { "_id": request.product_id })
        .await?
        .ok_or(CartError::UnknownProduct)?;
    if product.is_retired() {
        return Err(CartError::Retired { name: product.name }.into());
    }
    let Some(price) = product.prices.get(request.currency) else {
        return Err(CartError::NotSoldThere { name: product.name }.into());
    };
    // A cart priced in another currency (the shopper moved country since) is re-priced first: one currency a cart.
    let to = request.reach.as_ref().map_or_else(String::new, |reach| reach.destination.describe());
    change_currency(db, owner, request.currency, &to).await?;
    let existing = active_cart(db, owner, None).await?;
    let same_product = existing
        .as_ref()
        .and_then(|cart| cart.items.iter().find(|item| item.product_id == product.id && item.reserved_from.is_some()));
    let from = match (same_product, request.store_id.filter(|s| !s.is_empty())) {
        (Some(line), None) => {
            let from = line.reserved_from.clone().expect("filtered on reserved lines");
            // The line's store may no longer reach the shopper (a guest who picked another country since).
            if let (StockLocation::Store(store_id), Some(reach)) = (&from, request.reach.as_ref()) {
                if crate::server::regions::reachable_stores(db, &[store_id.as_str()], reach).await?.is_empty() {
                    return Err(CartError::NotDelivered { to: reach.destination.describe() }.into());
                }
            }
            from
        }
        _ => {
            let department = product.category.department();
            source::choose(db, &product.id, department, request.quantity, request.store_id, request.reach.as_ref())
                .await?
        }
    };
    // Twice at most: two first adds of one customer at once both try to create the cart; the unique index lets one
    // win, and the other then adds to it.
    let mut attempts = 0;
    loop {
        attempts += 1;
        let line =
            Line { product: &product, price, currency: request.currency, from: &from, quantity: request.quantity };
        match add_in_transaction(db, owner, &line, request.guest.as_ref()).await {
            Err(err) if attempts < 2 && is_duplicate_key(&err) => continue,
            result => return result.map_err(CartServiceError::from),
        }
    }
}

/// The line being added: the product at its price in the cart's currency, and where its units are reserved.
struct Line<'a> {
    product: &'a Product,
    price: Money,
    currency: Currency,
    from: &'a StockLocation,
    quantity: u32,
}

async fn add_in_transaction(
    db: &Database,
    owner: &CartOwner,
    line: &Line<'_>,
    guest: Option<&GuestBounds>,
) -> mongodb::error::Result<String> {
    let (db, owner, product, from, guest) =
        (db.clone(), owner.clone(), line.product.clone(), line.from.clone(), guest.cloned());
    let (price, currency, quantity) = (line.price, line.currency, line.quantity);
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let (db, owner, product, from, guest) = (&db, &owner, &product, &from, &guest);
            let now = Timestamp::now();
            let cart = active_cart(db, owner, Some(&mut *session)).await?;
            // Re-priced in another currency between `change_currency` and here (a country change in another tab):
            // refused rather than mixing currencies; adding again adds at the new currency's price.
            if cart.as_ref().is_some_and(|cart| cart.currency != currency) {
                return Err(refuse(CartError::CurrencyChanged {
                    notice: "Your cart was re-priced for where you are delivered to while you added this.".into(),
                }));
            }
            if let (CartOwner::Guest { region, .. }, Some(guest)) = (owner, guest) {
                guest_limits::check(db, session, region, guest, cart.as_ref(), quantity).await?;
            }
            let batches = reserve(db, session, &product.id, from, quantity).await?;
            let Some(cart) = cart else {
                let id = new_cart_id(db, owner, session).await?;
                let mut cart = new_cart(id, owner, item(product, price, from, quantity, batches, now), now);
                cart.currency = currency;
                cart.guest_address = guest.as_ref().and_then(|guest| guest.address.clone());
                carts(db).insert_one(&cart).session(&mut *session).await?;
                return Ok(cart.id);
            };
            let key = crate::model::cart::line_key(&product.id, Some(from));
            let carts = carts(db);
            let write = match cart.items.iter().find(|item| item.key() == key) {
                Some(item) if item.quantity + quantity > MAX_LINE_QUANTITY => return Err(refuse(CartError::TooMany)),
                Some(_) => carts
                    .update_one(
                        cart_key(&cart),
                        doc! {
                            "$inc": { "items.$[line].quantity": i64::from(quantity) },
                            "$push": { "items.$[line].batches": { "$each": bson::to_bson(&batches)?, "$sort": { "best_before": 1 } } },
                            "$set": { "updated_at": bson_time(now) },
                            "$unset": { "notice": "" },
                        },
                    )
                    .array_filters([line_filter("line", &product.id, Some(from))?]),
                None => carts.update_one(
                    cart_key(&cart),
                    doc! {
                        "$push": { "items": bson::to_bson(&item(product, price, from, quantity, batches, now))? },
                        "$set": { "updated_at": bson_time(now) },
                        "$unset": { "notice": "" },
                    },
                ),
            };
            write.session(&mut *session).await?;
            Ok(cart.id)
        })
        .await
}

/// Where an unreserved line (from an imported cart) is reserved at checkout: as for a new line, without a pick.
pub async fn choose_source(db: &Database, product: &Product, quantity: u32) -> Result<StockLocation, CartServiceError> {
    source::choose(db, &product.id, product.category.department(), quantity, None, None).await
}

/// Sets a line's quantity (0 removes it), reserving the extra units or returning the ones no longer wanted.
/// A guest's cart stays within `guest_units` (None: no bound, for customers).
pub async fn set_quantity(
    db: &Database,
    owner: &CartOwner,
    key: &str,
    quantity: u32,
    guest_units: Option<u32>,
) -> Result<(), CartServiceError> {
    if quantity > MAX_LINE_QUANTITY {
        return Err(CartError::TooMany.into());
    }
    let (db, owner, key) = (db.clone(), owner.clone(), key.to_string());
    let mut session = db.client().start_session().await?;
    session
        .start_transaction()
        .and_run2(async move |session| {
            let (db, owner, key) = (&db, &owner, key.as_str());
            let cart = active_cart(db, owner, Some(&mut *session)).await?.ok_or_else(|| refuse(CartError::NotInCart))?;
            let item = cart.items.iter().find(|item| item.key() == key).ok_or_else(|| refuse(CartError::NotInCart))?;
            if let (true, Some(limit)) = (owner.is_guest(), guest_units) {
                let others: u32 = cart.items.iter().filter(|other| other.key() != key).map(|other| other.quantity).sum();
                if quantity > item.quantity && others + quantity > limit {
                    return Err(refuse(CartError::GuestLimit { limit }));
                }
            }
            // Lines of imported carts were never reserved: checkout reserves them.
            let mut batches = item.batches.clone();
            if let Some(from) = &item.reserved_from {
                if quantity > item.quantity {
                    batches.extend(reserve(db, session, &item.product_id, from, quantity - item.quantity).await?);
                } else if quantity < item.quantity {
                    let fewer = i64::from(item.quantity - quantity);
                    let back = batches::give_back_latest(&batches, fewer, Timestamp::now().start_of_day());
                    release(db, session, &item.product_id, from, item.quantity - quantity, &back.taken).await?;
                    batches = back.left;
                }
            }
            let now = bson_time(Timestamp::now());
            let update = if quantity == 0 {
                doc! { "$pull": { "items": line_filter_plain(&item.product_id, item.reserved_from.as_ref())? }, "$set": { "updated_at": now }, "$unset": { "notice": "" } }
            } else {
                let batches = bson::to_bson(&batches::tidy(batches))?;
                doc! { "$set": { "items.$[line].quantity": i64::from(quantity), "items.$[line].batches": batches, "updated_at": now }, "$unset": { "notice": "" } }
            };
            let carts = carts(db);
            let mut write = carts.update_one(cart_key(&cart), update);
            if quantity > 0 {
                write = write.array_filters([line_filter("line", &item.product_id, item.reserved_from.as_ref())?]);
            }
            write.session(&mut *session).await?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// A guest's new cart takes the id their session already holds (so the session knows it), unless a cart that is no
/// longer theirs has it (merged into an account); everyone else's gets a fresh one.
async fn new_cart_id(db: &Database, owner: &CartOwner, session: &mut ClientSession) -> mongodb::error::Result<String> {
    // In every region: a merged cart keeps its id when it moves to its customer's (a deliberate scatter-gather, rare:
    // a guest's first add).
    if let CartOwner::Guest { cart_id: Some(id), .. } = owner {
        let all_carts = db.collection::<Document>(CARTS);
        let taken = all_carts.find_one(doc! { "_id": id }).projection(doc! { "_id": 1 }).session(session).await?;
        if taken.is_none() {
            return Ok(id.clone());
        }
    }
    Ok(ObjectId::new().to_hex())
}

fn new_cart(id: String, owner: &CartOwner, item: CartItem, now: Timestamp) -> Cart {
    Cart {
        id,
        legacy_id: None,
        region: Some(owner.region().to_string()),
        customer_id: match owner {
            CartOwner::Customer { id, .. } => Some(id.clone()),
            CartOwner::Guest { .. } => None,
        },
        guest_address: None,
        status: CartStatus::Active,
        currency: Currency::GBP,
        items: vec![item],
        notice: None,
        created_at: now,
        updated_at: now,
    }
}

fn item(
    product: &Product,
    price: Money,
    from: &StockLocation,
    quantity: u32,
    batches: Vec<Batch>,
    now: Timestamp,
) -> CartItem {
    CartItem {
        product_id: product.id.clone(),
        name: product.name.clone(),
        category: product.category,
        price,
        quantity,
        reserved_from: Some(from.clone()),
        batches,
        added_at: now,
    }
}

/// Matches the line of a product reserved at `from` (or never reserved), as an arrayFilters entry named `name`.
fn line_filter(name: &str, product_id: &str, from: Option<&StockLocation>) -> mongodb::error::Result<Document> {
    let mut filter = Document::new();
    filter.insert(format!("{name}.product_id"), product_id);
    match from {
        Some(from) => filter.insert(format!("{name}.reserved_from"), bson::to_bson(from)?),
        None => filter.insert(format!("{name}.reserved_from"), doc! { "$exists": false }),
    };
    Ok(filter)
}

/// The same line, as a `$pull` condition.
fn line_filter_plain(product_id: &str, from: Option<&StockLocation>) -> mongodb::error::Result<Document> {
    Ok(match from {
        Some(from) => doc! { "product_id": product_id, "reserved_from": bson::to_bson(from)? },
        None => doc! { "product_id": product_id, "reserved_from": { "$exists": false } },
    })
}

fn bson_time(time: Timestamp) -> bson::DateTime {
    bson::DateTime::from_millis(time.millis())
}
