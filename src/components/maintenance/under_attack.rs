use leptos::prelude::*;

use crate::model::maintenance::Throttled;

/// Accounts and addresses with many failed sign-ins in the last hour, and until when their next try is refused.
/// Nothing is shown while there are none.
#[component]
pub fn UnderAttack(throttled: Vec<Throttled>) -> impl IntoView {
    (!throttled.is_empty()).then(|| {
        view! {
            <section class="under-attack" aria-labelledby="under-attack-title">
                <h2 id="under-attack-title">"Sign-ins under attack"</h2>
                <p class="stat-note">
                    "Accounts and client addresses with many failed sign-ins in the last hour. Each further try waits twice as long as the last (up to 15 minutes); a successful sign-in clears an account."
                </p>
                <div class="table-scroll">
                    <table class="run-history">
                        <thead>
                            <tr><th>"Account or address"</th><th>"Failures"</th><th>"Last"</th><th>"Refused until"</th></tr>
                        </thead>
                        <tbody>
                            {throttled
                                .into_iter()
                                .map(|row| {
                                    let until = row.blocked_until.filter(|until| *until > row.last_at).map(|until| until.minute_string());
                                    view! {
                                        <tr>
                                            <td>{row.subject}</td>
                                            <td>{row.failures}</td>
                                            <td>{row.last_at.minute_string()}</td>
                                            <td>{until.unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
    })
}
