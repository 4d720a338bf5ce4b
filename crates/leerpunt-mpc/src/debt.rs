//! The debt-signalling computation: per group (neighbourhood), households in arrears per
//! party, listings, total and mean arrears, a histogram of amounts, and households on two or more
//! parties' lists, with every cell below `k` suppressed inside the computation.
//!
//! Input parties bin their own records ([`prepare_upload`]); the nodes add shares, pseudonymise
//! and shuffle the household identifiers, reveal only the shuffled pseudonyms to group them,
//! compare every count with `k` in binary shares and reveal only what passes ([`compute`]).
//! [`plaintext`] is the same computation in the clear, the reference for tests.

use crate::codec::{self, Reader};
use crate::elem::Group;
use crate::input::NodeShare;
use crate::result::{Bin, Cell, ComputationResult, GroupResult, Statistic, FORMAT};
use crate::session::{Rep, Session, Transport};
use crate::{check, ops, pseudonym, shuffle, MpcError};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha512};
use std::collections::{BTreeMap, HashMap};

/// Upper bound on records per party accepted from the wire.
pub const MAX_RECORDS: usize = 10_000_000;
const MAGIC: &[u8; 8] = b"LPDEBT01";

/// The public description of one debt-signalling computation (all parties and nodes agree on it).
#[derive(Clone, Debug, PartialEq)]
pub struct DebtSpec {
    pub computation_id: String,
    pub title: String,
    /// Input parties in a fixed order.
    pub parties: Vec<String>,
    /// Name of the grouping key.
    pub group_by: String,
    /// The public domain of the grouping key.
    pub groups: Vec<String>,
    /// Histogram bin lower edges: `[0, e1, e2, …]`, strictly increasing; the last bin is open.
    pub histogram_edges: Vec<u64>,
    pub k: u64,
    /// If non-zero, every party pads its list with dummy rows to a multiple of this, so the nodes
    /// learn list sizes only to that granularity. Dummies never match and count nowhere.
    pub pad_to: usize,
}

/// One record of an input party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub household: String,
    /// Index into [`DebtSpec::groups`].
    pub group: usize,
    /// Arrears in the smallest unit (cents).
    pub amount: u64,
}

impl DebtSpec {
    /// Checks the spec itself.
    pub fn validate(&self) -> Result<(), MpcError> {
        if self.groups.is_empty() {
            return Err(MpcError::Invalid(
                "the grouping key has an empty domain".into(),
            ));
        }
        if self.parties.is_empty() {
            return Err(MpcError::Invalid("no input parties".into()));
        }
        if self.histogram_edges.first() != Some(&0)
            || self.histogram_edges.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(MpcError::Invalid(
                "histogram edges must start at 0 and increase strictly".into(),
            ));
        }
        Ok(())
    }

    fn g(&self) -> usize {
        self.groups.len()
    }
    fn h(&self) -> usize {
        self.histogram_edges.len()
    }
    /// Length of a party's statistics vector: counts, totals, histogram.
    fn stats_len(&self) -> usize {
        self.g() * (2 + self.h())
    }
    fn bin_of(&self, amount: u64) -> usize {
        self.histogram_edges
            .iter()
            .rposition(|&e| e <= amount)
            .unwrap_or(0)
    }
    fn bin(&self, b: usize) -> Bin {
        Bin {
            from: self.histogram_edges[b],
            to: self.histogram_edges.get(b + 1).copied(),
        }
    }
}

/// One entry per household: duplicates within a party's list are merged (amounts added, the
/// first group kept). Records with a group outside the domain are refused.
pub fn normalise(spec: &DebtSpec, records: &[Record]) -> Result<Vec<Record>, MpcError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<Record> = Vec::with_capacity(records.len());
    for r in records {
        if r.group >= spec.g() {
            return Err(MpcError::Invalid(format!(
                "group index {} outside the domain",
                r.group
            )));
        }
        match seen.get(r.household.as_str()) {
            Some(&i) => out[i].amount = out[i].amount.saturating_add(r.amount),
            None => {
                seen.insert(&r.household, out.len());
                out.push(r.clone());
            }
        }
    }
    Ok(out)
}

/// The local binning of one party: `[count per group][total per group][histogram per group × bin]`.
fn local_stats(spec: &DebtSpec, records: &[Record]) -> Vec<u64> {
    let (g, h) = (spec.g(), spec.h());
    let mut v = vec![0u64; spec.stats_len()];
    for r in records {
        v[r.group] += 1;
        v[g + r.group] = v[g + r.group].wrapping_add(r.amount);
        v[2 * g + r.group * h + spec.bin_of(r.amount)] += 1;
    }
    v
}

/// What an input party sends to each node: the encoded uploads for nodes 0, 1, 2.
///
/// Layout: magic, record count `n`, the statistics vector (shared), the `n` blinded pseudonym
/// points (the same for all nodes), the shares of the `n` blinding inverses, the shares of the
/// `n × G` one-hot group indicators.
pub fn prepare_upload(
    spec: &DebtSpec,
    records: &[Record],
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<[Vec<u8>; 3], MpcError> {
    spec.validate()?;
    let records = normalise(spec, records)?;
    let n = match spec.pad_to {
        0 => records.len(),
        p => records.len().div_ceil(p).max(1) * p,
    };
    let stats = input_share(&local_stats(spec, &records), rng);
    let mut blinded = Vec::with_capacity(n);
    let mut rinv = Vec::with_capacity(n);
    for r in &records {
        let (b, ri) = pseudonym::blind(
            &pseudonym::hash_id(&spec.computation_id, r.household.as_bytes()),
            rng,
        );
        blinded.push(b);
        rinv.push(ri);
    }
    // Dummy rows: a uniformly random point (like a real blinded point, but no identifier maps to
    // it), a random blinding inverse, and an all-zero one-hot vector.
    while blinded.len() < n {
        let (b, ri) = pseudonym::blind(&RistrettoPoint::mul_base(&Scalar::random(rng)), rng);
        blinded.push(b);
        rinv.push(ri);
    }
    let rinv = crate::input::share(&rinv, rng);
    let mut onehot = vec![0u64; n * spec.g()];
    for (j, r) in records.iter().enumerate() {
        onehot[j * spec.g() + r.group] = 1;
    }
    let onehot = input_share(&onehot, rng);
    let mut out: [Vec<u8>; 3] = Default::default();
    for (i, buf) in out.iter_mut().enumerate() {
        buf.extend_from_slice(MAGIC);
        codec::put_u64(buf, n as u64);
        stats[i].write(buf);
        codec::put_vec(buf, &blinded);
        rinv[i].write(buf);
        onehot[i].write(buf);
    }
    Ok(out)
}

fn input_share(v: &[u64], rng: &mut (impl RngCore + CryptoRng)) -> [NodeShare<u64>; 3] {
    crate::input::share(v, rng)
}

/// One party's upload as a node holds it.
struct Upload {
    n: usize,
    stats: Rep<u64>,
    blinded: Vec<RistrettoPoint>,
    blinded_bytes: Vec<u8>,
    rinv: Rep<Scalar>,
    onehot: Rep<u64>,
}

fn parse_upload(spec: &DebtSpec, party: &str, bytes: &[u8]) -> Result<Upload, MpcError> {
    let who = format!("input party {party}");
    let mut r = Reader::new(bytes, &who);
    if r.take(8)? != MAGIC {
        return Err(MpcError::malformed(&who, "not a debt-signalling upload"));
    }
    let n = r.len(MAX_RECORDS)?;
    let ctx = |e: MpcError| match e {
        MpcError::Invalid(w) => MpcError::malformed(&who, w),
        e => e,
    };
    let stats = NodeShare::<u64>::read(&mut r, Some(spec.stats_len()), spec.stats_len())
        .map_err(ctx)?
        .expand();
    let blinded_bytes = r.take(n * 32)?.to_vec();
    let blinded: Vec<RistrettoPoint> = codec::vec_from_bytes(&blinded_bytes, n, &who)?;
    let rinv = NodeShare::<Scalar>::read(&mut r, Some(n), MAX_RECORDS)
        .map_err(ctx)?
        .expand();
    let onehot = NodeShare::<u64>::read(&mut r, Some(n * spec.g()), MAX_RECORDS * spec.g())
        .map_err(ctx)?
        .expand();
    r.finish()?;
    Ok(Upload {
        n,
        stats,
        blinded,
        blinded_bytes,
        rinv,
        onehot,
    })
}

/// Runs the computation on one node. `uploads[p]` is what input party `p` (spec order) sent to
/// this node. Returns the revealed result, identical on all three nodes.
pub async fn compute<T: Transport>(
    s: &mut Session<T>,
    spec: &DebtSpec,
    uploads: &[Vec<u8>],
) -> Result<ComputationResult, MpcError> {
    spec.validate()?;
    if uploads.len() != spec.parties.len() {
        return Err(MpcError::Invalid(format!(
            "{} uploads for {} parties",
            uploads.len(),
            spec.parties.len()
        )));
    }
    let ups: Vec<Upload> = spec
        .parties
        .iter()
        .zip(uploads)
        .map(|(p, u)| parse_upload(spec, p, u))
        .collect::<Result<_, _>>()?;
    check_consistency(s, &ups).await?;
    let (g, h, np) = (spec.g(), spec.h(), spec.parties.len());

    // Statistics: local additions.
    let mut per_party_counts = Vec::with_capacity(np);
    let mut totals = Rep::<u64>::zeros(g);
    let mut listings = Rep::<u64>::zeros(g);
    let mut hist = Rep::<u64>::zeros(g * h);
    for u in &ups {
        let c = u.stats.slice(0, g);
        listings.add_assign(&c);
        per_party_counts.push(c);
        totals.add_assign(&u.stats.slice(g, g));
        hist.add_assign(&u.stats.slice(2 * g, g * h));
    }

    // Overlap: pseudonymise, shuffle, reveal pseudonyms, group.
    let blinded: Vec<RistrettoPoint> = ups.iter().flat_map(|u| u.blinded.iter().copied()).collect();
    let rinv = Rep::concat(&ups.iter().map(|u| &u.rinv).collect::<Vec<_>>());
    let onehot = shuffle::Table {
        width: g,
        data: Rep::concat(&ups.iter().map(|u| &u.onehot).collect::<Vec<_>>()),
    };
    let (onehot, groups) = pseudonym::join(s, &blinded, &rinv, &onehot).await?;
    let mut overlap = Rep::<u64>::zeros(g);
    for &(first, size) in &groups {
        if size >= 2 {
            overlap.add_assign(&onehot.data.slice(first * g, g));
        }
    }

    // Suppression: compare every count with k, reveal which pass, then reveal only those.
    let mut counts_parts: Vec<&Rep<u64>> = per_party_counts.iter().collect();
    counts_parts.extend([&listings, &hist, &overlap]);
    let counts = Rep::concat(&counts_parts);
    let below = ops::less_than_public(s, &counts, spec.k).await?;
    let below = ops::reveal(s, &below).await?;
    let pass: Vec<bool> = below.iter().map(|b| b.0 & 1 == 0).collect();
    let listings_at = np * g;
    let mut idx: Vec<usize> = (0..counts.len()).filter(|&i| pass[i]).collect();
    let totals_at = counts.len();
    idx.extend(
        (0..g)
            .filter(|&gi| pass[listings_at + gi])
            .map(|gi| totals_at + gi),
    );
    let values = ops::reveal(s, &Rep::concat(&[&counts, &totals]).select(&idx)).await?;
    check::confirm_result(s, b"leerpunt-mpc/confirm/v1\0", &pass, &values).await?;
    let opened: BTreeMap<usize, u64> = idx.into_iter().zip(values).collect();
    let get = |i: usize| opened.get(&i).map(|&v| v as f64);

    let mut out = Vec::with_capacity(g);
    for gi in 0..g {
        let mut cells = Vec::new();
        for (p, name) in spec.parties.iter().enumerate() {
            let mut c = Cell::new(Statistic::HouseholdsPerParty, get(p * g + gi));
            c.party = Some(name.clone());
            cells.push(c);
        }
        let n = get(listings_at + gi);
        let t = get(totals_at + gi);
        cells.push(Cell::new(Statistic::Listings, n));
        cells.push(Cell::new(Statistic::TotalArrears, t));
        cells.push(Cell::new(Statistic::MeanArrears, mean(t, n)));
        for b in 0..h {
            let mut c = Cell::new(Statistic::Histogram, get(listings_at + g + gi * h + b));
            c.bin = Some(spec.bin(b));
            cells.push(c);
        }
        cells.push(Cell::new(
            Statistic::HouseholdsOnTwoOrMoreLists,
            get(listings_at + g + g * h + gi),
        ));
        out.push(GroupResult {
            key: spec.groups[gi].clone(),
            cells,
        });
    }
    Ok(result(spec, out))
}

fn mean(total: Option<f64>, n: Option<f64>) -> Option<f64> {
    match (total, n) {
        // Rounded to two decimals of the amount unit: exact through a JSON round trip.
        (Some(t), Some(n)) if n > 0.0 => Some((t / n * 100.0).round() / 100.0),
        _ => None,
    }
}

fn result(spec: &DebtSpec, groups: Vec<GroupResult>) -> ComputationResult {
    ComputationResult {
        format: FORMAT,
        computation_id: spec.computation_id.clone(),
        title: spec.title.clone(),
        parties: spec.parties.clone(),
        k: spec.k,
        group_by: spec.group_by.clone(),
        groups,
    }
}

/// Each node checks with its successor that both hold the same public inputs (record counts and
/// blinded points, which every node receives) and the same copy of the share component they both
/// hold (`x_{i+1}`): an input party that sent different data to different nodes is caught here.
async fn check_consistency<T: Transport>(
    s: &mut Session<T>,
    ups: &[Upload],
) -> Result<(), MpcError> {
    let digest = |mine_b: bool| -> Vec<u8> {
        let mut h = Sha512::new();
        h.update(b"leerpunt-mpc/consistency/v1\0");
        for u in ups {
            h.update((u.n as u64).to_le_bytes());
            h.update(&u.blinded_bytes);
            let pick = |r: &Rep<u64>| {
                if mine_b {
                    codec::vec_bytes(&r.b)
                } else {
                    codec::vec_bytes(&r.a)
                }
            };
            h.update(pick(&u.stats));
            h.update(pick(&u.onehot));
            let rv = if mine_b { &u.rinv.b } else { &u.rinv.a };
            h.update(codec::vec_bytes(rv));
        }
        h.finalize().to_vec()
    };
    check::inputs_agree(s, digest(true), digest(false)).await
}

/// The same statistics computed in the clear, for tests and for checking a deployment on test data.
pub fn plaintext(
    spec: &DebtSpec,
    per_party: &[Vec<Record>],
) -> Result<ComputationResult, MpcError> {
    spec.validate()?;
    let (g, h) = (spec.g(), spec.h());
    let norm: Vec<Vec<Record>> = per_party
        .iter()
        .map(|r| normalise(spec, r))
        .collect::<Result<_, _>>()?;
    let stats: Vec<Vec<u64>> = norm.iter().map(|r| local_stats(spec, r)).collect();
    // A household's group in the overlap count: the group of one of its listings (the secure
    // version takes a random one; tests use consistent groups).
    let mut lists: HashMap<&str, (usize, usize)> = HashMap::new();
    for recs in &norm {
        for r in recs {
            lists.entry(r.household.as_str()).or_insert((r.group, 0)).1 += 1;
        }
    }
    let mut overlap = vec![0u64; g];
    for &(grp, c) in lists.values() {
        if c >= 2 {
            overlap[grp] += 1;
        }
    }
    let k = spec.k;
    let keep = |v: u64| if v >= k { Some(v as f64) } else { None };
    let mut out = Vec::with_capacity(g);
    for gi in 0..g {
        let mut cells = Vec::new();
        for (p, name) in spec.parties.iter().enumerate() {
            let mut c = Cell::new(Statistic::HouseholdsPerParty, keep(stats[p][gi]));
            c.party = Some(name.clone());
            cells.push(c);
        }
        let n: u64 = stats.iter().map(|s| s[gi]).sum();
        let t: u64 = stats.iter().fold(0u64, |a, s| a.wrapping_add(s[g + gi]));
        let n_open = keep(n);
        let t_open = n_open.map(|_| t as f64);
        cells.push(Cell::new(Statistic::Listings, n_open));
        cells.push(Cell::new(Statistic::TotalArrears, t_open));
        cells.push(Cell::new(Statistic::MeanArrears, mean(t_open, n_open)));
        for b in 0..h {
            let v: u64 = stats.iter().map(|s| s[2 * g + gi * h + b]).sum();
            let mut c = Cell::new(Statistic::Histogram, keep(v));
            c.bin = Some(spec.bin(b));
            cells.push(c);
        }
        cells.push(Cell::new(
            Statistic::HouseholdsOnTwoOrMoreLists,
            keep(overlap[gi]),
        ));
        out.push(GroupResult {
            key: spec.groups[gi].clone(),
            cells,
        });
    }
    Ok(result(spec, out))
}

/// The elementwise sum of one vector per node, the benchmark workload: node `i` contributes
/// `mine`, the shares of the other nodes' vectors arrive through `others` (already expanded).
/// Reveals the sum to all nodes.
pub async fn sum_vectors<T: Transport>(
    s: &mut Session<T>,
    shares: &[Rep<u64>],
) -> Result<Vec<u64>, MpcError> {
    let n = shares.first().map(|r| r.len()).unwrap_or(0);
    let mut acc = Rep::<u64>::zeros(n);
    for r in shares {
        if r.len() != n {
            return Err(MpcError::Invalid("vectors of different lengths".into()));
        }
        acc.add_assign(r);
    }
    ops::reveal(s, &acc).await
}

/// The comparison benchmark: how many of the shared values are at least `threshold`.
pub async fn count_at_least<T: Transport>(
    s: &mut Session<T>,
    values: &Rep<u64>,
    threshold: u64,
) -> Result<u64, MpcError> {
    let below = ops::less_than_public(s, values, threshold).await?;
    let below = ops::bit_to_arith(s, &below).await?;
    let mut sum = Rep::<u64>::zeros(1);
    for j in 0..below.len() {
        sum.a[0] = sum.a[0].add(below.a[j]);
        sum.b[0] = sum.b[0].add(below.b[j]);
    }
    let below_count = ops::reveal(s, &sum).await?;
    Ok((values.len() as u64).wrapping_sub(below_count.first().copied().unwrap_or(0)))
}
