//! Keeps Leptos's "current reactive owner" with the request it belongs to.
//!
//! Leptos holds the current owner in a thread-local. A page's render sets its own (`Owner::new_root`) and leaves it
//! set, and leptos_integration_utils 0.8.9 reads it again after an `.await`, to add the lazy route's preload links.
//! On tokio's multi-threaded runtime another request may have run on that thread in between and set its owner: under
//! load the links went into *that* request's page (a 9 KB product page came back at up to 155 KB, its links repeated
//! 14 times) and none into this one, or, when that owner was gone, Leptos printed "tried to use a leptos_meta
//! component without `ServerMetaContext` provided". This layer gives each request's future its own current owner:
//! set before each poll to the one it left after its last, and the thread's put back afterwards.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::Owner;

pub async fn keep_with_request(request: Request, next: Next) -> Response {
    OwnedByTask { inner: Box::pin(next.run(request)), owner: None }.await
}

struct OwnedByTask<F> {
    inner: Pin<Box<F>>,
    /// The current owner this future left when it last yielded.
    owner: Option<Owner>,
}

impl<F: Future> Future for OwnedByTask<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        let thread_owner = Owner::current();
        make_current(this.owner.as_ref());
        let poll = this.inner.as_mut().poll(cx);
        this.owner = if poll.is_ready() { None } else { Owner::current() };
        make_current(thread_owner.as_ref());
        poll
    }
}

fn make_current(owner: Option<&Owner>) {
    match owner {
        Some(owner) => owner.set(),
        None => {
            if let Some(current) = Owner::current() {
                current.unset();
            }
        }
    }
}
