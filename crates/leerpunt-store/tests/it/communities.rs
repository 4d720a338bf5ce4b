//! Communities and discussions in the store: membership, threaded posts, the edit window (set
//! back with SQL, which only this crate's tests may do), locks, moderation, mentions, the demo
//! discussions, and what export and erasure do with posts.

use leerpunt_core::account::ProfileInput;
use leerpunt_core::community::{ModeratorRef, NewCommunity, NewPost, NewTopic};
use leerpunt_core::paging::PageRequest;
use leerpunt_store::{MentionLink, Origin, Store, StoreError};

fn mailer(m: &MentionLink) -> (String, String) {
    (
        format!("{} noemde je", m.author_name),
        format!(
            "/gemeenschappen/{}/onderwerpen/{}?page={}#post-{}",
            m.community_slug, m.topic_id, m.page, m.post_id
        ),
    )
}

use crate::{store, TestDb};

/// A direct connection to the database, for changing what no API changes (timestamps).
async fn raw(db: &TestDb) -> sqlx::AnyPool {
    db.raw().await
}

async fn person(store: &Store, email: &str, name: &str) -> i64 {
    let origin = Origin::cli();
    let u = store
        .create_user(email, "een lang genoeg wachtwoord", name, &origin)
        .await
        .unwrap();
    store.confirm_user(u.id, &origin).await.unwrap();
    u.id
}

fn community(name: &str) -> NewCommunity {
    NewCommunity {
        name_nl: name.into(),
        name_en: format!("{name} (en)"),
        description_nl: "Beschrijving".into(),
        description_en: "Description".into(),
        themes: vec!["datakwaliteit".into(), "publieke-waarden".into()],
        ..NewCommunity::default()
    }
}

fn page(n: u32) -> PageRequest {
    PageRequest {
        page: n,
        per_page: 50,
    }
}

fn topic(title: &str, body: &str) -> NewTopic {
    NewTopic {
        title: title.into(),
        body: body.into(),
    }
}

fn reply(body: &str, parent: Option<i64>) -> NewPost {
    NewPost {
        body: body.into(),
        parent_id: parent,
    }
}

#[tokio::test]
async fn communities_members_and_moderators() {
    let (_dir, store) = store().await;
    let origin = Origin::cli();
    let anna = person(&store, "anna@utrecht.nl", "Anna de Wit").await;
    let bert = person(&store, "bert@utrecht.nl", "Bert").await;
    let mut input = community("Datakwaliteit in de praktijk");
    input.moderators = vec![ModeratorRef::Email("Anna@Utrecht.nl".into())];
    let c = store.create_community(&input, &origin).await.unwrap();
    assert_eq!(c.slug, "datakwaliteit-in-de-praktijk");
    assert_eq!(c.themes, ["datakwaliteit", "publieke-waarden"]);
    assert_eq!(c.member_count, 1, "the moderator is a member");
    let m = store.membership(c.id, anna).await.unwrap();
    assert!(m.member && m.moderator);
    // The same slug again is a conflict; an unknown moderator a field error; nothing is written.
    assert!(matches!(
        store.create_community(&input, &origin).await,
        Err(StoreError::Conflict(_))
    ));
    let mut unknown = community("Andere gemeenschap");
    unknown.moderators = vec![ModeratorRef::Email("niemand@utrecht.nl".into())];
    assert!(matches!(
        store.create_community(&unknown, &origin).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(store.community("andere-gemeenschap").await.is_err());

    assert!(store.join_community(c.id, bert, &origin).await.unwrap());
    assert!(!store.join_community(c.id, bert, &origin).await.unwrap());
    assert_eq!(store.community(&c.slug).await.unwrap().member_count, 2);
    let (list, total) = store.communities(page(1)).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(list[0].member_count, 2);
    // Only members with a public profile are listed.
    assert!(store.community_people(c.id, 50).await.unwrap().is_empty());
    store
        .save_profile(
            bert,
            &ProfileInput {
                name: "Bert Bos".into(),
                role: "Analist".into(),
                expertise: String::new(),
                public: true,
            },
            &origin,
        )
        .await
        .unwrap();
    store
        .save_profile(
            anna,
            &ProfileInput {
                name: "Anna de Wit".into(),
                public: false,
                ..ProfileInput::default()
            },
            &origin,
        )
        .await
        .unwrap();
    let people = store.community_people(c.id, 50).await.unwrap();
    assert_eq!(
        people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Bert Bos"]
    );
    // Update: the slug stays, the moderator list is replaced.
    let mut changed = community("Nieuwe naam");
    changed.moderators = vec![ModeratorRef::Id(bert)];
    let c2 = store
        .update_community(c.id, &changed, &origin)
        .await
        .unwrap();
    assert_eq!(c2.slug, c.slug);
    assert_eq!(c2.name_nl, "Nieuwe naam");
    assert!(!store.membership(c.id, anna).await.unwrap().moderator);
    assert!(store.membership(c.id, anna).await.unwrap().member);
    assert!(store.membership(c.id, bert).await.unwrap().moderator);
    assert_eq!(
        store.community_moderators(c.id).await.unwrap(),
        ["bert@utrecht.nl"]
    );

    assert!(store.leave_community(c.id, bert, &origin).await.unwrap());
    assert!(!store.leave_community(c.id, bert, &origin).await.unwrap());
    assert_eq!(
        store.membership(c.id, bert).await.unwrap(),
        Default::default()
    );
}

#[tokio::test]
async fn topics_threads_locks_edits_and_moderation() {
    let (dir, store) = store().await;
    let origin = Origin::cli();
    let anna = person(&store, "anna@utrecht.nl", "Anna").await;
    let bert = person(&store, "bert@utrecht.nl", "Bert").await;
    let c = store
        .create_community(&community("Draadjes"), &origin)
        .await
        .unwrap();
    let t = store
        .create_topic(
            c.id,
            anna,
            &topic("Eerste vraag", "Opening"),
            &mailer,
            &origin,
        )
        .await
        .unwrap();
    assert_eq!(t.author_name, "Anna");
    assert_eq!(t.reply_count, 0);
    let a = store
        .reply(t.id, bert, &reply("A", None), &mailer, &origin)
        .await
        .unwrap();
    let b = store
        .reply(t.id, anna, &reply("B", None), &mailer, &origin)
        .await
        .unwrap();
    let a1 = store
        .reply(t.id, anna, &reply("A1", Some(a.id)), &mailer, &origin)
        .await
        .unwrap();
    let a2 = store
        .reply(t.id, bert, &reply("A2", Some(a1.id)), &mailer, &origin)
        .await
        .unwrap();
    // A reply to the opening post is a reply to the topic.
    let first = store.posts(t.id, page(1)).await.unwrap().0[0].post.clone();
    let c1 = store
        .reply(t.id, bert, &reply("C", Some(first.id)), &mailer, &origin)
        .await
        .unwrap();
    assert_eq!(c1.parent_id, None);
    let (posts, total) = store.posts(t.id, page(1)).await.unwrap();
    assert_eq!(total, 6);
    let order: Vec<(&str, u8, Option<&str>)> = posts
        .iter()
        .map(|p| (p.post.body.as_str(), p.depth, p.reply_to.as_deref()))
        .collect();
    assert_eq!(
        order,
        [
            ("Opening", 0, None),
            ("A", 0, None),
            ("A1", 1, None),
            ("A2", 1, Some("Anna")),
            ("B", 0, None),
            ("C", 0, None),
        ]
    );
    assert_eq!(store.topic(t.id).await.unwrap().reply_count, 5);
    assert_eq!(store.community(&c.slug).await.unwrap().topic_count, 1);
    // A parent from another topic is refused.
    let other = store
        .create_topic(
            c.id,
            bert,
            &topic("Tweede vraag", "Andere"),
            &mailer,
            &origin,
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .reply(other.id, bert, &reply("x", Some(a.id)), &mailer, &origin)
            .await,
        Err(StoreError::Invalid(_))
    ));
    // Topics: newest activity first.
    let (topics, _) = store.topics(c.id, page(1)).await.unwrap();
    assert_eq!(topics[0].id, other.id);
    store
        .reply(t.id, anna, &reply("Nog eentje", None), &mailer, &origin)
        .await
        .unwrap();
    let (topics, n) = store.topics(c.id, page(1)).await.unwrap();
    assert_eq!((topics[0].id, n), (t.id, 2));

    // Edit: the author, within the window.
    let edited = store
        .edit_post(b.id, anna, "B bewerkt", &origin)
        .await
        .unwrap();
    assert_eq!(edited.body, "B bewerkt");
    assert!(edited.edited_at.is_some());
    assert!(store
        .edit_post(b.id, bert, "niet van mij", &origin)
        .await
        .is_err());
    let pool = raw(&dir).await;
    sqlx::query("UPDATE posts SET created_at = '2020-01-01T00:00:00Z' WHERE id = $1")
        .bind(b.id)
        .execute(&pool)
        .await
        .unwrap();
    assert!(matches!(
        store.edit_post(b.id, anna, "te laat", &origin).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.post(b.id).await.unwrap().body, "B bewerkt");

    // Delete keeps the place, clears the text.
    let deleted = store.delete_post(a1.id, anna, &origin).await.unwrap();
    assert!(deleted.deleted && deleted.body.is_empty());
    let (posts, _) = store.posts(t.id, page(1)).await.unwrap();
    assert_eq!(posts[2].post.id, a1.id);
    assert_eq!(posts[2].post.visible_body(), None);

    // Reports, then hiding resolves them.
    store
        .report_post(a2.id, anna, "Off-topic", &origin)
        .await
        .unwrap();
    store
        .report_post(a2.id, anna, "Nog eens", &origin)
        .await
        .unwrap();
    let (reports, n) = store.community_reports(c.id, page(1)).await.unwrap();
    assert_eq!(n, 1, "a second open report by the same person adds nothing");
    assert_eq!(reports[0].reason, "Off-topic");
    assert_eq!(reports[0].post_body, "A2");
    let hidden = store
        .hide_post(a2.id, "Persoonsgegevens", &origin)
        .await
        .unwrap();
    assert_eq!(hidden.hidden_reason.as_deref(), Some("Persoonsgegevens"));
    assert_eq!(hidden.visible_body(), None);
    assert_eq!(store.community_reports(c.id, page(1)).await.unwrap().1, 0);

    // A locked topic takes no replies and no edits; unlocking restores it.
    let before = store.posts(t.id, page(1)).await.unwrap().1;
    assert!(store.lock_topic(t.id, true, &origin).await.unwrap().locked);
    assert!(matches!(
        store
            .reply(t.id, bert, &reply("Na sluiten", None), &mailer, &origin)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.posts(t.id, page(1)).await.unwrap().1, before);
    assert!(!store.lock_topic(t.id, false, &origin).await.unwrap().locked);
    store
        .reply(t.id, bert, &reply("Weer open", None), &mailer, &origin)
        .await
        .unwrap();

    // Pages of at most 50.
    let (big, n) = store
        .posts(
            t.id,
            PageRequest {
                page: 1,
                per_page: 100,
            },
        )
        .await
        .unwrap();
    assert!(big.len() <= 50 && n > 0);
}

#[tokio::test]
async fn mentions_mail_members_in_the_posts_transaction() {
    let (_dir, store) = store().await;
    let origin = Origin::cli();
    let anna = person(&store, "anna@utrecht.nl", "Anna de Wit").await;
    let bert = person(&store, "bert@utrecht.nl", "Bert Bos").await;
    let _cees = person(&store, "cees@utrecht.nl", "Cees").await;
    let c = store
        .create_community(&community("Noemen"), &origin)
        .await
        .unwrap();
    store.join_community(c.id, anna, &origin).await.unwrap();
    store.join_community(c.id, bert, &origin).await.unwrap();
    let before = store.pending_mail_count().await.unwrap();
    let t = store
        .create_topic(
            c.id,
            anna,
            &topic("Wie weet het?", "@BertBos en @Cees, en ik zelf @annadewit"),
            &mailer,
            &origin,
        )
        .await
        .unwrap();
    // Bert is a member; Cees is not; the author is never mailed.
    assert_eq!(store.pending_mail_count().await.unwrap(), before + 1);
    let due = store.due_mail(10).await.unwrap();
    let mail = due.iter().find(|m| m.to_addr == "bert@utrecht.nl").unwrap();
    assert_eq!(mail.subject, "Anna de Wit noemde je");
    assert!(
        mail.body.starts_with(&format!(
            "/gemeenschappen/noemen/onderwerpen/{}?page=1#post-",
            t.id
        )),
        "{}",
        mail.body
    );
    // A failed write queues nothing.
    assert!(store
        .reply(t.id, anna, &reply("", None), &mailer, &origin)
        .await
        .is_err());
    assert_eq!(store.pending_mail_count().await.unwrap(), before + 1);
}

#[tokio::test]
async fn demo_discussions_are_loaded_once() {
    let (_dir, store) = store().await;
    store.load_demo().await.unwrap();
    let (communities, total) = store.communities(page(1)).await.unwrap();
    assert_eq!(total, 5);
    let mut topics = 0;
    for c in &communities {
        assert!(c.demo && !c.themes.is_empty() && !c.name_en.is_empty());
        let (ts, n) = store.topics(c.id, page(1)).await.unwrap();
        topics += n;
        for t in ts {
            assert!(t.demo);
            assert!((2..=6).contains(&t.reply_count), "{}", t.title);
            let (posts, _) = store.posts(t.id, page(1)).await.unwrap();
            assert!(posts
                .iter()
                .all(|p| p.post.demo && p.post.author_id.is_none()));
        }
    }
    assert_eq!(topics, 20);
    store.load_demo().await.unwrap();
    assert_eq!(store.communities(page(1)).await.unwrap().1, 5);
    let again: i64 = communities.len() as i64;
    assert_eq!(again, 5);
}

#[tokio::test]
async fn export_and_erasure_cover_posts() {
    let (_dir, store) = store().await;
    let origin = Origin::cli();
    let anna = person(&store, "anna@utrecht.nl", "Anna").await;
    let c = store
        .create_community(&community("Bewaren"), &origin)
        .await
        .unwrap();
    store.join_community(c.id, anna, &origin).await.unwrap();
    let t = store
        .create_topic(
            c.id,
            anna,
            &topic("Mijn vraag", "Mijn tekst"),
            &mailer,
            &origin,
        )
        .await
        .unwrap();
    let export = store.export_user_data(anna).await.unwrap();
    assert_eq!(export["posts"][0]["body"], "Mijn tekst");
    assert_eq!(export["communities"][0]["community"], "bewaren");
    store.delete_user(anna, &origin).await.unwrap();
    let (posts, _) = store.posts(t.id, page(1)).await.unwrap();
    assert_eq!(posts[0].post.author_id, None);
    assert_eq!(posts[0].post.author_name, "Anna");
    assert_eq!(store.community(&c.slug).await.unwrap().member_count, 0);
}
