//! Integration tests of the store on a real database: the register, demo data and the Algorithm
//! Register import. SQLite files by default; with `LEERPUNT_TEST_DATABASE_URL` set to a
//! PostgreSQL server, every test runs on a scratch database of its own there instead.

mod accounts;
mod communities;
mod stepplan;
mod writers;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use leerpunt_core::import::{RegisterExport, RegisterRecord};
use leerpunt_core::paging::PageRequest;
use leerpunt_core::{OrgKind, PracticeStatus};
use leerpunt_store::scratch::ScratchDb;
use leerpunt_store::{DatabaseUrl, OrgFilter, PasswordCost, PracticeFilter, Store, StoreError};

fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// A test's own database: an SQLite file in a temporary directory, or a scratch database on the
/// PostgreSQL server the environment names (dropped with this value).
pub struct TestDb {
    dir: tempfile::TempDir,
    pg: Option<ScratchDb>,
}

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let pg = ScratchDb::from_env().await;
        Self { dir, pg }
    }

    pub fn url(&self) -> DatabaseUrl {
        match &self.pg {
            Some(pg) => pg.url().clone(),
            None => DatabaseUrl::Sqlite(self.dir.path().join(leerpunt_store::DB_FILE)),
        }
    }

    pub async fn open(&self) -> Store {
        Store::connect(&self.url())
            .await
            .unwrap()
            .with_password_cost(PasswordCost::Fast)
    }

    /// A direct connection beside the store's, for what no store function changes.
    pub async fn raw(&self) -> sqlx::AnyPool {
        let url = match self.url() {
            DatabaseUrl::Postgres(url) => url,
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        };
        sqlx::AnyPool::connect(&url).await.unwrap()
    }
}

/// A fresh store with the register of public bodies.
pub async fn store() -> (TestDb, Store) {
    let db = TestDb::new().await;
    let store = db.open().await;
    store.ensure_register().await.unwrap();
    (db, store)
}

fn register_records() -> Vec<RegisterRecord> {
    let path = shared_data().join("algoritmeregister/algoritmes-2026-08-08.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice::<RegisterExport>(&bytes)
        .unwrap()
        .algoritmes
}

#[tokio::test]
async fn register_is_complete_and_consistent() {
    let seeds = leerpunt_store::seed::register().unwrap();
    let count = |k: OrgKind| seeds.iter().filter(|s| s.kind == k).count();
    assert_eq!(count(OrgKind::Municipality), 342);
    assert_eq!(count(OrgKind::Province), 12);
    assert_eq!(count(OrgKind::WaterBoard), 21);
    assert!(count(OrgKind::Ministry) >= 12);
    assert!(count(OrgKind::Agency) >= 20);
    let provinces: HashSet<_> = seeds
        .iter()
        .filter(|s| s.kind == OrgKind::Province)
        .map(|s| s.code.clone())
        .collect();
    for m in seeds.iter().filter(|s| s.kind == OrgKind::Municipality) {
        let p = m
            .province
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no province", m.code));
        assert!(
            provinces.contains(p),
            "{} lies in unknown province {p}",
            m.code
        );
    }
    let codes: HashSet<_> = seeds.iter().map(|s| &s.code).collect();
    assert_eq!(codes.len(), seeds.len(), "codes are unique");
    // Facts spot-checked against the boundaries: Amsterdam in Noord-Holland, Maastricht in Limburg.
    let province_of = |code: &str| {
        seeds
            .iter()
            .find(|s| s.code == code)
            .and_then(|s| s.province.clone())
    };
    assert_eq!(province_of("GM0363").as_deref(), Some("PV27"));
    assert_eq!(province_of("GM0935").as_deref(), Some("PV31"));
    assert_eq!(province_of("GM0014").as_deref(), Some("PV20"));
}

/// A closed ring of a boundary, as (longitude, latitude) points.
type Ring = Vec<[f64; 2]>;

fn read_geojson(name: &str) -> serde_json::Value {
    let path = shared_data().join("geo").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

/// The polygons of a MultiPolygon feature, each as its rings (the outline, then any holes).
fn polygons(feature: &serde_json::Value) -> Vec<Vec<Ring>> {
    assert_eq!(feature["geometry"]["type"], "MultiPolygon");
    serde_json::from_value(feature["geometry"]["coordinates"].clone()).unwrap()
}

/// Whether a point lies inside a set of rings (even-odd rule, so holes and islands count right).
fn contains(rings: &[Ring], [x, y]: [f64; 2]) -> bool {
    let mut inside = false;
    for edge in rings.iter().flat_map(|ring| ring.windows(2)) {
        let ([x1, y1], [x2, y2]) = (edge[0], edge[1]);
        if (y1 > y) != (y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1 {
            inside = !inside;
        }
    }
    inside
}

/// A point well inside a polygon: the middle of the widest stretch of the polygon on the parallel
/// halfway between its southern and northern extremes.
fn interior_point(polygon: &[Ring]) -> [f64; 2] {
    let (south, north) = polygon
        .iter()
        .flatten()
        .fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p[1]), hi.max(p[1]))
        });
    let y = (south + north) / 2.0;
    let mut crossings: Vec<f64> = polygon
        .iter()
        .flat_map(|ring| ring.windows(2))
        .filter(|e| (e[0][1] > y) != (e[1][1] > y))
        .map(|e| (e[1][0] - e[0][0]) * (y - e[0][1]) / (e[1][1] - e[0][1]) + e[0][0])
        .collect();
    crossings.sort_by(f64::total_cmp);
    let (_, x) = crossings
        .chunks_exact(2)
        .map(|c| (c[1] - c[0], (c[0] + c[1]) / 2.0))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .expect("the middle parallel crosses the polygon");
    [x, y]
}

#[tokio::test]
async fn municipality_provinces_match_the_boundary_files() {
    // Every municipality of the boundary file is in the register under the same code, and a
    // point inside the municipality lies inside the register's province for it and no other.
    let seeds = leerpunt_store::seed::register().unwrap();
    let province_of: HashMap<&str, Option<&str>> = seeds
        .iter()
        .map(|s| (s.code.as_str(), s.province.as_deref()))
        .collect();
    let provinces: Vec<(String, Vec<Ring>)> = read_geojson("provinciegrenzen.geojson")["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let code = f["properties"]["statcode"].as_str().unwrap().to_owned();
            (code, polygons(f).concat())
        })
        .collect();
    assert_eq!(provinces.len(), 12);
    let municipalities = read_geojson("gemeentegrenzen-2024.geojson");
    let features = municipalities["features"].as_array().unwrap();
    assert_eq!(features.len(), 342);
    for f in features {
        let code = f["properties"]["statcode"].as_str().unwrap();
        let registered = province_of
            .get(code)
            .unwrap_or_else(|| panic!("{code} missing from the register"));
        let parts = polygons(f);
        let largest = parts.iter().max_by_key(|p| p[0].len()).unwrap();
        let point = interior_point(largest);
        assert!(contains(&parts.concat(), point), "{code}: {point:?}");
        let containing: Vec<&str> = provinces
            .iter()
            .filter(|(_, rings)| contains(rings, point))
            .map(|(province, _)| province.as_str())
            .collect();
        assert_eq!(containing, registered.as_slice(), "{code} at {point:?}");
    }
}

#[tokio::test]
async fn register_loads_once() {
    let (_dir, store) = store().await;
    assert_eq!(
        store.ensure_register().await.unwrap(),
        0,
        "second load is a no-op"
    );
    let (_, total) = store
        .organisations(&OrgFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        total as usize,
        leerpunt_store::seed::register().unwrap().len()
    );
}

#[tokio::test]
async fn imports_the_algorithm_register_idempotently() {
    let (_dir, store) = store().await;
    let records = register_records();
    assert_eq!(records.len(), 1530);
    let mut seen = 0;
    let summary = store
        .import_register(&records, &mut |n| seen = n)
        .await
        .unwrap();
    assert_eq!(seen, 1530, "progress reached the end");
    assert_eq!(summary.created, 1530);
    assert_eq!(summary.updated, 0);
    assert!(summary.rejected.is_empty(), "{:?}", summary.rejected);

    let filter = PracticeFilter {
        source: Some("algoritmeregister".into()),
        ..Default::default()
    };
    let (_, total) = store
        .practices(&filter, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(total, 1530);

    // 336 distinct organisations own them; the well-known ones attach to the register.
    let names: HashSet<_> = records
        .iter()
        .map(|r| r.organisatie.trim().to_owned())
        .collect();
    assert_eq!(names.len(), 336);
    let mut owners = HashSet::new();
    for name in &names {
        owners.insert(
            store
                .organisation_code_by_name(name)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{name} not attached")),
        );
    }
    assert_eq!(owners.len(), 336);
    for (name, code) in [
        ("Ministerie van Financiën", "MIN-FIN"),
        ("Belastingdienst", "AG-BD"),
        ("Gemeente Amsterdam", "GM0363"),
        ("Provincie Groningen", "PV20"),
    ] {
        assert_eq!(
            store
                .organisation_code_by_name(name)
                .await
                .unwrap()
                .as_deref(),
            Some(code),
            "{name}"
        );
    }
    let unknown: Vec<_> = summary.new_organisations.iter().collect();
    assert!(
        !unknown.is_empty(),
        "the export names organisations outside the register"
    );
    assert!(
        unknown.len() < 40,
        "too many unknown organisations: {unknown:?}"
    );
    for name in &unknown {
        let code = store
            .organisation_code_by_name(name)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            store.organisation(&code).await.unwrap().kind,
            OrgKind::Other
        );
    }

    // Statuses map: every record's status is reflected.
    let by_status: HashMap<&str, usize> = records.iter().fold(HashMap::new(), |mut m, r| {
        *m.entry(r.status.as_str()).or_default() += 1;
        m
    });
    let stopped = PracticeFilter {
        status: Some(PracticeStatus::Stopped),
        ..filter.clone()
    };
    assert_eq!(
        store
            .practices(&stopped, PageRequest::default())
            .await
            .unwrap()
            .1 as usize,
        by_status["buiten_gebruik"]
    );

    // Source ids are kept.
    let first = &records[0];
    let (page, _) = store
        .practices(
            &PracticeFilter {
                organisation: Some(owners.iter().next().unwrap().clone()),
                ..Default::default()
            },
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert!(!page.is_empty());
    assert!(page.iter().all(|p| p.source_id.is_some()), "{page:?}");
    let p = store
        .practice(
            &leerpunt_core::import::register_record_to_practice(first, "X")
                .unwrap()
                .slug
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(p.source_id.as_deref(), Some(first.id.as_str()));
    assert_eq!(p.text.title, first.title.trim());

    // A second run updates and never duplicates.
    let changes_before = store.last_change().await.unwrap();
    let again = store.import_register(&records, &mut |_| {}).await.unwrap();
    assert_eq!((again.created, again.updated), (0, 1530));
    assert!(again.new_organisations.is_empty());
    assert_eq!(
        store
            .practices(&filter, PageRequest::default())
            .await
            .unwrap()
            .1,
        1530
    );
    assert!(
        store.last_change().await.unwrap() > changes_before,
        "updates are in the change log"
    );
}

#[tokio::test]
async fn bad_records_are_rejected_with_reasons_and_good_ones_kept() {
    let (_dir, store) = store().await;
    let mut records: Vec<RegisterRecord> = register_records().into_iter().take(3).collect();
    records[1].status = "verzonnen".into();
    records[2].title = String::new();
    let summary = store.import_register(&records, &mut |_| {}).await.unwrap();
    assert_eq!(summary.created, 1);
    assert_eq!(summary.rejected.len(), 2);
    assert!(
        summary.rejected[0].1.contains("status"),
        "{:?}",
        summary.rejected
    );
    assert!(
        summary.rejected[1].1.contains("title"),
        "{:?}",
        summary.rejected
    );
}

#[tokio::test]
async fn demo_practices_load_with_translations() {
    let (_dir, store) = store().await;
    let n = store.load_demo().await.unwrap();
    assert!(n >= 40, "only {n} demo practices");
    assert_eq!(
        store.load_demo().await.unwrap(),
        n,
        "reloading is idempotent"
    );
    let filter = PracticeFilter {
        source: Some("demo".into()),
        ..Default::default()
    };
    let (items, total) = store
        .practices(
            &filter,
            PageRequest {
                page: 1,
                per_page: 100,
            },
        )
        .await
        .unwrap();
    assert_eq!(total as usize, n);
    assert_eq!(items.len(), n, "all demo practices are on the page");
    for p in &items {
        assert!(p.is_demo());
        let en = p
            .translation
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no English translation", p.slug));
        assert!(!en.title.is_empty() && !en.body.is_empty(), "{}", p.slug);
        assert!(!p.themes.is_empty(), "{}", p.slug);
    }
    for theme in [
        "armoede-en-schulden",
        "energietransitie",
        "ondermijning",
        "mest-en-landbouw",
        "infrastructuur",
        "datakwaliteit",
        "publieke-waarden",
    ] {
        let f = PracticeFilter {
            theme: Some(theme.into()),
            ..filter.clone()
        };
        assert!(
            store.practices(&f, PageRequest::default()).await.unwrap().1 >= 2,
            "few demo practices on {theme}"
        );
    }
}

#[tokio::test]
async fn filters_narrow_by_kind_province_and_organisation() {
    let (_dir, store) = store().await;
    store.load_demo().await.unwrap();
    let all = store
        .practices(
            &PracticeFilter::default(),
            PageRequest {
                page: 1,
                per_page: 100,
            },
        )
        .await
        .unwrap()
        .0;
    let municipal = PracticeFilter {
        kind: Some(OrgKind::Municipality),
        ..Default::default()
    };
    let (items, total) = store
        .practices(
            &municipal,
            PageRequest {
                page: 1,
                per_page: 100,
            },
        )
        .await
        .unwrap();
    assert!(total > 0 && (total as usize) < all.len());
    assert_eq!(items.len() as i64, total);
    assert!(items.iter().all(|p| p.owner.kind == OrgKind::Municipality));
    let p = all
        .iter()
        .find(|x| x.owner.province.is_some())
        .expect("a demo practice of an organisation in a province");
    let by_org = PracticeFilter {
        organisation: Some(p.owner.code.clone()),
        ..Default::default()
    };
    let owned = store
        .practices(&by_org, PageRequest::default())
        .await
        .unwrap()
        .0;
    assert!(owned.iter().any(|x| x.id == p.id));
    assert!(
        owned
            .iter()
            .all(|x| x.owner.code == p.owner.code
                || x.partners.iter().any(|o| o.code == p.owner.code)),
        "the organisation owns or partners in every practice listed"
    );
    let province = p.owner.province.clone().unwrap();
    let f = PracticeFilter {
        province: Some(province.clone()),
        ..Default::default()
    };
    let in_province = store
        .practices(
            &f,
            PageRequest {
                page: 1,
                per_page: 100,
            },
        )
        .await
        .unwrap()
        .0;
    assert!(in_province.iter().any(|x| x.id == p.id));
    assert!(in_province
        .iter()
        .all(|x| x.owner.province.as_ref() == Some(&province)));
    assert!(in_province.len() < all.len());
    // Per-organisation counts (one query) agree with the practices themselves, zero included.
    let idle = store.organisation("MIN-DEF").await.unwrap();
    let counts = store.practice_counts(&[p.owner.id, idle.id]).await.unwrap();
    let owned_by = |id: i64| all.iter().filter(|x| x.owner.id == id).count() as i64;
    assert_eq!(counts[&p.owner.id], owned_by(p.owner.id));
    assert_eq!(counts[&idle.id], owned_by(idle.id));
    assert_eq!(
        store
            .count_practices(&PracticeFilter::default())
            .await
            .unwrap() as usize,
        all.len()
    );
    let related = store.related_practices(p, 4).await.unwrap();
    assert!(!related.is_empty(), "{} has related practices", p.slug);
    assert!(related.iter().all(|r| r.id != p.id));
}

#[tokio::test]
async fn invalid_practices_change_nothing() {
    let (_dir, store) = store().await;
    let mut p = leerpunt_store::seed::demo_practices().unwrap().remove(0);
    p.owner = "GM9999".into();
    let before = store.last_change().await.unwrap();
    match store.upsert_practice(&p).await {
        Err(StoreError::Invalid(e)) => {
            assert!(e.to_string().contains("unknown organisation"), "{e}")
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    assert_eq!(store.last_change().await.unwrap(), before);
    assert_eq!(store.counts().await.unwrap().practices, 0);
}

#[tokio::test]
async fn data_survives_reopening() {
    let db = TestDb::new().await;
    let slugs = |practices: Vec<leerpunt_core::Practice>| -> Vec<String> {
        practices.into_iter().map(|p| p.slug).collect()
    };
    let (counts, written) = {
        let store = db.open().await;
        store.ensure_register().await.unwrap();
        store.load_demo().await.unwrap();
        let counts = store.counts().await.unwrap();
        let written = slugs(store.all_practices().await.unwrap());
        store.close().await;
        (counts, written)
    };
    assert!(counts.practices >= 40);
    let store = db.open().await;
    let reopened = store.counts().await.unwrap();
    assert_eq!(
        (
            reopened.practices,
            reopened.active_organisations,
            reopened.organisations
        ),
        (
            counts.practices,
            counts.active_organisations,
            counts.organisations
        )
    );
    assert_eq!(slugs(store.all_practices().await.unwrap()), written);
}

#[tokio::test]
async fn practice_vectors_are_stored_replaced_and_read_back() {
    let (db, store) = store().await;
    store.load_demo().await.unwrap();
    let (items, _) = store
        .practices(
            &PracticeFilter::default(),
            PageRequest {
                page: 1,
                per_page: 3,
            },
        )
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    let vector =
        |seed: i8| -> Vec<i8> { (0..8).map(|i| (i as i8 * 16).wrapping_mul(seed)).collect() };
    let mut first: Vec<leerpunt_store::PracticeVector> = items
        .iter()
        .enumerate()
        .map(|(i, p)| leerpunt_store::PracticeVector {
            practice_id: p.id,
            text_hash: format!("h{i}"),
            vector: vector(i as i8 + 1),
        })
        .collect();
    first.sort_by_key(|v| v.practice_id);
    store.put_practice_vectors("m1", &first).await.unwrap();
    assert_eq!(store.practice_vectors("m1", None).await.unwrap(), first);
    assert!(
        store.practice_vectors("m2", None).await.unwrap().is_empty(),
        "another model's are apart"
    );

    // A changed text replaces the vector; a vanished practice is skipped, not an error.
    let changed = leerpunt_store::PracticeVector {
        practice_id: items[1].id,
        text_hash: "h-new".into(),
        vector: vector(-7),
    };
    let gone = leerpunt_store::PracticeVector {
        practice_id: 9_999_999,
        ..changed.clone()
    };
    store
        .put_practice_vectors("m1", &[changed.clone(), gone])
        .await
        .unwrap();
    let some = store
        .practice_vectors("m1", Some(&[items[1].id, 9_999_999]))
        .await
        .unwrap();
    assert_eq!(some, vec![changed]);
    assert_eq!(store.practice_vectors("m1", None).await.unwrap().len(), 3);

    // Deleting a practice deletes its vector.
    let raw = db.raw().await;
    sqlx::query("DELETE FROM practices WHERE id = $1")
        .bind(items[0].id)
        .execute(&raw)
        .await
        .unwrap();
    let left: Vec<i64> = store
        .practice_vectors("m1", None)
        .await
        .unwrap()
        .iter()
        .map(|v| v.practice_id)
        .collect();
    let mut want = vec![items[1].id, items[2].id];
    want.sort();
    assert_eq!(left, want);
}

#[tokio::test]
async fn populations_are_listed_per_kind_of_organisation() {
    let (_db, store) = store().await;
    let set = |code: &'static str, population: Option<i64>| {
        let store = store.clone();
        async move {
            let profile = leerpunt_core::account::OrgProfileInput {
                population,
                ..Default::default()
            };
            store
                .update_org_profile(code, &profile, &leerpunt_store::Origin::cli())
                .await
                .unwrap();
        }
    };
    let before = store.populations(OrgKind::Municipality).await.unwrap();
    assert!(before.iter().all(|(c, _)| c != "GM0363" && c != "GM0344"));
    set("GM0363", Some(931_000)).await;
    set("GM0344", Some(374_000)).await;
    set("WS0155", Some(1_200_000)).await;
    let after = store.populations(OrgKind::Municipality).await.unwrap();
    assert!(after.contains(&("GM0363".to_owned(), 931_000)), "{after:?}");
    assert!(after.contains(&("GM0344".to_owned(), 374_000)), "{after:?}");
    assert_eq!(
        after.len(),
        before.len() + 2,
        "only municipalities: {after:?}"
    );
    assert_eq!(
        store.populations(OrgKind::WaterBoard).await.unwrap(),
        vec![("WS0155".to_owned(), 1_200_000)]
    );
    set("GM0344", None).await;
    let cleared = store.populations(OrgKind::Municipality).await.unwrap();
    assert!(cleared.iter().all(|(c, _)| c != "GM0344"), "{cleared:?}");
    assert!(cleared.contains(&("GM0363".to_owned(), 931_000)));
}
