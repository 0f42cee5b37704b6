//! The servers under load: `husk serve` processes on one PostgreSQL database (each with its
//! own data directory for the search index, all with one directory of kept files), and, for
//! the fault that restarts the database, a throwaway PostgreSQL cluster of its own.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// A running `husk serve`.
pub struct Server {
    child: Option<Child>,
    pub base: String,
    pub pid: u32,
}

/// How to start a server (kept, so a stopped one can be started again).
#[derive(Debug, Clone)]
pub struct ServerSpec {
    pub husk: PathBuf,
    pub database: String,
    pub data_dir: PathBuf,
    pub files_dir: PathBuf,
    /// The port to listen on (0: any; a restarted server takes its old port).
    pub port: u16,
}

impl Server {
    pub fn start(spec: &ServerSpec) -> Result<Server> {
        let mut child = Command::new(&spec.husk)
            .arg("--data-dir")
            .arg(&spec.data_dir)
            .arg("--files-dir")
            .arg(&spec.files_dir)
            .args(["--database", &spec.database])
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{}", spec.port),
                "--insecure-cookies",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", spec.husk.display()))?;
        let stdout = child.stdout.take().context("the server's output")?;
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let Some(line) = lines.next() else {
                bail!("husk serve stopped before it printed its address");
            };
            let line = line?;
            if let Some(i) = line.find("http://") {
                let url = line[i..].split_whitespace().next().unwrap_or("");
                break url.trim_end_matches('/').to_string();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        let pid = child.id();
        Ok(Server {
            child: Some(child),
            base,
            pid,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// Resident memory in MB, or `None` once it has stopped.
    pub fn rss_mb(&self) -> Option<f64> {
        self.child.as_ref()?;
        std::fs::read_to_string(format!("/proc/{}/status", self.pid))
            .ok()?
            .lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse::<f64>()
            .ok()
            .map(|kb| kb / 1024.0)
    }

    /// SIGKILL: the process dies at once, without closing anything.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM, then waits for the clean stop (requests under way are answered first).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill").arg(c.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = c.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A PostgreSQL cluster of the load run's own (initdb in a temporary directory), which the
/// fault run may restart without disturbing anything else on the machine.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

fn as_postgres(cmd: &Path) -> Command {
    // initdb and postgres refuse to run as root.
    if unsafe { libc::geteuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(cmd);
        c
    } else {
        Command::new(cmd)
    }
}

/// The newest PostgreSQL installed from Debian's packages (`/usr/lib/postgresql/N/bin`).
pub fn find_postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b)
}

impl Cluster {
    pub fn start(bin: &Path, port: u16) -> Result<Cluster> {
        let dir = std::env::temp_dir().join(format!("husk-load-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        if unsafe { libc::geteuid() } == 0 {
            let ok = Command::new("chown")
                .args(["postgres"])
                .arg(&dir)
                .status()?
                .success();
            anyhow::ensure!(ok, "could not give {} to the postgres user", dir.display());
        }
        let out = as_postgres(&bin.join("initdb"))
            .arg("-D")
            .arg(dir.join("data"))
            .args(["-U", "postgres", "--auth=trust"])
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cluster = Cluster {
            dir,
            bin: bin.to_path_buf(),
            port,
        };
        cluster.pg_ctl(&["start"])?;
        Ok(cluster)
    }

    fn pg_ctl(&self, what: &[&str]) -> Result<()> {
        let out = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("log"))
            .arg("-w")
            .arg("-o")
            .arg(format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200",
                self.port,
                self.dir.display()
            ))
            .args(what)
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "pg_ctl {} failed: {}{}",
            what.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    }

    /// The server's URL (no database).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// Stops the database (fast: open connections are cut) and starts it again.
    pub fn restart(&self) -> Result<()> {
        self.pg_ctl(&["-m", "fast", "restart"])
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
