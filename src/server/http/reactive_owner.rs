//! Keeps Leptos's "current reactive owner" with the request it belongs to.
//!
//! Leptos holds the current owner in a thread-local. A page's render sets its own (`Owner::new_root`) and leaves it
//! set, and leptos_integration_utils 0.8.9 reads it again after an `.await`, to add the lazy route's preload links.
//! On tokio's multi-threaded runtime another request may have run on that thread in between and set its owner: under
//! load the links went into *that* request's page (a 9 KB product page came back at up to 155 KB, its links repeated
//! 14 times) and none into this one, or, when that owner was gone, Leptos printed "tried to use a leptos_meta
//! component without `ServerMetaContext` provided". This layer makes each poll of a request's future start with the
//! owner that future left current at the end of its previous poll. Nothing else changes: after a poll the thread
//! keeps what the request left, as without this layer (tasks Leptos spawns may rely on that), and a future that has
//! not set an owner yet starts with whatever the thread has.

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
        if let Some(owner) = &this.owner {
            owner.set();
        }
        let poll = this.inner.as_mut().poll(cx);
        this.owner = if poll.is_ready() { None } else { Owner::current() };
        poll
    }
}
