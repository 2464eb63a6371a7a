//! `/tai-khoan`: a person's own page — the units they work in, each with their roles and a link
//! to its workspace, their own password, and their personal API tokens, whose secret is shown
//! once, when made.

use app::accounts::PasswordChange;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use domain::ValidationError;

use super::Top;
use crate::auth::{SignedForm, SignedIn};
use crate::extract::IdParam;
use crate::{AppState, WebError, WebResult};

pub struct UnitRow {
    pub name: String,
    pub roles: String,
    pub workspace: String,
}

/// An invitation to work in a unit, waiting for this person's answer.
pub struct InvitationRow {
    pub id: i64,
    pub unit: String,
    pub role: String,
    pub invited_by: String,
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    /// "Chỉ đọc", or the kinds it writes.
    pub grant: String,
    /// "đến 06/03/2027", "không hết hạn".
    pub lasts: String,
    pub revoked: bool,
    pub expired: bool,
}

/// The kinds a token may be limited to writing, for the form's check boxes: code and label.
const WRITE_KINDS: [(&str, &str); 6] = {
    use domain::access::WriteKind as K;
    [
        (K::Programme.as_str(), K::Programme.label()),
        (K::Target.as_str(), K::Target.label()),
        (K::Meeting.as_str(), K::Meeting.label()),
        (K::Oversight.as_str(), K::Oversight.label()),
        (K::Organisation.as_str(), K::Organisation.label()),
        (K::Article.as_str(), K::Article.label()),
    ]
};

#[derive(Template)]
#[template(path = "inst/account.html")]
struct Page {
    top: Top,
    units: Vec<UnitRow>,
    invitations: Vec<InvitationRow>,
    tokens: Vec<TokenRow>,
    /// Someone else chose the account's password: its holder chooses their own first.
    must_change_password: bool,
    /// A token just made: shown this once.
    new_secret: Option<String>,
    /// The password was just changed.
    saved: bool,
    password_fields: [(&'static str, &'static str, &'static str); 3],
    write_kinds: [(&'static str, &'static str); 6],
    errors: ValidationError,
}

/// The password form's fields: name, label, and what a password manager should fill in.
const PASSWORD_FIELDS: [(&str, &str, &str); 3] = [
    ("current_password", "Mật khẩu hiện tại", "current-password"),
    ("new_password", "Mật khẩu mới", "new-password"),
    ("repeat_password", "Nhập lại mật khẩu mới", "new-password"),
];

async fn page(
    state: &AppState,
    user: &SignedIn,
    new_secret: Option<String>,
    errors: ValidationError,
) -> WebResult {
    let units = state.app.units_of(&user.actor).await?;
    let mut rows = Vec::new();
    for u in &units {
        let v = state
            .app
            .viewer(u.clone(), Some(user.actor.clone()))
            .await?;
        let bodies = state.app.body_names(&v).await?;
        let roles: Vec<String> = user
            .actor
            .roles
            .iter()
            .filter(|r| r.unit_id() == Some(u.id))
            .map(|r| match r.body_id().and_then(|b| bodies.get(&b)) {
                Some(body) => format!("{} – {body}", r.label()),
                None => r.label().to_string(),
            })
            .collect();
        rows.push(UnitRow {
            name: u.full_name(),
            roles: roles.join(", "),
            workspace: format!("{}/quan-ly", domain::address::base_of(&u.slug)),
        });
    }
    let directory = state.app.directory().await?;
    let mut invitations = Vec::new();
    for i in state.app.invitations_for(&user.actor).await? {
        let Some(unit) = directory.unit(i.unit_id) else {
            continue;
        };
        let v = state.app.viewer(unit.clone(), None).await?;
        let bodies = state.app.body_names(&v).await?;
        invitations.push(InvitationRow {
            id: i.id,
            unit: unit.full_name(),
            role: match i.role.body_id().and_then(|b| bodies.get(&b)) {
                Some(body) => format!("{} – {body}", i.role.label()),
                None => i.role.label().to_string(),
            },
            invited_by: i.invited_by,
        });
    }
    let day = |unix| {
        domain::time::short_date(domain::time::day_in_vietnam(domain::time::from_unix(unix)))
    };
    let now = chrono::Utc::now().timestamp();
    let tokens = state
        .app
        .api_tokens(&user.actor)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: day(t.created_at),
            grant: t.grant.describe(),
            lasts: match t.expires_at {
                Some(at) => format!("đến {}", day(at)),
                None => "không hết hạn".into(),
            },
            revoked: t.revoked,
            expired: t.expires_at.is_some_and(|at| at <= now),
        })
        .collect();
    let page = Page {
        top: Top::of(Some(user)),
        units: rows,
        invitations,
        tokens,
        must_change_password: user.must_change_password,
        new_secret,
        saved: user.just_saved,
        password_fields: PASSWORD_FIELDS,
        write_kinds: WRITE_KINDS,
        errors,
    };
    crate::render::render_form(&page, &page.errors)
}

pub async fn show(State(state): State<AppState>, user: SignedIn) -> WebResult {
    page(&state, &user, None, ValidationError::default()).await
}

/// The password changes and every session ends: the person at the keyboard goes on in a new one.
pub async fn change_password(
    knocking: crate::auth::Knocking,
    headers: HeaderMap,
    SignedForm { state, user, form }: SignedForm,
) -> WebResult {
    let change = PasswordChange {
        current: form.get("current_password"),
        new: form.get("new_password"),
        repeat: form.get("repeat_password"),
    };
    match state
        .app
        .change_own_password(&user.actor, &change, knocking.client())
        .await
    {
        Ok(session) => {
            // A first password of one's own choosing leads on to the work it was waited for.
            let to = if user.must_change_password {
                let fresh = SignedIn {
                    must_change_password: false,
                    ..user.clone()
                };
                super::home_of(&state, &fresh).await?
            } else {
                format!("/tai-khoan?{}#mat-khau", crate::auth::SAVED_QUERY)
            };
            Ok(crate::workspace::sign_in::opened(
                &headers,
                &to,
                &session.token,
                None,
            ))
        }
        Err(app::AppError::Invalid(errors)) => page(&state, &user, None, errors).await,
        Err(e) => Err(e.into()),
    }
}

/// The new token's secret is on the answer to the form itself, never on a page one can reload.
pub async fn create_token(SignedForm { state, user, form }: SignedForm) -> WebResult {
    let request = match domain::credentials::TokenRequest::parse(
        form.get("name"),
        form.get("access"),
        &form.all("kinds"),
        form.get("lifetime"),
    ) {
        Ok(request) => request,
        Err(errors) => return page(&state, &user, None, errors).await,
    };
    match state.app.create_api_token(&user.actor, &request).await {
        Ok(secret) => page(&state, &user, Some(secret), ValidationError::default()).await,
        Err(app::AppError::Invalid(errors)) => page(&state, &user, None, errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_token(
    IdParam(id): IdParam,
    SignedForm { state, user, .. }: SignedForm,
) -> WebResult {
    state.app.revoke_api_token(&user.actor, id).await?;
    Ok(Redirect::to("/tai-khoan").into_response())
}

/// Accept or decline an invitation to work in a unit.
pub async fn answer_invitation(
    IdParam(id): IdParam,
    SignedForm { state, user, form }: SignedForm,
) -> WebResult {
    let accept = match form.get("answer") {
        "accept" => true,
        "decline" => false,
        _ => {
            return Err(WebError::BadRequest(
                "Hãy chọn chấp nhận hay từ chối".into(),
            ))
        }
    };
    state.app.answer_invitation(&user.actor, id, accept).await?;
    Ok(Redirect::to("/tai-khoan#don-vi").into_response())
}
