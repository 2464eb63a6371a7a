//! The storage story, run on every engine this run can reach: SQLite always, PostgreSQL whenever
//! `DATABASE_URL` names one. Each test gets its own fresh database.

use chrono::{Duration, NaiveDate, Utc};
use domain::access::ArticleScope;
use domain::article::ArticleDraft;
use domain::entity::Entity;
use domain::programme::{ProgrammeStatus, Year};
use domain::reminder::ReminderKind;
use domain::target::{Evaluation, TargetSummary};
use rust_decimal::Decimal;
use store::demo::{self, SEED_ARTICLE_SLUG, SEED_ARTICLE_TITLE};
use store::testing::fresh_stores;
use store::{NewArticle, Store};

async fn demo_stores() -> Vec<Store> {
    let stores = fresh_stores().await;
    for s in &stores {
        demo::load(s).await.expect("the demo loads");
    }
    stores
}

fn year(y: i32) -> Year {
    Year::new(y).unwrap()
}

/// The living ward of the demo, which took over the district.
async fn ward(store: &store::Store) -> domain::unit::AdminUnit {
    store
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.slug == demo::WARD_SLUG)
        .expect("the demo's ward")
}

/// The names of the units that took over from `unit`.
async fn successor_names(
    store: &store::Store,
    successions: &[domain::unit::Succession],
    unit: i64,
) -> Vec<String> {
    let mut out = Vec::new();
    for s in successions.iter().filter(|s| s.predecessor_id == unit) {
        out.push(store.unit(s.successor_id).await.unwrap().full_name());
    }
    out
}

#[tokio::test]
async fn the_demo_portal_belongs_to_cau_giay_district_which_a_ward_succeeded() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        assert_eq!(unit.full_name(), "quận Cầu Giấy", "{:?}", store.engine());
        assert!(unit.is_valid_on(NaiveDate::from_ymd_opt(2021, 1, 21).unwrap()));
        assert!(!unit.is_valid_on(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
        assert_eq!(unit.slug, "quan-cau-giay");
        let successions = store.successions().await.unwrap();
        let successors: Vec<String> = successor_names(&store, &successions, unit.id).await;
        assert!(
            successors.contains(&"phường Cầu Giấy".to_string()),
            "{successors:?}"
        );
    }
}

#[tokio::test]
async fn the_2020_programme_is_reviewed_with_thirteen_of_fifteen_targets_accomplished() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let o = store
            .programme_overview(unit.id, year(2020))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.programme.status, ProgrammeStatus::Reviewed);
        assert_eq!(o.programme.party_ids.len(), 3);
        assert_eq!(o.targets.len(), 15);
        let summary = TargetSummary::of(&o.targets);
        assert_eq!(
            summary.sentence(),
            "hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"
        );
        let budget = o
            .targets
            .iter()
            .find(|t| t.name.starts_with("Thu ngân sách"))
            .unwrap();
        assert_eq!(budget.evaluation(), Evaluation::Exceeded);
        let exam = o
            .targets
            .iter()
            .find(|t| t.name.contains("lớp 10"))
            .unwrap();
        assert_eq!(exam.evaluation(), Evaluation::Met);
        assert!(!exam.illustrative);
        assert!(o.budget[0].percent_of_estimate().unwrap() > Decimal::ONE_HUNDRED);
    }
}

#[tokio::test]
async fn the_2021_programme_is_signed_with_the_five_contents_of_the_article() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let o = store
            .programme_overview(unit.id, year(2021))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.programme.status, ProgrammeStatus::Signed);
        assert_eq!(o.programme.signed_on, NaiveDate::from_ymd_opt(2021, 1, 21));
        assert_eq!(o.items.len(), 5);
        assert!(o.items[1]
            .content
            .starts_with("Chuẩn bị các điều kiện để tổ chức thực hiện tốt công tác bầu cử"));
        for item in &o.items {
            assert_eq!(item.partner_body_ids.len(), 2);
            assert!(!item.partner_body_ids.contains(&item.lead_body_id));
        }
        let newest = store.programmes(unit.id).await.unwrap();
        assert_eq!(newest[0].year, year(2021), "newest first");
        assert!(store
            .programme(unit.id, year(1999))
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn the_conference_lists_the_four_leaders_as_the_article_writes_them() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let meetings = store.meetings(unit.id).await.unwrap();
        let m = &meetings[0];
        assert_eq!(m.venue, "Hội trường Quận ủy");
        assert_eq!(
            domain::time::short_datetime(m.starts_at),
            "21/01/2021 14:00"
        );
        let written: Vec<String> = m.attendees.iter().map(|a| a.as_written()).collect();
        assert_eq!(written[0], "Trần Thị Phương Hoa – TUV – Bí thư Quận ủy");
        assert_eq!(
            written[1],
            "Nguyễn Văn Chiến – PBT Thường trực Quận ủy, Chủ tịch HĐND Quận"
        );
        assert_eq!(
            written[2],
            "Bùi Tuấn Anh – PBT Quận ủy – Chủ tịch UBND Quận"
        );
        assert_eq!(
            written[3],
            "Nguyễn Thị Thanh – UVTV Quận ủy -Chủ tịch Ủy ban MTTQ Việt Nam Quận"
        );
        assert_eq!(written.len(), 8);
    }
}

#[tokio::test]
async fn the_bodies_list_who_held_which_post_on_the_day_of_the_conference() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let day = NaiveDate::from_ymd_opt(2021, 1, 21).unwrap();
        let bodies = store.bodies_with_holders(unit.id, day).await.unwrap();
        let council = bodies
            .iter()
            .find(|b| b.body.short_name == "HĐND quận")
            .unwrap();
        assert_eq!(council.holders[0].full_name, "Nguyễn Văn Chiến");
        assert_eq!(council.holders[0].post, "Chủ tịch");
        let party = bodies
            .iter()
            .find(|b| b.body.short_name == "Quận ủy")
            .unwrap();
        let names: Vec<&str> = party.holders.iter().map(|h| h.full_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Trần Thị Phương Hoa",
                "Nguyễn Văn Chiến",
                "Bùi Tuấn Anh",
                "Nguyễn Thị Thanh"
            ]
        );
        // Before the terms began nobody held these posts.
        let before = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        let empty = store.bodies_with_holders(unit.id, before).await.unwrap();
        assert!(empty.iter().all(|b| b.holders.is_empty()));
    }
}

#[tokio::test]
async fn the_seed_article_is_published_at_its_time_with_its_captions_and_byline() {
    for store in demo_stores().await {
        let a = store
            .article_by_slug(store.default_unit().await.unwrap().id, SEED_ARTICLE_SLUG)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.title, SEED_ARTICLE_TITLE);
        assert_eq!(
            domain::time::portal_timestamp(a.published_at.unwrap()),
            "23/01/2021 - 02:46 PM"
        );
        assert_eq!(a.byline, "Ủy ban MTTQ Việt Nam quận Cầu Giấy");
        assert_eq!(
            a.body.captions(),
            [
                "Đồng chí Trần Thị Phương Hoa – TUV – Bí thư Quận ủy phát biểu chỉ đạo",
                "Thường trực HĐND- UBND- Ủy ban MTTQ Việt Nam Quận ký kết Chương trình phối hợp công tác năm 2021"
            ]
        );
        assert!(a
            .body
            .text()
            .contains("hoàn thành và hoàn thành vượt mức 13/15 chỉ tiêu"));
        let others = store
            .other_articles(a.unit_id, ArticleScope::PublishedBy(Utc::now()), a.id, 5)
            .await
            .unwrap();
        assert!(others
            .iter()
            .any(|o| o.title
                == "Kết quả bình chọn Hàng Việt Nam được người tiêu dùng yêu thích 2019"));
        assert!(others.iter().all(|o| o.slug != SEED_ARTICLE_SLUG));
    }
}

#[tokio::test]
async fn lists_show_only_published_articles_newest_first_and_paginate() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let now = Utc::now();
        let mut tx = store.begin("test").await.unwrap();
        for i in 0..12 {
            let draft = ArticleDraft::parse(
                &format!("Tin số {i}"),
                "",
                "",
                "<p>Nội dung</p>",
                "Văn phòng",
                Some(now - Duration::days(365 * 10 + i)),
                vec![],
            )
            .unwrap();
            tx.insert_article(&NewArticle {
                unit_id: unit.id,
                draft,
                illustrative: true,
            })
            .await
            .unwrap();
        }
        let scheduled = ArticleDraft::parse(
            "Tin hẹn giờ",
            "",
            "",
            "<p>Sắp đăng</p>",
            "",
            Some(now + Duration::days(1)),
            vec![],
        )
        .unwrap();
        tx.insert_article(&NewArticle {
            unit_id: unit.id,
            draft: scheduled,
            illustrative: true,
        })
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let first = store
            .articles_page(unit.id, ArticleScope::PublishedBy(now), None, 0, 10)
            .await
            .unwrap();
        assert_eq!(first.total, 17);
        assert_eq!(first.items.len(), 10);
        assert!(first.items.iter().all(|a| a.title != "Tin hẹn giờ"));
        assert!(first
            .items
            .windows(2)
            .all(|w| w[0].published_at >= w[1].published_at));
        let second = store
            .articles_page(unit.id, ArticleScope::PublishedBy(now), None, 10, 10)
            .await
            .unwrap();
        assert_eq!(second.items.len(), 7);

        let categories = store.categories(unit.id).await.unwrap();
        let notices = categories
            .iter()
            .find(|c| c.slug.as_str() == "thong-bao")
            .unwrap();
        let page = store
            .articles_page(
                unit.id,
                ArticleScope::PublishedBy(now),
                Some(notices.id),
                0,
                10,
            )
            .await
            .unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(
            store
                .category_counts(unit.id, ArticleScope::PublishedBy(now))
                .await
                .unwrap()[&notices.id],
            1
        );
    }
}

#[tokio::test]
async fn every_write_is_in_the_change_log_and_the_chain_verifies() {
    for store in demo_stores().await {
        let head = store.log_head().await.unwrap();
        assert!(head > 50, "the demo writes many records, got {head}");
        assert!(store.verify_chain().await.unwrap().is_empty());
        let entries = store.changes_since(0, 10_000).await.unwrap();
        assert_eq!(entries.len() as i64, head);
        assert!(entries.iter().all(|e| e.actor == "demo"));
        let article = store
            .article_by_slug(store.default_unit().await.unwrap().id, SEED_ARTICLE_SLUG)
            .await
            .unwrap()
            .unwrap();
        let history = store
            .history(article.unit_id, Entity::Article, article.id)
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].action, "create");
    }
}

#[tokio::test]
async fn changing_one_byte_of_a_logged_row_makes_verification_name_it() {
    for store in demo_stores().await {
        let article = store
            .article_by_slug(store.default_unit().await.unwrap().id, SEED_ARTICLE_SLUG)
            .await
            .unwrap()
            .unwrap();
        let seq = store
            .history(article.unit_id, Entity::Article, article.id)
            .await
            .unwrap()[0]
            .seq;
        sqlx::query(
            "UPDATE change_log SET after_json = REPLACE(after_json, '13/15', '14/15') WHERE seq = $1",
        )
        .bind(seq)
        .execute(store.db_write())
        .await
        .unwrap();
        let faults = store.verify_chain().await.unwrap();
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert_eq!(faults[0].seq, seq);
        assert_eq!(faults[0].entity, "article");
        assert!(faults[0].to_string().contains(&format!("#{seq}")));
    }
}

#[tokio::test]
async fn removing_the_newest_entry_is_detected_by_the_head() {
    for store in demo_stores().await {
        let head = store.log_head().await.unwrap();
        sqlx::query("DELETE FROM change_log WHERE seq = $1")
            .bind(head)
            .execute(store.db_write())
            .await
            .unwrap();
        let faults = store.verify_chain().await.unwrap();
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].entity, "chain_head");
    }
}

#[tokio::test]
async fn a_write_that_is_not_committed_leaves_nothing_behind() {
    for store in demo_stores().await {
        let head = store.log_head().await.unwrap();
        {
            let mut tx = store.begin("test").await.unwrap();
            tx.insert_person(store.default_unit().await.unwrap().id, "Người thử")
                .await
                .unwrap();
            // Dropped here without commit, as a failing handler would.
        }
        assert_eq!(store.log_head().await.unwrap(), head);
        assert_eq!(store.changes_since(head, 10).await.unwrap().len(), 0);
        assert!(store.verify_chain().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn changing_an_actual_value_changes_the_summary_and_logs_before_and_after() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let p = store.programme(unit.id, year(2020)).await.unwrap().unwrap();
        let targets = store.targets(p.id).await.unwrap();
        let missed = targets
            .iter()
            .find(|t| t.evaluation() == Evaluation::Missed)
            .unwrap();
        let mut tx = store.begin("chuyen-vien").await.unwrap();
        tx.set_target_actual(missed, Some(missed.plan))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let targets = store.targets(p.id).await.unwrap();
        assert_eq!(TargetSummary::of(&targets).accomplished(), 14);
        let history = store
            .history(unit.id, Entity::Target, missed.id)
            .await
            .unwrap();
        assert_eq!(history.last().unwrap().action, "update");
        assert_eq!(history.last().unwrap().actor, "chuyen-vien");
        assert!(store.verify_chain().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_demo_refuses_a_database_that_has_data() {
    for store in demo_stores().await {
        assert!(demo::load(&store).await.is_err());
    }
}

#[tokio::test]
async fn concurrent_writers_never_fork_the_chain() {
    for store in fresh_stores().await {
        let mut tasks = Vec::new();
        let unit = store::testing::add_unit(&store, "tỉnh", "Ninh Bình", None)
            .await
            .unwrap()
            .id;
        let before = store.log_head().await.unwrap();
        for i in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = store.begin("writer").await.unwrap();
                tx.insert_person(unit, &format!("Người {i}")).await.unwrap();
                tx.commit().await.unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(store.log_head().await.unwrap(), before + 8);
        assert!(store.verify_chain().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_demo_has_oversight_with_recommendations_in_every_state() {
    use domain::oversight::FollowUp;
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let oversights = store.oversights(unit.id).await.unwrap();
        assert_eq!(oversights.len(), 5);
        assert!(oversights
            .iter()
            .any(|o| o.kind == domain::oversight::OversightKind::Hearing));
        assert!(!oversights[0].team.is_empty());
        // The follow-up against today is the living ward's: the district keeps its dates.
        let today = domain::time::today();
        let ward = ward(&store).await;
        let recs = store.recommendations(ward.id).await.unwrap();
        for state in [
            FollowUp::Open,
            FollowUp::InProgress,
            FollowUp::Done,
            FollowUp::Overdue,
        ] {
            assert!(
                recs.iter().any(|r| r.follow_up(today) == state),
                "{state:?} is missing on {:?}",
                store.engine()
            );
        }
        assert!(recs.iter().any(|r| !r.public));
    }
}

#[tokio::test]
async fn a_closing_response_removes_a_recommendation_from_the_open_list() {
    use domain::oversight::Response;
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let today = domain::time::today();
        let open = |recs: &[domain::oversight::Recommendation]| {
            recs.iter()
                .filter(|r| r.follow_up(today).is_open())
                .map(|r| r.id)
                .collect::<Vec<_>>()
        };
        let recs = store.recommendations(unit.id).await.unwrap();
        let target = recs
            .iter()
            .find(|r| r.follow_up(today).is_open())
            .unwrap()
            .clone();
        let before = open(&recs);
        let mut tx = store.begin("cv.ubnd").await.unwrap();
        tx.add_response(
            &target,
            &Response {
                on: today,
                from_body_id: None,
                text: "Đã khắc phục xong".into(),
                closes: true,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let after = open(&store.recommendations(unit.id).await.unwrap());
        assert_eq!(after.len(), before.len() - 1);
        assert!(!after.contains(&target.id));
        assert!(store.verify_chain().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn an_oversight_activity_is_recorded_then_changed_and_its_history_keeps_both() {
    use domain::body::BodyKind;
    use domain::oversight::{OversightDraft, OversightInput, OversightKind};
    use store::oversight::NewOversight;
    for store in demo_stores().await {
        let engine = store.engine();
        let unit = store.default_unit().await.unwrap();
        let bodies = store.bodies(unit.id).await.unwrap();
        let of_kind = |k: BodyKind| bodies.iter().find(|b| b.kind == k).unwrap().id;
        let (council, committee) = (
            of_kind(BodyKind::PeoplesCouncil),
            of_kind(BodyKind::PeoplesCommittee),
        );
        let choices = store.item_choices(unit.id).await.unwrap();
        assert!(choices.windows(2).all(|w| w[0].year >= w[1].year));
        let items_2021 = store
            .items(
                store
                    .programme(unit.id, year(2021))
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            )
            .await
            .unwrap();
        assert!(items_2021
            .iter()
            .all(|i| choices.iter().any(|c| c.id == i.id && c.year == 2021)));
        let item_ids = vec![items_2021[0].id, items_2021[1].id];
        let draft = OversightDraft::parse(&OversightInput {
            kind: "thematic_supervision",
            title: "Giám sát việc giải quyết kiến nghị của cử tri năm 2021",
            conducted_by: Some((council, BodyKind::PeoplesCouncil)),
            subject_body_ids: vec![committee],
            starts_on: "2021-04-05",
            ends_on: "2021-05-05",
            team: "Nguyễn Văn Chiến – Trưởng đoàn\nLê Thị B – Thư ký",
            documents: "Kế hoạch giám sát số 12/KH-HĐND",
            item_ids: item_ids.clone(),
            findings: "Còn chậm trả lời 3 kiến nghị.",
            public: true,
            ..Default::default()
        })
        .unwrap();
        let mut tx = store.begin("cv.hdnd").await.unwrap();
        let created = tx
            .insert_oversight(&NewOversight::from_draft(unit.id, &draft))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let read = store.oversight(unit.id, created.id).await.unwrap().unwrap();
        assert_eq!(read, created, "{engine:?}");
        assert_eq!(read.item_ids, item_ids);
        assert_eq!(read.team[1].role, "Thư ký");

        let changed = OversightDraft::parse(&OversightInput {
            kind: "hearing",
            title: "Phiên giải trình về việc giải quyết kiến nghị của cử tri",
            conducted_by: Some((council, BodyKind::PeoplesCouncil)),
            other_subjects: "UBND các phường",
            starts_on: "05/04/2021",
            team: "Nguyễn Văn Chiến – Chủ trì",
            public: false,
            ..Default::default()
        })
        .unwrap();
        let mut tx = store.begin("ct.hdnd").await.unwrap();
        let after = tx
            .update_oversight(&read, &NewOversight::from_draft(unit.id, &changed))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let read = store.oversight(unit.id, created.id).await.unwrap().unwrap();
        assert_eq!(read, after, "{engine:?}");
        assert_eq!(read.kind, OversightKind::Hearing);
        assert!(read.subject_body_ids.is_empty() && read.item_ids.is_empty());
        assert!(read.documents.is_empty() && read.findings.is_none() && !read.public);
        assert_eq!(read.ends_on, None);
        assert_eq!(read.team.len(), 1);

        let history = store
            .history(unit.id, Entity::Oversight, created.id)
            .await
            .unwrap();
        let actions: Vec<(&str, &str)> = history
            .iter()
            .map(|e| (e.action.as_str(), e.actor.as_str()))
            .collect();
        assert_eq!(actions, [("create", "cv.hdnd"), ("update", "ct.hdnd")]);
        assert!(history[1]
            .before_json
            .as_deref()
            .unwrap()
            .contains("Giám sát việc giải quyết kiến nghị"));
        assert!(history[1]
            .after_json
            .as_deref()
            .unwrap()
            .contains("Phiên giải trình"));
        assert!(store.verify_chain().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn changing_a_recommendation_keeps_its_status_and_responses_and_overdue_stays_derived() {
    use domain::oversight::{FollowUp, RecommendationDraft, RecommendationStatus};
    use store::oversight::NewRecommendation;
    for store in demo_stores().await {
        let engine = store.engine();
        let unit = ward(&store).await;
        let today = domain::time::today();
        let answered = store
            .recommendations(unit.id)
            .await
            .unwrap()
            .into_iter()
            .find(|r| {
                r.status == RecommendationStatus::InProgress
                    && r.follow_up(today) != FollowUp::Overdue
            })
            .unwrap();
        let yesterday = (today - Duration::days(1)).format("%d/%m/%Y").to_string();
        let draft = RecommendationDraft::parse(
            "Thu hồi toàn bộ diện tích đất công bị lấn chiếm trước khi hết hạn",
            Some(answered.responsible_body_id),
            &yesterday,
            false,
        )
        .unwrap();
        let mut tx = store.begin("quantri").await.unwrap();
        let after = tx.update_recommendation(&answered, &draft).await.unwrap();
        tx.commit().await.unwrap();
        let read = store
            .recommendation(unit.id, answered.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read, after, "{engine:?}");
        assert_eq!(read.status, RecommendationStatus::InProgress);
        assert_eq!(read.responses, answered.responses);
        assert!(!read.public);
        // Overdue from the day after its deadline, with nothing stored to say so.
        assert_eq!(read.follow_up(today), FollowUp::Overdue);

        // A new one starts open, without responses.
        let draft = RecommendationDraft::parse(
            "Công khai kết quả xử lý",
            Some(answered.responsible_body_id),
            "",
            true,
        )
        .unwrap();
        let mut tx = store.begin("quantri").await.unwrap();
        let new = tx
            .insert_recommendation(&NewRecommendation::from_draft(
                answered.oversight_id,
                &draft,
            ))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let read = store
            .recommendation(unit.id, new.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read.status, RecommendationStatus::Open);
        assert_eq!(read.follow_up(today), FollowUp::Open);

        let history = store
            .history(unit.id, Entity::Recommendation, answered.id)
            .await
            .unwrap();
        assert_eq!(history.last().unwrap().action, "update");
        assert!(history
            .last()
            .unwrap()
            .before_json
            .as_deref()
            .unwrap()
            .contains("\"public\":true"));
        assert!(store.verify_chain().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_digest_is_recorded_once_per_body_and_day() {
    for store in demo_stores().await {
        let unit = store.default_unit().await.unwrap();
        let body = store.bodies(unit.id).await.unwrap()[0].id;
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let mut tx = store.begin("reminders").await.unwrap();
        assert!(tx
            .record_digest(body, day, ReminderKind::Recommendations, None, "s", "t")
            .await
            .unwrap()
            .is_some());
        assert!(tx
            .record_digest(body, day, ReminderKind::Recommendations, None, "s", "t")
            .await
            .unwrap()
            .is_none());
        tx.commit().await.unwrap();
        assert_eq!(store.digests(unit.id, 10).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn changing_a_byte_of_a_signed_programme_or_of_a_signature_makes_verification_name_it() {
    for store in demo_stores().await {
        assert!(store.verify_signatures().await.unwrap().is_empty());
        let unit = store.default_unit().await.unwrap();
        let p = store.programme(unit.id, year(2021)).await.unwrap().unwrap();
        sqlx::query("UPDATE programme_items SET content = REPLACE(content, 'khóa XV', 'khóa XVI') WHERE programme_id = $1")
            .bind(p.id)
            .execute(store.db_write())
            .await
            .unwrap();
        let faults = store.verify_signatures().await.unwrap();
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert!(faults[0].record.contains("năm 2021"), "{}", faults[0]);

        let p2020 = store.programme(unit.id, year(2020)).await.unwrap().unwrap();
        sqlx::query("UPDATE programme_signatures SET signature = (CASE WHEN SUBSTR(signature, 1, 2) = '00' THEN 'ff' ELSE '00' END) || SUBSTR(signature, 3) WHERE programme_id = $1 AND id = (SELECT MIN(id) FROM programme_signatures WHERE programme_id = $1)")
            .bind(p2020.id)
            .execute(store.db_write())
            .await
            .unwrap();
        let faults = store.verify_signatures().await.unwrap();
        assert_eq!(faults.len(), 2, "{faults:?}");
        assert!(faults
            .iter()
            .any(|f| f.record.contains(&format!("programme {}", p2020.id))
                && f.record.starts_with("programme_signatures")));
    }
}

#[tokio::test]
async fn failed_sign_ins_are_counted_by_key_in_one_query_within_their_window() {
    for store in fresh_stores().await {
        for key in ["user:an", "user:an", "user:binh", "ip:10.0.0.1"] {
            store.record_sign_in_failure(key).await.unwrap();
        }
        let counts = store
            .recent_sign_in_failures_by_key("user:", 900)
            .await
            .unwrap();
        assert_eq!(counts.len(), 2, "{counts:?}");
        assert_eq!(counts["user:an"], 2);
        assert_eq!(counts["user:binh"], 1);
        assert_eq!(
            counts["user:an"],
            store.recent_sign_in_failures("user:an", 900).await.unwrap()
        );
        store.close().await;
    }
}
