//! Helpers for tests that run the real binary: temporary data directories and a server process.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_leerpunt")
}

pub fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// Runs `leerpunt --data-dir DIR args…` to completion.
pub fn leerpunt(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("LEERPUNT_LOG", "warn")
        .output()
        .unwrap_or_else(|e| panic!("cannot run leerpunt: {e}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A `leerpunt serve` process on a free loopback port; killed on drop.
pub struct Server {
    pub child: Child,
    pub base: String,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// Starts `leerpunt serve --demo` on a fresh data directory and waits until it listens.
    pub fn start_demo() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut server = Server::start(dir.path(), &["--demo"]);
        server._dir = Some(dir);
        server
    }

    pub fn start(data_dir: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(data_dir, extra, &[])
    }

    /// [`Server::start`] with more environment (mail settings, say).
    pub fn start_with_env(data_dir: &Path, extra: &[&str], env: &[(&str, String)]) -> Server {
        let mut child = Command::new(bin())
            .arg("--data-dir")
            .arg(data_dir)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env("LEERPUNT_LOG", "warn")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start leerpunt: {e}"));
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("server did not print its URL: {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server {
            child,
            base,
            _dir: None,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback TCP port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP/1.1 GET to `base` + `path`: status line, headers and body as text.
pub fn http_get(base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    stream
        .read_to_string(&mut out)
        .unwrap_or_else(|e| panic!("{e}"));
    out
}
