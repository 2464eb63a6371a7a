//! An installation of the one-unit phoihop upgraded to units as tenants: what it had is kept and
//! given to its unit, on every engine.

use store::testing::blank_stores;

/// The rows an installation of the previous release could hold, in its schema.
const OLD_ROWS: &[&str] = &[
    "INSERT INTO units (id, code, name, kind, level, parent_id, valid_from, valid_to, successor_id) VALUES \
     (1, '01', 'Hà Nội', 'thành phố', 'province', NULL, '1976-07-02', NULL, NULL), \
     (3, '', 'Cầu Giấy', 'phường', 'commune', 1, '2025-07-01', NULL, NULL), \
     (2, '005', 'Cầu Giấy', 'quận', 'district', 1, '1997-01-01', '2025-06-30', 3)",
    "INSERT INTO settings (key, value) VALUES ('portal_unit_id', '2'), ('programme_number_symbol', '07/CTrPH')",
    "INSERT INTO categories (id, slug, name, position) VALUES (1, 'thong-bao', 'Thông báo', 0)",
    "INSERT INTO articles (id, unit_id, slug, title, summary, body_html, byline, published_at, illustrative) \
     VALUES (1, 2, 'tin-cu', 'Tin cũ', '', '<p>x</p>', '', 1611388000, 0)",
    "INSERT INTO article_categories (article_id, category_id) VALUES (1, 1)",
    "INSERT INTO bodies (id, unit_id, kind, name, short_name, parent_body_id, position) \
     VALUES (1, 2, 'peoples_council', 'Hội đồng nhân dân quận Cầu Giấy', 'HĐND quận', NULL, 0)",
    "INSERT INTO people (id, full_name) VALUES (1, 'Nguyễn Văn Chiến')",
    "INSERT INTO posts (id, body_id, title, position) VALUES (1, 1, 'Chủ tịch', 0)",
    "INSERT INTO memberships (id, person_id, post_id, term_id, starts_on, ends_on) VALUES (1, 1, 1, NULL, '2016-07-01', NULL)",
];

#[tokio::test]
async fn an_installation_of_one_unit_keeps_everything_as_that_units() {
    for store in blank_stores().await {
        store.migrate_until(3).await.unwrap();
        for sql in OLD_ROWS {
            sqlx::query(sql).execute(store.db_write()).await.unwrap();
        }
        if store.engine() == store::Engine::Postgres {
            // Rows given their ids here, as the old release gave them by itself: the identities
            // move past them.
            for table in [
                "units",
                "categories",
                "articles",
                "bodies",
                "people",
                "posts",
                "memberships",
            ] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                ))
                .execute(store.db_write())
                .await
                .unwrap();
            }
        }
        store.migrate().await.unwrap();

        let district = store.default_unit().await.unwrap();
        assert_eq!(district.id, 2, "{:?}", store.engine());
        assert_eq!(district.slug, "quan-cau-giay");
        let ward = store.unit(3).await.unwrap();
        assert_eq!(ward.slug, "phuong-cau-giay");
        assert_eq!(store.unit(1).await.unwrap().slug, "thanh-pho-ha-noi");

        let successions = store.successions().await.unwrap();
        assert_eq!(successions.len(), 1);
        assert_eq!(
            (successions[0].predecessor_id, successions[0].successor_id),
            (2, 3)
        );
        assert_eq!(
            successions[0].effective_on,
            chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
        );

        assert_eq!(
            store
                .unit_setting(2, "programme_number_symbol")
                .await
                .unwrap()
                .as_deref(),
            Some("07/CTrPH")
        );
        assert_eq!(
            store.setting("programme_number_symbol").await.unwrap(),
            None
        );

        let categories = store.categories(2).await.unwrap();
        assert_eq!(categories.len(), 1);
        assert!(store.categories(3).await.unwrap().is_empty());
        let article = store.article_by_slug(2, "tin-cu").await.unwrap().unwrap();
        assert_eq!(article.category_ids, vec![1]);

        // A slug now needs only be unique in its unit.
        let mut tx = store.begin("test").await.unwrap();
        tx.insert_category(
            3,
            &domain::article::Slug::parse("thong-bao").unwrap(),
            "Thông báo",
            0,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let person_unit: Option<i64> =
            sqlx::query_scalar("SELECT unit_id FROM people WHERE id = 1")
                .fetch_one(store.db_read())
                .await
                .unwrap();
        assert_eq!(person_unit, Some(2));
        assert!(store.verify_chain().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn targets_kept_from_before_codes_are_given_codes_of_their_own() {
    for store in blank_stores().await {
        store.migrate_until(4).await.unwrap();
        for sql in [
            "INSERT INTO units (id, code, name, kind, level, parent_id, valid_from, valid_to, successor_id, slug) VALUES \
             (1, '005', 'Cầu Giấy', 'quận', 'district', NULL, '1997-01-01', NULL, NULL, 'quan-cau-giay')",
            "INSERT INTO programmes (id, unit_id, year, title, status) VALUES (1, 1, 2020, 'Chương trình', 'reviewed')",
            // Two targets at position 2, as an old import could leave them.
            "INSERT INTO targets (id, programme_id, position, name, measure, direction, plan) VALUES \
             (1, 1, 1, 'Thu ngân sách', '%', 'higher', '100'), \
             (2, 1, 2, 'Tỷ lệ hộ nghèo', '%', 'lower', '1'), \
             (3, 1, 2, 'Tỷ lệ hộ nghèo', '%', 'lower', '1'), \
             (4, 1, 12, 'Giao quân', '', 'yes_no', '1')",
        ] {
            sqlx::query(sql).execute(store.db_write()).await.unwrap();
        }
        if store.engine() == store::Engine::Postgres {
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('targets', 'id'), (SELECT MAX(id) FROM targets))",
            )
            .execute(store.db_write())
            .await
            .unwrap();
        }
        store.migrate().await.unwrap();
        let codes: Vec<String> = store
            .targets(1)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.code)
            .collect();
        assert_eq!(
            codes,
            ["CT01", "CT02", "CT02-3", "CT12"],
            "{:?}",
            store.engine()
        );
        // A new target takes the first code free after its position.
        let mut tx = store.begin("test").await.unwrap();
        let t = tx
            .insert_target(
                1,
                1,
                &store::NewTarget {
                    name: "Chỉ tiêu mới".into(),
                    measure: String::new(),
                    direction: domain::target::Direction::HigherIsBetter,
                    plan: rust_decimal::Decimal::ONE,
                    actual: None,
                    reporting_body_id: None,
                    illustrative: false,
                    note: None,
                },
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(t.code, "CT01-2");
    }
}

#[tokio::test]
async fn targets_kept_from_before_verdicts_are_judged_once_and_counted() {
    for store in blank_stores().await {
        store.migrate_until(15).await.unwrap();
        for sql in [
            "INSERT INTO units (id, code, name, kind, level, parent_id, valid_from, valid_to, successor_id, slug) VALUES \
             (1, '00167', 'Nghĩa Đô', 'phường', 'commune', NULL, '2025-07-01', NULL, NULL, 'phuong-nghia-do')",
            "INSERT INTO programmes (id, unit_id, year, title, status) VALUES (1, 1, 2026, 'Chương trình', 'signed')",
            // Exceeded, met (100 against 100.0), missed (a rate that should fall rose), pending.
            "INSERT INTO targets (id, programme_id, position, code, name, measure, direction, plan, actual) VALUES \
             (1, 1, 1, 'CT01', 'Thu ngân sách', '%', 'higher', '100', '104.5'), \
             (2, 1, 2, 'CT02', 'Giải ngân', '%', 'higher', '100.0', '100'), \
             (3, 1, 3, 'CT03', 'Tỷ lệ hộ nghèo', '%', 'lower', '1', '1.2'), \
             (4, 1, 4, 'CT04', 'Tỷ lệ BHYT', '%', 'higher', '95', NULL)",
        ] {
            sqlx::query(sql).execute(store.db_write()).await.unwrap();
        }
        store.migrate().await.unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let year = domain::programme::Year::new(2026).unwrap();
        let years = store.units_year(&[1], &[], year, day).await.unwrap().years;
        let t = years[0].targets;
        assert_eq!(
            (t.total, t.exceeded, t.met, t.missed, t.pending),
            (4, 1, 1, 1, 1),
            "{:?}",
            store.engine()
        );
        // A new actual is judged as it is written.
        let target = store.target(1, 4).await.unwrap().unwrap();
        let mut tx = store.begin("test").await.unwrap();
        tx.set_target_actual(&target, Some("90".parse().unwrap()))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let years = store.units_year(&[1], &[], year, day).await.unwrap().years;
        assert_eq!((years[0].targets.missed, years[0].targets.pending), (2, 0));
    }
}
