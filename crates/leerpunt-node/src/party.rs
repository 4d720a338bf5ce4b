//! An input party: reads its CSV (refusing values outside the spec's declared ranges, for the
//! debt-signalling set or for an issued statistics spec),
//! secret-shares it with `leerpunt-mpc`, sends each node its share over mutual TLS, waits for the
//! acknowledgements and goes offline.

use crate::issued::Source;
use crate::net::{self, ROLE_PARTY};
use crate::node::Job;
use crate::spec::Spec;
use crate::tls::{self, Identity};
use crate::trust::Peers;
use anyhow::{anyhow, bail, Context};
use leerpunt_core::computation::{ColumnType, ComputationSpec, Record as CoreRecord};
use leerpunt_mpc::debt::{self, Record};
use leerpunt_mpc::session::{computation_tag, Kind, Message};
use leerpunt_mpc::stats;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Reads an input CSV with the columns named in the spec, refusing a row whose amount is not a
/// non-negative integer or lies outside the spec's declared range (`amount_min`, `amount_max`).
/// Errors name the file, the line and, for a value, the column and what was allowed.
pub fn read_csv(spec: &Spec, path: &Path) -> anyhow::Result<Vec<Record>> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |want: &str| {
        headers.iter().position(|h| h == want).ok_or_else(|| {
            anyhow!(
                "{}: no column {want:?} (the spec's input schema names it)",
                path.display()
            )
        })
    };
    let (ch, cg, ca) = (
        col(&spec.input.household)?,
        col(&spec.input.group)?,
        col(&spec.input.amount)?,
    );
    let domain: HashMap<&str, usize> = spec
        .group_by
        .domain
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    let (min, max) = spec.input.amount_range();
    let amount_col = format!("column {:?} (column {})", spec.input.amount, ca + 1);
    let mut out = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let row = row.with_context(|| format!("{}: line {}", path.display(), i + 2))?;
        // The line where the record starts (a quoted field may span lines).
        let line = row.position().map_or(i as u64 + 2, |p| p.line());
        let household = row.get(ch).unwrap_or_default();
        if household.is_empty() {
            bail!(
                "{}: line {line}: empty {}",
                path.display(),
                spec.input.household
            );
        }
        let g = row.get(cg).unwrap_or_default();
        let group = *domain.get(g).ok_or_else(|| {
            anyhow!(
                "{}: line {line}: {g:?} is not in the domain of {} in the spec",
                path.display(),
                spec.group_by.name
            )
        })?;
        let a = row.get(ca).unwrap_or_default();
        let amount: u64 = a.parse().map_err(|_| {
            anyhow!(
                "{}: line {line}, {amount_col}: must be a non-negative integer, got {a:?}",
                path.display(),
            )
        })?;
        if !(min..=max).contains(&amount) {
            bail!(
                "{}: line {line}, {amount_col}: value {amount} is outside the range the spec declares, {}",
                path.display(),
                describe_range(min, max)
            );
        }
        out.push(Record {
            household: household.to_string(),
            group,
            amount,
        });
    }
    Ok(out)
}

/// Reads an input CSV for an issued statistics spec: one column per column of the spec's schema
/// (the key, the group, every integer column), by name. Refuses an empty key, a group outside the
/// public domain, a value that is not a whole number and a value outside its declared range;
/// errors name the file, the line and the column.
pub fn read_records(spec: &ComputationSpec, path: &Path) -> anyhow::Result<Vec<CoreRecord>> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let mut cols = Vec::new();
    for c in &spec.columns {
        let at = headers.iter().position(|h| h == c.name).ok_or_else(|| {
            anyhow!(
                "{}: no column {:?} (the spec's input schema names it)",
                path.display(),
                c.name
            )
        })?;
        cols.push((c, at));
    }
    let mut out = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let row = row.with_context(|| format!("{}: line {}", path.display(), i + 2))?;
        let line = row.position().map_or(i as u64 + 2, |p| p.line());
        let mut r = CoreRecord {
            key: String::new(),
            group: String::new(),
            values: Default::default(),
        };
        for (c, at) in &cols {
            let v = row.get(*at).unwrap_or_default();
            match c.kind {
                ColumnType::Key if v.is_empty() => {
                    bail!("{}: line {line}: empty {}", path.display(), c.name)
                }
                ColumnType::Key => r.key = v.to_owned(),
                ColumnType::Group => r.group = v.to_owned(),
                ColumnType::Integer { .. } => {
                    let x: i64 = v.parse().map_err(|_| {
                        anyhow!(
                            "{}: line {line}, column {:?}: must be a whole number, got {v:?}",
                            path.display(),
                            c.name
                        )
                    })?;
                    r.values.insert(c.name.clone(), x);
                }
            }
        }
        spec.check_record(&r)
            .map_err(|e| anyhow!("{}: line {line}: {e}", path.display()))?;
        out.push(r);
    }
    Ok(out)
}

fn describe_range(min: u64, max: u64) -> String {
    match (min, max) {
        (0, u64::MAX) => "any non-negative integer".into(),
        (min, u64::MAX) => format!("at least {min} (amount_min)"),
        (0, max) => format!("at most {max} (amount_max)"),
        (min, max) => format!("{min} to {max} inclusive (amount_min, amount_max)"),
    }
}

/// `leerpunt node input`. `crash_after` (tests only) stops the process after sending that many
/// bytes of the upload to the second node.
pub async fn run(
    spec_path: &Path,
    name: &str,
    csv: &Path,
    key: Option<&Path>,
    cert: Option<&Path>,
    crash_after: Option<usize>,
    source: Option<&Source>,
) -> anyhow::Result<()> {
    let spec = Spec::load(spec_path)?;
    let job = Job::of(&spec, source).await?;
    let p = spec.party_index(name)?;
    // The records first: a mistake in them stops the party before it contacts any node.
    let refuse = |e: anyhow::Error| anyhow!("{e:#}; nothing was sent to the nodes");
    let (count, uploads) = match &job {
        Job::Debt(d) => {
            let records = read_csv(&spec, csv).map_err(refuse)?;
            (
                records.len(),
                debt::prepare_upload(d, &records, &mut rand_core::OsRng)?,
            )
        }
        Job::Stats(c) => {
            let records = read_records(c, csv).map_err(refuse)?;
            (
                records.len(),
                stats::prepare_upload(c, &records, &mut rand_core::OsRng)?,
            )
        }
    };
    let cert_path = match cert {
        Some(c) => c.to_path_buf(),
        None => spec.own_cert_path(&spec.parties[p])?,
    };
    let key_path = key
        .map(Path::to_path_buf)
        .unwrap_or_else(|| crate::default_key_path(&cert_path));
    let identity = Identity::load(&cert_path, &key_path)?;
    let peers = Peers::load_nodes(&spec)?;
    let tag = computation_tag(&spec.id);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(spec.timeouts.connect_secs);
    for (j, upload) in uploads.into_iter().enumerate() {
        let node = &spec.nodes[j];
        let client = tls::client_config(&identity, peers.node(j)?.rule.clone())?;
        let mut s = net::dial(&spec.address(j)?, client, deadline)
            .await
            .with_context(|| format!("{name}: connecting to node {}", node.name))?;
        let claimed = async {
            let h = net::exchange_hellos(&mut s, &net::hello(tag, ROLE_PARTY, name), &node.name)
                .await?;
            net::check_hello(&h, tag, &node.name).map(|(_, claimed)| claimed)
        }
        .await
        .with_context(|| {
            format!(
                "node {} did not accept {name} (does the spec accept this party's certificate?)",
                node.name
            )
        })?;
        if claimed != node.name {
            bail!("node {} answered as {claimed}", node.name);
        }
        let bytes = upload.len();
        let msg = Message {
            computation: tag,
            round: 0,
            kind: Kind::Data,
            payload: upload,
        };
        if let (Some(limit), 1) = (crash_after, j) {
            let mut frame = ((leerpunt_mpc::session::HEADER_BYTES + bytes) as u32)
                .to_le_bytes()
                .to_vec();
            frame.extend_from_slice(&msg.encode());
            frame.truncate(limit.min(frame.len().saturating_sub(1)));
            s.write_all(&frame).await?;
            s.flush().await?;
            eprintln!(
                "fault injection: {name} exits after {} bytes to node {}",
                frame.len(),
                node.name
            );
            std::process::exit(3);
        }
        net::write_frame(&mut s, &msg).await?;
        let ack = net::read_frame(&mut s, &node.name)
            .await
            .with_context(|| format!("node {} did not acknowledge the upload", node.name))?;
        if ack.payload != b"ok" {
            bail!("node {} refused the upload", node.name);
        }
        eprintln!(
            "{name}: {count} records shared with node {} ({bytes} bytes)",
            node.name
        );
    }
    Ok(())
}
