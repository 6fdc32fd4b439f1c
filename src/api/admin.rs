//! The admin page's server functions. Each starts with `context::admin()`: the role is checked on the server, and
//! anyone else is refused with 403 whatever the browser sends.

use leptos::prelude::*;

use crate::model::maintenance::{Dashboard, JobRun};

/// The dashboard: carts and stock awaiting maintenance, each job's schedule and last run, the recent runs.
#[server(endpoint = "admin_dashboard")]
pub async fn admin_dashboard() -> Result<Dashboard, ServerFnError> {
    crate::server::context::admin().await?;
    let maintenance = crate::server::context::maintenance()?;
    crate::server::maintenance::dashboard::dashboard(&maintenance).await.map_err(|err| {
        crate::api::answer::database_failed(
            &err,
            "reading the admin dashboard",
            "The dashboard cannot be read right now: the database did not answer. Try again shortly.",
        )
    })
}

/// Starts a job now (it runs on in the background; the dashboard follows it). A job already running is not
/// started twice: the answer says so.
#[server(endpoint = "start_job")]
pub async fn start_job(job: String) -> Result<JobRun, ServerFnError> {
    use crate::model::maintenance::{Job, Trigger};
    use crate::server::maintenance::StartError;

    let admin = crate::server::context::admin().await?;
    let Some(job) = Job::parse(&job) else {
        let shown: String = job.chars().take(40).collect();
        let message = format!("There is no maintenance job called {shown:?}.");
        return Err(crate::api::answer::refuse(axum::http::StatusCode::NOT_FOUND, message));
    };
    let maintenance = crate::server::context::maintenance()?;
    maintenance.start(job, Trigger::Admin { email: admin.email }).await.map_err(|err| match err {
        StartError::AlreadyRunning(_) | StartError::AlreadyRan(_) => {
            crate::api::answer::refuse(axum::http::StatusCode::CONFLICT, err)
        }
        StartError::Database(err) => crate::api::answer::database_failed(
            &err,
            &format!("starting the {} job", job.name()),
            "The job cannot start right now: the database did not answer. Try again shortly.",
        ),
    })
}
