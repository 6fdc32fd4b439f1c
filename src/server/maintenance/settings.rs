//! The `[maintenance]` settings: how long a cart lives, the restock levels, and when each job runs on its own.

use std::str::FromStr;
use std::time::Duration;

use croner::Cron;
use serde::{Deserialize, Deserializer};

use crate::model::maintenance::Job;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MaintenanceSettings {
    /// A cart untouched for this long is expired: "2h", "90m", "15s".
    #[serde(deserialize_with = "duration_text")]
    pub cart_lifetime: Duration,
    pub restock: RestockSettings,
    pub schedule: ScheduleSettings,
}

/// Restocking tops a location holding fewer than `threshold` units of a product up to `target`: stores (fresh food)
/// and the warehouse (other goods) each have their own pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RestockSettings {
    pub store_threshold: i64,
    pub store_target: i64,
    pub warehouse_threshold: i64,
    pub warehouse_target: i64,
}

/// Cron patterns (minute hour day-of-month month day-of-week, UTC); an empty one leaves that job to admins.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleSettings {
    /// Off: this server fires no scheduled runs (another one may).
    pub enabled: bool,
    /// How long a running job's lease lasts without renewal: how soon another server may take over a job whose
    /// server died.
    pub lease_secs: u64,
    pub expire_carts: String,
    pub restock: String,
    pub recommendations: String,
    pub record_inventory: String,
    pub assign_partners: String,
    pub write_off_expired: String,
}

impl Default for MaintenanceSettings {
    fn default() -> Self {
        MaintenanceSettings {
            cart_lifetime: Duration::from_secs(2 * 60 * 60),
            restock: RestockSettings::default(),
            schedule: ScheduleSettings::default(),
        }
    }
}

impl Default for RestockSettings {
    fn default() -> Self {
        RestockSettings { store_threshold: 5, store_target: 25, warehouse_threshold: 10, warehouse_target: 100 }
    }
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            enabled: true,
            lease_secs: 60,
            expire_carts: "*/15 * * * *".into(),
            restock: "0 * * * *".into(),
            recommendations: "30 3 * * *".into(),
            record_inventory: "55 23 * * *".into(),
            assign_partners: "*/5 * * * *".into(),
            // Just after midnight UTC, when yesterday's last good day has ended, and before the hour's restock.
            write_off_expired: "5 0 * * *".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MaintenanceSettingsError {
    #[error("maintenance.schedule.{key} = {pattern:?} is not a cron pattern ({reason}). Write five fields, minute hour day month weekday, like \"0 3 * * *\", or leave it empty")]
    BadSchedule { key: &'static str, pattern: String, reason: String },
    #[error("maintenance.restock: {which}_target ({target}) must be at least {which}_threshold ({threshold}), and the threshold above 0")]
    BadRestock { which: &'static str, threshold: i64, target: i64 },
    #[error("maintenance.cart_lifetime must be longer than zero")]
    ZeroLifetime,
}

impl MaintenanceSettings {
    /// Checks what serde cannot: the patterns parse and the restock levels make sense.
    pub fn validate(&self) -> Result<(), MaintenanceSettingsError> {
        if self.cart_lifetime.is_zero() {
            return Err(MaintenanceSettingsError::ZeroLifetime);
        }
        let levels = [
            ("store", self.restock.store_threshold, self.restock.store_target),
            ("warehouse", self.restock.warehouse_threshold, self.restock.warehouse_target),
        ];
        for (which, threshold, target) in levels {
            if threshold < 1 || target < threshold {
                return Err(MaintenanceSettingsError::BadRestock { which, threshold, target });
            }
        }
        self.schedule.crons().map(|_| ())
    }

    pub fn lease(&self) -> Duration {
        Duration::from_secs(self.schedule.lease_secs.max(5))
    }
}

impl ScheduleSettings {
    pub fn pattern(&self, job: Job) -> &str {
        match job {
            Job::ExpireCarts => &self.expire_carts,
            Job::Restock => &self.restock,
            Job::Recommendations => &self.recommendations,
            Job::RecordInventory => &self.record_inventory,
            Job::AssignPartners => &self.assign_partners,
            Job::WriteOffExpired => &self.write_off_expired,
        }
        .trim()
    }

    /// Each scheduled job with its parsed pattern (jobs with an empty pattern are left out).
    pub fn crons(&self) -> Result<Vec<(Job, Cron)>, MaintenanceSettingsError> {
        let mut crons = Vec::new();
        for job in Job::ALL {
            let pattern = self.pattern(job);
            if pattern.is_empty() {
                continue;
            }
            let cron = Cron::from_str(pattern).map_err(|err| MaintenanceSettingsError::BadSchedule {
                key: settings_key(job),
                pattern: pattern.to_owned(),
                reason: err.to_string(),
            })?;
            crons.push((job, cron));
        }
        Ok(crons)
    }
}

fn settings_key(job: Job) -> &'static str {
    match job {
        Job::ExpireCarts => "expire_carts",
        Job::Restock => "restock",
        Job::Recommendations => "recommendations",
        Job::RecordInventory => "record_inventory",
        Job::AssignPartners => "assign_partners",
        Job::WriteOffExpired => "write_off_expired",
    }
}

fn duration_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    humantime::parse_duration(text.trim()).map_err(|err| serde::de::Error::custom(format!("{text:?}: {err}")))
}

/// A lifetime as people write it back ("2h", "15s").
pub fn describe_duration(duration: Duration) -> String {
    humantime::format_duration(duration).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_schedule_every_job() {
        let settings = MaintenanceSettings::default();
        settings.validate().unwrap();
        assert_eq!(settings.schedule.crons().unwrap().len(), Job::ALL.len());
    }

    #[test]
    fn a_bad_pattern_names_its_key() {
        let mut settings = MaintenanceSettings::default();
        settings.schedule.restock = "every hour".into();
        let message = settings.validate().unwrap_err().to_string();
        assert!(message.contains("maintenance.schedule.restock"), "{message}");
    }

    #[test]
    fn an_empty_pattern_leaves_the_job_unscheduled() {
        let mut settings = MaintenanceSettings::default();
        settings.schedule.recommendations = " ".into();
        let jobs: Vec<Job> = settings.schedule.crons().unwrap().into_iter().map(|(job, _)| job).collect();
        assert!(!jobs.contains(&Job::Recommendations));
    }

    #[test]
    fn a_target_below_its_threshold_is_refused() {
        let mut settings = MaintenanceSettings::default();
        settings.restock.warehouse_target = 3;
        assert!(settings.validate().unwrap_err().to_string().contains("warehouse_target"));
    }

    #[test]
    fn lifetimes_read_as_people_write_them() {
        let settings: MaintenanceSettings = toml::from_str("cart_lifetime = \"90m\"").unwrap();
        assert_eq!(settings.cart_lifetime, Duration::from_secs(5400));
        assert!(toml::from_str::<MaintenanceSettings>("cart_lifetime = \"soon\"").is_err());
    }
}
