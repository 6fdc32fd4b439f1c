//! Keeps Leptos's "current reactive owner" with the request it belongs to, while its page is rendered and while its
//! body is streamed.
//!
//! Leptos holds the current owner in a thread-local. A page's render sets its own (`Owner::new_root`) and leaves it
//! set, and leptos_integration_utils 0.8.9 reads it again after an `.await`, to add the lazy route's preload links.
//! On tokio's runtime another request may have run on that thread in between and set its owner: under load the links
//! went into *that* request's page (a 9 KB product page came back at up to 155 KB, its links repeated 14 times) and
//! none into this one, or, when that owner was gone, Leptos printed "tried to use a leptos_meta component without
//! `ServerMetaContext` provided". This layer makes each poll of a request's future start with the owner that future
//! left current at the end of its previous poll.
//!
//! The page's body is a stream that renders the rest of the page (what its `Suspense`s waited for) as hyper, or a
//! layer outside this one, reads it: after this future has returned. Read with another request's owner current, the
//! nodes that rendering creates belonged to that other request, and were disposed when its page ended: a page
//! waiting on them never finished (a test run hung with nothing left to run). So every read of the body also starts
//! with the owner the request's render left.
//!
//! Nothing else changes: after a poll the thread keeps what the request left, as without this layer (tasks Leptos
//! spawns may rely on that), and a request that has not set an owner (a file, a server function before it runs)
//! starts with whatever the thread has.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use leptos::prelude::Owner;

pub async fn keep_with_request(request: Request, next: Next) -> Response {
    let (response, owner) = OwnedByTask { inner: Box::pin(next.run(request)), owner: None }.await;
    match owner {
        Some(owner) => response.map(|body| Body::new(OwnedBody { inner: body, owner: Some(owner) })),
        None => response,
    }
}

struct OwnedByTask<F> {
    inner: Pin<Box<F>>,
    /// The current owner this future left when it last yielded, once it has set one of its own.
    owner: Option<Owner>,
}

impl<F: Future> Future for OwnedByTask<F> {
    /// The output, and the owner the future had set when it finished (if it set one).
    type Output = (F::Output, Option<Owner>);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if let Some(owner) = &this.owner {
            owner.set();
        }
        let before = Owner::current();
        let poll = this.inner.as_mut().poll(cx);
        let after = Owner::current();
        // An owner the thread merely had is not this request's: keep only one this future set (or kept).
        if this.owner.is_some() || after != before {
            this.owner = after;
        }
        match poll {
            Poll::Ready(output) => Poll::Ready((output, this.owner.take())),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A response body read with its request's owner current.
struct OwnedBody {
    inner: Body,
    /// Dropped once the body has ended (Leptos cleans the owner up with its last chunk).
    owner: Option<Owner>,
}

impl HttpBody for OwnedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Some(owner) = &this.owner {
            owner.set();
        }
        let poll = Pin::new(&mut this.inner).poll_frame(cx);
        if matches!(poll, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            this.owner = None;
        }
        poll
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// Another request's render, running on this thread: it sets its own owner and keeps it alive.
    fn another_render(kept: &mut Vec<Owner>) {
        kept.push(Owner::new_root(None));
    }

    fn is_own(owner: &Owner) -> &'static str {
        if Owner::current().as_ref() == Some(owner) {
            "own;"
        } else {
            "foreign;"
        }
    }

    /// Sets its owner, lets another request's render run, then streams a body that reports, chunk by chunk,
    /// whether its own owner is current.
    async fn page() -> Body {
        let owner = Owner::new_root(None);
        let others = tokio::spawn(async {
            let mut kept = Vec::new();
            another_render(&mut kept);
            kept
        })
        .await
        .unwrap();
        let rendered = is_own(&owner);
        let mut chunks = vec![rendered, "", ""].into_iter();
        let stream = futures::stream::poll_fn(move |_| {
            let _others = &others;
            Poll::Ready(chunks.next().map(|chunk| {
                let chunk = if chunk.is_empty() { is_own(&owner) } else { chunk };
                Ok::<_, std::convert::Infallible>(Bytes::from(chunk))
            }))
        });
        Body::from_stream(stream)
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_page_is_rendered_and_streamed_with_its_own_owner_whatever_ran_on_the_thread_in_between() {
        let app = Router::new().route("/", get(page)).layer(axum::middleware::from_fn(keep_with_request));
        let response = app.oneshot(Request::new(Body::empty())).await.unwrap();
        let mut body = response.into_body();
        let mut kept = Vec::new();
        let mut read = String::new();
        while let Some(frame) = body.frame().await {
            read.push_str(std::str::from_utf8(frame.unwrap().data_ref().unwrap()).unwrap());
            another_render(&mut kept);
        }
        assert_eq!(read, "own;own;own;");
    }
}
