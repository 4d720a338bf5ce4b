//! Search benchmark: checks the search targets (build > 5,000 practices/s, search p99 < 10 ms, match
//! p99 < 25 ms on the 2-core machine) on a synthetic corpus generated from the real Algorithm
//! Register export, with SQLite FTS5 over the same corpus in the same run as a yardstick.
//! The index also holds `LEERPUNT_BENCH_POSTS` posts of the living network (by default as many as
//! practices): discussion topics and public help-desk questions generated from the same records.
//! A plain `harness = false` binary that prints a Markdown report. Environment: `LEERPUNT_BENCH_N`
//! (100000), `LEERPUNT_BENCH_POSTS` (N), `LEERPUNT_BENCH_ROUNDS` (5), `LEERPUNT_BENCH_CORPUS`
//! (path of `algoritmes-*.json`), `LEERPUNT_BENCH_PROFILE` (seconds: after the build, only repeat
//! the questions over every kind that long and print nothing else, for a profiler to attach to).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use leerpunt_core::import::{first_sentence, RegisterExport, RegisterRecord};
use leerpunt_core::matching::Asker;
use leerpunt_core::{text::slugify, vocab, Lang, OrgKind, Organisation, Practice, PracticeText};
use leerpunt_search::analysis::{self, Dictionary};
use leerpunt_search::{dense, docs, glossary::Glossary, DocKind, SearchIndex, SearchRequest};
use leerpunt_store::{SearchQuestion, SearchTopic};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::runtime::Builder;

mod common;
use common::random_unit;

type Res<T> = Result<T, Box<dyn Error>>;

const CREATE: &str = "CREATE VIRTUAL TABLE p USING fts5(title, purpose, kind UNINDEXED, \
    themes UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')";
const INSERT: &str =
    "INSERT INTO p(rowid, title, purpose, kind, themes) VALUES (?1, ?2, ?3, ?4, ?5)";
const FTS: &str = "SELECT rowid FROM p WHERE p MATCH ?1 ORDER BY bm25(p, 2.0, 1.0) LIMIT 10";
const FTS_FACET: &str = "SELECT rowid FROM p WHERE p MATCH ?1 AND kind = ?2 \
    AND instr(themes, ?3) > 0 ORDER BY bm25(p, 2.0, 1.0) LIMIT 10";

/// splitmix64: a small seeded PRNG, so every run generates the same corpus and queries.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn env_usize(key: &str, default: usize) -> usize {
    let value = std::env::var(key).unwrap_or_default().replace('_', "");
    value.parse().unwrap_or(default)
}

fn load_records(path: &Path) -> Vec<RegisterRecord> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let export: Option<RegisterExport> = serde_json::from_str(&text).ok();
    let all = export.map(|x| x.algoritmes).unwrap_or_default();
    let usable = |r: &RegisterRecord| !r.title.trim().is_empty() && !r.doel.trim().is_empty();
    let records: Vec<RegisterRecord> = all.into_iter().filter(usable).collect();
    if records.len() < 50 {
        let path = path.display();
        eprintln!("search bench: no usable Algorithm Register export at {path}");
        eprintln!("set LEERPUNT_BENCH_CORPUS to the path of the register's algoritmes-*.json");
        std::process::exit(2);
    }
    records
}

fn sentences(text: &str) -> Vec<String> {
    let parts = text.split_inclusive(". ").map(str::trim);
    parts.filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// One organisation per distinct owner name in the export, its kind read from the name.
fn organisations(records: &[RegisterRecord], rng: &mut Rng) -> Vec<Organisation> {
    let names: BTreeSet<&str> = records.iter().map(|r| r.organisatie.trim()).collect();
    let names = names.into_iter().filter(|n| !n.is_empty());
    let kind_of = |first: &str| match first {
        "gemeente" => OrgKind::Municipality,
        "provincie" => OrgKind::Province,
        "ministerie" => OrgKind::Ministry,
        "waterschap" | "hoogheemraadschap" => OrgKind::WaterBoard,
        "omgevingsdienst" => OrgKind::EnvironmentalService,
        "veiligheidsregio" => OrgKind::SafetyRegion,
        "stichting" => OrgKind::Other,
        _ => OrgKind::Agency,
    };
    let org = |(i, name): (usize, &str)| {
        let kind = kind_of(&name.split(' ').next().unwrap_or_default().to_lowercase());
        let national = matches!(kind, OrgKind::Ministry | OrgKind::Agency);
        Organisation {
            id: i as i64 + 1,
            code: format!("X-{:04}", i + 1),
            kind,
            name: name.to_owned(),
            name_en: None,
            province: (!national).then(|| format!("PV{}", 20 + rng.below(12))),
            website: None,
            aliases: Vec::new(),
        }
    };
    names.enumerate().map(org).collect()
}

/// A practice: a real title, a purpose mixing sentences of 2–3 real records, random owner,
/// status and themes.
fn practice(id: i64, records: &[RegisterRecord], orgs: &[Organisation], rng: &mut Rng) -> Practice {
    let r = rng.pick(records);
    let mut parts: Vec<String> = Vec::new();
    for _ in 0..2 + rng.below(2) {
        let s = sentences(&rng.pick(records).doel);
        let start = rng.below(s.len());
        parts.extend_from_slice(&s[start..(start + 2).min(s.len())]);
    }
    let purpose = parts.join(" ");
    let mut themes: Vec<String> = Vec::new();
    for _ in 0..rng.below(3) {
        let t = rng.pick(vocab::THEMES).key.to_owned();
        if !themes.contains(&t) {
            themes.push(t);
        }
    }
    let mut slug = slugify(&r.title);
    slug.truncate(60);
    let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
    let stamp = format!("2026-{month:02}-{day:02}T12:00:00Z");
    let legal = r.juridische_basis.trim();
    Practice {
        id,
        slug: format!("{}-{id}", slug.trim_end_matches('-')),
        language: Lang::Nl,
        text: PracticeText {
            title: r.title.trim().to_owned(),
            summary: first_sentence(&purpose, 300),
            body: format!("## Doel\n\n{purpose}\n\n## Juridische basis\n\n{legal}"),
            purpose,
            ..Default::default()
        },
        translation: None,
        status: *rng.pick(leerpunt_core::PracticeStatus::ALL),
        owner: rng.pick(orgs).clone(),
        partners: Vec::new(),
        themes,
        techniques: Vec::new(),
        contact: None,
        source: "bench".into(),
        source_id: Some(format!("B{id}")),
        source_url: None,
        started_on: None,
        created_at: stamp.clone(),
        updated_at: stamp,
        review: leerpunt_core::review::Review::Published,
        review_reason: None,
    }
}

/// A post of the living network: a discussion topic or a public help-desk question.
enum Post {
    Topic(SearchTopic),
    Question(SearchQuestion),
}

/// Some real sentences of random records, joined.
fn some_sentences(records: &[RegisterRecord], rng: &mut Rng, n: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    for _ in 0..n {
        let s = sentences(&rng.pick(records).doel);
        parts.push(rng.pick(&s).clone());
    }
    parts.join(" ")
}

/// A topic (even ids) or an answered public question (odd ids): a title asking about a real
/// record's title, an opening text and one to three replies or answers of real sentences.
fn post(id: i64, records: &[RegisterRecord], rng: &mut Rng) -> Post {
    let r = rng.pick(records);
    let asks = [
        "Ervaringen met",
        "Wie werkt aan",
        "Vraag over",
        "Hoe pakken jullie",
    ];
    let title = format!("{} {}?", rng.pick(&asks), r.title.trim().to_lowercase());
    let sentences = 1 + rng.below(2);
    let opening = some_sentences(records, rng, sentences);
    let replies: Vec<String> = (0..1 + rng.below(3))
        .map(|_| {
            let sentences = 1 + rng.below(2);
            some_sentences(records, rng, sentences)
        })
        .collect();
    let themes = vec![rng.pick(vocab::THEMES).key.to_owned()];
    let stamp = format!(
        "2026-{:02}-{:02}T12:00:00Z",
        1 + rng.below(12),
        1 + rng.below(28)
    );
    if id % 2 == 0 {
        let mut posts = vec![opening];
        posts.extend(replies);
        Post::Topic(SearchTopic {
            id,
            community_slug: format!("gemeenschap-{}", id % 40),
            title,
            posts,
            themes,
            last_post_at: stamp,
        })
    } else {
        Post::Question(SearchQuestion {
            id,
            title,
            body: opening,
            lang: Lang::Nl,
            themes,
            answers: replies,
            answered: rng.below(2) == 0,
            updated_at: stamp,
        })
    }
}

type Stop<'a> = &'a mut dyn FnMut(&str) -> bool;

/// Title words as typed (punctuation trimmed), without stop words and short words.
fn content_words<'a>(title: &'a str, stop: Stop) -> Vec<String> {
    let trim = |w: &'a str| w.trim_matches(|c: char| !c.is_alphanumeric());
    let words = title.split_whitespace().map(trim);
    let keep = |w: &&str| w.len() >= 4 && w.chars().all(char::is_alphabetic) && !stop(w);
    words.filter(keep).map(str::to_owned).collect()
}

/// The three query sets (one-word, multi-word, question), derived from the real records.
fn query_sets(records: &[RegisterRecord], rng: &mut Rng, stop: Stop) -> [Vec<String>; 3] {
    let mut df: HashMap<String, usize> = HashMap::new();
    for r in records {
        let words: BTreeSet<String> = analysis::fold_words(&r.title).into_iter().collect();
        for w in words {
            if w.len() >= 5 && w.chars().all(|c| c.is_ascii_alphabetic()) && !stop(&w) {
                *df.entry(w).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize)> = df.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // 50 words spread over the 400 most frequent title words: from very common to rarer.
    let step = (ranked.len().min(400) / 50).max(1);
    let spread = ranked.iter().step_by(step).take(50);
    let one = spread.map(|(w, _)| w.clone()).collect();
    let mut multi = Vec::new();
    while multi.len() < 50 {
        let words = content_words(&rng.pick(records).title, stop);
        if words.len() >= 2 {
            let k = (2 + rng.below(3)).min(words.len());
            let start = rng.below(words.len() - k + 1);
            multi.push(words[start..start + k].join(" "));
        }
    }
    let templates = [
        "Hoe gebruiken andere gemeenten {a} bij {b}?",
        "Welke organisaties hebben ervaring met {a} voor {b}?",
        "Wie werkt er al aan {a} en {b} in de uitvoering?",
    ];
    let mut question = Vec::new();
    while question.len() < 50 {
        if question.len() % 2 == 0 {
            let sents = sentences(&rng.pick(records).doel);
            let words: Vec<&str> = rng.pick(&sents).split_whitespace().collect();
            if words.len() >= 8 {
                question.push(words[..words.len().min(15)].join(" "));
            }
        } else {
            let a = content_words(&rng.pick(records).title, stop);
            let b = content_words(&rng.pick(records).title, stop);
            if a.len() >= 2 && b.len() >= 2 {
                let t = templates[question.len() / 2 % templates.len()];
                let t = t.replace("{a}", &a[..2].join(" "));
                question.push(t.replace("{b}", &b[..2].join(" ")));
            }
        }
    }
    [one, multi, question]
}

/// An FTS5 OR query of quoted tokens; with `drop_stop`, without the words tantivy drops.
fn fts_query(q: &str, drop_stop: bool, stop: Stop) -> String {
    let words = q.split(|c: char| !c.is_alphanumeric());
    let mut keep = |w: &&str| !w.is_empty() && (!drop_stop || !stop(w));
    let quoted = words
        .filter(&mut keep)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")));
    quoted.collect::<Vec<_>>().join(" OR ")
}

/// p50, p99 and mean in milliseconds.
#[derive(Clone, Copy)]
struct Stats(f64, f64, f64);

/// Warms up (counting the items with hits), then times every item `rounds` times.
fn measure<T>(items: &[T], rounds: usize, mut run: impl FnMut(&T) -> usize) -> (Stats, usize) {
    let hits = items.iter().filter(|x| run(x) > 0).count();
    let mut ms = Vec::with_capacity(items.len() * rounds);
    for _ in 0..rounds {
        for x in items {
            let t = Instant::now();
            std::hint::black_box(run(x));
            ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    (Stats(at(0.50), at(0.99), mean), hits)
}

/// Peak and current resident memory, from `/proc/self/status`.
fn mem() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let mib = |key: &str| -> f64 {
        let line = status.lines().find(|l| l.starts_with(key));
        let kb = line.and_then(|l| l.split_whitespace().nth(1)?.parse().ok());
        kb.unwrap_or(0.0) / 1024.0
    };
    let (hwm, rss) = (mib("VmHWM:"), mib("VmRSS:"));
    format!("VmHWM {hwm:.0} MiB (VmRSS {rss:.0} MiB)")
}

/// Builds the index as `sync::build` does (dictionary, documents, one commit); returns the index
/// and the seconds spent on the dictionary, handing documents over, and documents + commit.
fn build_tantivy(dir: &Path, corpus: &[Practice], posts: &[Post]) -> Res<(SearchIndex, [f64; 3])> {
    let t = Instant::now();
    let texts: Vec<String> = corpus.iter().map(docs::dictionary_text).collect();
    let glossary = Glossary::builtin()?;
    let glossary_nl: Vec<&str> = glossary
        .terms()
        .iter()
        .flat_map(|t| &t.nl)
        .map(|w| w.as_str())
        .collect();
    let glossary_nl = glossary_nl.join("\n");
    let all = texts.iter().map(String::as_str);
    let dict = Dictionary::from_texts(all.chain(std::iter::repeat_n(glossary_nl.as_str(), 2)), 2);
    let dict_s = t.elapsed().as_secs_f64();
    let index = SearchIndex::create(dir, dict)?;
    let t = Instant::now();
    for p in corpus {
        index.add_new(docs::practice_doc(index.fields(), p))?;
    }
    for p in posts {
        index.add_new(match p {
            Post::Topic(t) => docs::topic_doc(index.fields(), t),
            Post::Question(q) => docs::question_doc(index.fields(), q),
        })?;
    }
    let add_s = t.elapsed().as_secs_f64();
    index.commit(0)?;
    // As a full build does: one segment.
    index.optimize()?;
    Ok((index, [dict_s, add_s, t.elapsed().as_secs_f64()]))
}

/// Waits until background merges settle (meta.json unchanged for 3 s), then reloads; segments.
fn settle(index: &SearchIndex, dir: &Path) -> Res<usize> {
    let (started, mut last, mut stable) = (Instant::now(), String::new(), Instant::now());
    let meta = || std::fs::read_to_string(dir.join("meta.json")).unwrap_or_default();
    let secs = Duration::from_secs;
    while started.elapsed() < secs(180) && stable.elapsed() < secs(3) {
        std::thread::sleep(Duration::from_millis(250));
        if meta() != last {
            (last, stable) = (meta(), Instant::now());
        }
    }
    index.commit(0)?;
    let meta: serde_json::Value = serde_json::from_str(&meta())?;
    Ok(meta["segments"].as_array().map_or(0, Vec::len))
}

/// Loads title and purpose into an FTS5 table (one transaction, then `optimize`).
async fn build_fts(conn: &mut SqliteConnection, corpus: &[Practice]) -> Result<(), sqlx::Error> {
    sqlx::query(CREATE).execute(&mut *conn).await?;
    let mut tx = conn.begin().await?;
    for p in corpus {
        let q = sqlx::query(INSERT).bind(p.id).bind(&p.text.title);
        let q = q.bind(&p.text.purpose).bind(p.owner.kind.key());
        let themes = format!("|{}|", p.themes.join("|"));
        q.bind(themes).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let optimize = sqlx::query("INSERT INTO p(p) VALUES ('optimize')");
    optimize.execute(&mut *conn).await?;
    let checkpoint = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)");
    checkpoint.execute(&mut *conn).await?;
    Ok(())
}

fn main() -> Res<()> {
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load_start = load();
    let n = env_usize("LEERPUNT_BENCH_N", 100_000);
    let rounds = env_usize("LEERPUNT_BENCH_ROUNDS", 5).max(1);
    let corpus_env = std::env::var_os("LEERPUNT_BENCH_CORPUS");
    let path = corpus_env.clone().map(PathBuf::from).unwrap_or_else(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        root.join("algoritmeregister/algoritmes-2026-08-08.json")
    });
    let path = path.canonicalize().unwrap_or(path);
    let records = load_records(&path);
    let mut stop_analyzer = analysis::dutch(&Dictionary::default());
    let mut stop = |w: &str| analysis::terms(&mut stop_analyzer, w).is_empty();
    let mut rng = Rng(0x1EE2_70E7);
    let orgs = organisations(&records, &mut rng);
    let make = |id| practice(id, &records, &orgs, &mut rng);
    let corpus: Vec<Practice> = (1..=n as i64).map(make).collect();
    let posts_n = env_usize("LEERPUNT_BENCH_POSTS", n);
    let posts: Vec<Post> = (1..=posts_n as i64)
        .map(|id| post(id, &records, &mut rng))
        .collect();
    let sets = query_sets(&records, &mut rng, &mut stop);
    let themes: Vec<&str> = vocab::THEMES.iter().map(|t| t.key).collect();
    let mem_corpus = mem();

    let tmp = tempfile::tempdir()?;
    let index_dir = tmp.path().join("search");
    let (index, [dict_s, add_s, index_s]) = build_tantivy(&index_dir, &corpus, &posts)?;
    let docs_n = (n + posts_n) as u64;
    assert_eq!(
        index.num_docs(),
        docs_n,
        "every practice and post is in the index"
    );
    let (build_s, mem_build) = (dict_s + index_s, mem());
    let segments = settle(&index, &index_dir)?;
    let sizes = std::fs::read_dir(&index_dir)?
        .flatten()
        .map(|e| e.metadata());
    let index_mb = sizes.flatten().map(|m| m.len() as f64 / 1e6).sum::<f64>();

    let profile_s = env_usize("LEERPUNT_BENCH_PROFILE", 0);
    if profile_s > 0 {
        eprintln!("search bench: built; repeating the every-kind questions for {profile_s} s");
        let (started, mut searches) = (Instant::now(), 0_usize);
        while started.elapsed() < Duration::from_secs(profile_s as u64) {
            for q in &sets[2] {
                let req = SearchRequest {
                    q: q.clone(),
                    limit: 10,
                    ..Default::default()
                };
                std::hint::black_box(index.search(&req)?);
                searches += 1;
            }
        }
        eprintln!("search bench: {searches} searches");
        return Ok(());
    }

    let rt = Builder::new_current_thread().enable_all().build()?;
    let db_path = tmp.path().join("fts.db");
    let opts = SqliteConnectOptions::new().filename(&db_path);
    let opts = opts.create_if_missing(true);
    let opts = opts.journal_mode(SqliteJournalMode::Wal);
    let opts = opts.synchronous(SqliteSynchronous::Normal);
    let mut conn = rt.block_on(opts.connect())?;
    let t = Instant::now();
    rt.block_on(build_fts(&mut conn, &corpus))?;
    let (fts_s, mem_fts) = (t.elapsed().as_secs_f64(), mem());
    let fts_mb = std::fs::metadata(&db_path)?.len() as f64 / 1e6;
    let mut fts = |sql: &str, binds: &[String]| -> usize {
        if binds.first().is_some_and(|b| b.is_empty()) {
            return 0; // only stop words: nothing to look for
        }
        let query = sqlx::query_scalar::<_, i64>(sql);
        let query = binds.iter().fold(query, |q, b| q.bind(b));
        rt.block_on(query.fetch_all(&mut conn)).expect("FTS5").len()
    };
    let (rtt, _) = measure(&[(); 200], 1, |_| fts("SELECT 1", &[]));

    // The organisation-kind facet.
    let kind_facet = "org_kind";
    let (mut rows, mut worst_p99) = (Vec::new(), 0.0_f64);
    for facets in [false, true] {
        for (name, set) in ["one-word", "multi-word", "question"].iter().zip(&sets) {
            let theme = |i: usize| themes[i % themes.len()];
            let request = |(i, q): (usize, &String)| {
                let mut filters = BTreeMap::new();
                if facets {
                    filters.insert(kind_facet.to_owned(), vec!["municipality".to_owned()]);
                    filters.insert("theme".to_owned(), vec![theme(i).to_owned()]);
                }
                let (q, kind) = (q.clone(), Some(DocKind::Practice));
                SearchRequest {
                    q,
                    kind,
                    filters,
                    limit: 10,
                    ..Default::default()
                }
            };
            let reqs: Vec<SearchRequest> = set.iter().enumerate().map(request).collect();
            let (ts, hits) = measure(&reqs, rounds, |r| {
                index.search(r).expect("search").hits.len()
            });
            let binds = |(i, q): (usize, &String)| {
                let m = fts_query(q, true, &mut stop);
                let facet = ["municipality".to_owned(), format!("|{}|", theme(i))];
                std::iter::once(m)
                    .chain(facet.into_iter().filter(|_| facets))
                    .collect()
            };
            let fq: Vec<Vec<String>> = set.iter().enumerate().map(binds).collect();
            let sql = if facets { FTS_FACET } else { FTS };
            let (fs, fhits) = measure(&fq, rounds, |b| fts(sql, b));
            let label = format!("{name}{}", if facets { " + facets" } else { "" });
            assert!(hits * 5 > 200, "{label}: only {hits} queries had hits");
            worst_p99 = worst_p99.max(ts.1);
            rows.push(format!(
                "| {label} | {hits}/50 | {:.2} | {:.2} | {:.2} | {fhits}/50 | {:.2} | {:.2} | {:.1}× | {:.1}× |",
                ts.0, ts.1, ts.2, fs.0, fs.1, fs.0 / ts.0, fs.1 / ts.1
            ));
        }
    }
    // Questions over every kind (practices, posts, organisations), as `/zoeken` asks by default.
    let every: Vec<SearchRequest> = sets[2]
        .iter()
        .map(|q| SearchRequest {
            q: q.clone(),
            limit: 10,
            ..Default::default()
        })
        .collect();
    let (es, ehits) = measure(&every, rounds, |r| {
        index.search(r).expect("search").hits.len()
    });
    worst_p99 = worst_p99.max(es.1);
    let (a, b, c) = (es.0, es.1, es.2);
    rows.push(format!("| question, every kind (facets incl. kind) | {ehits}/50 | {a:.2} | {b:.2} | {c:.2} | – | – | – | – | – |"));
    // The literal FTS5 translation (stop words kept), to compare with the question row.
    let raw = sets[2].iter().map(|q| vec![fts_query(q, false, &mut stop)]);
    let raw: Vec<Vec<String>> = raw.collect();
    let (rs, rhits) = measure(&raw, rounds, |m| fts(FTS, m));
    let (a, b) = (rs.0, rs.1);
    rows.push(format!("| question, FTS5 keeping stop words | – | – | – | – | {rhits}/50 | {a:.2} | {b:.2} | – | – |"));
    // Matchmaking on the question set, asked by a municipality (top 10).
    let o = orgs.iter().find(|o| o.kind == OrgKind::Municipality);
    let o = o.unwrap_or(&orgs[0]).clone();
    let asker = Asker {
        code: o.code,
        kind: o.kind,
        province: o.province,
        size: None,
    };
    let (ms, mhits) = measure(&sets[2], rounds, |q| {
        let m = index.match_question(q, Some(&asker), Lang::Nl, 10);
        m.expect("match").matches.practices.len()
    });
    assert!(mhits * 5 > 200, "match: only {mhits} questions had matches");
    let (a, b, c) = (ms.0, ms.1, ms.2);
    rows.push(format!("| match (question, `match_question`) | {mhits}/50 | {a:.2} | {b:.2} | {c:.2} | – | – | – | – | – |"));

    let ok = |met: bool| if met { "met" } else { "**MISSED**" };
    // The same with search by meaning, when the model is in `models/`. The practices' vectors
    // are random unit vectors (embedding 100,000 texts takes hours on 2 cores, and what the scan
    // costs does not depend on what they say); the questions are embedded by the real model.
    // "New": every question embedded anew (the kept question vectors are dropped before each
    // round); "again": a question asked before (a next page, a facet, search then match).
    let model = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../models")
        .join(leerpunt_embed::MODEL_FILE);
    let mut meaning_ok = String::from("not measured (no model in `models/`: tools/fetch-model.sh)");
    if model.exists() {
        let meaning = Arc::new(dense::Meaning::load(&model)?);
        let d = dense::Dense::new(meaning.clone());
        {
            let mut set = d.set.write().expect("set");
            let mut state = 11;
            for p in &corpus {
                set.put(p.id, &random_unit(&mut state));
            }
        }
        index.set_dense(Some(Arc::new(d)));
        let practice = |q: &String| SearchRequest {
            q: q.clone(),
            kind: Some(DocKind::Practice),
            limit: 10,
            ..Default::default()
        };
        let new_questions = |run: &dyn Fn(&String) -> usize| -> Stats {
            let mut ms = Vec::new();
            for _ in 0..rounds {
                meaning.forget_questions();
                for q in &sets[2] {
                    let t = Instant::now();
                    std::hint::black_box(run(q));
                    ms.push(t.elapsed().as_secs_f64() * 1e3);
                }
            }
            ms.sort_by(f64::total_cmp);
            let at = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
            Stats(at(0.5), at(0.99), ms.iter().sum::<f64>() / ms.len() as f64)
        };
        let search = |q: &String| index.search(&practice(q)).expect("search").hits.len();
        let matched = |q: &String| {
            let m = index.match_question(q, Some(&asker), Lang::Nl, 10);
            m.expect("match").matches.practices.len()
        };
        let (again, shits) = measure(&sets[2], rounds, search);
        let new = new_questions(&search);
        rows.push(format!("| question, practices, by meaning too, new question | {shits}/50 | {:.2} | {:.2} | {:.2} | – | – | – | – | – |", new.0, new.1, new.2));
        rows.push(format!("| question, practices, by meaning too, asked again | {shits}/50 | {:.2} | {:.2} | {:.2} | – | – | – | – | – |", again.0, again.1, again.2));
        let (magain, mhits) = measure(&sets[2], rounds, matched);
        let mnew = new_questions(&matched);
        rows.push(format!("| match, by meaning too, new question | {mhits}/50 | {:.2} | {:.2} | {:.2} | – | – | – | – | – |", mnew.0, mnew.1, mnew.2));
        rows.push(format!("| match, by meaning too, asked again | {mhits}/50 | {:.2} | {:.2} | {:.2} | – | – | – | – | – |", magain.0, magain.1, magain.2));
        meaning_ok = format!(
            "search p99 {:.2} ms new / {:.2} ms asked again (< 10: {} / {}); match p99 {:.2} / {:.2} ms (< 25: {} / {})",
            new.1, again.1, ok(new.1 < 10.0), ok(again.1 < 10.0),
            mnew.1, magain.1, ok(mnew.1 < 25.0), ok(magain.1 < 25.0)
        );
    }

    let rate = |s: f64| format!("{:.0}", docs_n as f64 / s);
    let (build_rate, index_rate) = (rate(build_s), rate(index_s));
    let fts_rate = format!("{:.0}", n as f64 / fts_s);
    let (build_ok, search_ok) = (ok(docs_n as f64 / build_s > 5000.0), ok(worst_p99 < 10.0));
    let (match_p99, match_ok, commit_s) = (ms.1, ok(ms.1 < 25.0), index_s - add_s);
    let (records_n, orgs_n, samples, rtt) = (records.len(), orgs.len(), 50 * rounds, rtt.0);
    let mut cmd = format!(
        "LEERPUNT_BENCH_N={n} LEERPUNT_BENCH_POSTS={posts_n} LEERPUNT_BENCH_ROUNDS={rounds}"
    );
    if corpus_env.is_some() {
        cmd += &format!(" LEERPUNT_BENCH_CORPUS={}", path.display());
    }
    println!(
        "# leerpunt-search bench: {n} synthetic practices + {posts_n} posts

Corpus: {n} practices generated from {records_n} real records of `{}` ({orgs_n} organisations, \
{} themes), and {posts_n} posts of the living network (discussion topics and public help-desk \
questions with one to three replies or answers, from the same records) in the same index. Queries: 50 one-word, 50 multi-word, 50 question-length, derived from the records; \
1 warm-up + {rounds} timed rounds ({samples} samples per row). Facets: \
`{kind_facet}=municipality` + one theme per query.

## Build

- tantivy, whole build (dictionary + indexing + commit): {build_s:.2} s = **{build_rate} \
documents/s** (target > 5,000: {build_ok})
  - dictionary {dict_s:.2} s; indexing: add {add_s:.2} s + commit {commit_s:.2} s = \
{index_s:.2} s = {index_rate} documents/s
  - index on disk: {index_mb:.1} MB, {segments} segment(s) once background merges settled
- FTS5 (title + purpose; one transaction + optimize): {fts_s:.2} s = {fts_rate} practices/s, \
{fts_mb:.1} MB
- memory with the corpus generated: {mem_corpus}; after the tantivy build: {mem_build}; after \
the FTS5 build: {mem_fts}

## Query latency (ms)

Ratio = FTS5 / tantivy (> 1: tantivy faster). tantivy: `SearchIndex::search` end to end \
(question analysis, glossary, BM25, facet counts over all matches, stored documents, snippets). \
FTS5: rowids only, stop words dropped as tantivy does, through sqlx (`SELECT 1` round trip p50 \
{rtt:.3} ms).

| workload | tantivy hits | tantivy p50 | tantivy p99 | tantivy mean | FTS5 hits | FTS5 p50 | \
FTS5 p99 | ratio p50 | ratio p99 |
|---|---|---|---|---|---|---|---|---|---|
{}

- search p99 < 10 ms: {search_ok} (worst p99 {worst_p99:.2} ms)
- match p99 < 25 ms: {match_ok} (p99 {match_p99:.2} ms)
- by meaning too: {meaning_ok}
- peak memory (whole run): {}
- load average (1/5/15 min) at start: {}; at end: {}

Rerun: `{cmd} cargo bench -p leerpunt-search --bench search`",
        path.display(),
        themes.len(),
        rows.join("\n"),
        mem(),
        load_start.trim(),
        load().trim()
    );
    Ok(())
}
