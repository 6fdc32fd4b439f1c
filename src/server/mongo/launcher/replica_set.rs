//! A local replica set of several members, for development and tests of what happens past one machine: each member
//! its own mongod, data folder and port, tagged with a region and a data centre (what reads `nearest` a shopper's
//! region pick between), the first member preferred as primary. Tests kill a member (SIGKILL, as a machine failing)
//! and start it again.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mongodb::bson::{doc, Document};
use mongodb::options::ClientOptions;
use mongodb::Client;

use super::super::command_error_code;
use super::{
    claim_port, exited, poll_until, spawn, LauncherError, MongodOptions, NOT_YET_INITIALIZED, REPLICA_SET,
    START_TIMEOUT,
};

/// Where a member runs: the tags reads choose members by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberPlace {
    pub region: String,
    pub data_centre: String,
}

impl MemberPlace {
    /// `count` members spread over `regions` in turn (the first region's first data centre first), each in a data
    /// centre of its own: `uk-1`, `eu-1`, `uk-2`...
    pub fn spread(count: usize, regions: &[String]) -> Vec<MemberPlace> {
        let regions: Vec<String> = if regions.is_empty() { vec!["uk".into()] } else { regions.to_vec() };
        (0..count)
            .map(|index| {
                let region = regions[index % regions.len()].clone();
                let data_centre = format!("{region}-{}", index / regions.len() + 1);
                MemberPlace { region, data_centre }
            })
            .collect()
    }
}

/// One running member.
#[derive(Debug)]
struct Member {
    child: Option<tokio::process::Child>,
    port: u16,
    data_dir: PathBuf,
    log: PathBuf,
    place: MemberPlace,
}

/// A running replica set that this process started and owns.
#[derive(Debug)]
pub struct LocalReplicaSet {
    options: MongodOptions,
    members: Vec<Member>,
}

impl LocalReplicaSet {
    /// Starts a member per place (in `data_dir/member-N`, on `port + N`, or free ports for 0), initiates the set on
    /// first use (or points it at new ports), and returns once it has a primary.
    pub async fn start(options: MongodOptions, places: Vec<MemberPlace>) -> Result<LocalReplicaSet, LauncherError> {
        let mut members = Vec::with_capacity(places.len());
        for (index, place) in places.into_iter().enumerate() {
            let data_dir = options.data_dir.join(format!("member-{index}"));
            std::fs::create_dir_all(&data_dir)
                .map_err(|source| LauncherError::DataDir { path: data_dir.clone(), source })?;
            let port = if options.port == 0 { 0 } else { options.port + index as u16 };
            let port = claim_port(port)?;
            let log = data_dir.join("mongod.log");
            members.push(Member { child: None, port, data_dir, log, place });
        }
        let mut set = LocalReplicaSet { options, members };
        for index in 0..set.members.len() {
            set.spawn_member(index)?;
        }
        if let Err(err) = set.configure().await {
            set.stop().await;
            return Err(err);
        }
        tracing::info!(uri = %set.uri(), "local replica set has a primary");
        Ok(set)
    }

    /// The connection string naming every member, so the driver follows the primary wherever it moves.
    pub fn uri(&self) -> String {
        let hosts: Vec<String> = self.members.iter().map(|member| host(member.port)).collect();
        format!("mongodb://{}/?replicaSet={REPLICA_SET}", hosts.join(","))
    }

    pub fn ports(&self) -> Vec<u16> {
        self.members.iter().map(|member| member.port).collect()
    }

    /// The index of the member that is primary now, if any.
    pub async fn primary(&self) -> Option<usize> {
        for (index, member) in self.members.iter().enumerate() {
            if member.child.is_some() && is_writable_primary(member.port).await {
                return Some(index);
            }
        }
        None
    }

    /// Kills a member outright (SIGKILL: no clean shutdown, as when its machine fails).
    pub async fn kill(&mut self, index: usize) {
        if let Some(mut child) = self.members[index].child.take() {
            let _ = child.kill().await;
            tracing::info!(port = self.members[index].port, "replica set member killed");
        }
    }

    /// Starts a killed member again on its port and data folder; it rejoins as a secondary and catches up.
    pub async fn restart(&mut self, index: usize) -> Result<(), LauncherError> {
        assert!(self.members[index].child.is_none(), "kill it first");
        self.spawn_member(index)?;
        let deadline = Instant::now() + START_TIMEOUT;
        let port = self.members[index].port;
        self.poll(deadline, "reachable", || reachable(port)).await
    }

    /// Stops every member cleanly, all at once (one by one, a primary would wait for secondaries already leaving).
    pub async fn stop(mut self) {
        let mut children: Vec<tokio::process::Child> =
            self.members.iter_mut().filter_map(|member| member.child.take()).collect();
        for child in &children {
            if let Some(pid) = child.id() {
                // SAFETY: plain syscall on a pid we spawned and have not yet reaped.
                unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
            }
        }
        for child in &mut children {
            if tokio::time::timeout(Duration::from_secs(30), child.wait()).await.is_err() {
                let _ = child.kill().await;
            }
        }
        tracing::info!("local replica set stopped");
    }

    fn spawn_member(&mut self, index: usize) -> Result<(), LauncherError> {
        let member = &self.members[index];
        let options = MongodOptions { data_dir: member.data_dir.clone(), ..self.options.clone() };
        let child = spawn(&options, member.port, &member.log)?;
        self.members[index].child = Some(child);
        Ok(())
    }

    /// Initiates the set (or, when its folders were last used on other ports, forces the new hosts into its config)
    /// and waits for a primary.
    async fn configure(&mut self) -> Result<(), LauncherError> {
        let deadline = Instant::now() + START_TIMEOUT;
        for member in 0..self.members.len() {
            let port = self.members[member].port;
            self.poll(deadline, "reachable", || reachable(port)).await?;
        }
        let first = direct_client(self.members[0].port).await?;
        let admin = first.database("admin");
        let wanted = self.config_members();
        match admin.run_command(doc! { "replSetGetConfig": 1 }).await {
            Ok(reply) => {
                let mut config = reply.get_document("config").cloned().unwrap_or_default();
                if config.get_array("members").ok().map(|m| hosts_of(m)) != Some(hosts_of(&wanted)) {
                    let version = config.get_i32("version").unwrap_or(1);
                    config.insert("version", version + 1);
                    config.insert("members", wanted);
                    admin.run_command(doc! { "replSetReconfig": config, "force": true }).await?;
                }
            }
            Err(err) if command_error_code(&err) == Some(NOT_YET_INITIALIZED) => {
                admin.run_command(doc! { "replSetInitiate": { "_id": REPLICA_SET, "members": wanted } }).await?;
            }
            Err(err) => return Err(err.into()),
        }
        first.shutdown().await;
        let ports = self.ports();
        self.poll(deadline, "primary", || {
            let ports = ports.clone();
            async move {
                for port in ports {
                    if is_writable_primary(port).await {
                        return true;
                    }
                }
                false
            }
        })
        .await
    }

    /// The members as the set's config lists them: the first preferred as primary, each tagged with its place.
    fn config_members(&self) -> Vec<mongodb::bson::Bson> {
        self.members
            .iter()
            .enumerate()
            .map(|(index, member)| {
                mongodb::bson::Bson::Document(doc! {
                    "_id": index as i32,
                    "host": host(member.port),
                    "priority": if index == 0 { 2 } else { 1 },
                    "tags": { "region": &member.place.region, "dc": &member.place.data_centre },
                })
            })
            .collect()
    }

    /// Polls `check` until it holds, failing early with mongod's own words if a member exits.
    async fn poll<F, Fut>(&mut self, deadline: Instant, what: &'static str, check: F) -> Result<(), LauncherError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let log = self.members[0].log.clone();
        let members = &mut self.members;
        let gone =
            || members.iter_mut().find_map(|member| member.child.as_mut().and_then(|child| exited(child, &member.log)));
        poll_until(deadline, what, &log, gone, check).await
    }
}

fn host(port: u16) -> String {
    format!("127.0.0.1:{port}")
}

fn hosts_of(members: &[mongodb::bson::Bson]) -> Vec<String> {
    members
        .iter()
        .filter_map(|member| member.as_document())
        .filter_map(|member: &Document| member.get_str("host").ok().map(str::to_owned))
        .collect()
}

/// A client for one member alone, whatever its state, failing fast.
async fn direct_client(port: u16) -> mongodb::error::Result<Client> {
    let mut options = ClientOptions::parse(format!("mongodb://{}/?directConnection=true", host(port))).await?;
    options.server_selection_timeout = Some(Duration::from_millis(500));
    options.connect_timeout = Some(Duration::from_millis(500));
    Client::with_options(options)
}

async fn reachable(port: u16) -> bool {
    let Ok(client) = direct_client(port).await else { return false };
    let ok = client.database("admin").run_command(doc! { "ping": 1 }).await.is_ok();
    client.shutdown().await;
    ok
}

async fn is_writable_primary(port: u16) -> bool {
    let Ok(client) = direct_client(port).await else { return false };
    let hello = client.database("admin").run_command(doc! { "hello": 1 }).await;
    client.shutdown().await;
    matches!(hello, Ok(reply) if reply.get_bool("isWritablePrimary").unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::MemberPlace;

    #[test]
    fn members_spread_over_the_regions_each_in_a_data_centre_of_its_own() {
        let places = MemberPlace::spread(3, &["uk".into(), "eu".into()]);
        let named: Vec<(&str, &str)> = places.iter().map(|p| (p.region.as_str(), p.data_centre.as_str())).collect();
        assert_eq!(named, [("uk", "uk-1"), ("eu", "eu-1"), ("uk", "uk-2")]);
        assert_eq!(MemberPlace::spread(1, &[])[0].data_centre, "uk-1");
    }
}
