#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use amazone::server::cli::{Cli, Command};
    use amazone::server::database::DatabaseHandle;
    use amazone::server::{import, shutdown, telemetry, Application, Settings, StartupError};
    use clap::Parser;

    let cli = Cli::parse();
    telemetry::init();

    let result: Result<(), StartupError> = async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                let settings = Settings::load()?;
                Application::build(settings).await?.run_until_stopped(shutdown::signal()).await
            }
            Command::Import { dir } => {
                let database = DatabaseHandle::open(&Settings::load()?).await?;
                let report = import::import_dir(&database.db, &dir).await;
                database.close().await;
                print!("{}", report?);
                Ok(())
            }
        }
    }
    .await;

    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // One readable line naming the problem and the fix; never a panic trace.
        Err(err) => {
            tracing::error!("{err}");
            eprintln!("amazone: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary; `amazone` is built with the "ssr" feature (cargo leptos does this).
}
