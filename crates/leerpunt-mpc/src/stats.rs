//! The statistics language of a joint computation (`leerpunt_core::computation`), computed by the
//! three nodes on secret shares: count, sum, mean, variance, histograms over public bins,
//! threshold counts and overlaps on a pseudonymised key, per group and optionally per input
//! party, with every cell below `k` suppressed inside the protocol and every value range-checked.
//!
//! What an input party sends ([`prepare_upload`]), per record: the one-hot vector of its group and
//! each integer column the statistics read, shifted to `x - min` so that it lies in `[0, max -
//! min]`; and, when a statistic needs the join, its distinct keys as blinded pseudonym points with
//! the shared blinding inverses and the one-hot group of each key. Nothing is aggregated by the
//! party, so every aggregate the nodes open comes from values they checked themselves.
//!
//! What the nodes do ([`compute`]), in order:
//! 1. Check that all three received the same inputs (a digest with each successor).
//! 2. One batched comparison (`msb`) gives, for every value, `x < 0`, `x < range + 1` and `x < t`
//!    for every public threshold `t` the statistics name (histogram edges, `at_least`).
//! 3. Range check: the validity bit `[0 <= x <= range]` of every value is opened (for honest
//!    parties all ones, so nothing about them is learnt); any zero aborts the computation with
//!    the input party and column named, before any statistic is opened.
//! 4. Squares (for variances) and threshold indicators times the one-hot group vectors give every
//!    per-group sum in one batch of multiplications; everything after that is local addition.
//! 5. Overlap: as in [`crate::debt`]: pseudonymise the keys, shuffle, open only the shuffled
//!    pseudonyms, count clusters seen at `min_parties` or more parties.
//! 6. Suppression: every count that decides a cell is compared with `k`; only the outcome is
//!    opened, then only the values of cells that pass (a sum, mean or variance passes with its
//!    record count). For a mean or a variance the nodes open the count, the sum (and the sum of
//!    squares) and divide in the clear; the published document holds only what the spec names.
//!
//! The result is the same document as [`ComputationSpec::plaintext`], cell for cell (the tests
//! check this). A key's group in an overlap is the group one of its listings gives (a random one
//! after the shuffle), so parties must agree on a key's group for the count to be exact.
//! Cost: `N·G·V` multiplications for `N` records, `G` groups and `V` value vectors (columns
//! summed, squared, and thresholds), and `N·(2·C + T)` comparisons.

use crate::codec::{self, Reader};
use crate::elem::Gf2;
use crate::input::NodeShare;
use crate::result::{Bin, Cell, ComputationResult, GroupResult, Statistic as Revealed};
use crate::session::{Rep, Session, Transport};
use crate::{check, ops, pseudonym, shuffle, MpcError};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use leerpunt_core::computation::{
    mean_of, variance_of, ColumnType, ComputationSpec, Record, StatisticKind,
};
use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha512};
use std::collections::{BTreeMap, HashMap};

/// Upper bound on records accepted, per party and over all parties.
pub use leerpunt_core::computation::MAX_RECORDS;
const MAGIC: &[u8; 8] = b"LPSTAT01";

/// One integer column the statistics read, as the protocol sees it.
#[derive(Debug, Clone)]
struct Col {
    name: String,
    min: i64,
    /// `max - min`: every shifted value lies in `[0, range]`.
    range: u64,
    /// Whether a variance needs its squares.
    square: bool,
    /// Public thresholds (shifted), strictly inside `(0, range]`, sorted and distinct.
    thresholds: Vec<u64>,
}

impl Col {
    /// `[x >= t]` for an unshifted threshold `t`: always, never, or the `i`-th threshold.
    fn at_least(&self, t: i64) -> Indicator {
        let shifted = i128::from(t) - i128::from(self.min);
        if shifted <= 0 {
            Indicator::Always
        } else if shifted > i128::from(self.range) {
            Indicator::Never
        } else {
            let t = shifted as u64;
            match self.thresholds.binary_search(&t) {
                Ok(i) => Indicator::Threshold(i),
                Err(_) => Indicator::Never,
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Indicator {
    Always,
    Never,
    Threshold(usize),
}

/// What the protocol needs from a spec; every party and node derives the same from the spec alone.
#[derive(Debug, Clone)]
struct Layout {
    groups: usize,
    cols: Vec<Col>,
    overlap: bool,
}

impl Layout {
    fn of(spec: &ComputationSpec) -> Result<Self, MpcError> {
        spec.validate()
            .map_err(|e| MpcError::Invalid(format!("the spec is not valid: {e}")))?;
        let mut cols: Vec<Col> = Vec::new();
        for c in &spec.columns {
            let ColumnType::Integer { min, max } = c.kind else {
                continue;
            };
            let used: Vec<&StatisticKind> = spec
                .statistics
                .iter()
                .map(|s| &s.kind)
                .filter(|k| k.column() == Some(c.name.as_str()))
                .collect();
            if used.is_empty() {
                continue;
            }
            let range = u64::try_from(i128::from(max) - i128::from(min))
                .map_err(|_| MpcError::Invalid(format!("{}: max is below min", c.name)))?;
            // Sums of up to MAX_RECORDS values (and squares) must stay below 2^63 to be exact.
            let limit = 1u128 << 63;
            if u128::from(range) * MAX_RECORDS as u128 >= limit {
                return Err(MpcError::Invalid(format!(
                    "{}: the range [{min}, {max}] is too wide to add up exactly",
                    c.name
                )));
            }
            let square = used
                .iter()
                .any(|k| matches!(k, StatisticKind::Variance { .. }));
            if square && u128::from(range) * u128::from(range) * MAX_RECORDS as u128 >= limit {
                return Err(MpcError::Invalid(format!(
                    "{}: the range [{min}, {max}] is too wide for a variance (its squares would overflow)",
                    c.name
                )));
            }
            let mut col = Col {
                name: c.name.clone(),
                min,
                range,
                square,
                thresholds: Vec::new(),
            };
            let mut ts: Vec<i64> = Vec::new();
            for k in &used {
                match k {
                    StatisticKind::AtLeast { threshold, .. } => ts.push(*threshold),
                    StatisticKind::Histogram { edges, .. } => ts.extend(edges),
                    _ => {}
                }
            }
            let mut shifted: Vec<u64> = ts
                .into_iter()
                .map(|t| i128::from(t) - i128::from(min))
                .filter(|t| *t > 0 && *t <= i128::from(range))
                .map(|t| t as u64)
                .collect();
            shifted.sort_unstable();
            shifted.dedup();
            col.thresholds = shifted;
            cols.push(col);
        }
        let overlap = spec
            .statistics
            .iter()
            .any(|s| matches!(s.kind, StatisticKind::Overlap { .. }));
        if overlap && !spec.columns.iter().any(|c| c.kind == ColumnType::Key) {
            return Err(MpcError::Invalid(
                "an overlap needs a key column to join on".into(),
            ));
        }
        Ok(Layout {
            groups: spec.group_by.domain.len(),
            cols,
            overlap,
        })
    }

    /// The number of one-value-per-record vectors whose per-group sums the nodes compute.
    fn thresholds(&self) -> usize {
        self.cols.iter().map(|c| c.thresholds.len()).sum()
    }
}

/// Checks `records` against the spec's schema (group in the domain, every integer column within
/// its declared range) and numbers the errors by record, as the input party's client reports them.
pub fn check_records(spec: &ComputationSpec, records: &[Record]) -> Result<(), MpcError> {
    for (i, r) in records.iter().enumerate() {
        spec.check_record(r)
            .map_err(|e| MpcError::Invalid(format!("record {}: {e}", i + 1)))?;
    }
    Ok(())
}

/// What an input party sends to each node (the encoded uploads for nodes 0, 1, 2). Refuses, before
/// anything is shared, a record outside the schema ([`check_records`]).
pub fn prepare_upload(
    spec: &ComputationSpec,
    records: &[Record],
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<[Vec<u8>; 3], MpcError> {
    check_records(spec, records)?;
    encode_upload(spec, records, rng)
}

/// [`prepare_upload`] without the client's range check: what a faulty or dishonest client would
/// send. Only for showing that the nodes' own range check catches it.
#[doc(hidden)]
pub fn prepare_upload_unchecked(
    spec: &ComputationSpec,
    records: &[Record],
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<[Vec<u8>; 3], MpcError> {
    encode_upload(spec, records, rng)
}

fn encode_upload(
    spec: &ComputationSpec,
    records: &[Record],
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<[Vec<u8>; 3], MpcError> {
    let layout = Layout::of(spec)?;
    let g = layout.groups;
    let index: HashMap<&str, usize> = spec
        .group_by
        .domain
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_str(), i))
        .collect();
    let n = records.len();
    let mut onehot = vec![0u64; n * g];
    let mut values: Vec<Vec<u64>> = vec![Vec::with_capacity(n); layout.cols.len()];
    for (j, r) in records.iter().enumerate() {
        let gi = *index.get(r.group.as_str()).ok_or_else(|| {
            MpcError::Invalid(format!(
                "record {}: {:?} is not in the public domain",
                j + 1,
                r.group
            ))
        })?;
        onehot[j * g + gi] = 1;
        for (c, col) in layout.cols.iter().enumerate() {
            let v = r.values.get(&col.name).copied().ok_or_else(|| {
                MpcError::Invalid(format!("record {}: {} is missing", j + 1, col.name))
            })?;
            // Shifted into the ring; a value outside the range wraps and the nodes refuse it.
            values[c].push((v as u64).wrapping_sub(col.min as u64));
        }
    }
    // Distinct keys, each with the group of its first record.
    let mut keys: Vec<(&str, usize)> = Vec::new();
    if layout.overlap {
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for r in records {
            if seen.insert(r.key.as_str(), ()).is_none() {
                keys.push((r.key.as_str(), index[r.group.as_str()]));
            }
        }
    }
    let m = keys.len();
    let mut blinded = Vec::with_capacity(m);
    let mut rinv = Vec::with_capacity(m);
    let mut key_onehot = vec![0u64; m * g];
    for (j, (key, gi)) in keys.iter().enumerate() {
        let (b, ri) = pseudonym::blind(&pseudonym::hash_id(&spec.id, key.as_bytes()), rng);
        blinded.push(b);
        rinv.push(ri);
        key_onehot[j * g + gi] = 1;
    }
    let onehot = crate::input::share(&onehot, rng);
    let values: Vec<[NodeShare<u64>; 3]> =
        values.iter().map(|v| crate::input::share(v, rng)).collect();
    let rinv = crate::input::share(&rinv, rng);
    let key_onehot = crate::input::share(&key_onehot, rng);
    let mut out: [Vec<u8>; 3] = Default::default();
    for (i, buf) in out.iter_mut().enumerate() {
        buf.extend_from_slice(MAGIC);
        codec::put_u64(buf, n as u64);
        codec::put_u64(buf, m as u64);
        onehot[i].write(buf);
        for v in &values {
            v[i].write(buf);
        }
        codec::put_vec(buf, &blinded);
        rinv[i].write(buf);
        key_onehot[i].write(buf);
    }
    Ok(out)
}

/// One party's upload as a node holds it.
struct Upload {
    n: usize,
    m: usize,
    onehot: Rep<u64>,
    values: Vec<Rep<u64>>,
    blinded: Vec<RistrettoPoint>,
    blinded_bytes: Vec<u8>,
    rinv: Rep<Scalar>,
    key_onehot: Rep<u64>,
}

fn parse_upload(layout: &Layout, party: &str, bytes: &[u8]) -> Result<Upload, MpcError> {
    let who = format!("input party {party}");
    let mut r = Reader::new(bytes, &who);
    if r.take(8)? != MAGIC {
        return Err(MpcError::malformed(&who, "not a statistics upload"));
    }
    let n = r.len(MAX_RECORDS)?;
    let m = r.len(MAX_RECORDS)?;
    if !layout.overlap && m != 0 {
        return Err(MpcError::malformed(
            &who,
            "keys sent for a spec without a join",
        ));
    }
    let g = layout.groups;
    let ctx = |e: MpcError| match e {
        MpcError::Invalid(w) => MpcError::malformed(&who, w),
        e => e,
    };
    let onehot = NodeShare::<u64>::read(&mut r, Some(n * g), MAX_RECORDS * g)
        .map_err(ctx)?
        .expand();
    let mut values = Vec::with_capacity(layout.cols.len());
    for _ in &layout.cols {
        values.push(
            NodeShare::<u64>::read(&mut r, Some(n), MAX_RECORDS)
                .map_err(ctx)?
                .expand(),
        );
    }
    let blinded_bytes = r.take(m * 32)?.to_vec();
    let blinded: Vec<RistrettoPoint> = codec::vec_from_bytes(&blinded_bytes, m, &who)?;
    let rinv = NodeShare::<Scalar>::read(&mut r, Some(m), MAX_RECORDS)
        .map_err(ctx)?
        .expand();
    let key_onehot = NodeShare::<u64>::read(&mut r, Some(m * g), MAX_RECORDS * g)
        .map_err(ctx)?
        .expand();
    r.finish()?;
    Ok(Upload {
        n,
        m,
        onehot,
        values,
        blinded,
        blinded_bytes,
        rinv,
        key_onehot,
    })
}

/// Shared quantities of one length each, collected so that comparisons and openings are batched.
struct Quantities {
    q: Rep<u64>,
}

impl Quantities {
    fn push(&mut self, v: &Rep<u64>) -> Vec<usize> {
        let at = self.q.len();
        self.q.a.extend_from_slice(&v.a);
        self.q.b.extend_from_slice(&v.b);
        (at..at + v.len()).collect()
    }
}

/// What one result cell shows, in terms of quantity indices.
#[derive(Debug, Clone, Copy)]
enum Shown {
    Count(usize),
    Sum { n: usize, sum: usize, min: i64 },
    Mean { n: usize, sum: usize, min: i64 },
    Variance { n: usize, sum: usize, sq: usize },
}

struct PlannedCell {
    statistic: Revealed,
    name: String,
    party: Option<String>,
    bin: Option<Bin>,
    /// The count that must reach `k` for the cell to be shown.
    decides: usize,
    shown: Shown,
}

/// Runs the computation on one node. `uploads[p]` is what input party `p` (spec order) sent to
/// this node. Returns the revealed result, identical on all three nodes and equal to
/// [`ComputationSpec::plaintext`] of the same records.
pub async fn compute<T: Transport>(
    s: &mut Session<T>,
    spec: &ComputationSpec,
    uploads: &[Vec<u8>],
) -> Result<ComputationResult, MpcError> {
    let layout = Layout::of(spec)?;
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
        .map(|(p, u)| parse_upload(&layout, p, u))
        .collect::<Result<_, _>>()?;
    check_consistency(s, &ups).await?;
    let me = s.me();
    let g = layout.groups;
    let np = ups.len();
    let big_n: usize = ups.iter().map(|u| u.n).sum();
    if big_n > MAX_RECORDS {
        return Err(MpcError::Invalid(format!(
            "{big_n} records in all; a computation takes at most {MAX_RECORDS}"
        )));
    }
    let starts: Vec<usize> = ups
        .iter()
        .scan(0, |at, u| {
            let s = *at;
            *at += u.n;
            Some(s)
        })
        .collect();
    let onehot = Rep::concat(&ups.iter().map(|u| &u.onehot).collect::<Vec<_>>());
    let cols: Vec<Rep<u64>> = (0..layout.cols.len())
        .map(|c| Rep::concat(&ups.iter().map(|u| &u.values[c]).collect::<Vec<_>>()))
        .collect();

    // Steps 2 and 3: one comparison batch; open the validity bits; abort on any invalid value.
    let mut diffs: Vec<Rep<u64>> = Vec::new();
    for (c, col) in layout.cols.iter().enumerate() {
        diffs.push(cols[c].clone());
        let mut above = cols[c].clone();
        above.add_public(me, &vec![col.range.wrapping_add(1).wrapping_neg(); big_n]);
        diffs.push(above);
    }
    for (c, col) in layout.cols.iter().enumerate() {
        for &t in &col.thresholds {
            let mut d = cols[c].clone();
            d.add_public(me, &vec![t.wrapping_neg(); big_n]);
            diffs.push(d);
        }
    }
    let below = ops::msb(s, &Rep::concat(&diffs.iter().collect::<Vec<_>>())).await?;
    let nc = layout.cols.len();
    if nc > 0 {
        // valid = not(x < 0) and (x < range + 1)
        let mut not_negative = below.slice(0, 0);
        let mut under_top = below.slice(0, 0);
        for c in 0..nc {
            not_negative = Rep::concat(&[&not_negative, &below.slice(2 * c * big_n, big_n)]);
            under_top = Rep::concat(&[&under_top, &below.slice((2 * c + 1) * big_n, big_n)]);
        }
        not_negative.add_public(me, &vec![Gf2(1); not_negative.len()]);
        let valid = ops::mul(s, &not_negative, &under_top).await?;
        let valid = ops::reveal(s, &valid).await?;
        for (c, col) in layout.cols.iter().enumerate() {
            for (p, u) in ups.iter().enumerate() {
                let bad = valid[c * big_n + starts[p]..c * big_n + starts[p] + u.n]
                    .iter()
                    .filter(|b| b.0 & 1 == 0)
                    .count();
                if bad > 0 {
                    return Err(MpcError::Invalid(format!(
                        "input party {} sent {bad} value(s) of {} outside [{}, {}]; nothing was computed",
                        spec.parties[p],
                        col.name,
                        col.min,
                        i128::from(col.min) + i128::from(col.range)
                    )));
                }
            }
        }
    }
    // The threshold indicators [x >= t] = 1 - [x < t], arithmetic.
    let nt = layout.thresholds();
    let ge = if nt > 0 {
        let bits = below.slice(2 * nc * big_n, nt * big_n);
        let mut ge = ops::bit_to_arith(s, &bits).await?.mul_public(u64::MAX);
        ge.add_public(me, &vec![1; ge.len()]);
        ge
    } else {
        Rep::zeros(0)
    };

    // Step 4: the value vectors, times the one-hot groups.
    let mut vectors: Vec<Rep<u64>> = Vec::new();
    let mut sum_at: HashMap<usize, usize> = HashMap::new();
    let mut sq_at: HashMap<usize, usize> = HashMap::new();
    let mut ge_at: HashMap<(usize, usize), usize> = HashMap::new();
    let squares = {
        let sq: Vec<usize> = (0..nc).filter(|&c| layout.cols[c].square).collect();
        if sq.is_empty() {
            Vec::new()
        } else {
            let x = Rep::concat(&sq.iter().map(|&c| &cols[c]).collect::<Vec<_>>());
            let x2 = ops::mul(s, &x, &x).await?;
            sq.iter()
                .enumerate()
                .map(|(i, &c)| (c, x2.slice(i * big_n, big_n)))
                .collect::<Vec<_>>()
        }
    };
    for (c, v) in cols.iter().enumerate() {
        sum_at.insert(c, vectors.len());
        vectors.push(v.clone());
    }
    for (c, v) in squares {
        sq_at.insert(c, vectors.len());
        vectors.push(v);
    }
    let mut t_at = 0;
    for (c, col) in layout.cols.iter().enumerate() {
        for i in 0..col.thresholds.len() {
            ge_at.insert((c, i), vectors.len());
            vectors.push(ge.slice(t_at * big_n, big_n));
            t_at += 1;
        }
    }
    // prods[v][j * g + gi] = onehot[j][gi] * vectors[v][j]
    let nv = vectors.len();
    let per_group = if nv > 0 {
        let left = Rep::concat(&vec![&onehot; nv]);
        let spread =
            |v: &[u64]| -> Vec<u64> { v.iter().flat_map(|x| std::iter::repeat_n(*x, g)).collect() };
        let right = Rep::concat(
            &vectors
                .iter()
                .map(|v| Rep {
                    a: spread(&v.a),
                    b: spread(&v.b),
                })
                .collect::<Vec<_>>()
                .iter()
                .collect::<Vec<_>>(),
        );
        ops::mul(s, &left, &right).await?
    } else {
        Rep::zeros(0)
    };
    // Sums over a party's records, per group: scope p < np is party p, scope np is all parties.
    let sum_rows = |data: &Rep<u64>, offset: usize, p: usize| -> Rep<u64> {
        let mut acc = Rep::<u64>::zeros(g);
        for j in starts[p]..starts[p] + ups[p].n {
            let at = offset + j * g;
            for gi in 0..g {
                acc.a[gi] = acc.a[gi].wrapping_add(data.a[at + gi]);
                acc.b[gi] = acc.b[gi].wrapping_add(data.b[at + gi]);
            }
        }
        acc
    };
    let mut qs = Quantities { q: Rep::zeros(0) };
    let zero = qs.push(&Rep::zeros(1))[0];
    let scoped = |qs: &mut Quantities, f: &dyn Fn(usize) -> Rep<u64>| -> Vec<Vec<usize>> {
        let mut per: Vec<Rep<u64>> = (0..np).map(f).collect();
        let mut total = Rep::<u64>::zeros(g);
        for r in &per {
            total.add_assign(r);
        }
        per.push(total);
        per.iter().map(|r| qs.push(r)).collect()
    };
    let count_q = scoped(&mut qs, &|p| sum_rows(&onehot, 0, p));
    let mut vec_q: Vec<Vec<Vec<usize>>> = Vec::with_capacity(nv);
    for v in 0..nv {
        vec_q.push(scoped(&mut qs, &|p| sum_rows(&per_group, v * big_n * g, p)));
    }

    // Step 5: overlaps.
    let mut overlap_q: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let mins: Vec<u32> = spec
        .statistics
        .iter()
        .filter_map(|st| match st.kind {
            StatisticKind::Overlap { min_parties } => Some(min_parties),
            _ => None,
        })
        .collect();
    if layout.overlap {
        let sizes = overlap(s, &ups, g, &mins).await?;
        for (m, r) in sizes {
            overlap_q.insert(m, qs.push(&r));
        }
    }

    // The cells, in the order of the plaintext reference.
    let indicator_q = |c: usize, ind: Indicator, scope: usize, gi: usize| -> usize {
        match ind {
            Indicator::Always => count_q[scope][gi],
            Indicator::Never => zero,
            Indicator::Threshold(i) => vec_q[ge_at[&(c, i)]][scope][gi],
        }
    };
    let col_index = |name: &str| layout.cols.iter().position(|c| c.name == name);
    let mut plan: Vec<Vec<PlannedCell>> = Vec::with_capacity(g);
    // Bin counts are differences of two threshold counts: new quantities, pushed as needed.
    let mut extra: Vec<(usize, usize)> = Vec::new();
    let base = qs.q.len();
    for gi in 0..g {
        let mut cells = Vec::new();
        for st in &spec.statistics {
            let scopes: Vec<(usize, Option<String>)> = if st.per_party {
                (0..np)
                    .map(|p| (p, Some(spec.parties[p].clone())))
                    .collect()
            } else {
                vec![(np, None)]
            };
            for (scope, party) in scopes {
                let n = count_q[scope][gi];
                let mut cell = |statistic, bin, decides, shown| {
                    cells.push(PlannedCell {
                        statistic,
                        name: st.name.clone(),
                        party: party.clone(),
                        bin,
                        decides,
                        shown,
                    })
                };
                let col = st.kind.column().and_then(col_index);
                match (&st.kind, col) {
                    (StatisticKind::Count, _) => cell(Revealed::Count, None, n, Shown::Count(n)),
                    (StatisticKind::Sum { .. }, Some(c)) => {
                        let sum = vec_q[sum_at[&c]][scope][gi];
                        let min = layout.cols[c].min;
                        cell(Revealed::Sum, None, n, Shown::Sum { n, sum, min })
                    }
                    (StatisticKind::Mean { .. }, Some(c)) => {
                        let sum = vec_q[sum_at[&c]][scope][gi];
                        let min = layout.cols[c].min;
                        cell(Revealed::Mean, None, n, Shown::Mean { n, sum, min })
                    }
                    (StatisticKind::Variance { .. }, Some(c)) => {
                        let sum = vec_q[sum_at[&c]][scope][gi];
                        let sq = vec_q[sq_at[&c]][scope][gi];
                        cell(Revealed::Variance, None, n, Shown::Variance { n, sum, sq })
                    }
                    (StatisticKind::AtLeast { threshold, .. }, Some(c)) => {
                        let q = indicator_q(c, layout.cols[c].at_least(*threshold), scope, gi);
                        cell(Revealed::AtLeast, None, q, Shown::Count(q))
                    }
                    (StatisticKind::Histogram { edges, .. }, Some(c)) => {
                        for (i, from) in edges.iter().enumerate() {
                            let to = edges.get(i + 1).copied();
                            let lo = indicator_q(c, layout.cols[c].at_least(*from), scope, gi);
                            let q = match to {
                                None => lo,
                                Some(t) => {
                                    let hi = indicator_q(c, layout.cols[c].at_least(t), scope, gi);
                                    extra.push((lo, hi));
                                    base + extra.len() - 1
                                }
                            };
                            let bin = Bin {
                                from: u64::try_from(*from).unwrap_or(0),
                                to: to.map(|t| u64::try_from(t).unwrap_or(0)),
                            };
                            cell(Revealed::Histogram, Some(bin), q, Shown::Count(q));
                        }
                    }
                    (StatisticKind::Overlap { min_parties }, _) => {
                        let q = overlap_q
                            .get(min_parties)
                            .map(|v| v[gi])
                            .ok_or_else(|| MpcError::Invalid("overlap not computed".into()))?;
                        cell(Revealed::Overlap, None, q, Shown::Count(q))
                    }
                    (_, None) => {
                        return Err(MpcError::Invalid(format!(
                            "{}: the column it reads is not an integer column",
                            st.name
                        )))
                    }
                }
            }
        }
        plan.push(cells);
    }
    for (lo, hi) in &extra {
        let d = qs.q.select(&[*lo]).sub(&qs.q.select(&[*hi]));
        qs.push(&d);
    }

    // Step 6: suppression, then the opening of what passes.
    let mut decides: Vec<usize> = plan.iter().flatten().map(|c| c.decides).collect();
    decides.sort_unstable();
    decides.dedup();
    let below = ops::less_than_public(s, &qs.q.select(&decides), spec.k).await?;
    let below = ops::reveal(s, &below).await?;
    let passes: HashMap<usize, bool> = decides
        .iter()
        .zip(&below)
        .map(|(&q, b)| (q, b.0 & 1 == 0))
        .collect();
    let mut needed: Vec<usize> = Vec::new();
    for c in plan.iter().flatten().filter(|c| passes[&c.decides]) {
        match c.shown {
            Shown::Count(q) => needed.push(q),
            Shown::Sum { n, sum, .. } | Shown::Mean { n, sum, .. } => needed.extend([n, sum]),
            Shown::Variance { n, sum, sq } => needed.extend([n, sum, sq]),
        }
    }
    needed.sort_unstable();
    needed.dedup();
    let values = ops::reveal(s, &qs.q.select(&needed)).await?;
    let pass_bits: Vec<bool> = decides.iter().map(|q| passes[q]).collect();
    check::confirm_result(s, b"leerpunt-mpc/stats/confirm/v1\0", &pass_bits, &values).await?;
    let opened: HashMap<usize, u64> = needed.into_iter().zip(values).collect();

    let groups = plan
        .into_iter()
        .zip(&spec.group_by.domain)
        .map(|(cells, key)| GroupResult {
            key: key.clone(),
            cells: cells
                .into_iter()
                .map(|c| {
                    let value = passes[&c.decides].then(|| show(c.shown, &opened)).flatten();
                    let mut cell = Cell::new(c.statistic, value);
                    cell.name = Some(c.name);
                    cell.party = c.party;
                    cell.bin = c.bin;
                    cell
                })
                .collect(),
        })
        .collect();
    Ok(ComputationResult {
        format: crate::result::FORMAT,
        computation_id: spec.id.clone(),
        title: spec.title.nl.clone(),
        parties: spec.parties.clone(),
        k: spec.k,
        group_by: spec.group_by.column.clone(),
        groups,
    })
}

/// The value of a passing cell from the opened quantities (in the clear, on every node alike).
fn show(shown: Shown, opened: &HashMap<usize, u64>) -> Option<f64> {
    let get = |q: usize| opened.get(&q).copied();
    match shown {
        Shown::Count(q) => get(q).map(|v| v as f64),
        Shown::Sum { n, sum, min } => {
            let total = i128::from(get(sum)?) + i128::from(get(n)?) * i128::from(min);
            Some(total as f64)
        }
        Shown::Mean { n, sum, min } => {
            let n = get(n)?;
            let total = i128::from(get(sum)?) + i128::from(n) * i128::from(min);
            Some(mean_of(n, total))
        }
        Shown::Variance { n, sum, sq } => Some(variance_of(
            get(n)?,
            i128::from(get(sum)?),
            i128::from(get(sq)?),
        )),
    }
}

/// Pseudonymises every party's keys, shuffles them with their one-hot groups, opens only the
/// shuffled pseudonyms and counts, per group, the keys found at `m` or more parties for every
/// `m` in `mins`. A key's group is that of the first of its rows after the shuffle.
async fn overlap<T: Transport>(
    s: &mut Session<T>,
    ups: &[Upload],
    g: usize,
    mins: &[u32],
) -> Result<Vec<(u32, Rep<u64>)>, MpcError> {
    let blinded: Vec<RistrettoPoint> = ups.iter().flat_map(|u| u.blinded.iter().copied()).collect();
    let rinv = Rep::concat(&ups.iter().map(|u| &u.rinv).collect::<Vec<_>>());
    let table = shuffle::Table {
        width: g,
        data: Rep::concat(&ups.iter().map(|u| &u.key_onehot).collect::<Vec<_>>()),
    };
    let (table, clusters) = pseudonym::join(s, &blinded, &rinv, &table).await?;
    let mut mins = mins.to_vec();
    mins.sort_unstable();
    mins.dedup();
    Ok(mins
        .into_iter()
        .map(|m| {
            let mut acc = Rep::<u64>::zeros(g);
            for &(first, size) in &clusters {
                if size >= m as usize {
                    acc.add_assign(&table.data.slice(first * g, g));
                }
            }
            (m, acc)
        })
        .collect())
}

/// Each node checks with its successor that both hold the same public inputs and the same copy of
/// the share component they both hold: an input party that sent different data to different
/// nodes is caught here.
async fn check_consistency<T: Transport>(
    s: &mut Session<T>,
    ups: &[Upload],
) -> Result<(), MpcError> {
    let digest = |mine_b: bool| -> Vec<u8> {
        let pick = |r: &Rep<u64>| {
            if mine_b {
                codec::vec_bytes(&r.b)
            } else {
                codec::vec_bytes(&r.a)
            }
        };
        let mut h = Sha512::new();
        h.update(b"leerpunt-mpc/stats/consistency/v1\0");
        for u in ups {
            h.update((u.n as u64).to_le_bytes());
            h.update((u.m as u64).to_le_bytes());
            h.update(&u.blinded_bytes);
            h.update(pick(&u.onehot));
            for v in &u.values {
                h.update(pick(v));
            }
            h.update(pick(&u.key_onehot));
            let rv = if mine_b { &u.rinv.b } else { &u.rinv.a };
            h.update(codec::vec_bytes(rv));
        }
        h.finalize().to_vec()
    };
    check::inputs_agree(s, digest(true), digest(false)).await
}
