//! A change-log entry as a person reads it: each field under its Vietnamese label, each value as the
//! portal shows it (dates, statuses, numbers, names of bodies), never JSON, HTML source or an ISO
//! instant.

use app::Names;
use domain::entity::Entity;
use serde_json::{Map, Value};

/// A changed field: its label, and its value before and after.
pub type FieldChange = (String, String, String);

/// The label of a field of the change log, in Vietnamese; `None` for fields a reader never needs
/// (ids and bookkeeping).
fn label(entity: Entity, key: &str) -> Option<&'static str> {
    Some(match (entity, key) {
        (_, "id" | "unit_id" | "programme_id" | "version" | "position") => return None,
        (Entity::Article, "body") => "Nội dung bài viết",
        (Entity::Article | Entity::Meeting | Entity::Programme, "title") => "Tiêu đề",
        (Entity::Post, "title") => "Chức vụ",
        (Entity::Oversight, "kind") => "Hình thức",
        (Entity::Body, "kind") => "Loại cơ quan",
        (Entity::Meeting, "kind") => "Loại hội nghị",
        (_, "title") => "Tiêu đề",
        (_, "name") => "Tên",
        (_, "content") => "Nội dung",
        (_, "summary") => "Tóm tắt",
        (_, "byline") => "Tác giả, nguồn tin",
        (_, "slug") => "Đường dẫn",
        (_, "published_at") => "Thời điểm đăng",
        (_, "category_ids") => "Chuyên mục",
        (_, "illustrative") => "Số liệu minh họa",
        (_, "status") => "Trạng thái",
        (_, "year") => "Năm",
        (_, "signed_on") => "Ngày ký",
        (_, "reviewed_on") => "Ngày tổng kết",
        (_, "review_summary") => "Kết quả tổng kết",
        (_, "party_ids") => "Các bên ký kết",
        (_, "lead_body_id") => "Cơ quan chủ trì",
        (_, "partner_body_ids") => "Cơ quan phối hợp",
        (_, "notes") => "Tiến độ",
        (_, "time_frame") => "Thời gian thực hiện",
        (_, "actual") => "Thực hiện",
        (_, "plan") => "Kế hoạch",
        (_, "direction") => "Chiều đánh giá",
        (_, "measure") => "Đơn vị tính",
        (_, "note") => "Ghi chú",
        (_, "reporting_body_id") => "Cơ quan báo cáo",
        (_, "estimate") => "Dự toán",
        (_, "deadline") => "Thời hạn",
        (_, "responses") => "Trả lời",
        (_, "responsible_body_id") => "Cơ quan chịu trách nhiệm",
        (_, "public") => "Công khai",
        (_, "oversight_id") => "Hoạt động giám sát",
        (_, "conducted_by") => "Cơ quan thực hiện",
        (_, "documents") => "Tài liệu",
        (_, "starts_on") => "Ngày bắt đầu",
        (_, "ends_on") => "Ngày kết thúc",
        (_, "findings") => "Kết luận",
        (_, "item_ids") => "Nội dung chương trình liên quan",
        (_, "kind") => "Loại",
        (_, "other_subjects") => "Đối tượng khác",
        (_, "subject_body_ids") => "Cơ quan được giám sát",
        (_, "team") => "Thành phần đoàn",
        (_, "agenda") => "Nội dung hội nghị",
        (_, "attendees") => "Thành phần tham dự",
        (_, "starts_at") => "Thời gian bắt đầu",
        (_, "ends_at") => "Thời gian kết thúc",
        (_, "venue") => "Địa điểm",
        (_, "minutes") => "Biên bản",
        (_, "minutes_published") => "Công bố biên bản",
        (_, "full_name") => "Họ và tên",
        (_, "person_id") => "Người",
        (_, "post_id") => "Chức vụ",
        (_, "term_id") => "Nhiệm kỳ",
        (_, "body_id") => "Cơ quan",
        (_, "short_name") => "Tên viết tắt",
        (_, "parent_body_id") => "Cơ quan cấp trên",
        (_, "key") => "Thiết lập",
        (_, "value") => "Giá trị",
        (_, "disabled") => "Đã khóa",
        (_, "display_name") => "Tên hiển thị",
        (_, "username") => "Tên đăng nhập",
        (_, "role") => "Vai trò",
        (_, "user_id") => "Tài khoản",
        (_, "revoked") => "Đã thu hồi",
        (_, "public_key") => "Khóa công khai",
        (_, "signature") => "Chữ ký số",
        (_, "signed_at") => "Thời điểm ký",
        (_, "key_id") => "Khóa ký",
        (Entity::Target, "code") => "Mã chỉ tiêu",
        (_, "code") => "Mã",
        (_, "host") => "Tên miền",
        (_, "level") => "Cấp",
        (_, "parent_id") => "Đơn vị cấp trên",
        (_, "valid_from") => "Hiệu lực từ",
        (_, "valid_to") => "Hiệu lực đến",
        (_, "effective_on") => "Ngày hiệu lực",
        (_, "predecessor_id") => "Đơn vị trước",
        (_, "successor_id") => "Đơn vị kế thừa",
        (_, "body_ids") => "Cơ quan",
        (_, "sent_on") => "Ngày gửi",
        (_, "lines") => "Các kiến nghị",
        _ => "Thông tin khác",
    })
}

/// What a withdrawal or a restoration did, named by what it took away or put back ("Gỡ bỏ: trả
/// lời kiến nghị"); `None` for any other entry. Such an entry lists no fields: what the record said
/// is in its own entries, for those who may read them.
pub fn withdrawal_line(
    kind: Option<domain::entity::ChangeKind>,
    before: Option<&str>,
    after: Option<&str>,
) -> Option<String> {
    use domain::entity::ChangeKind;
    let kind = kind.filter(|k| matches!(k, ChangeKind::Withdraw | ChangeKind::Restore))?;
    let what = parse(after.or(before))
        .get("withdrawn")
        .and_then(Value::as_str)
        .and_then(domain::withdrawal::Withdrawable::parse)
        .map(|w| w.label().to_lowercase());
    Some(match what {
        Some(what) => format!("{}: {what}", kind.label()),
        None => kind.label().to_string(),
    })
}

/// A value as the portal would show it.
fn show(entity: Entity, key: &str, value: &Value, names: &Names) -> String {
    let body = |id: &Value| {
        id.as_i64()
            .and_then(|id| names.bodies.get(&id).cloned())
            .unwrap_or_else(|| "—".into())
    };
    let text = match (key, value) {
        (_, Value::Null) => "—".to_string(),
        (_, Value::Bool(b)) => if *b { "Có" } else { "Không" }.to_string(),
        (
            "lead_body_id"
            | "reporting_body_id"
            | "responsible_body_id"
            | "conducted_by"
            | "body_id"
            | "parent_body_id",
            id,
        ) => body(id),
        ("party_ids" | "partner_body_ids" | "subject_body_ids" | "body_ids", Value::Array(ids)) => {
            ids.iter().map(body).collect::<Vec<_>>().join(", ")
        }
        ("category_ids", Value::Array(ids)) => ids
            .iter()
            .filter_map(|id| {
                id.as_i64()
                    .and_then(|id| names.categories.get(&id).cloned())
            })
            .collect::<Vec<_>>()
            .join(", "),
        ("person_id", id) => id
            .as_i64()
            .and_then(|id| names.people.get(&id).cloned())
            .unwrap_or_else(|| "—".into()),
        ("status", Value::String(s)) => status_label(entity, value).unwrap_or_else(|| s.clone()),
        ("direction", Value::String(s)) => as_enum::<domain::target::Direction>(value)
            .map_or_else(|| s.clone(), |d| d.label().to_string()),
        ("kind", Value::String(s)) => kind_label(entity, value).unwrap_or_else(|| s.clone()),
        ("level", Value::String(s)) => as_enum::<domain::unit::UnitLevel>(value)
            .map_or_else(|| s.clone(), |l| l.label().to_string()),
        ("role", role) => serde_json::from_value::<domain::access::Role>(role.clone())
            .map_or_else(|_| "—".into(), |r| r.label().to_string()),
        ("actual" | "plan" | "estimate", Value::String(s)) => vi::format_decimal(s, 2),
        ("public_key" | "signature", Value::String(s)) => {
            format!("{}…", s.chars().take(16).collect::<String>())
        }
        ("signed_at", Value::Number(n)) => n
            .as_i64()
            .map(|s| domain::time::short_datetime(domain::time::from_unix(s)))
            .unwrap_or_default(),
        ("body" | "minutes", Value::String(html)) => {
            domain::article::SafeHtml::sanitise(html).text()
        }
        (_, Value::String(s)) => date_or_text(s),
        (_, Value::Number(n)) => n.to_string(),
        (_, Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::Object(fields) => record_line(fields),
                other => show(entity, "", other, names),
            })
            .collect::<Vec<_>>()
            .join("; "),
        (_, Value::Object(fields)) => record_line(fields),
    };
    domain::article::first_words(&text, 60)
}

/// A value of one of the domain's enums, read the way the change log wrote it (serde's names,
/// which are not always the forms' codes: `higher_is_better` against `higher`).
fn as_enum<T: serde::de::DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(value.clone()).ok()
}

/// A status in the words of the record it belongs to.
fn status_label(entity: Entity, value: &Value) -> Option<String> {
    use domain::oversight::RecommendationStatus;
    use domain::programme::{ItemStatus, ProgrammeStatus};
    let label = match entity {
        Entity::Programme => as_enum::<ProgrammeStatus>(value)?.label(),
        Entity::ProgrammeItem => as_enum::<ItemStatus>(value)?.label(),
        Entity::Recommendation => as_enum::<RecommendationStatus>(value)?.label(),
        _ => return None,
    };
    Some(label.to_string())
}

fn kind_label(entity: Entity, value: &Value) -> Option<String> {
    let label = match entity {
        Entity::Body => as_enum::<domain::body::BodyKind>(value)?.label(),
        Entity::Oversight => as_enum::<domain::oversight::OversightKind>(value)?.label(),
        Entity::Meeting => as_enum::<domain::meeting::MeetingKind>(value)?.label(),
        _ => return None,
    };
    Some(label.to_string())
}

/// A date (`2021-01-21`) or an instant (`2025-07-01T02:00:00Z`) as Vietnamese readers write them;
/// any other text as it is.
fn date_or_text(s: &str) -> String {
    if let Ok(day) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return domain::time::short_date(day);
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
        return domain::time::short_datetime(at.with_timezone(&chrono::Utc));
    }
    s.to_string()
}

/// A small record inside a field (a response, a note, a member of a team, a time frame) as one
/// line: its dates first, then its words.
fn record_line(fields: &Map<String, Value>) -> String {
    let mut dates = Vec::new();
    let mut words = Vec::new();
    let closes = fields.get("closes") == Some(&Value::Bool(true));
    for (key, value) in fields {
        let Value::String(s) = value else { continue };
        let shown = date_or_text(s);
        if shown != *s {
            dates.push(shown);
        } else if !s.trim().is_empty() && key != "url" {
            words.push(s.clone());
        }
    }
    let dates = dates.join(" – ");
    let line = match (dates.is_empty(), words.is_empty()) {
        (false, false) => format!("{dates}: {}", words.join(", ")),
        (false, true) => dates,
        _ => words.join(", "),
    };
    if closes {
        format!("{line} (hoàn thành)")
    } else {
        line
    }
}

fn parse(json: Option<&str>) -> Map<String, Value> {
    json.and_then(|s| serde_json::from_str::<Value>(s).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

/// The fields that differ between two versions of a record, in the record's own order, labelled
/// and shown for a reader.
pub fn changes(
    entity: Entity,
    before: Option<&str>,
    after: Option<&str>,
    names: &Names,
) -> Vec<FieldChange> {
    let (b, a) = (parse(before), parse(after));
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    let null = Value::Null;
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .filter_map(|k| {
            let label = label(entity, k)?;
            Some((
                label.to_string(),
                show(entity, k, b.get(k).unwrap_or(&null), names),
                show(entity, k, a.get(k).unwrap_or(&null), names),
            ))
        })
        .collect()
}

/// What the record is called, from its latest version: its title, name or content.
pub fn title(before: Option<&str>, after: Option<&str>) -> Option<String> {
    let fields = if after.is_some() {
        parse(after)
    } else {
        parse(before)
    };
    [
        "title",
        "name",
        "full_name",
        "display_name",
        "content",
        "username",
    ]
    .iter()
    .find_map(|k| fields.get(*k).and_then(Value::as_str))
    .map(|s| domain::article::first_words(s, 12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_a_target_reads_in_vietnamese_with_vietnamese_numbers() {
        let d = changes(
            Entity::Target,
            Some(r#"{"id":1,"actual":"5.2","name":"Tăng trưởng"}"#),
            Some(r#"{"id":1,"actual":"1234.5","name":"Tăng trưởng"}"#),
            &Names::default(),
        );
        assert_eq!(
            d,
            vec![("Thực hiện".into(), "5,2".into(), "1.234,5".into())]
        );
    }

    #[test]
    fn a_creation_lists_every_field_from_nothing_and_hides_ids() {
        let d = changes(
            Entity::Target,
            None,
            Some(r#"{"id":3,"name":"Thu ngân sách","plan":"100","programme_id":1}"#),
            &Names::default(),
        );
        assert_eq!(
            d,
            vec![
                ("Tên".into(), "—".into(), "Thu ngân sách".into()),
                ("Kế hoạch".into(), "—".into(), "100".into())
            ]
        );
    }

    #[test]
    fn dates_instants_statuses_bodies_and_html_are_shown_as_the_portal_shows_them() {
        let names = Names {
            bodies: [(12, "UBND quận Cầu Giấy".to_string())].into(),
            ..Names::default()
        };
        let d = changes(
            Entity::Recommendation,
            Some(r#"{"status":"open","deadline":"2021-06-30","responsible_body_id":null}"#),
            Some(
                r#"{"status":"done","deadline":"2021-07-31","responsible_body_id":12,
                   "responses":[{"on":"2021-06-15","from_body_id":12,"text":"Đã khắc phục","closes":true}]}"#,
            ),
            &names,
        );
        let shown: Vec<String> = d
            .iter()
            .map(|f| format!("{}: {} → {}", f.0, f.1, f.2))
            .collect();
        assert_eq!(
            shown,
            vec![
                "Thời hạn: 30/06/2021 → 31/07/2021",
                "Trả lời: — → 15/06/2021: Đã khắc phục (hoàn thành)",
                "Cơ quan chịu trách nhiệm: — → UBND quận Cầu Giấy",
                "Trạng thái: Chưa thực hiện → Đã hoàn thành",
            ]
        );
        let article = changes(
            Entity::Article,
            None,
            Some(
                r#"{"body":"<p>Hội nghị <strong>tổng kết</strong></p>","published_at":"2025-07-01T02:00:00Z"}"#,
            ),
            &Names::default(),
        );
        assert_eq!(article[0].2, "Hội nghị tổng kết");
        assert_eq!(article[1].2, "01/07/2025 09:00");
    }
}
