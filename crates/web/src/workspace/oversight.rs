//! Oversight in the workspace: the activities by year, kind and conducting body, the form that
//! records or changes one, and on an activity's page its recommendations, added and changed there.
//! Responses to a recommendation are recorded in `followup`; its status follows them, and overdue
//! is derived from the deadline, never typed.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use domain::access::Action;
use domain::body::Body;
use domain::oversight::{
    DocumentRef, FollowUp, Oversight, OversightDraft, OversightInput, OversightKind,
    Recommendation, RecommendationDraft, TeamMember,
};
use domain::ValidationError;
use store::oversight::{ItemChoice, NewOversight, NewRecommendation};

use super::{after_write, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData, SignedIn};
use crate::portal::oversight::{rec_view, today, RecView};
use crate::render::render_page;
use crate::{AppState, WebError};

fn edit(unit_id: i64, conducting_body_id: i64) -> Action {
    Action::EditOversight {
        unit_id,
        conducting_body_id,
    }
}

/// The bodies this person may record oversight for.
fn may_conduct<'a>(user: &SignedIn, unit_id: i64, bodies: &'a [Body]) -> Vec<&'a Body> {
    bodies
        .iter()
        .filter(|b| user.actor.can(&edit(unit_id, b.id)))
        .collect()
}

/// Refuse, before the form is read, someone who may record oversight for no body at all: a reader
/// gets "not allowed", not a list of what is wrong with their form.
fn require_some_body(user: &SignedIn, unit_id: i64, bodies: &[Body]) -> Result<(), WebError> {
    user.require_any(bodies.iter().map(|b| edit(unit_id, b.id)))
}

fn period(o: &Oversight) -> String {
    match o.ends_on {
        Some(end) => format!(
            "{} – {}",
            domain::time::short_date(o.starts_on),
            domain::time::short_date(end)
        ),
        None => domain::time::short_date(o.starts_on),
    }
}

fn body_names(bodies: &[Body]) -> HashMap<i64, String> {
    bodies
        .iter()
        .map(|b| (b.id, b.short_name.clone()))
        .collect()
}

fn body_options<'a>(bodies: impl IntoIterator<Item = &'a Body>) -> Vec<(String, String)> {
    bodies
        .into_iter()
        .map(|b| (b.id.to_string(), b.short_name.clone()))
        .collect()
}

struct ActivityRow {
    id: i64,
    title: String,
    kind: &'static str,
    by: String,
    when: String,
    public: bool,
    open: usize,
    overdue: usize,
    done: usize,
}

#[derive(Template)]
#[template(path = "ws/oversight_list.html")]
struct ListPage {
    ws: WsChrome,
    can_create: bool,
    rows: Vec<ActivityRow>,
    years: Vec<String>,
    year: String,
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    bodies: Vec<(String, String)>,
    body: String,
}

/// The activities, newest first, optionally of one year (`nam`), kind (`loai`) and conducting
/// body (`co-quan`); a filter value that matches nothing simply lists nothing.
pub async fn list(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, WebError> {
    let (ws, unit) = ws_chrome(&state, &user).await?;
    let bodies = state.store.bodies(unit.id).await?;
    let names = body_names(&bodies);
    let oversights = state.store.oversights(unit.id).await?;
    let recs = state.store.recommendations(unit.id).await?;
    let today = today();
    let filter = |key: &str| q.get(key).map(|v| v.trim().to_string()).unwrap_or_default();
    let (year, kind, body) = (filter("nam"), filter("loai"), filter("co-quan"));
    let mut years: Vec<String> = oversights
        .iter()
        .map(|o| o.starts_on.year().to_string())
        .collect();
    years.dedup();
    let rows = oversights
        .iter()
        .filter(|o| year.is_empty() || o.starts_on.year().to_string() == year)
        .filter(|o| kind.is_empty() || o.kind.as_str() == kind)
        .filter(|o| body.is_empty() || o.conducted_by.to_string() == body)
        .map(|o| {
            let states: Vec<FollowUp> = recs
                .iter()
                .filter(|r| r.oversight_id == o.id)
                .map(|r| r.follow_up(today))
                .collect();
            let count = |f: fn(&FollowUp) -> bool| states.iter().filter(|s| f(s)).count();
            ActivityRow {
                id: o.id,
                title: o.title.clone(),
                kind: o.kind.label(),
                by: names.get(&o.conducted_by).cloned().unwrap_or_default(),
                when: period(o),
                public: o.public,
                open: count(|s| matches!(s, FollowUp::Open | FollowUp::InProgress)),
                overdue: count(|s| *s == FollowUp::Overdue),
                done: count(|s| *s == FollowUp::Done),
            }
        })
        .collect();
    render_page(&ListPage {
        ws,
        can_create: !may_conduct(&user, unit.id, &bodies).is_empty(),
        rows,
        years,
        year,
        kinds: OversightKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        kind,
        bodies: body_options(&bodies),
        body,
    })
}

/// The fields of the recommendation form, on an activity's page and on its own page.
struct RecFields {
    action: String,
    content: String,
    responsible: String,
    deadline: String,
    public: bool,
    bodies: Vec<(String, String)>,
    errors: ValidationError,
}

impl RecFields {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }

    fn new(
        o: &Oversight,
        rec: Option<&Recommendation>,
        form: Option<&FormData>,
        bodies: &[Body],
        errors: ValidationError,
    ) -> Self {
        let value =
            |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
        RecFields {
            action: rec.map_or(format!("/quan-ly/giam-sat/{}/kien-nghi", o.id), |r| {
                format!("/quan-ly/kien-nghi/{}/sua", r.id)
            }),
            content: value(
                "content",
                rec.map(|r| r.content.clone()).unwrap_or_default(),
            ),
            responsible: value(
                "responsible_body_id",
                rec.map(|r| r.responsible_body_id.to_string())
                    .unwrap_or_default(),
            ),
            deadline: value(
                "deadline",
                rec.and_then(|r| r.deadline)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            // A new recommendation is as public as its activity unless the person says otherwise.
            public: form.map_or(rec.map_or(o.public, |r| r.public), |f| {
                f.get("public") == "1"
            }),
            bodies: body_options(bodies),
            errors,
        }
    }
}

struct ItemGroup {
    year: i32,
    open: bool,
    items: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "ws/oversight_form.html")]
struct FormPage {
    ws: WsChrome,
    action: String,
    heading: String,
    can_edit: bool,
    errors: ValidationError,
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    title: String,
    conducting: Vec<(String, String)>,
    conducted_by: String,
    bodies: Vec<(String, String)>,
    subjects: Vec<String>,
    other_subjects: String,
    starts_on: String,
    ends_on: String,
    team: String,
    documents: String,
    item_groups: Vec<ItemGroup>,
    items: Vec<String>,
    findings: String,
    public: bool,
    public_href: Option<String>,
    history: Option<String>,
    recs: Vec<(RecView, bool)>,
    rf: Option<RecFields>,
}

impl FormPage {
    fn error(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
}

/// The items grouped by their programme's year, newest first; a group is open when one of its
/// items is ticked, or when it is the newest, so the page stays short.
fn item_groups(choices: &[ItemChoice], ticked: &[String]) -> Vec<ItemGroup> {
    let mut groups: Vec<ItemGroup> = Vec::new();
    for c in choices {
        let id = c.id.to_string();
        let open = ticked.contains(&id);
        match groups.last_mut() {
            Some(g) if g.year == c.year => {
                g.open |= open;
                g.items.push((id, c.content.clone()));
            }
            _ => groups.push(ItemGroup {
                year: c.year,
                open: open || groups.is_empty(),
                items: vec![(id, c.content.clone())],
            }),
        }
    }
    groups
}

/// The activity form: new, or an existing activity's page with its recommendations. Someone who
/// may not change the activity reads the same page with the fields disabled.
async fn form_page(
    state: &AppState,
    user: &SignedIn,
    o: Option<&Oversight>,
    form: Option<&FormData>,
    errors: ValidationError,
) -> Result<Response, WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let bodies = state.store.bodies(unit.id).await?;
    let choices = state.store.item_choices(unit.id).await?;
    let allowed = may_conduct(user, unit.id, &bodies);
    let can_edit = match o {
        Some(o) => user.actor.can(&edit(unit.id, o.conducted_by)),
        None => !allowed.is_empty(),
    };
    // Offer the bodies one may act for, and the current one so the choice shows as it stands.
    let conducting = if can_edit {
        body_options(bodies.iter().filter(|b| {
            allowed.iter().any(|a| a.id == b.id) || o.is_some_and(|o| o.conducted_by == b.id)
        }))
    } else {
        body_options(&bodies)
    };
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let listed = |name: &str, existing: Vec<i64>| -> Vec<String> {
        match form {
            Some(f) => f.all(name).iter().map(|s| s.to_string()).collect(),
            None => existing.iter().map(i64::to_string).collect(),
        }
    };
    let items = listed(
        "item_ids",
        o.map(|o| o.item_ids.clone()).unwrap_or_default(),
    );
    let (recs, rf) = match o {
        Some(o) => {
            let names = body_names(&bodies);
            let today = today();
            let recs = state
                .store
                .recommendations(unit.id)
                .await?
                .iter()
                .filter(|r| r.oversight_id == o.id)
                .map(|r| {
                    (
                        rec_view(r, &names, std::slice::from_ref(o), today),
                        r.public,
                    )
                })
                .collect();
            let rf = can_edit
                .then(|| RecFields::new(o, None, None, &bodies, ValidationError::default()));
            (recs, rf)
        }
        None => (Vec::new(), None),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        ws,
        action: o.map_or("/quan-ly/giam-sat".into(), |o| {
            format!("/quan-ly/giam-sat/{}", o.id)
        }),
        heading: match o {
            Some(o) => o.title.clone(),
            None => "Thêm hoạt động giám sát, kiểm tra".into(),
        },
        can_edit,
        errors,
        kinds: OversightKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        kind: value(
            "kind",
            o.map(|o| o.kind.as_str().to_string()).unwrap_or_default(),
        ),
        title: value("title", o.map(|o| o.title.clone()).unwrap_or_default()),
        conducted_by: value(
            "conducted_by",
            o.map(|o| o.conducted_by.to_string())
                .or_else(|| (allowed.len() == 1).then(|| allowed[0].id.to_string()))
                .unwrap_or_default(),
        ),
        conducting,
        bodies: body_options(&bodies),
        subjects: listed(
            "subject_body_ids",
            o.map(|o| o.subject_body_ids.clone()).unwrap_or_default(),
        ),
        other_subjects: value(
            "other_subjects",
            o.and_then(|o| o.other_subjects.clone()).unwrap_or_default(),
        ),
        starts_on: value(
            "starts_on",
            o.map(|o| o.starts_on.to_string()).unwrap_or_default(),
        ),
        ends_on: value(
            "ends_on",
            o.and_then(|o| o.ends_on)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        team: value(
            "team",
            o.map(|o| {
                o.team
                    .iter()
                    .map(TeamMember::as_line)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
        ),
        documents: value(
            "documents",
            o.map(|o| {
                o.documents
                    .iter()
                    .map(DocumentRef::as_line)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
        ),
        item_groups: item_groups(&choices, &items),
        items,
        findings: value(
            "findings",
            o.and_then(|o| o.findings.clone()).unwrap_or_default(),
        ),
        public: form.map_or(o.is_none_or(|o| o.public), |f| f.get("public") == "1"),
        public_href: o
            .filter(|o| o.public)
            .map(|o| format!("/giam-sat/{}", o.id)),
        history: o.map(|o| format!("/lich-su/oversight/{}", o.id)),
        recs,
        rf,
    };
    Ok((status, render_page(&page)?).into_response())
}

/// Read the activity form. Ids that are not the unit's bodies or items cannot come from the page:
/// such a form is refused whole. Anything a person may get wrong comes back as field errors.
async fn parse(
    state: &AppState,
    unit_id: i64,
    bodies: &[Body],
    form: &FormData,
) -> Result<Result<OversightDraft, ValidationError>, WebError> {
    let foreign =
        || WebError::BadRequest("Biểu mẫu chọn cơ quan hoặc nội dung không thuộc đơn vị.".into());
    let subject_body_ids = form.ids("subject_body_ids")?;
    if !subject_body_ids
        .iter()
        .all(|id| bodies.iter().any(|b| b.id == *id))
    {
        return Err(foreign());
    }
    let item_ids = form.ids("item_ids")?;
    if !item_ids.is_empty() {
        let choices = state.store.item_choices(unit_id).await?;
        if !item_ids
            .iter()
            .all(|id| choices.iter().any(|c| c.id == *id))
        {
            return Err(foreign());
        }
    }
    let conducted_by = form
        .get("conducted_by")
        .parse::<i64>()
        .ok()
        .and_then(|id| bodies.iter().find(|b| b.id == id))
        .map(|b| (b.id, b.kind));
    Ok(OversightDraft::parse(&OversightInput {
        kind: form.get("kind"),
        title: form.get("title"),
        conducted_by,
        subject_body_ids,
        other_subjects: form.get("other_subjects"),
        starts_on: form.get("starts_on"),
        ends_on: form.get("ends_on"),
        team: form.get("team"),
        documents: form.get("documents"),
        item_ids,
        findings: form.get("findings"),
        public: form.get("public") == "1",
    }))
}

/// An activity of the portal's unit, from the id in the path.
async fn activity(state: &AppState, id: &str) -> Result<(Oversight, i64), WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    let o = state
        .store
        .oversight(unit.id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((o, unit.id))
}

pub async fn new_form(State(state): State<AppState>, user: SignedIn) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    let bodies = state.store.bodies(unit.id).await?;
    require_some_body(&user, unit.id, &bodies)?;
    form_page(&state, &user, None, None, ValidationError::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let unit = state.store.portal_unit().await?;
    let bodies = state.store.bodies(unit.id).await?;
    require_some_body(&user, unit.id, &bodies)?;
    let draft = match parse(&state, unit.id, &bodies, &form).await? {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &user, None, Some(&form), errors).await,
    };
    user.require(&edit(unit.id, draft.conducted_by))?;
    let mut tx = state.store.begin(&user.actor.username).await?;
    let o = tx
        .insert_oversight(&NewOversight::from_draft(unit.id, &draft))
        .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/giam-sat/{}", o.id)))
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (o, _) = activity(&state, &id).await?;
    form_page(&state, &user, Some(&o), None, ValidationError::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let (o, unit_id) = activity(&state, &id).await?;
    user.require(&edit(unit_id, o.conducted_by))?;
    let bodies = state.store.bodies(unit_id).await?;
    let draft = match parse(&state, unit_id, &bodies, &form).await? {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &user, Some(&o), Some(&form), errors).await,
    };
    // Handing the activity to another body is a change for that body too.
    user.require(&edit(unit_id, draft.conducted_by))?;
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.update_oversight(&o, &NewOversight::from_draft(unit_id, &draft))
        .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/giam-sat/{}", o.id)))
}

#[derive(Template)]
#[template(path = "ws/recommendation_form.html")]
struct RecFormPage {
    ws: WsChrome,
    heading: &'static str,
    oversight: String,
    oversight_href: String,
    /// The state on the day, and where responses are recorded, for an existing recommendation.
    state: Option<(&'static str, &'static str, String)>,
    rf: RecFields,
}

async fn rec_form_page(
    state: &AppState,
    user: &SignedIn,
    o: &Oversight,
    rec: Option<&Recommendation>,
    form: Option<&FormData>,
    errors: ValidationError,
) -> Result<Response, WebError> {
    let (ws, unit) = ws_chrome(state, user).await?;
    let bodies = state.store.bodies(unit.id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RecFormPage {
        ws,
        heading: if rec.is_some() {
            "Sửa kiến nghị"
        } else {
            "Thêm kiến nghị"
        },
        oversight: o.title.clone(),
        oversight_href: format!("/quan-ly/giam-sat/{}", o.id),
        state: rec.map(|r| {
            let f = r.follow_up(today());
            (
                f.label(),
                f.as_str(),
                format!("/quan-ly/kien-nghi/{}", r.id),
            )
        }),
        rf: RecFields::new(o, rec, form, &bodies, errors),
    };
    Ok((status, render_page(&page)?).into_response())
}

/// Read the recommendation form; a responsible body that is not the unit's counts as not chosen.
fn parse_rec(form: &FormData, bodies: &[Body]) -> Result<RecommendationDraft, ValidationError> {
    let responsible = form
        .get("responsible_body_id")
        .parse::<i64>()
        .ok()
        .filter(|id| bodies.iter().any(|b| b.id == *id));
    RecommendationDraft::parse(
        form.get("content"),
        responsible,
        form.get("deadline"),
        form.get("public") == "1",
    )
}

pub async fn add_recommendation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let (o, unit_id) = activity(&state, &id).await?;
    user.require(&edit(unit_id, o.conducted_by))?;
    let bodies = state.store.bodies(unit_id).await?;
    let draft = match parse_rec(&form, &bodies) {
        Ok(d) => d,
        Err(errors) => return rec_form_page(&state, &user, &o, None, Some(&form), errors).await,
    };
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.insert_recommendation(&NewRecommendation::from_draft(o.id, &draft))
        .await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/giam-sat/{}#kien-nghi", o.id)))
}

/// A recommendation of the portal's unit with its activity, from the id in the path.
async fn recommendation(
    state: &AppState,
    id: &str,
) -> Result<(Recommendation, Oversight, i64), WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let unit = state.store.portal_unit().await?;
    let rec = state
        .store
        .recommendation(unit.id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let o = state
        .store
        .oversight(unit.id, rec.oversight_id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((rec, o, unit.id))
}

pub async fn edit_recommendation(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (rec, o, unit_id) = recommendation(&state, &id).await?;
    user.require(&edit(unit_id, o.conducted_by))?;
    rec_form_page(
        &state,
        &user,
        &o,
        Some(&rec),
        None,
        ValidationError::default(),
    )
    .await
}

pub async fn update_recommendation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm,
) -> Result<Response, WebError> {
    let (rec, o, unit_id) = recommendation(&state, &id).await?;
    user.require(&edit(unit_id, o.conducted_by))?;
    let bodies = state.store.bodies(unit_id).await?;
    let draft = match parse_rec(&form, &bodies) {
        Ok(d) => d,
        Err(errors) => {
            return rec_form_page(&state, &user, &o, Some(&rec), Some(&form), errors).await
        }
    };
    let mut tx = state.store.begin(&user.actor.username).await?;
    tx.update_recommendation(&rec, &draft).await?;
    tx.commit().await?;
    after_write(&state);
    Ok(see_other(&format!("/quan-ly/giam-sat/{}#kien-nghi", o.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_group_by_year_and_open_where_one_is_ticked() {
        let c = |id, year| ItemChoice {
            id,
            year,
            content: format!("Nội dung {id}"),
        };
        let groups = item_groups(
            &[c(5, 2021), c(6, 2021), c(1, 2020), c(2, 2019)],
            &["2".into()],
        );
        let shape: Vec<(i32, bool, usize)> = groups
            .iter()
            .map(|g| (g.year, g.open, g.items.len()))
            .collect();
        assert_eq!(shape, [(2021, true, 2), (2020, false, 1), (2019, true, 1)]);
    }
}
