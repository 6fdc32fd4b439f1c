use leptos::prelude::*;

use crate::model::maintenance::{JobRun, RunStatus};

/// The latest runs of every job, newest first.
#[component]
pub fn RunHistory(runs: Vec<JobRun>) -> impl IntoView {
    if runs.is_empty() {
        return view! { <p class="run-history-empty">"No job has run yet."</p> }.into_any();
    }
    view! {
        <h2>"Recent runs"</h2>
        <div class="table-scroll">
            <table class="run-history">
                <thead>
                    <tr><th>"Job"</th><th>"Started"</th><th>"Trigger"</th><th>"Status"</th><th>"Result"</th><th>"Took"</th></tr>
                </thead>
                <tbody>
                    {runs.into_iter().map(|run| {
                        let result = match run.status {
                            RunStatus::Succeeded => run.counts.summary(run.job),
                            RunStatus::Running => format!("{} of {} {}", run.progress.done, run.progress.total, run.job.unit()),
                            _ => run.error.clone().unwrap_or_default(),
                        };
                        view! {
                            <tr>
                                <td>{run.job.title()}</td>
                                <td>{run.started_at.minute_string()}</td>
                                <td>{run.trigger.label()}</td>
                                <td>{run.status.label()}</td>
                                <td>{result}</td>
                                <td>{super::duration(&run).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
