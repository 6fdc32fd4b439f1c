//! The shopper's destination: a signed-in customer's shipping address (country, city and place on the map), else
//! the country a guest picked in "Deliver to", else the settings' default country.

use mongodb::Database;
use tower_sessions::Session;

use crate::model::address::Address;
use crate::model::region::{Destination, Regions};
use crate::server::accounts::session::{deliver_to, signed_in};

pub async fn destination(db: &Database, regions: &Regions, session: &Session) -> mongodb::error::Result<Destination> {
    // A session that cannot be read is a guest's as far as the country goes: the default is a safe answer.
    let who = signed_in(session).await.ok().flatten();
    if let Some(who) = who.filter(|who| who.customer_id.is_some()) {
        if let Some(customer) = crate::server::accounts::customer_of(db, session, &who).await? {
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
