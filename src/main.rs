#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use amazone::server::cli::{Cli, Command, MaintenanceJob};
    use amazone::server::database::DatabaseHandle;
    use amazone::server::recommend;
    use amazone::server::{generate, import, shutdown, telemetry, Application, Settings, StartupError};
    use clap::Parser;

    let cli = Cli::parse();
    telemetry::init();

    let result: Result<(), StartupError> = async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                let settings = Settings::load()?;
                Application::build(settings).await?.run_until_stopped(shutdown::signal()).await
            }
            Command::Generate(args) => {
                let database = DatabaseHandle::open(&Settings::load()?).await?;
                let options = generate::GenerateOptions {
                    seed: args.seed,
                    customers: args.customers,
                    products: args.products,
                    orders: args.orders,
                    ratings: args.ratings,
                    carts: args.carts,
                    show_progress: true,
                };
                let summary = generate::generate(&database.db, &options).await;
                database.close().await;
                let summary = summary.map_err(StartupError::Generate)?;
                for written in &summary.written {
                    println!(
                        "{:<18} {:>9} inserted {:>9} already there {:>7.1} s",
                        written.collection, written.inserted, written.already_present, written.seconds
                    );
                }
                let documents = summary.documents();
                println!(
                    "{documents} documents in {:.1} s: {:.0} docs/s",
                    summary.seconds,
                    documents as f64 / summary.seconds.max(1e-9)
                );
                Ok(())
            }
            Command::RecommendEval(args) => {
                use recommend::{evaluate, history, movielens};
                let data = match &args.ratings {
                    Some(path) => {
                        let text = std::fs::read_to_string(path)
                            .map_err(|err| StartupError::Input(format!("{}: {err}", path.display())))?;
                        movielens::parse(&text)
                            .map_err(|err| StartupError::Input(format!("{}: {err}", path.display())))?
                    }
                    None => {
                        let database = DatabaseHandle::open(&Settings::load()?).await?;
                        let data = history::product_ratings(&database.db).await;
                        database.close().await;
                        data.map_err(|err| StartupError::Input(format!("reading the product ratings: {err}")))?
                    }
                };
                let options = evaluate::Options { seed: args.seed, k: args.k, ..evaluate::Options::default() };
                print!("{}", evaluate::run(&data, &options));
                Ok(())
            }
            Command::Maintenance { job: MaintenanceJob::Recommendations } => {
                let settings = Settings::load()?;
                let database = DatabaseHandle::open(&settings).await?;
                let progress = indicatif::ProgressBar::new(0).with_style(
                    indicatif::ProgressStyle::with_template("customers [{bar:30}] {pos}/{len} {per_sec} eta {eta}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                let result = recommend::job::recompute_all(&database.db, &settings.recommendations, |done, total| {
                    progress.set_length(total);
                    progress.set_position(done);
                })
                .await;
                progress.finish_and_clear();
                database.close().await;
                let summary = result?;
                println!(
                    "{} customers updated of {} with history, from {} ratings and purchases; {} products modelled; \
                     peak memory {}; {:.1} s",
                    summary.customers_updated,
                    summary.customers,
                    summary.interactions,
                    summary.products_modelled,
                    peak_memory(),
                    summary.seconds
                );
                Ok(())
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

/// This process's peak resident memory (Linux), for the commands' summaries.
#[cfg(feature = "ssr")]
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|line| line.starts_with("VmHWM:")).map(|line| line[6..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary; `amazone` is built with the "ssr" feature (cargo leptos does this).
}
