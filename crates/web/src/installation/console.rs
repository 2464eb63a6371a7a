//! The operator's console at `/he-thong`: every unit with its portal, code, host name and
//! administrators; a unit created by hand or from the official list (preview and every bad cell
//! first, then one confirmation that writes all or nothing); a unit's name and host name; the
//! default unit; and each unit's first administrator.

use app::units::PlannedUnit;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::Query;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use docs::import::CellError;
use domain::credentials::{NewPassword, Username};
use domain::unit::{UnitInput, KINDS};
use domain::ValidationError;

use super::{Operator, OperatorForm, Top};
use crate::auth::FormData;
use crate::documents::imports::{spreadsheet_field, too_large_message};
use crate::extract::{IdParam, QueryMap};
use crate::forms;
use crate::render::render_page;
use crate::workspace::uploads;
use crate::{AppState, WebError, WebResult};

pub struct UnitRow {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub level: &'static str,
    pub valid: String,
    pub host: String,
    pub portal: String,
    pub is_default: bool,
    pub ended: bool,
    pub indent: bool,
}

/// What the new-unit form was given, to show it again beside its errors.
#[derive(Default)]
pub struct UnitForm {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: String,
    pub valid_from: String,
    pub host: String,
}

impl UnitForm {
    fn of(form: &FormData) -> Self {
        Self {
            code: form.get("code").into(),
            name: form.get("name").into(),
            kind: form.get("kind").into(),
            parent_id: form.get("parent_id").into(),
            valid_from: form.get("valid_from").into(),
            host: form.get("host").into(),
        }
    }
}

#[derive(Template)]
#[template(path = "inst/console.html")]
struct ConsolePage {
    top: Top,
    units: Vec<UnitRow>,
    /// Every account holding the installation, as (account name, full name).
    operators: Vec<(String, String)>,
    parents: Vec<(i64, String)>,
    kinds: &'static [&'static str],
    form: UnitForm,
    errors: ValidationError,
    notice: Option<String>,
}

async fn console(
    state: &AppState,
    user: &crate::auth::SignedIn,
    form: UnitForm,
    errors: ValidationError,
    notice: Option<String>,
) -> WebResult {
    let directory = state.app.directory().await?;
    let default = directory.default_unit().map(|u| u.id);
    let units = directory
        .all()
        .into_iter()
        .map(|u| UnitRow {
            id: u.id,
            name: u.full_name(),
            code: u.code.clone(),
            level: u.level.label(),
            valid: match u.valid_to {
                Some(end) => format!(
                    "{} – {}",
                    domain::time::short_date(u.valid_from),
                    domain::time::short_date(end)
                ),
                None => format!("từ {}", domain::time::short_date(u.valid_from)),
            },
            host: u.host.clone().unwrap_or_default(),
            portal: domain::address::base_of(&u.slug),
            is_default: Some(u.id) == default,
            ended: u.valid_to.is_some(),
            indent: u.parent_id.is_some(),
        })
        .collect();
    let parents = directory
        .all()
        .into_iter()
        .filter(|u| u.valid_to.is_none() && u.level != domain::unit::UnitLevel::Commune)
        .map(|u| (u.id, u.full_name()))
        .collect();
    let operators = state.app.operators(&user.actor).await?;
    let operators = operators.into_iter().map(|a| (a.username, a.display_name));
    let page = ConsolePage {
        top: Top::of(Some(user)),
        units,
        operators: operators.collect(),
        parents,
        kinds: KINDS,
        form,
        errors,
        notice,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn show(Operator { state, user }: Operator, Query(q): QueryMap) -> WebResult {
    let notice = q
        .get("da-nhap")
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| format!("Đã tạo {n} đơn vị từ danh mục."));
    console(
        &state,
        &user,
        UnitForm::default(),
        ValidationError::default(),
        notice,
    )
    .await
}

pub async fn create_unit(OperatorForm(Operator { state, user }, form): OperatorForm) -> WebResult {
    let parent_id = form.optional_id("parent_id", "parent", "Hãy chọn đơn vị cấp trên")?;
    let input = UnitInput {
        code: form.get("code"),
        name: form.get("name"),
        kind: form.get("kind"),
        parent: None,
        valid_from: form.get("valid_from"),
        host: form.get("host"),
    };
    forms::write(
        async |()| {
            let draft = state.app.parse_unit(&input, parent_id).await?;
            state.app.create_unit(&user.actor, &draft).await
        },
        |unit| Redirect::to(&format!("/he-thong/don-vi/{}", unit.id)).into_response(),
        async |errors| console(&state, &user, UnitForm::of(&form), errors, None).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "inst/unit.html")]
struct UnitPage {
    top: Top,
    id: i64,
    name: String,
    full_name: String,
    code: String,
    host: String,
    portal: String,
    is_default: bool,
    valid_from: String,
    /// For a unit that has ended.
    valid_to: Option<String>,
    admins: Vec<(String, String)>,
    errors: ValidationError,
    appoint: (String, String),
    notice: Option<String>,
}

/// What a unit's page shows beside the unit: the errors of the form just sent, the appointment
/// form as it was typed, or a notice of what was done.
#[derive(Default)]
struct UnitShown {
    errors: ValidationError,
    appoint: (String, String),
    notice: Option<String>,
}

async fn unit_page_of(
    state: &AppState,
    user: &crate::auth::SignedIn,
    id: i64,
    shown: UnitShown,
) -> WebResult {
    let UnitShown {
        errors,
        appoint,
        notice,
    } = shown;
    let directory = state.app.directory().await?;
    let unit = directory.unit(id).ok_or(WebError::NotFound)?.clone();
    let admins = state.app.unit_administrators(&user.actor, id).await?;
    let admins = admins
        .into_iter()
        .map(|g| (g.display_name, g.username))
        .collect();
    let page = UnitPage {
        top: Top::of(Some(user)),
        id,
        full_name: unit.full_name(),
        name: unit.name.clone(),
        code: unit.code.clone(),
        host: unit.host.clone().unwrap_or_default(),
        valid_from: domain::time::short_date(unit.valid_from),
        valid_to: unit.valid_to.map(domain::time::short_date),
        portal: domain::address::base_of(&unit.slug),
        is_default: directory.default_unit().map(|u| u.id) == Some(id),
        admins,
        errors,
        appoint,
        notice,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn unit_page(IdParam(id): IdParam, Operator { state, user }: Operator) -> WebResult {
    unit_page_of(&state, &user, id, UnitShown::default()).await
}

/// A change made on a unit's page: back to the page when written, or the page again with the
/// errors beside their fields.
async fn change_unit<T>(
    Operator { state, user }: &Operator,
    id: i64,
    write: impl AsyncFnOnce(()) -> app::Result<T>,
    done: &str,
) -> WebResult {
    forms::write(
        write,
        |_| Redirect::to(done).into_response(),
        async |errors| {
            let shown = UnitShown {
                errors,
                ..UnitShown::default()
            };
            unit_page_of(state, user, id, shown).await
        },
    )
    .await
}

pub async fn update_unit(IdParam(id): IdParam, OperatorForm(op, form): OperatorForm) -> WebResult {
    let (app, actor) = (&op.state.app, &op.user.actor);
    let (name, host) = (form.get("name"), form.get("host"));
    let write = async |()| app.update_unit(actor, id, name, host).await;
    change_unit(&op, id, write, &format!("/he-thong/don-vi/{id}")).await
}

/// Correct a unit's dates of existence.
pub async fn correct_dates(
    IdParam(id): IdParam,
    OperatorForm(op, form): OperatorForm,
) -> WebResult {
    let (app, actor) = (&op.state.app, &op.user.actor);
    let (from, to) = (form.get("valid_from"), form.get("valid_to"));
    let write = async |()| app.correct_unit_dates(actor, id, from, to).await;
    let saved = format!("/he-thong/don-vi/{id}?da-luu=1#ngay");
    change_unit(&op, id, write, &saved).await
}

pub async fn make_default(
    IdParam(id): IdParam,
    OperatorForm(Operator { state, user }, _): OperatorForm,
) -> WebResult {
    state.app.set_default_unit(&user.actor, id).await?;
    Ok(Redirect::to(&format!("/he-thong/don-vi/{id}")).into_response())
}

/// Appoint an administrator: an account that exists, or a new one with its first password.
pub async fn appoint_admin(
    IdParam(id): IdParam,
    OperatorForm(Operator { state, user }, form): OperatorForm,
) -> WebResult {
    let kept = (
        form.get("username").to_string(),
        form.get("display_name").to_string(),
    );
    let outcome = match Username::parse(form.get("username")) {
        Err(errors) => Err(app::AppError::Invalid(errors)),
        Ok(username) => {
            let password = match form.get("password") {
                "" => Ok(None),
                p => NewPassword::parse(p).map(Some),
            };
            match password {
                Err(errors) => Err(app::AppError::Invalid(errors)),
                Ok(password) => {
                    state
                        .app
                        .appoint_admin(
                            &user.actor,
                            id,
                            &username,
                            form.get("display_name"),
                            password.as_ref(),
                        )
                        .await
                }
            }
        }
    };
    match outcome {
        Ok(account) => {
            let notice = format!(
                "{} ({}) là quản trị của đơn vị. Người này đăng nhập rồi tự tạo các cơ quan, cán bộ, tài khoản của đơn vị.",
                account.display_name, account.username
            );
            let notice = Some(notice);
            let shown = UnitShown {
                notice,
                ..UnitShown::default()
            };
            unit_page_of(&state, &user, id, shown).await
        }
        Err(app::AppError::Invalid(errors)) => {
            let (appoint, notice) = (kept, None);
            let shown = UnitShown {
                errors,
                appoint,
                notice,
            };
            unit_page_of(&state, &user, id, shown).await
        }
        Err(e) => Err(e.into()),
    }
}

pub struct PreviewRow {
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub parent: String,
    pub valid_from: String,
    pub host: String,
}

#[derive(Template)]
#[template(path = "inst/import.html")]
struct ImportPage {
    top: Top,
    error: Option<String>,
    cell_errors: Vec<(String, String)>,
    token: Option<String>,
    rows: Vec<PreviewRow>,
    max_mb: usize,
}

fn import_page(
    user: &crate::auth::SignedIn,
    status: StatusCode,
    error: Option<String>,
    cell_errors: &[CellError],
    staged: Option<(String, Vec<PlannedUnit>)>,
) -> WebResult {
    let (token, rows) = match staged {
        Some((token, planned)) => (
            Some(token),
            planned
                .into_iter()
                .map(|p| PreviewRow {
                    code: p.draft.code,
                    name: format!("{} {}", p.draft.kind, p.draft.name),
                    level: p.draft.level.label(),
                    parent: p.parent_name,
                    valid_from: domain::time::short_date(p.draft.valid_from),
                    host: p.draft.host.unwrap_or_default(),
                })
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    Ok((
        status,
        render_page(&ImportPage {
            top: Top::of(Some(user)),
            error,
            cell_errors: cell_errors
                .iter()
                .take(500)
                .map(|e| (e.location(), e.message.clone()))
                .collect(),
            token,
            rows,
            max_mb: app::imports::MAX_UPLOAD_BYTES / (1024 * 1024),
        })?,
    )
        .into_response())
}

pub async fn import_form(Operator { user, .. }: Operator) -> WebResult {
    import_page(&user, StatusCode::OK, None, &[], None)
}

pub async fn import_upload(
    Operator { state, user }: Operator,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let too_large = || {
        import_page(
            &user,
            StatusCode::PAYLOAD_TOO_LARGE,
            Some(too_large_message()),
            &[],
            None,
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > app::imports::MAX_UPLOAD_BYTES + 64 * 1024) {
        return too_large();
    }
    let file = spreadsheet_field();
    let upload = match uploads::read(&user, multipart, &file).await? {
        Ok(u) => u,
        Err(errors) if file.refused_as_too_large(&errors) => return too_large(),
        Err(errors) => return Err(WebError::BadRequest(errors.messages())),
    };
    match state
        .app
        .stage_units_import(&user.actor, &upload.file_name, &upload.bytes)
        .await
    {
        Ok(Ok(staged)) => import_page(&user, StatusCode::OK, None, &[], Some(staged)),
        Ok(Err(cells)) => import_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(format!(
                "Tệp có {} ô không hợp lệ; chưa tạo đơn vị nào.",
                cells.len()
            )),
            &cells,
            None,
        ),
        Err(app::AppError::Invalid(errors)) => import_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors.errors.first().map(|e| e.message.clone()),
            &[],
            None,
        ),
        Err(e) => Err(e.into()),
    }
}

pub async fn import_confirm(
    OperatorForm(Operator { state, user }, form): OperatorForm,
) -> WebResult {
    let n = state
        .app
        .confirm_units_import(&user.actor, form.get("token"))
        .await?;
    Ok(Redirect::to(&format!("/he-thong?da-nhap={n}")).into_response())
}
