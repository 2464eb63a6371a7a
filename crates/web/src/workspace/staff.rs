//! The unit's staff, for its administrator: who holds which role (`/quan-ly/tai-khoan`), a new
//! account or an existing one given a role, a role taken back, and the heads' signing keys; and
//! the unit's settings (`/quan-ly/cai-dat`).

use std::collections::{BTreeMap, HashMap};

use app::staff::{NewStaff, RoleChoice};
use app::{AppError, Viewer};
use askama::Template;
use domain::access::Role;
use domain::credentials::{NewPassword, Username};
use domain::settings::UnitSettings;
use domain::ValidationError;

use super::{see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::extract::Staff;
use crate::forms;
use crate::{AppState, WebError, WebResult};

pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    /// The account's first role in the list: its own controls (a new password) go there.
    pub first_of_account: bool,
    pub locked: bool,
    pub resettable: bool,
    pub name: String,
    pub username: String,
    pub role: String,
    pub is_head: bool,
}

pub struct InvitationRow {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub until: String,
}

pub struct KeyRow {
    pub id: i64,
    pub holder: String,
    pub body: String,
    pub fingerprint: String,
    pub revoked: bool,
}

/// The roles the form offers: code and label.
const ROLES: [(&str, &str); 4] = [
    ("admin", "Quản trị đơn vị"),
    ("editor", "Chuyên viên (của một cơ quan)"),
    ("head", "Thủ trưởng cơ quan (ký thay cơ quan)"),
    ("reader", "Người đọc"),
];

#[derive(Template)]
#[template(path = "ws/staff.html")]
struct StaffPage {
    ws: WsChrome,
    grants: Vec<GrantRow>,
    invitations: Vec<InvitationRow>,
    keys: Vec<KeyRow>,
    bodies: Vec<(i64, String)>,
    roles: [(&'static str, &'static str); 4],
    form: HashMap<String, String>,
    errors: ValidationError,
    notice: Option<String>,
}

impl StaffPage {
    fn value(&self, field: &str) -> &str {
        self.form.get(field).map_or("", String::as_str)
    }
}

async fn staff_page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    form: Option<&FormData>,
    errors: ValidationError,
    notice: Option<String>,
) -> WebResult {
    let ws = ws_chrome(state, user, v).await?;
    let names = state.app.body_names(v).await?;
    let accounts = state.app.staff_accounts(v).await?;
    let mut seen = std::collections::HashSet::new();
    let role_label = |role: &Role| match role.body_id().and_then(|b| names.get(&b)) {
        Some(body) => format!("{} – {body}", role.label()),
        None => role.label().to_string(),
    };
    let grants = state
        .app
        .staff(v)
        .await?
        .into_iter()
        .map(|g| GrantRow {
            id: g.id,
            user_id: g.user_id,
            first_of_account: seen.insert(g.user_id),
            locked: accounts.get(&g.user_id).is_some_and(|a| a.locked),
            resettable: accounts.get(&g.user_id).is_some_and(|a| a.resettable),
            name: g.display_name,
            username: g.username,
            role: role_label(&g.role),
            is_head: matches!(g.role, Role::Head { .. }),
        })
        .collect();
    let invitations = state
        .app
        .pending_invitations(v)
        .await?
        .into_iter()
        .map(|i| InvitationRow {
            id: i.id,
            role: role_label(&i.role),
            username: i.username,
            until: domain::time::short_date(domain::time::day_in_vietnam(domain::time::from_unix(
                i.expires_at,
            ))),
        })
        .collect();
    let keys = state
        .app
        .unit_signing_keys(v)
        .await?
        .into_iter()
        .map(|k| KeyRow {
            id: k.id,
            holder: k.holder,
            body: k.body_name,
            fingerprint: k.public_key.chars().take(16).collect(),
            revoked: k.revoked,
        })
        .collect();
    let bodies = state
        .app
        .bodies(v)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let page = StaffPage {
        ws,
        grants,
        invitations,
        keys,
        bodies,
        roles: ROLES,
        form: form
            .map(|f| {
                [
                    "action",
                    "username",
                    "display_name",
                    "role",
                    "body_id",
                    "user_id",
                ]
                .iter()
                .map(|k| (k.to_string(), f.get(k).to_string()))
                .collect()
            })
            .unwrap_or_default(),
        errors,
        notice,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn show(Staff { state, user, v }: Staff) -> WebResult {
    staff_page(&state, &user, &v, None, ValidationError::default(), None).await
}

/// The new account form, every field checked at once.
fn parse_new<'a>(form: &'a FormData) -> Result<NewStaff<'a>, ValidationError> {
    let mut errors = ValidationError::default();
    let username =
        Username::parse(form.get("username")).map_err(|e| errors.errors.extend(e.errors));
    let password =
        NewPassword::parse(form.get("password")).map_err(|e| errors.errors.extend(e.errors));
    match (username, password) {
        (Ok(username), Ok(password)) if errors.is_empty() => Ok(NewStaff {
            username,
            display_name: form.get("display_name"),
            password,
            role: role_choice(form),
        }),
        _ => Err(errors),
    }
}

fn role_choice(form: &FormData) -> RoleChoice<'_> {
    RoleChoice {
        code: form.get("role"),
        body_id: form.get("body_id").parse().ok(),
    }
}

/// One form posts here with `action` naming what to do: invite an account or make a new one,
/// withdraw an invitation, take a role back, give an account a new password, make or revoke a
/// signing key.
pub async fn change(CheckedForm(Staff { state, user, v }, form): CheckedForm) -> WebResult {
    let outcome: Result<Option<String>, AppError> = match form.get("action") {
        "add" => match parse_new(&form) {
            Ok(new) => state.app.add_staff(&v, &new).await.map(|a| {
                Some(format!(
                    "Đã tạo tài khoản {} ({}) và giao vai trò. Hãy báo mật khẩu ban đầu trực tiếp \
                     cho người đó; họ sẽ đặt mật khẩu của mình ở lần đăng nhập đầu.",
                    a.display_name, a.username
                ))
            }),
            Err(errors) => Err(AppError::Invalid(errors)),
        },
        "invite" => match Username::parse(form.get("username")) {
            Ok(username) => state
                .app
                .invite_staff(&v, &username, role_choice(&form))
                .await
                .map(|i| {
                    Some(format!(
                        "Đã gửi lời mời tới “{}”. Lời mời chờ trong 14 ngày; vai trò chỉ có hiệu \
                         lực khi người giữ tài khoản đó đăng nhập và chấp nhận.",
                        i.username
                    ))
                }),
            Err(errors) => Err(AppError::Invalid(errors)),
        },
        "cancel_invite" => {
            let id = form
                .id("invitation_id", "Thiếu lời mời cần rút lại")
                .map_err(WebError::Invalid)?;
            state.app.cancel_invitation(&v, id).await.map(|_| None)
        }
        "revoke" => {
            let id = form
                .id("grant_id", "Thiếu vai trò cần thu hồi")
                .map_err(WebError::Invalid)?;
            state.app.revoke_staff_role(&v, id).await.map(|_| None)
        }
        "key" => {
            let id = form
                .id("grant_id", "Thiếu thủ trưởng cần tạo khóa")
                .map_err(WebError::Invalid)?;
            state.app.create_signing_key(&v, id).await.map(|public| {
                Some(format!(
                    "Đã tạo khóa ký mới, khóa công khai {}…; khóa bí mật được giữ trên máy chủ, không ai xem được.",
                    public.chars().take(16).collect::<String>()
                ))
            })
        }
        "reset" => {
            let id = form
                .id("user_id", "Thiếu tài khoản cần đặt lại mật khẩu")
                .map_err(WebError::Invalid)?;
            state
                .app
                .reset_staff_password(&v, id, form.get("reset_password"))
                .await
                .map(|a| {
                    Some(format!(
                        "Đã đặt mật khẩu mới cho {} ({}). Hãy báo trực tiếp cho người đó; các phiên \
                         đăng nhập cũ và mọi mã truy cập API của tài khoản đã kết thúc, tài khoản \
                         không còn bị tạm khóa.",
                        a.display_name, a.username
                    ))
                })
        }
        "revoke_key" => {
            let id = form
                .id("key_id", "Thiếu khóa cần thu hồi")
                .map_err(WebError::Invalid)?;
            state.app.revoke_signing_key(&v, id).await.map(|_| None)
        }
        _ => Err(AppError::field("action", "Thao tác không hợp lệ")),
    };
    match outcome {
        Ok(None) => Ok(see_other(&v, "/quan-ly/tai-khoan")),
        Ok(Some(notice)) => {
            staff_page(
                &state,
                &user,
                &v,
                None,
                ValidationError::default(),
                Some(notice),
            )
            .await
        }
        Err(AppError::Invalid(errors)) => {
            staff_page(&state, &user, &v, Some(&form), errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "ws/settings.html")]
struct SettingsPage {
    ws: WsChrome,
    fields: Vec<(&'static str, &'static str, String)>,
    place_default: String,
    errors: ValidationError,
    /// The unit's logo as its portal shows it, if it has one.
    logo: String,
}

/// The settings page with the values typed and the errors found (of the fields, or of the logo's
/// upload under `file`).
pub(super) async fn settings_page(
    state: &AppState,
    user: &SignedIn,
    v: &Viewer,
    values: &BTreeMap<String, String>,
    errors: ValidationError,
) -> WebResult {
    let ws = ws_chrome(state, user, v).await?;
    let place_default = v.unit().document_place();
    let logo = state.app.unit_settings(v).await?.logo_url;
    let page = SettingsPage {
        ws,
        logo,
        fields: UnitSettings::fields()
            .map(|(key, label)| (key, label, values.get(key).cloned().unwrap_or_default()))
            .collect(),
        place_default,
        errors,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn settings(Staff { state, user, v }: Staff) -> WebResult {
    let values = saved_settings(&state, &v).await?;
    settings_page(&state, &user, &v, &values, ValidationError::default()).await
}

/// The unit's settings as kept, as the form's values.
pub(super) async fn saved_settings(
    state: &AppState,
    v: &Viewer,
) -> Result<BTreeMap<String, String>, WebError> {
    Ok(state
        .app
        .unit_settings(v)
        .await?
        .pairs()
        .into_iter()
        .map(|(k, val)| (k.to_string(), val.to_string()))
        .collect())
}

pub async fn save_settings(CheckedForm(Staff { state, user, v }, form): CheckedForm) -> WebResult {
    let values: BTreeMap<String, String> = UnitSettings::fields()
        .map(|(key, _)| (key.to_string(), form.get(key).to_string()))
        .collect();
    forms::write(
        async |()| state.app.save_unit_settings(&v, &values).await,
        |_| see_other(&v, "/quan-ly/cai-dat"),
        async |errors| settings_page(&state, &user, &v, &values, errors).await,
    )
    .await
}
