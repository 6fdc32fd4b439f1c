use leptos::prelude::*;

use crate::model::{CategoryCount, Department};

/// One card per category with its product count, or a friendly note while the catalogue is empty.
#[component]
pub fn CategoryGrid(counts: Vec<CategoryCount>) -> impl IntoView {
    let total: u64 = counts.iter().map(|count| count.products).sum();
    if total == 0 {
        return view! {
            <div class="empty-state">
                <h3>"Our shelves are being stocked"</h3>
                <p>"There are no products in the catalogue yet. Please check back soon."</p>
            </div>
        }
        .into_any();
    }

    view! {
        <ul class="category-grid">
            {counts.into_iter().map(|count| view! { <CategoryCard count/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn CategoryCard(count: CategoryCount) -> impl IntoView {
    let category = count.category;
    let (department_class, source) = match category.department() {
        Department::Fresh => ("card fresh", "From your local store"),
        Department::Other => ("card other", "From our warehouse"),
    };
    let products = match count.products {
        1 => "1 product".to_string(),
        n => format!("{n} products"),
    };

    view! {
        <li class=department_class data-category=category.slug()>
            <a href=category.href()>
                <span class="card-source">{source}</span>
                <span class="card-title">{category.label()}</span>
                <span class="card-count">{products}</span>
            </a>
        </li>
    }
}
