//! The rule, case by case: who reads, who writes, and what the public sees.

use super::*;

const UNIT: Id = 2;
const OTHER_UNIT: Id = 9;
const HDND: Id = 10;
const UBND: Id = 11;

fn actor(roles: Vec<Role>) -> Actor {
    Actor {
        user_id: 1,
        username: "u".into(),
        display_name: "U".into(),
        roles,
        grant: None,
    }
}

#[test]
fn an_anonymous_visitor_may_do_nothing_in_the_workspace() {
    assert!(!allowed(None, &Action::read_workspace(UnitPath::top(UNIT))));
    assert!(!allowed(None, &Action::EditArticle { unit_id: UNIT }));
}

#[test]
fn an_account_without_roles_may_do_nothing() {
    let a = actor(vec![]);
    assert!(!a.can(&Action::read_workspace(UnitPath::top(UNIT))));
}

#[test]
fn an_editor_changes_only_what_their_body_leads_or_reports() {
    let a = actor(vec![Role::Editor {
        unit_id: UNIT,
        body_id: HDND,
    }]);
    assert!(a.can(&Action::EditItem {
        unit_id: UNIT,
        lead_body_id: HDND
    }));
    assert!(!a.can(&Action::EditItem {
        unit_id: UNIT,
        lead_body_id: UBND
    }));
    assert!(a.can(&Action::EditTarget {
        unit_id: UNIT,
        reporting_body_id: Some(HDND)
    }));
    assert!(!a.can(&Action::EditTarget {
        unit_id: UNIT,
        reporting_body_id: Some(UBND)
    }));
    assert!(!a.can(&Action::EditTarget {
        unit_id: UNIT,
        reporting_body_id: None
    }));
    assert!(!a.can(&Action::ManageProgramme { unit_id: UNIT }));
    assert!(!a.can(&Action::Sign {
        unit_id: UNIT,
        body_id: HDND
    }));
    assert!(!a.can(&Action::ManageAccounts { unit_id: UNIT }));
}

#[test]
fn only_the_responsible_body_and_the_administrator_answer_a_recommendation() {
    let respond = Action::RespondRecommendation {
        unit_id: UNIT,
        responsible_body_id: UBND,
    };
    assert!(actor(vec![Role::Editor {
        unit_id: UNIT,
        body_id: UBND
    }])
    .can(&respond));
    assert!(!actor(vec![Role::Editor {
        unit_id: UNIT,
        body_id: HDND
    }])
    .can(&respond));
    assert!(actor(vec![Role::Admin { unit_id: UNIT }]).can(&respond));
    assert!(!actor(vec![Role::Reader { unit_id: UNIT }]).can(&respond));
}

#[test]
fn only_the_conducting_body_and_the_administrator_record_an_oversight_activity() {
    let edit = Action::EditOversight {
        unit_id: UNIT,
        conducting_body_id: HDND,
    };
    for role in [
        Role::Editor {
            unit_id: UNIT,
            body_id: HDND,
        },
        Role::Head {
            unit_id: UNIT,
            body_id: HDND,
        },
        Role::Admin { unit_id: UNIT },
    ] {
        assert!(actor(vec![role]).can(&edit), "{role:?}");
    }
    for role in [
        // The body examined does not write the findings about itself.
        Role::Editor {
            unit_id: UNIT,
            body_id: UBND,
        },
        Role::Head {
            unit_id: UNIT,
            body_id: UBND,
        },
        Role::Reader { unit_id: UNIT },
        Role::Admin {
            unit_id: OTHER_UNIT,
        },
        Role::Editor {
            unit_id: OTHER_UNIT,
            body_id: HDND,
        },
    ] {
        assert!(!actor(vec![role]).can(&edit), "{role:?}");
    }
    assert!(!allowed(None, &edit));
}

#[test]
fn a_head_signs_only_for_their_own_body() {
    let a = actor(vec![Role::Head {
        unit_id: UNIT,
        body_id: UBND,
    }]);
    assert!(a.can(&Action::Sign {
        unit_id: UNIT,
        body_id: UBND
    }));
    assert!(!a.can(&Action::Sign {
        unit_id: UNIT,
        body_id: HDND
    }));
    assert_eq!(a.signs_for(), vec![UBND]);
}

#[test]
fn an_administrator_does_everything_in_the_unit_but_sign() {
    let a = actor(vec![Role::Admin { unit_id: UNIT }]);
    assert!(a.can(&Action::ManageProgramme { unit_id: UNIT }));
    assert!(a.can(&Action::EditItem {
        unit_id: UNIT,
        lead_body_id: UBND
    }));
    assert!(a.can(&Action::ManageAccounts { unit_id: UNIT }));
    assert!(!a.can(&Action::Sign {
        unit_id: UNIT,
        body_id: UBND
    }));
    assert!(!a.can(&Action::ManageProgramme {
        unit_id: OTHER_UNIT
    }));
}

#[test]
fn a_reader_reads_and_writes_nothing() {
    let a = actor(vec![Role::Reader { unit_id: UNIT }]);
    assert!(a.can(&Action::read_workspace(UnitPath::top(UNIT))));
    assert!(!a.can(&Action::EditArticle { unit_id: UNIT }));
    assert!(!a.can(&Action::EditMeeting { unit_id: UNIT }));
}

#[test]
fn roles_rebuild_from_their_stored_parts_only_when_well_formed() {
    assert_eq!(
        Role::from_parts("editor", UNIT, Some(HDND)),
        Some(Role::Editor {
            unit_id: UNIT,
            body_id: HDND
        })
    );
    assert_eq!(Role::from_parts("editor", UNIT, None), None);
    assert_eq!(Role::from_parts("admin", UNIT, Some(HDND)), None);
    assert_eq!(Role::from_parts("god", UNIT, None), None);
}

const PROVINCE: Id = 1;
const WARD: Id = 3;
const SISTER_WARD: Id = 4;

fn ward() -> UnitPath {
    UnitPath::new(WARD, &[PROVINCE])
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

fn every_private_record() -> Vec<Record> {
    vec![
        Record::Workspace,
        Record::Programme {
            status: ProgrammeStatus::Draft,
            signed_before: false,
        },
        Record::Meeting { public: false },
        Record::Minutes {
            meeting_public: true,
            published: false,
        },
        Record::Minutes {
            meeting_public: false,
            published: true,
        },
        Record::Oversight { public: false },
        Record::Recommendation { public: false },
        Record::Picture {
            in_public_article: false,
        },
        Record::Article {
            published_at: None,
            now: now(),
        },
        Record::Article {
            published_at: Some(now() + chrono::Duration::seconds(1)),
            now: now(),
        },
    ]
}

fn every_public_record() -> Vec<Record> {
    vec![
        Record::Organisation,
        Record::Picture {
            in_public_article: true,
        },
        // Being amended after it was signed: still in force.
        Record::Programme {
            status: ProgrammeStatus::Draft,
            signed_before: true,
        },
        Record::Programme {
            status: ProgrammeStatus::Signed,
            signed_before: false,
        },
        Record::Programme {
            status: ProgrammeStatus::InProgress,
            signed_before: false,
        },
        Record::Programme {
            status: ProgrammeStatus::Reviewed,
            signed_before: false,
        },
        Record::Meeting { public: true },
        Record::Minutes {
            meeting_public: true,
            published: true,
        },
        Record::Oversight { public: true },
        Record::Recommendation { public: true },
        Record::Article {
            published_at: Some(now()),
            now: now(),
        },
    ]
}

fn every_way_of_reading(at: UnitPath, record: Record) -> [Action; 4] {
    [
        Action::Read { at, record },
        Action::ReadHistory { at, record },
        Action::ReadDocument { at, record },
        Action::ReadExport { at, record },
    ]
}

#[test]
fn an_anonymous_visitor_reads_what_is_public_and_nothing_else() {
    for record in every_public_record() {
        for action in every_way_of_reading(ward(), record) {
            assert!(allowed(None, &action), "{action:?}");
        }
    }
    for record in every_private_record() {
        for action in every_way_of_reading(ward(), record) {
            assert!(!allowed(None, &action), "{action:?}");
        }
    }
}

#[test]
fn every_role_of_the_unit_reads_its_private_records() {
    for role in [
        Role::Reader { unit_id: WARD },
        Role::Editor {
            unit_id: WARD,
            body_id: HDND,
        },
        Role::Head {
            unit_id: WARD,
            body_id: UBND,
        },
        Role::Admin { unit_id: WARD },
    ] {
        for record in every_private_record() {
            for action in every_way_of_reading(ward(), record) {
                assert!(actor(vec![role]).can(&action), "{role:?} {action:?}");
            }
        }
    }
}

#[test]
fn staff_of_a_sister_unit_read_only_what_is_public() {
    let a = actor(vec![Role::Admin {
        unit_id: SISTER_WARD,
    }]);
    for record in every_private_record() {
        assert!(!a.can(&Action::Read { at: ward(), record }), "{record:?}");
    }
    assert!(a.can(&Action::Read {
        at: ward(),
        record: Record::Organisation
    }));
}

#[test]
fn staff_of_a_province_read_the_records_of_the_units_below_it_and_change_none() {
    let a = actor(vec![Role::Admin { unit_id: PROVINCE }]);
    for record in every_private_record() {
        assert!(a.can(&Action::Read { at: ward(), record }), "{record:?}");
    }
    for write in [
        Action::ManageProgramme { unit_id: WARD },
        Action::EditArticle { unit_id: WARD },
        Action::EditMeeting { unit_id: WARD },
        Action::EditOrganisation { unit_id: WARD },
        Action::ManageAccounts { unit_id: WARD },
        Action::EditItem {
            unit_id: WARD,
            lead_body_id: HDND,
        },
    ] {
        assert!(!a.can(&write), "{write:?}");
    }
    // A ward does not read up into its province's private records.
    let w = actor(vec![Role::Admin { unit_id: WARD }]);
    assert!(!w.can(&Action::read_workspace(UnitPath::top(PROVINCE))));
}

#[test]
fn a_recommendation_is_public_on_its_own_and_minutes_need_a_public_meeting() {
    assert!(allowed(
        None,
        &Action::Read {
            at: ward(),
            record: Record::Recommendation { public: true }
        }
    ));
    assert!(!allowed(
        None,
        &Action::ReadDocument {
            at: ward(),
            record: Record::Minutes {
                meeting_public: false,
                published: true
            }
        }
    ));
}

#[test]
fn lists_of_articles_are_scoped_as_the_rule_reads_each_article() {
    assert_eq!(
        article_scope(None, ward(), now()),
        ArticleScope::PublishedBy(now())
    );
    let staff = actor(vec![Role::Reader { unit_id: WARD }]);
    assert_eq!(
        article_scope(Some(&staff), ward(), now()),
        ArticleScope::Everything
    );
    let province = actor(vec![Role::Reader { unit_id: PROVINCE }]);
    assert_eq!(
        article_scope(Some(&province), ward(), now()),
        ArticleScope::Everything
    );
    let sister = actor(vec![Role::Reader {
        unit_id: SISTER_WARD,
    }]);
    assert_eq!(
        article_scope(Some(&sister), ward(), now()),
        ArticleScope::PublishedBy(now())
    );
}

#[test]
fn a_unit_path_keeps_its_nearest_ancestors() {
    let p = UnitPath::new(5, &[4, 3, 2, 1]);
    assert_eq!(p.above().collect::<Vec<_>>(), vec![4, 3, 2]);
    assert_eq!(p.unit_id(), 5);
}

#[test]
fn the_operator_reads_and_changes_every_unit_but_signs_for_no_body() {
    let op = Actor::command_line();
    assert!(op.can(&Action::read_workspace(ward())));
    assert!(op.can(&Action::ManageProgramme { unit_id: WARD }));
    assert!(op.can(&Action::EditArticle { unit_id: PROVINCE }));
    assert!(!op.can(&Action::Sign {
        unit_id: WARD,
        body_id: HDND
    }));
}

#[test]
fn only_the_operator_manages_units() {
    assert!(Actor::command_line().can(&Action::ManageUnits));
    for role in [
        Role::Admin { unit_id: PROVINCE },
        Role::Admin { unit_id: WARD },
        Role::Reader { unit_id: WARD },
    ] {
        assert!(!actor(vec![role]).can(&Action::ManageUnits), "{role:?}");
    }
    assert!(!allowed(None, &Action::ManageUnits));
}

#[test]
fn an_administrator_resets_the_password_of_staff_who_work_only_in_their_unit() {
    let admin = actor(vec![Role::Admin { unit_id: UNIT }]);
    let editor = [Role::Editor {
        unit_id: UNIT,
        body_id: HDND,
    }];
    assert!(may_reset_password(&admin, &editor));
    assert!(may_reset_password(
        &admin,
        &[
            Role::Reader { unit_id: UNIT },
            Role::Admin { unit_id: UNIT }
        ]
    ));
}

#[test]
fn an_administrator_cannot_reset_the_password_of_someone_who_also_works_elsewhere() {
    let admin = actor(vec![Role::Admin { unit_id: UNIT }]);
    assert!(!may_reset_password(
        &admin,
        &[
            Role::Reader { unit_id: UNIT },
            Role::Admin {
                unit_id: OTHER_UNIT
            }
        ]
    ));
    assert!(!may_reset_password(
        &admin,
        &[Role::Reader { unit_id: UNIT }, Role::Operator]
    ));
    assert!(!may_reset_password(&admin, &[]));
}

#[test]
fn an_administrator_of_both_units_or_the_operator_resets_any_staff_password() {
    let both = actor(vec![
        Role::Admin { unit_id: UNIT },
        Role::Admin {
            unit_id: OTHER_UNIT,
        },
    ]);
    let holder = [
        Role::Reader { unit_id: UNIT },
        Role::Editor {
            unit_id: OTHER_UNIT,
            body_id: UBND,
        },
    ];
    assert!(may_reset_password(&both, &holder));
    let operator = actor(vec![Role::Operator]);
    assert!(may_reset_password(&operator, &holder));
    assert!(may_reset_password(&operator, &[Role::Operator]));
    assert!(may_reset_password(&operator, &[]));
}

#[test]
fn staff_other_than_administrators_reset_no_password() {
    for role in [
        Role::Editor {
            unit_id: UNIT,
            body_id: HDND,
        },
        Role::Head {
            unit_id: UNIT,
            body_id: HDND,
        },
        Role::Reader { unit_id: UNIT },
    ] {
        let a = actor(vec![role]);
        assert!(!may_reset_password(&a, &[Role::Reader { unit_id: UNIT }]));
    }
}

#[test]
fn only_the_units_administrator_restores_what_was_withdrawn() {
    let admin = actor(vec![Role::Admin { unit_id: UNIT }]);
    assert!(admin.can(&Action::Restore { unit_id: UNIT }));
    assert!(!admin.can(&Action::Restore {
        unit_id: OTHER_UNIT
    }));
    for writer in [
        Role::Editor {
            unit_id: UNIT,
            body_id: HDND,
        },
        Role::Head {
            unit_id: UNIT,
            body_id: UBND,
        },
        Role::Reader { unit_id: UNIT },
    ] {
        assert!(!actor(vec![writer]).can(&Action::Restore { unit_id: UNIT }));
    }
}

#[test]
fn only_the_installations_operator_keeps_the_national_indicators() {
    assert!(actor(vec![Role::Operator]).can(&Action::ManageNationalIndicators));
    for role in [
        Role::Admin { unit_id: UNIT },
        Role::Admin {
            unit_id: OTHER_UNIT,
        },
        Role::Editor {
            unit_id: UNIT,
            body_id: UBND,
        },
        Role::Reader { unit_id: UNIT },
    ] {
        assert!(
            !actor(vec![role]).can(&Action::ManageNationalIndicators),
            "{role:?}"
        );
    }
}

#[test]
fn only_the_provinces_administrator_keeps_its_indicators_and_no_commune_does() {
    let province = UNIT;
    let commune = OTHER_UNIT;
    let keep = |unit_id| Action::ManageIndicators { unit_id };
    assert!(actor(vec![Role::Admin { unit_id: province }]).can(&keep(province)));
    assert!(actor(vec![Role::Operator]).can(&keep(province)));
    // A commune's administrator, below the province, changes nothing of the province's.
    assert!(!actor(vec![Role::Admin { unit_id: commune }]).can(&keep(province)));
    for staff in [
        Role::Editor {
            unit_id: province,
            body_id: UBND,
        },
        Role::Head {
            unit_id: province,
            body_id: HDND,
        },
        Role::Reader { unit_id: province },
    ] {
        assert!(!actor(vec![staff]).can(&keep(province)));
    }
}

#[test]
fn the_provinces_working_staff_remind_its_units_and_a_reader_or_another_unit_does_not() {
    let remind = |unit_id| Action::RemindUnits { unit_id };
    for writer in [
        Role::Admin { unit_id: UNIT },
        Role::Editor {
            unit_id: UNIT,
            body_id: HDND,
        },
        Role::Head {
            unit_id: UNIT,
            body_id: UBND,
        },
    ] {
        let staff = actor(vec![writer]);
        assert!(staff.can(&remind(UNIT)));
        assert!(!staff.can(&remind(OTHER_UNIT)));
    }
    assert!(!actor(vec![Role::Reader { unit_id: UNIT }]).can(&remind(UNIT)));
    assert!(!allowed(None, &remind(UNIT)));
}

fn with_grant(roles: Vec<Role>, grant: Grant) -> Actor {
    Actor {
        grant: Some(grant),
        ..actor(roles)
    }
}

#[test]
fn a_read_only_token_reads_what_its_holder_reads_and_writes_nothing() {
    let admin = with_grant(vec![Role::Admin { unit_id: UNIT }], Grant::ReadOnly);
    assert!(admin.can(&Action::read_workspace(UnitPath::top(UNIT))));
    for write in [
        Action::EditArticle { unit_id: UNIT },
        Action::EditMeeting { unit_id: UNIT },
        Action::ManageProgramme { unit_id: UNIT },
        Action::EditTarget {
            unit_id: UNIT,
            reporting_body_id: None,
        },
    ] {
        assert!(!admin.can(&write), "{write:?}");
    }
}

#[test]
fn a_token_limited_to_some_kinds_writes_those_kinds_only_and_only_as_the_roles_allow() {
    let news = with_grant(
        vec![Role::Editor {
            unit_id: UNIT,
            body_id: HDND,
        }],
        Grant::Write(vec![WriteKind::Article, WriteKind::Target]),
    );
    assert!(news.can(&Action::EditArticle { unit_id: UNIT }));
    assert!(news.can(&Action::EditTarget {
        unit_id: UNIT,
        reporting_body_id: Some(HDND),
    }));
    // The kind is granted, the role still refuses another body's target and another unit.
    assert!(!news.can(&Action::EditTarget {
        unit_id: UNIT,
        reporting_body_id: Some(UBND),
    }));
    assert!(!news.can(&Action::EditArticle {
        unit_id: OTHER_UNIT
    }));
    // The role allows meetings; the token does not.
    assert!(!news.can(&Action::EditMeeting { unit_id: UNIT }));
}

#[test]
fn no_token_signs_or_manages_accounts_whatever_its_grant() {
    let head = with_grant(
        vec![
            Role::Head {
                unit_id: UNIT,
                body_id: HDND,
            },
            Role::Admin { unit_id: UNIT },
        ],
        Grant::write_all(),
    );
    assert!(!head.can(&Action::Sign {
        unit_id: UNIT,
        body_id: HDND
    }));
    assert!(!head.can(&Action::ManageAccounts { unit_id: UNIT }));
    assert!(!head.can(&Action::Restore { unit_id: UNIT }));
    // Signed in, the same person does all three.
    let signed_in = Actor {
        grant: None,
        ..head
    };
    assert!(signed_in.can(&Action::Sign {
        unit_id: UNIT,
        body_id: HDND
    }));
    assert!(signed_in.can(&Action::ManageAccounts { unit_id: UNIT }));
}

#[test]
fn write_kinds_read_back_from_their_codes() {
    for kind in WriteKind::ALL {
        assert_eq!(WriteKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(WriteKind::parse("account"), None);
}

#[test]
fn grants_read_back_from_their_codes_and_nothing_else_does() {
    for grant in [
        Grant::ReadOnly,
        Grant::write_all(),
        Grant::Write(vec![WriteKind::Meeting]),
        Grant::Write(vec![]),
    ] {
        assert_eq!(Grant::from_code(&grant.code()), Some(grant));
    }
    assert_eq!(Grant::from_code("write:account"), None);
    assert_eq!(Grant::from_code("admin"), None);
}
