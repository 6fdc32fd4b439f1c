//! Integration tests: the whole app against real, throwaway mongods (each test starts its own, on a free port, with
//! its data in a temporary folder), over real HTTP.

mod abuse;
mod accounts;
mod back_office;
mod binary;
mod catalogue_cache;
mod category_page;
mod deliveries;
mod export;
mod fixtures;
mod freshness;
mod fulfilment;
mod generate;
mod health;
mod home_page;
mod import;
mod import_formats;
mod launcher;
mod maintenance;
mod order_desk;
mod pictures;
mod product_forms;
mod product_page;
mod query_plans;
mod recommend;
mod recommendations;
mod retire;
mod review_defects;
mod schema;
mod search;
mod seed;
mod shopping;
mod startup_errors;
mod static_files;
mod status_codes;
mod support;
