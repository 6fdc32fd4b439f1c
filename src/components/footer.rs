use leptos::prelude::*;

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="footer-columns">
                <section>
                    <h2>"Amazone"</h2>
                    <p>"Fresh food from your local store and everything else from our warehouse, brought to your door by our delivery partners."</p>
                </section>
                <section>
                    <h2>"Shopping with us"</h2>
                    <ul>
                        <li>"Pay on delivery: no card needed"</li>
                        <li>"Fresh food picked from the store nearest you"</li>
                        <li>"Rate what you bought and who delivered it"</li>
                    </ul>
                </section>
                <section>
                    <h2>"Your account"</h2>
                    <ul>
                        <li><a href="/cart">"Cart"</a></li>
                        <li><a href="/orders">"Orders"</a></li>
                        <li><a href="/account">"Account"</a></li>
                    </ul>
                </section>
            </div>
            <p class="legal">"© 2026 Amazone. Open-source storefront."</p>
        </footer>
    }
}
