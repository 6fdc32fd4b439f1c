/// mimalloc rather than glibc's malloc: the server allocates many small, short-lived values on one thread and frees
/// them on another (documents, rendered pages), which glibc's arenas handle badly. With it the recommendations job
/// computed its lists twice as fast (`scripts/bench/recommend.sh`).
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use amazone::server::cli::{Cli, Command};
    use amazone::server::database::DatabaseHandle;
    use amazone::server::recommend;
    use amazone::server::{backup, generate, import, shutdown, telemetry, Application, Settings, StartupError};
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
                let settings = Settings::load()?;
                let database = DatabaseHandle::open(&settings).await?;
                let options = generate::GenerateOptions {
                    seed: args.seed,
                    customers: args.customers,
                    products: args.products,
                    orders: args.orders,
                    ratings: args.ratings,
                    carts: args.carts,
                    show_progress: true,
                };
                let summary = generate::generate(&database.db, &options, &settings.regions).await;
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
            Command::Migrate { status } => {
                let settings = Settings::load()?;
                let database = match status {
                    true => DatabaseHandle::open_unmigrated(&settings).await?,
                    false => DatabaseHandle::open(&settings).await?,
                };
                let listed = amazone::server::schema::migrations::status(&database.db).await;
                database.close().await;
                let listed = listed.map_err(|err| StartupError::Input(format!("reading the migrations: {err}")))?;
                print!("{}", amazone::server::schema::migrations::describe(&listed));
                Ok(())
            }
            Command::Cluster { command: amazone::server::cli::ClusterCommand::Plan { shards } } => {
                let settings = Settings::load()?;
                let regions = &settings.regions;
                if let Some((unknown, _)) =
                    shards.iter().find(|(code, _)| regions.regions.iter().all(|r| r.code != *code))
                {
                    let known: Vec<&str> = regions.regions.iter().map(|region| region.code.as_str()).collect();
                    return Err(StartupError::Input(format!(
                        "--shard names the region {unknown:?}; the regions are {known:?}"
                    )));
                }
                let database = &settings.mongodb.database;
                let steps = amazone::server::cluster::commands::steps(database, regions, &shards);
                print!("{}", amazone::server::cluster::commands::script(database, &steps));
                Ok(())
            }
            Command::Maintenance { job } => {
                let settings = Settings::load()?;
                let database = DatabaseHandle::open(&settings).await?;
                let result = run_maintenance(&database.db, &settings, job.job()).await;
                database.close().await;
                result
            }
            Command::Export { dir } => {
                let database = DatabaseHandle::open(&Settings::load()?).await?;
                let bar = indicatif::ProgressBar::new(0).with_style(
                    indicatif::ProgressStyle::with_template("{msg:<18} [{bar:30}] {pos}/{len} {per_sec}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                let summary = backup::export_dir(&database.db, &dir, |collection, done, total| {
                    bar.set_message(collection.to_string());
                    bar.set_length(total);
                    bar.set_position(done);
                })
                .await;
                bar.finish_and_clear();
                database.close().await;
                let summary = summary.map_err(|err| StartupError::Input(err.to_string()))?;
                for (collection, written) in &summary.collections {
                    println!("{collection:<18} {written:>9} documents");
                }
                println!("exported to {} in {:.1} s", dir.display(), summary.seconds);
                Ok(())
            }
            Command::Import { dir } => {
                let settings = Settings::load()?;
                let database = DatabaseHandle::open(&settings).await?;
                let report = import::import_dir(&database.db, &dir, &settings.regions).await;
                // Imported documents get their regions; a restored backup's documents, every migration again.
                let finished = match &report {
                    Ok(_) => finish_import(&database.db, &settings).await,
                    Err(_) => Ok(()),
                };
                database.close().await;
                print!("{}", report?);
                finished
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

/// After an import: regions for the imported documents, and the migrations a restored backup may need.
#[cfg(feature = "ssr")]
async fn finish_import(
    db: &mongodb::Database,
    settings: &amazone::server::Settings,
) -> Result<(), amazone::server::StartupError> {
    amazone::server::schema::migrate(db, &settings.regions).await?;
    amazone::server::regions::stamp_missing(db, &settings.regions).await.map_err(|err| {
        amazone::server::StartupError::Input(format!("giving imported documents their regions: {err}"))
    })?;
    Ok(())
}

/// Runs one maintenance job to its end with a progress bar, recorded like the admin page's runs.
#[cfg(feature = "ssr")]
async fn run_maintenance(
    db: &mongodb::Database,
    settings: &amazone::server::Settings,
    job: amazone::model::maintenance::Job,
) -> Result<(), amazone::server::StartupError> {
    use amazone::model::maintenance::{RunStatus, Trigger};
    use amazone::server::maintenance::Maintenance;
    use amazone::server::StartupError;

    let maintenance = Maintenance::new(
        db.clone(),
        settings.maintenance.clone(),
        settings.recommendations.clone(),
        settings.regions.clone(),
        settings.delivery,
        amazone::server::mongo::lease::server_identity(),
    );
    let template = format!("{} [{{bar:30}}] {{pos}}/{{len}} {{per_sec}} eta {{eta}}", job.unit());
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(&template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let observer = {
        let bar = bar.clone();
        std::sync::Arc::new(move |progress: amazone::model::maintenance::Progress| {
            bar.set_length(progress.total);
            bar.set_position(progress.done);
        })
    };
    let run = maintenance.run(job, Trigger::Command, Some(observer)).await;
    bar.finish_and_clear();
    let run = run.map_err(|err| StartupError::Input(err.to_string()))?;
    let seconds = run.finished_at.map(|end| end.millis() - run.started_at.millis()).unwrap_or(0) as f64 / 1000.0;
    match run.status {
        RunStatus::Succeeded => {
            println!("{}; peak memory {}; {seconds:.1} s", run.counts.summary(job), peak_memory());
            Ok(())
        }
        _ => Err(StartupError::Input(format!(
            "{} failed: {}. Run it again: what it finished is kept, and it picks up the rest",
            job.title(),
            run.error.unwrap_or_else(|| "unknown error".into())
        ))),
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
