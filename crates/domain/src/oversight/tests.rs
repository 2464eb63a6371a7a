//! The rules of an oversight activity, case by case: its fields, team, documents and dates.

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn input() -> OversightInput<'static> {
    OversightInput {
        kind: "thematic_supervision",
        title: "Giám sát chuyên đề việc giải quyết đơn thư",
        conducted_by: Some((10, BodyKind::PeoplesCouncil)),
        subject_body_ids: vec![11, 11],
        starts_on: "15/06/2021",
        ends_on: "2021-07-15",
        team: "Nguyễn Văn Chiến – Trưởng đoàn\n\nLê Thị B - Thư ký\nTrưởng ban Kinh tế - Xã hội HĐND quận – Thành viên\nPhòng Y tế quận",
        documents: "Kế hoạch giám sát | /tai-lieu/1\nBáo cáo | javascript:alert(1)",
        item_ids: vec![3, 2, 3],
        findings: "  ",
        public: true,
        ..Default::default()
    }
}

#[test]
fn an_oversight_draft_reads_its_team_documents_and_dates() {
    let d = OversightDraft::parse(&input()).unwrap();
    assert_eq!(d.kind, OversightKind::ThematicSupervision);
    assert_eq!(d.starts_on, day(2021, 6, 15));
    assert_eq!(d.ends_on, Some(day(2021, 7, 15)));
    assert_eq!(d.subject_body_ids, vec![11]);
    assert_eq!(d.item_ids, vec![2, 3]);
    assert_eq!(d.findings, None);
    let team: Vec<(&str, &str)> = d
        .team
        .iter()
        .map(|m| (m.name.as_str(), m.role.as_str()))
        .collect();
    assert_eq!(
        team,
        [
            ("Nguyễn Văn Chiến", "Trưởng đoàn"),
            ("Lê Thị B", "Thư ký"),
            ("Trưởng ban Kinh tế - Xã hội HĐND quận", "Thành viên"),
            ("Phòng Y tế quận", "Thành viên"),
        ]
    );
    assert_eq!(d.documents[0].url.as_deref(), Some("/tai-lieu/1"));
    assert_eq!(d.documents[1].url, None);
    // What the form writes back reads as the same team.
    let lines: Vec<String> = d.team.iter().map(TeamMember::as_line).collect();
    assert_eq!(TeamMember::parse_lines(&lines.join("\n")), d.team);
}

#[test]
fn an_oversight_draft_reports_every_bad_field() {
    let bad = OversightInput {
        kind: "audit",
        title: " ",
        conducted_by: None,
        subject_body_ids: vec![],
        starts_on: "31/02/2021",
        ends_on: "sau Tết",
        ..Default::default()
    };
    let e = OversightDraft::parse(&bad).unwrap_err();
    for field in [
        "kind",
        "title",
        "conducted_by",
        "subject_body_ids",
        "starts_on",
        "ends_on",
    ] {
        assert!(e.for_field(field).is_some(), "{field}: {e}");
    }
    assert_eq!(
        e.for_field("starts_on"),
        Some("Ngày bắt đầu không hợp lệ (ngày/tháng/năm)")
    );
}

#[test]
fn an_activity_ends_after_it_starts_and_may_have_no_end_yet() {
    let backwards = OversightInput {
        ends_on: "01/06/2021",
        ..input()
    };
    assert_eq!(
        OversightDraft::parse(&backwards)
            .unwrap_err()
            .for_field("ends_on"),
        Some("Ngày kết thúc phải sau ngày bắt đầu")
    );
    let open = OversightInput {
        ends_on: "",
        ..input()
    };
    assert_eq!(OversightDraft::parse(&open).unwrap().ends_on, None);
}

#[test]
fn the_fronts_supervision_is_conducted_by_the_front_only() {
    let by_council = OversightInput {
        kind: "social_critique",
        ..input()
    };
    assert_eq!(
        OversightDraft::parse(&by_council)
            .unwrap_err()
            .for_field("conducted_by"),
        Some("Phản biện xã hội do Ủy ban MTTQ Việt Nam tiến hành")
    );
    let by_front = OversightInput {
        kind: "front_supervision",
        conducted_by: Some((12, BodyKind::FatherlandFront)),
        ..input()
    };
    assert!(OversightDraft::parse(&by_front).is_ok());
}

#[test]
fn subjects_may_be_outside_the_units_bodies() {
    let others = OversightInput {
        subject_body_ids: vec![],
        other_subjects: "Các trường THCS trên địa bàn",
        ..input()
    };
    let d = OversightDraft::parse(&others).unwrap();
    assert_eq!(
        d.other_subjects.as_deref(),
        Some("Các trường THCS trên địa bàn")
    );
}

#[test]
fn kinds_round_trip() {
    for k in OversightKind::ALL {
        assert_eq!(OversightKind::parse(k.as_str()), Some(k));
    }
}
