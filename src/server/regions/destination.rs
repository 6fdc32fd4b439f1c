//! The shopper's destination: a signed-in customer's shipping address (country, city and place on the map), else
//! the country a guest picked in "Deliver to", else the settings' default country.

use mongodb::bson::doc;
use mongodb::Database;
use tower_sessions::Session;

use crate::model::address::Address;
use crate::model::customer::Customer;
use crate::model::region::{Destination, Regions};
use crate::server::accounts::session::{deliver_to, signed_in};
use crate::server::collections::CUSTOMERS;

pub async fn destination(db: &Database, regions: &Regions, session: &Session) -> mongodb::error::Result<Destination> {
    // A session that cannot be read is a guest's as far as the country goes: the default is a safe answer.
    let who = signed_in(session).await.ok().flatten();
    if let Some(customer_id) = who.and_then(|who| who.customer_id) {
        let customer = db.collection::<Customer>(CUSTOMERS).find_one(doc! { "_id": &customer_id }).await?;
        if let Some(customer) = customer {
            let address = &customer.shipping_address;
            if regions.of_country(&address.country).is_some() {
                return Ok(of_address(address, regions.code_of(&address.country)));
            }
        }
    }
    let picked = deliver_to(session).await.ok().flatten().filter(|country| regions.of_country(country).is_some());
    Ok(Destination::country_only(picked.as_deref().unwrap_or(&regions.default_country), regions))
}

/// An address as a destination: its country, city and place on the map (when the city is known), in `region`.
pub fn of_address(address: &Address, region: String) -> Destination {
    Destination {
        country: address.country.clone(),
        region,
        point: crate::server::places::locate(address),
        city: Some(address.city.clone()),
    }
}
