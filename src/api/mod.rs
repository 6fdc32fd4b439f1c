//! Server functions: thin. Each takes what it needs from context, calls a service in `crate::server`, and turns a
//! failure into a message fit for a shopper (the details go to the log).

pub mod accounts;
pub mod admin;
#[cfg(feature = "ssr")]
pub mod answer;
pub mod back_office;
pub mod cart;
pub mod catalogue;
pub mod deliveries;
pub mod desk;
pub mod orders;
pub mod privacy;
pub mod recommendations;
pub mod regions;
