//! The signal that starts a graceful shutdown: Ctrl-C (SIGINT) or SIGTERM (systemd, containers, load balancers).

pub async fn signal() {
    let interrupt = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = interrupt => tracing::info!("SIGINT received; finishing in-flight requests"),
        _ = terminate => tracing::info!("SIGTERM received; finishing in-flight requests"),
    }
}
