//! Oversight in the workspace: the activities by year, kind and conducting body, the form that
//! records or changes one, and on an activity's page its recommendations, added and changed there.
//! Responses to a recommendation are recorded in `followup`; its status follows them, and overdue
//! is derived from the deadline, never typed.

use app::AttachTo;
use std::collections::HashMap;

use app::Viewer;
use askama::Template;
use axum::extract::Query;
use chrono::Datelike;
use domain::access::Action;
use domain::body::Body;
use domain::entity::Entity;
use domain::oversight::{
    DocumentRef, FollowUpCount, Oversight, OversightDraft, OversightInput, OversightKind,
    Recommendation, RecommendationDraft, TeamMember,
};
use domain::ValidationError;
use store::oversight::ItemChoice;

use super::attachments::{attached, Attached};
use super::{history_href, ws_chrome, WsChrome};
use crate::auth::FormData;
use crate::extract::{IdParam, QueryMap, Staff};
use crate::forms::{lines, At, Cx, Place, RecordForm, Shown};
use crate::i18n::Tr;
use crate::portal::oversight::{rec_view, RecView};
use crate::render::render_page;
use crate::{HtmlResult, WebError, WebResult};

fn edit(v: &Viewer, conducting_body_id: i64) -> Action {
    Action::EditOversight {
        unit_id: v.unit_id(),
        conducting_body_id,
    }
}

/// The bodies this person may record oversight for.
fn may_conduct<'a>(v: &Viewer, bodies: &'a [Body]) -> Vec<&'a Body> {
    bodies.iter().filter(|b| v.may(&edit(v, b.id))).collect()
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
    count: FollowUpCount,
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
pub async fn list(Staff { state, user, v }: Staff, Query(q): QueryMap) -> HtmlResult {
    let ws = ws_chrome(&state, &user, &v).await?;
    let bodies = state.app.bodies(&v).await?;
    let names = body_names(&bodies);
    let oversights = state.app.oversights(&v).await?;
    let recs = state.app.recommendations(&v).await?;
    let today = v.today();
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
            let count = FollowUpCount::of(&recs, o.id, today);
            ActivityRow {
                id: o.id,
                title: o.title.clone(),
                kind: o.kind.label(),
                by: names.get(&o.conducted_by).cloned().unwrap_or_default(),
                when: domain::time::date_range(o.starts_on, o.ends_on),
                public: o.public,
                count,
            }
        })
        .collect();
    render_page(&ListPage {
        ws,
        can_create: !may_conduct(&v, &bodies).is_empty(),
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
                    .map(domain::time::short_date)
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
    attached: Attached,
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
    Cx { state, user, v }: Cx<'_>,
    o: Option<&Oversight>,
    shown: Shown<'_>,
) -> WebResult {
    let (form, errors) = shown.into_parts();
    let ws = ws_chrome(state, user, v).await?;
    let bodies = state.app.bodies(v).await?;
    let choices = state.app.item_choices(v).await?;
    let allowed = may_conduct(v, &bodies);
    let can_edit = match o {
        Some(o) => v.may(&edit(v, o.conducted_by)),
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
            let today = v.today();
            // The activity is named and linked only where the portal shows it.
            let shown: Vec<Oversight> = std::iter::once(o.clone())
                .filter(|o| state.app.may_read_oversight(&v.anonymous(), o))
                .collect();
            let recs = state
                .app
                .recommendations(v)
                .await?
                .iter()
                .filter(|r| r.oversight_id == o.id)
                .map(|r| (rec_view(r, &names, &shown, today, Tr::VI), r.public))
                .collect();
            let rf = can_edit
                .then(|| RecFields::new(o, None, None, &bodies, ValidationError::default()));
            (recs, rf)
        }
        None => (Vec::new(), None),
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
            o.map(|o| domain::time::short_date(o.starts_on))
                .unwrap_or_default(),
        ),
        ends_on: value(
            "ends_on",
            o.and_then(|o| o.ends_on)
                .map(domain::time::short_date)
                .unwrap_or_default(),
        ),
        team: value(
            "team",
            o.map(|o| lines(&o.team, TeamMember::as_line))
                .unwrap_or_default(),
        ),
        documents: value(
            "documents",
            o.map(|o| lines(&o.documents, DocumentRef::as_line))
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
            .filter(|o| state.app.may_read_oversight(&v.anonymous(), o))
            .map(|o| format!("/giam-sat/{}", o.id)),
        history: o.map(|o| history_href(Entity::Oversight, o.id)),
        recs,
        rf,
        attached: attached(state, v, o.map(|o| AttachTo::Oversight(o.id)), can_edit).await?,
    };
    crate::render::render_form(&page, &page.errors)
}

/// Read the activity form. Anything a person may get wrong comes back as field errors; ids that
/// are not the unit's bodies or items cannot come from the page, and the use case refuses them.
fn parse(
    bodies: &[Body],
    form: &FormData,
) -> Result<Result<OversightDraft, ValidationError>, WebError> {
    let subject_body_ids = form.ids("subject_body_ids")?;
    let item_ids = form.ids("item_ids")?;
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

/// The oversight form: a new activity of the unit, or one changed by its id; its page also lists
/// the activity's recommendations.
pub struct Oversights;

impl RecordForm for Oversights {
    type Place = Conducting;
    type Record = Oversight;

    async fn open(cx: Cx<'_>, id: i64) -> Result<(Oversight, Conducting), WebError> {
        Ok((cx.state.app.oversight(cx.v, id).await?, Conducting))
    }

    async fn write(at: At<'_, Self>, form: &FormData) -> Result<String, WebError> {
        let (app, v) = at.app();
        if let Some(o) = at.record {
            v.require(&edit(v, o.conducted_by))?;
        }
        let draft = parse(&app.bodies(v).await?, form)??;
        let saved = match at.record {
            None => app.create_oversight(v, &draft).await?,
            Some(o) => app.update_oversight(v, o.id, &draft).await?,
        };
        Ok(format!("/quan-ly/giam-sat/{}", saved.id))
    }

    async fn page(at: At<'_, Self>, shown: Shown<'_>) -> WebResult {
        form_page(at.cx, at.record, shown).await
    }
}

/// Where a new activity goes: the unit, for someone who may conduct oversight for one of its
/// bodies.
pub struct Conducting;

impl Place for Conducting {
    type Key = ();

    async fn find(cx: Cx<'_>, (): ()) -> Result<Self, WebError> {
        cx.state.app.require_some_conducting_body(cx.v).await?;
        Ok(Self)
    }
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
    Cx { state, user, v }: Cx<'_>,
    o: &Oversight,
    rec: Option<&Recommendation>,
    shown: Shown<'_>,
) -> WebResult {
    let (form, errors) = shown.into_parts();
    let ws = ws_chrome(state, user, v).await?;
    let bodies = state.app.bodies(v).await?;
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
            let f = r.follow_up(v.today());
            (
                f.label(),
                f.as_str(),
                format!("/quan-ly/kien-nghi/{}", r.id),
            )
        }),
        rf: RecFields::new(o, rec, form, &bodies, errors),
    };
    crate::render::render_form(&page, &page.rf.errors)
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

/// The recommendation form: a new recommendation of an activity (added on the activity's page),
/// or one changed by its id.
pub struct Recommendations;

impl RecordForm for Recommendations {
    type Place = Oversight;
    type Record = Recommendation;

    /// A recommendation is read on the activity's page; its form is for whoever may change it.
    async fn open(cx: Cx<'_>, id: i64) -> Result<(Recommendation, Oversight), WebError> {
        let (rec, o) = cx.state.app.recommendation(cx.v, id).await?;
        cx.v.require(&edit(cx.v, o.conducted_by))?;
        Ok((rec, o))
    }

    async fn write(at: At<'_, Self>, form: &FormData) -> Result<String, WebError> {
        let (app, v) = at.app();
        let o = at.place;
        v.require(&edit(v, o.conducted_by))?;
        let draft = parse_rec(form, &app.bodies(v).await?)?;
        match at.record {
            None => app.add_recommendation(v, o.id, &draft).await?,
            Some(r) => app.update_recommendation(v, r.id, &draft).await?,
        };
        Ok(format!("/quan-ly/giam-sat/{}#kien-nghi", o.id))
    }

    async fn page(at: At<'_, Self>, shown: Shown<'_>) -> WebResult {
        rec_form_page(at.cx, at.place, at.record, shown).await
    }
}

/// A new recommendation's place: its activity, by the id in the address.
impl Place for Oversight {
    type Key = IdParam;

    async fn find(cx: Cx<'_>, IdParam(id): IdParam) -> Result<Self, WebError> {
        Ok(cx.state.app.oversight(cx.v, id).await?)
    }
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
