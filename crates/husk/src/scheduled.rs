//! A running server's scheduled work (issue 12). Every server says it is alive every few
//! seconds (`servers`, which a rolling restart reads). The jobs run on one server at a time:
//! each job has a lease of its own, renewed every [`TICK`] for [`LEASE`]; when its holder stops
//! (cleanly, giving it up, or killed, letting it run out) another server takes it within
//! `LEASE + TICK` and runs the job at once. Jobs are idempotent (a reminder is marked sent in
//! the same write that records it), so a job that runs twice around a change of holder does no
//! harm.

use std::time::{Duration, Instant};

use husk_store::Store;

/// How often a server renews its leases and tries to take the free ones.
pub const TICK: Duration = Duration::from_secs(5);
/// How long a lease lasts unless renewed: another server takes over at most `LEASE + TICK`
/// (25 s) after its holder stopped.
pub const LEASE: Duration = Duration::from_secs(20);

/// One piece of scheduled work.
pub struct Job {
    /// The lease's name (Norwegian, as `husk servers` shows it).
    pub name: &'static str,
    pub every: Duration,
    pub run: Box<dyn Fn(Store) -> JobRun + Send + Sync>,
}

/// One run of a job: a line for the log (empty when there is nothing to say), or what went
/// wrong.
pub type JobRun =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, String>> + Send>>;

/// The scheduled work of one server, running until [`Scheduler::stop`].
pub struct Scheduler {
    store: Store,
    me: String,
    names: Vec<&'static str>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Scheduler {
    /// Starts saying this server is alive and running `jobs` whenever it holds their lease.
    /// `me` names the server uniquely (address and process); `address` is where it listens.
    pub fn start(store: Store, me: String, address: String, jobs: Vec<Job>) -> Scheduler {
        let mut tasks = Vec::new();
        {
            let (store, me) = (store.clone(), me.clone());
            tasks.push(tokio::spawn(async move {
                if let Err(e) = store.forget_stopped_servers().await {
                    tracing::warn!("kunne ikke rydde bort tjenere som har stoppet: {e}");
                }
                loop {
                    if let Err(e) = store.server_alive(&me, &address).await {
                        tracing::error!("kunne ikke melde at tjeneren kjører: {e}");
                    }
                    tokio::time::sleep(husk_store::servers::SERVER_HEARTBEAT).await;
                }
            }));
        }
        let names = jobs.iter().map(|j| j.name).collect();
        for job in jobs {
            let (store, me) = (store.clone(), me.clone());
            tasks.push(tokio::spawn(async move {
                let mut last: Option<Instant> = None;
                loop {
                    match store.try_lease(job.name, &me, LEASE).await {
                        Ok(true) if last.is_none_or(|t| t.elapsed() >= job.every) => {
                            last = Some(Instant::now());
                            match (job.run)(store.clone()).await {
                                Ok(line) if !line.is_empty() => {
                                    tracing::info!("{}: {line}", job.name)
                                }
                                Ok(_) => {}
                                Err(e) => tracing::error!("{}: {e}", job.name),
                            }
                        }
                        Ok(true) => {}
                        // Another server holds it: when this one takes it over, it runs at once.
                        Ok(false) => last = None,
                        Err(e) => tracing::error!("kunne ikke fornye leien «{}»: {e}", job.name),
                    }
                    tokio::time::sleep(TICK).await;
                }
            }));
        }
        Scheduler {
            store,
            me,
            names,
            tasks,
        }
    }

    /// Stops the work, gives up the leases (so another server takes them at once) and says
    /// this server has stopped.
    pub async fn stop(self) {
        for t in &self.tasks {
            t.abort();
        }
        for name in &self.names {
            if let Err(e) = self.store.release_lease(name, &self.me).await {
                tracing::warn!("kunne ikke gi fra seg leien «{name}»: {e}");
            }
        }
        if let Err(e) = self.store.server_stopped(&self.me).await {
            tracing::warn!("kunne ikke melde at tjeneren har stoppet: {e}");
        }
    }
}

/// Deletes expired sessions and forgets servers long stopped, every ten minutes.
pub fn cleanup() -> Job {
    Job {
        name: "opprydding",
        every: Duration::from_secs(10 * 60),
        run: Box::new(|store: Store| {
            Box::pin(async move {
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                let sessions = store
                    .remove_expired_sessions(now)
                    .await
                    .map_err(|e| format!("kunne ikke slette utløpte økter: {e}"))?;
                let servers = store
                    .forget_stopped_servers()
                    .await
                    .map_err(|e| format!("kunne ikke rydde bort stoppede tjenere: {e}"))?;
                Ok(if sessions + servers == 0 {
                    String::new()
                } else {
                    format!("slettet {sessions} utløpte økter og {servers} stoppede tjenere")
                })
            })
        }),
    }
}

/// Sends the e-mail reminders every six hours (and at once when the lease is taken over).
pub fn reminders(mailer: crate::mail::Mailer) -> Job {
    let mailer = std::sync::Arc::new(mailer);
    Job {
        name: "påminnelser",
        every: Duration::from_secs(6 * 60 * 60),
        run: Box::new(move |store: Store| {
            let mailer = mailer.clone();
            Box::pin(async move {
                let store = store.acting_as(husk_store::Actor::system("påminnelser"));
                let sent = mailer
                    .send_reminders(&store, husk_store::reporting::today(), false)
                    .await
                    .map_err(|e| format!("påminnelsene kunne ikke sendes: {e:#}"))?;
                Ok(if sent.is_empty() {
                    String::new()
                } else {
                    husk_domain::norwegian::count(sent.len() as i64, "påminnelse", "påminnelser")
                        + " sendt"
                })
            })
        }),
    }
}
