//! The admin page's parts: the cart and stock figures, guests hoarding a product, sign-ins under attack, food waste
//! by store, one card per job, the run history.

mod cart_stats;
mod food_waste;
mod guest_hoards;
mod job_card;
mod run_history;
mod under_attack;

pub use cart_stats::CartStats;
pub use food_waste::FoodWaste;
pub use guest_hoards::GuestHoards;
pub use job_card::JobCard;
pub use run_history::RunHistory;
pub use under_attack::UnderAttack;

use crate::model::maintenance::JobRun;

/// How long a run took (or has been running, when unfinished: then None).
fn duration(run: &JobRun) -> Option<String> {
    let millis = run.finished_at?.millis() - run.started_at.millis();
    Some(match millis {
        m if m < 60_000 => format!("{:.1} s", m as f64 / 1000.0),
        m => format!("{} min {} s", m / 60_000, m / 1000 % 60),
    })
}
