use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::admin::StartJob;
use crate::model::maintenance::{JobPanel, JobRun, RunStatus};

/// One job: what it does, when it runs on its own, its last run (live while running), and "Run now".
#[component]
pub fn JobCard(panel: JobPanel, start: ServerAction<StartJob>) -> impl IntoView {
    let job = panel.job;
    let running = panel.last_run.as_ref().is_some_and(|run| run.status == RunStatus::Running);
    let schedule = match (&panel.schedule, panel.next_run) {
        (Some(pattern), Some(next)) => format!("Scheduled ({pattern}); next at {}", next.minute_string()),
        (Some(pattern), None) => format!("Scheduled ({pattern}); the schedule is off on this server"),
        _ => "Not scheduled: runs when an admin starts it".to_string(),
    };
    let button = if running { "Running…" } else { "Run now" };
    view! {
        <li class="job-card" data-job=job.name()>
            <h3>{job.title()}</h3>
            <p>{job.description()}</p>
            <p class="job-schedule">{schedule}</p>
            {panel.last_run.map(|run| view! { <LastRun run/> })}
            <ActionForm action=start>
                <input type="hidden" name="job" value=job.name()/>
                <button type="submit" disabled=move || running || start.pending().get()>{button}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn LastRun(run: JobRun) -> impl IntoView {
    let job = run.job;
    let status = run.status;
    let when = format!("{} {}", run.started_at.minute_string(), run.trigger.label());
    let detail = match status {
        RunStatus::Running => format!("{} of {} {}", run.progress.done, run.progress.total, job.unit()),
        RunStatus::Succeeded => run.counts.summary(job),
        RunStatus::Failed => run.error.clone().unwrap_or_default(),
        RunStatus::Interrupted => "Stopped before it finished; the next run completes it.".into(),
    };
    let took = super::duration(&run).map(|took| format!(" in {took}")).unwrap_or_default();
    let (done, total) = (run.progress.done, run.progress.total.max(1));
    view! {
        <div class="last-run" data-status=format!("{status:?}").to_lowercase() role="status">
            <p>
                <span class=format!("run-status {}", format!("{status:?}").to_lowercase())>{status.label()}</span>
                " " <span class="run-result">{detail}</span>{took}
            </p>
            {(status == RunStatus::Running).then(|| view! {
                <progress max=total value=done aria-label=format!("{} progress", job.title())></progress>
            })}
            <p class="run-when">"Started " {when}</p>
        </div>
    }
}
