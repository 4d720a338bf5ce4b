//! The step plan's versions: the demo as version 1, saves as new versions with the audit and
//! change logs, old versions kept, invalid plans and stale saves refused without a trace.

use leerpunt_core::stepplan::{parse, StepPlan};
use leerpunt_store::{Origin, Store, StoreError};

use crate::store;

fn plan(title: &str) -> StepPlan {
    parse(&format!(
        "## vraag | {title} | The question\n- Beschrijf het probleem | Describe the problem\n"
    ))
    .unwrap()
    .plan
}

async fn broker(store: &Store) -> Origin {
    let user = store
        .create_user(
            "broker@minbzk.nl",
            "een lang wachtwoord",
            "Bea Broker",
            &Origin::cli(),
        )
        .await
        .unwrap();
    Origin {
        user_id: Some(user.id),
        token_id: None,
        ip: "127.0.0.1".into(),
    }
}

#[tokio::test]
async fn the_demo_is_version_one_and_loaded_once() {
    let (_dir, store) = store().await;
    assert!(store.step_plan().await.unwrap().is_none());
    assert!(store.step_plan_versions().await.unwrap().is_empty());
    store.load_demo().await.unwrap();
    let current = store.step_plan().await.unwrap().unwrap();
    assert_eq!(current.info.version, 1);
    assert!(current.info.demo);
    assert_eq!(current.info.author, None);
    assert_eq!(current.info.note, "Eerste versie (demo)");
    let keys: Vec<&str> = current.plan.phases.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "vraag",
            "data",
            "wet-en-ethiek",
            "bouwen",
            "gebruik",
            "evaluatie"
        ]
    );
    for p in &current.plan.phases {
        assert!((4..=7).contains(&p.checklist.len()), "{}", p.key);
        assert!(
            !p.intro_nl.is_empty() && !p.intro_en.is_empty(),
            "{}",
            p.key
        );
    }
    // Every practice the demo links to is a published demo practice.
    for slug in current.plan.phases.iter().flat_map(|p| &p.practices) {
        let practice = store.practice(slug).await.unwrap();
        assert!(practice.is_demo(), "{slug}");
    }
    // Loading the demo again does not add a version, nor replace a broker's.
    store.load_demo().await.unwrap();
    assert_eq!(store.step_plan_versions().await.unwrap().len(), 1);
    let origin = broker(&store).await;
    store
        .save_step_plan(&plan("Eigen"), "", None, &origin)
        .await
        .unwrap();
    store.load_demo().await.unwrap();
    let current = store.step_plan().await.unwrap().unwrap();
    assert_eq!((current.info.version, current.info.demo), (2, false));
    assert_eq!(current.plan, plan("Eigen"));
}

#[tokio::test]
async fn saves_are_new_versions_with_audit_and_change_log() {
    let (_dir, store) = store().await;
    let origin = broker(&store).await;
    let audit_before = store.audit_log(1, 0).await.unwrap().1;
    let changes_before = store.last_change().await.unwrap();
    let v1 = store
        .save_step_plan(&plan("Eerste"), "Begin", None, &origin)
        .await
        .unwrap();
    let v2 = store
        .save_step_plan(&plan("Tweede"), "  Titel aangepast  ", Some(v1), &origin)
        .await
        .unwrap();
    assert_eq!((v1, v2), (1, 2));
    let current = store.step_plan().await.unwrap().unwrap();
    assert_eq!(current.info.version, 2);
    assert_eq!(current.plan.phases[0].title_nl, "Tweede");
    assert_eq!(current.info.note, "Titel aangepast");
    assert_eq!(current.info.author.as_deref(), Some("Bea Broker"));
    assert!(!current.info.demo);
    let old = store.step_plan_version(1).await.unwrap();
    assert_eq!(old.plan.phases[0].title_nl, "Eerste");
    let list = store.step_plan_versions().await.unwrap();
    let numbers: Vec<(i64, &str)> = list.iter().map(|v| (v.version, v.note.as_str())).collect();
    assert_eq!(numbers, [(2, "Titel aangepast"), (1, "Begin")]);
    assert!(list.iter().all(|v| !v.created_at.is_empty()));
    let (entries, total) = store.audit_log(2, 0).await.unwrap();
    assert_eq!(total, audit_before + 2);
    assert_eq!(entries[0].action, "stepplan.save");
    assert_eq!(entries[0].entity, "step_plan");
    assert_eq!(entries[0].entity_id, Some(2));
    assert_eq!(entries[0].user_id, origin.user_id);
    let changes = store.changes_since(changes_before, 10).await.unwrap();
    let logged: Vec<(&str, i64)> = changes
        .iter()
        .map(|c| (c.entity.as_str(), c.entity_id))
        .collect();
    assert_eq!(logged, [("step_plan", 1), ("step_plan", 2)]);
    assert!(matches!(
        store.step_plan_version(3).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn invalid_and_stale_saves_change_nothing() {
    let (_dir, store) = store().await;
    let origin = broker(&store).await;
    store
        .save_step_plan(&plan("Eerste"), "", None, &origin)
        .await
        .unwrap();
    let audit_before = store.audit_log(1, 0).await.unwrap().1;
    let changes_before = store.last_change().await.unwrap();
    let mut bad = plan("Fout");
    bad.phases[0].title_en = String::new();
    assert!(matches!(
        store.save_step_plan(&bad, "", None, &origin).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .save_step_plan(&StepPlan::default(), "", None, &origin)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .save_step_plan(&plan("Lang"), &"x".repeat(501), None, &origin)
            .await,
        Err(StoreError::Invalid(_))
    ));
    // Someone saved version 1 while this broker edited version 0.
    assert!(matches!(
        store
            .save_step_plan(&plan("Oud"), "", Some(0), &origin)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.step_plan_versions().await.unwrap().len(), 1);
    assert_eq!(
        store.step_plan().await.unwrap().unwrap().plan,
        plan("Eerste")
    );
    assert_eq!(store.audit_log(1, 0).await.unwrap().1, audit_before);
    assert_eq!(store.last_change().await.unwrap(), changes_before);
}

#[tokio::test]
async fn a_deleted_author_leaves_the_version() {
    let (_dir, store) = store().await;
    let origin = broker(&store).await;
    store
        .save_step_plan(&plan("Eerste"), "", None, &origin)
        .await
        .unwrap();
    store
        .delete_user(origin.user_id.unwrap(), &Origin::cli())
        .await
        .unwrap();
    let current = store.step_plan().await.unwrap().unwrap();
    assert_eq!(current.info.author, None);
    assert_eq!(current.plan, plan("Eerste"));
}
