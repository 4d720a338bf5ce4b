//! Accounts, sessions, tokens, review and revisions, audit log and erasure on a real database file.

use leerpunt_core::access::{Role, Scope};
use leerpunt_core::review::{Review, Transition};
use leerpunt_core::{Lang, NewPractice, PracticeStatus, PracticeText};
use leerpunt_store::{token_hash, EmailPurpose, Login, Origin, PracticeFilter, StoreError};

use crate::store;

fn origin(user: i64) -> Origin {
    Origin {
        user_id: Some(user),
        token_id: None,
        ip: "127.0.0.1".into(),
    }
}

fn practice(title: &str) -> NewPractice {
    NewPractice {
        slug: None,
        language: Lang::Nl,
        text: PracticeText {
            title: title.into(),
            summary: "Samenvatting".into(),
            ..Default::default()
        },
        translation: None,
        status: PracticeStatus::Pilot,
        owner: "GM0344".into(),
        partners: vec![],
        themes: vec!["datakwaliteit".into()],
        techniques: vec![],
        contact: None,
        source: "manual".into(),
        source_id: None,
        source_url: None,
        started_on: None,
    }
}

const PASSWORD: &str = "een lang wachtwoord";

#[tokio::test]
async fn accounts_are_unique_by_normalised_address_and_passwords_are_hashed() {
    let (_dir, store) = store().await;
    let user = store
        .create_user(" Anna@Utrecht.nl ", PASSWORD, "Anna", &Origin::cli())
        .await
        .unwrap();
    assert_eq!(user.email, "anna@utrecht.nl");
    assert!(!user.confirmed);
    let again = store
        .create_user("anna@utrecht.nl", PASSWORD, "", &Origin::cli())
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(
        store.users().await.unwrap(),
        std::slice::from_ref(&user),
        "one account"
    );
    let hash = store.stored_password_hash(user.id).await.unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(PASSWORD));
    let short = store
        .create_user("b@utrecht.nl", "kort", "", &Origin::cli())
        .await;
    assert!(matches!(short, Err(StoreError::Invalid(_))));
}

#[tokio::test]
async fn login_checks_the_password_and_throttles_per_account_and_per_address() {
    let (_dir, store) = store().await;
    let user = store
        .create_user("anna@utrecht.nl", PASSWORD, "", &Origin::cli())
        .await
        .unwrap();
    assert_eq!(
        store
            .login("ANNA@utrecht.nl", PASSWORD, "1.1.1.1")
            .await
            .unwrap(),
        Login::Ok(user),
        "the address is normalised and the account returned"
    );
    for _ in 0..leerpunt_core::account::MAX_FAILURES_PER_ACCOUNT {
        assert_eq!(
            store
                .login("anna@utrecht.nl", "fout wachtwoord!", "1.1.1.1")
                .await
                .unwrap(),
            Login::Invalid
        );
    }
    assert_eq!(
        store
            .login("anna@utrecht.nl", PASSWORD, "2.2.2.2")
            .await
            .unwrap(),
        Login::Throttled,
        "the right password is refused while the account is throttled"
    );
    for i in 0..leerpunt_core::account::MAX_FAILURES_PER_IP {
        assert_eq!(
            store
                .login(&format!("x{i}@example.org"), "wrong", "3.3.3.3")
                .await
                .unwrap(),
            Login::Invalid,
            "attempt {i} from the address"
        );
    }
    assert_eq!(
        store
            .login("nobody@example.org", "whatever", "3.3.3.3")
            .await
            .unwrap(),
        Login::Throttled
    );
}

#[tokio::test]
async fn sessions_store_only_hashes_and_end_on_password_change() {
    let (_dir, store) = store().await;
    let user = store
        .create_user("anna@utrecht.nl", PASSWORD, "", &Origin::cli())
        .await
        .unwrap();
    let (secret, session) = store.create_session(Some(user.id)).await.unwrap();
    assert_eq!(secret.len(), 64);
    let found = store.session(&secret).await.unwrap().unwrap();
    assert_eq!(found, session);
    let stored = store.stored_session_hashes(user.id).await.unwrap();
    assert_eq!(stored, [token_hash(&secret)], "only the hash is stored");
    assert!(!stored[0].contains(&secret));
    assert!(store.session("not-a-session").await.unwrap().is_none());
    let (other, _) = store.create_session(Some(user.id)).await.unwrap();
    store
        .set_password(user.id, "een ander lang wachtwoord", &origin(user.id))
        .await
        .unwrap();
    assert!(store.session(&secret).await.unwrap().is_none());
    assert!(store.session(&other).await.unwrap().is_none());
    assert!(store
        .stored_session_hashes(user.id)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn email_links_work_once() {
    let (_dir, store) = store().await;
    let user = store
        .create_user("anna@utrecht.nl", PASSWORD, "", &Origin::cli())
        .await
        .unwrap();
    let token = store
        .issue_email_token(user.id, EmailPurpose::Confirm)
        .await
        .unwrap();
    assert!(store
        .email_token_valid(&token, EmailPurpose::Confirm)
        .await
        .unwrap());
    assert_eq!(
        store
            .use_email_token(&token, EmailPurpose::Reset)
            .await
            .unwrap(),
        None,
        "a confirmation link is no reset link"
    );
    assert_eq!(
        store
            .use_email_token(&token, EmailPurpose::Confirm)
            .await
            .unwrap(),
        Some(user.id)
    );
    assert_eq!(
        store
            .use_email_token(&token, EmailPurpose::Confirm)
            .await
            .unwrap(),
        None,
        "a used link does not work again"
    );
    assert!(!store
        .email_token_valid(&token, EmailPurpose::Confirm)
        .await
        .unwrap());
}

#[tokio::test]
async fn api_tokens_are_hashed_scoped_and_revocable() {
    let (_dir, store) = store().await;
    let user = store
        .create_user("anna@utrecht.nl", PASSWORD, "", &Origin::cli())
        .await
        .unwrap();
    let (secret, token) = store
        .create_api_token(user.id, "ci", &[Scope::PracticesWrite], &origin(user.id))
        .await
        .unwrap();
    assert!(secret.starts_with("lpt_"));
    assert_eq!(token.scopes, "practices:write");
    let rows = store.stored_api_token_hashes(user.id).await.unwrap();
    assert_eq!(rows, [token_hash(&secret)], "only the hash is stored");
    assert!(!rows[0].contains(&secret[4..]));
    assert_eq!(
        store.api_token(&secret).await.unwrap(),
        Some((token.clone(), user.clone())),
        "the secret finds the token and its owner"
    );
    assert!(store.api_token("lpt_not-a-token").await.unwrap().is_none());
    store
        .revoke_api_token(user.id, token.id, &origin(user.id))
        .await
        .unwrap();
    assert!(store.api_token(&secret).await.unwrap().is_none());
    let listed = store.api_tokens(user.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, token.id);
    assert!(listed[0].revoked_at.is_some(), "{listed:?}");
    assert!(matches!(
        store
            .revoke_api_token(user.id, token.id, &origin(user.id))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn roles_are_granted_and_revoked() {
    let (_dir, store) = store().await;
    let user = store
        .create_user("anna@utrecht.nl", PASSWORD, "", &Origin::cli())
        .await
        .unwrap();
    store
        .grant(user.id, Role::Editor, Some("GM0344"), &Origin::cli())
        .await
        .unwrap();
    store
        .grant(user.id, Role::Broker, None, &Origin::cli())
        .await
        .unwrap();
    assert_eq!(store.editor_of_codes(user.id).await.unwrap(), ["GM0344"]);
    let gm0344 = store.organisation("GM0344").await.unwrap();
    assert_eq!(store.editor_of(user.id).await.unwrap(), [gm0344.id]);
    assert!(store.user(user.id).await.unwrap().broker);
    assert!(store
        .grant(user.id, Role::Editor, Some("GM9999"), &Origin::cli())
        .await
        .is_err());
    store
        .revoke(user.id, Role::Editor, Some("GM0344"), &Origin::cli())
        .await
        .unwrap();
    assert!(store.editor_of_codes(user.id).await.unwrap().is_empty());
    store
        .revoke(user.id, Role::Broker, None, &Origin::cli())
        .await
        .unwrap();
    assert!(!store.user(user.id).await.unwrap().broker);
    let (log, total) = store.audit_log(10, 0).await.unwrap();
    let steps: Vec<_> = log
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.entity_id,
                e.detail.as_str(),
                e.ip.as_str(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("role.revoke", Some(user.id), "broker", "cli"),
            ("role.revoke", Some(user.id), "editor GM0344", "cli"),
            ("role.grant", Some(user.id), "broker", "cli"),
            ("role.grant", Some(user.id), "editor GM0344", "cli"),
            ("user.create", Some(user.id), "", "cli"),
        ],
        "every change of role is in the audit log, the refused grant is not"
    );
    assert_eq!(total, 5);
}

#[tokio::test]
async fn drafts_stay_out_of_public_lists_until_published() {
    let (_dir, store) = store().await;
    let user = store
        .create_user("anna@utrecht.nl", PASSWORD, "", &Origin::cli())
        .await
        .unwrap();
    let before = store.counts().await.unwrap().practices;
    let changes_before = store.last_change().await.unwrap();
    let public_before = store.last_public_change().await.unwrap();
    let draft = store
        .create_practice(&practice("Conceptpraktijk"), &origin(user.id))
        .await
        .unwrap();
    assert_eq!(draft.review, Review::Draft);
    assert_eq!(draft.source, "manual");
    assert_eq!(store.counts().await.unwrap().practices, before);
    assert!(matches!(
        store.practice(&draft.slug).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.all_practices().await.unwrap().is_empty());
    let filter = PracticeFilter::default();
    assert_eq!(store.count_practices(&filter).await.unwrap(), 0);

    let publish_early = store
        .review_practice(draft.id, &Transition::Publish, &origin(user.id))
        .await;
    assert!(matches!(publish_early, Err(StoreError::Invalid(_))));
    store
        .review_practice(draft.id, &Transition::Submit, &origin(user.id))
        .await
        .unwrap();
    let rejected = store
        .review_practice(
            draft.id,
            &Transition::Reject {
                reason: "Voeg de resultaten toe".into(),
            },
            &origin(user.id),
        )
        .await
        .unwrap();
    assert_eq!(rejected.review, Review::Rejected);
    assert_eq!(
        rejected.review_reason.as_deref(),
        Some("Voeg de resultaten toe")
    );
    let mut edited = practice("Conceptpraktijk, met resultaten");
    edited.text.results = "Minder schulden".into();
    store
        .update_practice(draft.id, &edited, false, &origin(user.id))
        .await
        .unwrap();
    store
        .review_practice(draft.id, &Transition::Submit, &origin(user.id))
        .await
        .unwrap();
    let published = store
        .review_practice(draft.id, &Transition::Publish, &origin(user.id))
        .await
        .unwrap();
    assert_eq!(published.review, Review::Published);
    assert_eq!(store.counts().await.unwrap().practices, before + 1);
    let listed: Vec<_> = store
        .all_practices()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect();
    assert_eq!(listed, std::slice::from_ref(&draft.slug));
    assert_eq!(store.count_practices(&filter).await.unwrap(), 1);
    assert_eq!(
        store.practice(&draft.slug).await.unwrap().text.results,
        "Minder schulden"
    );

    let revisions = store.revisions(draft.id).await.unwrap();
    let states: Vec<_> = revisions.iter().map(|r| r.review.as_str()).collect();
    assert_eq!(
        states,
        [
            "draft",
            "submitted",
            "rejected",
            "draft",
            "submitted",
            "published"
        ]
    );
    assert_eq!(revisions[2].note, "Voeg de resultaten toe");
    assert_eq!(
        revisions[3].input().unwrap().text.results,
        "Minder schulden"
    );
    let changes = store.changes_since(changes_before, 100).await.unwrap();
    assert!(
        changes.iter().filter(|c| c.op == "review").count() >= 5,
        "every review step is in the change log: {changes:?}"
    );
    // Until it is published, the practice's changes reach only signed-in people; publishing
    // reaches the public (kept answers for visitors are dropped on that change alone).
    let (last, before_last) = changes.split_last().unwrap();
    assert!(before_last.len() >= 6, "{changes:?}");
    assert!(before_last.iter().all(|c| !c.public), "{changes:?}");
    assert!(last.public && last.op == "review", "{last:?}");
    assert_eq!(store.last_public_change().await.unwrap(), last.seq);
    assert!(last.seq > public_before);

    // An editor's edit of a published practice sends it back to review; a broker's does not.
    store
        .update_practice(draft.id, &edited, true, &origin(user.id))
        .await
        .unwrap();
    assert!(store.practice(&draft.slug).await.is_ok());
    store
        .update_practice(draft.id, &edited, false, &origin(user.id))
        .await
        .unwrap();
    assert!(store.practice(&draft.slug).await.is_err());
}

#[tokio::test]
async fn sql_injection_strings_are_stored_verbatim() {
    let (_dir, store) = store().await;
    let user = store
        .create_user(
            "anna@utrecht.nl",
            PASSWORD,
            "Robert'); DROP TABLE users;--",
            &Origin::cli(),
        )
        .await
        .unwrap();
    let evil = "x' OR '1'='1'; DROP TABLE practices; --";
    let p = store
        .create_practice(&practice(evil), &origin(user.id))
        .await
        .unwrap();
    assert_eq!(store.practice_any(&p.slug).await.unwrap().text.title, evil);
    assert_eq!(
        store.user(user.id).await.unwrap().name,
        "Robert'); DROP TABLE users;--"
    );
    assert!(store.user_by_email("' OR 1=1 --").await.unwrap().is_none());
    assert_eq!(
        store
            .login("' OR '1'='1", "' OR '1'='1", "::1")
            .await
            .unwrap(),
        Login::Invalid
    );
}

#[tokio::test]
async fn deleting_an_account_keeps_contributions_without_the_author() {
    let (_dir, store) = store().await;
    let user = store
        .create_user("anna@utrecht.nl", PASSWORD, "Anna", &Origin::cli())
        .await
        .unwrap();
    store
        .save_profile(
            user.id,
            &leerpunt_core::account::ProfileInput {
                name: "Anna de Vries".into(),
                role: "Data-analist".into(),
                expertise: "privacy, statistiek".into(),
                public: true,
            },
            &origin(user.id),
        )
        .await
        .unwrap();
    let p = store
        .create_practice(&practice("Blijft bestaan"), &origin(user.id))
        .await
        .unwrap();
    store
        .queue_mail("anna@utrecht.nl", "Bevestig je adres", "link")
        .await
        .unwrap();
    store
        .login("anna@utrecht.nl", "fout wachtwoord", "10.0.0.1")
        .await
        .unwrap();
    store.create_session(Some(user.id)).await.unwrap();
    store
        .create_api_token(user.id, "ci", &[Scope::PracticesWrite], &origin(user.id))
        .await
        .unwrap();
    assert_eq!(
        store.mail_count_last_hour("anna@utrecht.nl").await.unwrap(),
        1
    );
    let data = store.export_user_data(user.id).await.unwrap();
    assert_eq!(data["mail"][0]["subject"], "Bevestig je adres");
    assert_eq!(data["failed_logins"][0]["ip"], "10.0.0.1");
    assert_eq!(data["account"]["email"], "anna@utrecht.nl");
    assert_eq!(data["profile"]["name"], "Anna de Vries");
    assert_eq!(data["practices_created"][0]["slug"], p.slug.as_str());
    assert_eq!(data["api_tokens"][0]["name"], "ci");
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(data["revisions"][0]["practice"], p.slug.as_str());
    let audit = data["audit_log"].as_array().unwrap();
    assert!(!audit.is_empty());
    assert!(
        audit.iter().all(|e| e["user_id"] == user.id),
        "only the account's own entries: {audit:?}"
    );
    let actions: Vec<_> = audit
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["profile.update", "practice.create", "token.create"]
    );
    let people = store.public_people().await.unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].name, "Anna de Vries");

    store.delete_user(user.id, &origin(user.id)).await.unwrap();
    assert!(store
        .user_by_email("anna@utrecht.nl")
        .await
        .unwrap()
        .is_none());
    assert!(store.public_people().await.unwrap().is_empty());
    let kept = store.practice_any(&p.slug).await.unwrap();
    assert_eq!(kept.text.title, "Blijft bestaan");
    let revisions = store.revisions(p.id).await.unwrap();
    assert!(!revisions.is_empty());
    assert!(
        revisions.iter().all(|r| r.author.is_none()),
        "{revisions:?}"
    );
    let (log, total) = store.audit_log(100, 0).await.unwrap();
    assert!(!log.is_empty());
    assert_eq!(log.len() as i64, total);
    assert_eq!(log[0].action, "user.delete");
    assert!(
        log.iter()
            .all(|e| e.user_id.is_none() && e.user_email.is_none()),
        "{log:?}"
    );
    assert!(
        log.iter()
            .all(|e| !e.detail.contains("anna@utrecht.nl") && !e.ip.contains("anna@utrecht.nl")),
        "{log:?}"
    );
    assert_eq!(
        store.mail_count_last_hour("anna@utrecht.nl").await.unwrap(),
        0,
        "no mail to the address is kept"
    );
    assert_eq!(store.pending_mail_count().await.unwrap(), 0);
    assert_eq!(
        store
            .login("anna@utrecht.nl", PASSWORD, "10.0.0.2")
            .await
            .unwrap(),
        Login::Invalid,
        "the account is gone"
    );
}
