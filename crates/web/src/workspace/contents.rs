//! The contents of a programme in the workspace: the item form (new or existing) with its progress
//! notes, and changing the status or lead body of many items at once.

use app::BulkChange;
use askama::Template;
use domain::access::Action;
use domain::entity::Entity;
use domain::programme::{ItemDraft, ItemInput, ItemStatus, Programme, ProgrammeItem, ProgressNote};
use domain::ValidationError;

use super::programme::programme_href;
use super::withdrawals::withdraw_href;
use super::{history_href, see_other, ws_chrome, WsChrome};
use crate::auth::{CheckedForm, FormData};
use crate::extract::{IdParam, Staff, YearParam};
use crate::forms::{self, At, Cx, RecordForm, Shown};
use crate::{WebError, WebResult};
use domain::withdrawal::Withdrawable;

/// The item form, for a new item or an existing one, with the values typed and the errors found.
#[derive(Template)]
#[template(path = "ws/item_form.html")]
struct ItemForm {
    ws: WsChrome,
    action: String,
    back: String,
    heading: String,
    content: String,
    lead: String,
    partners: Vec<String>,
    starts_on: String,
    ends_on: String,
    status: String,
    bodies: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    errors: ValidationError,
    /// The progress notes: the day, the text, and where to withdraw it if this person may.
    notes: Vec<(String, String, Option<String>)>,
    note_action: Option<String>,
    history: Option<String>,
    /// What saving a change of its terms does to a signed programme.
    amendment: Option<String>,
    /// The item as it stands, for someone who may read it but not change it.
    read_only: Option<ItemView>,
}

/// An item shown to someone who may not change it.
struct ItemView {
    content: String,
    lead: String,
    partners: Vec<String>,
    time_frame: String,
    status: &'static str,
}

fn parse_item(form: &FormData) -> Result<ItemDraft, ValidationError> {
    let partners: Vec<i64> = form
        .all("partner_body_ids")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    ItemDraft::from_input(&ItemInput {
        content: form.get("content"),
        lead_body_id: form.id("lead_body_id", "").ok(),
        partner_body_ids: partners,
        starts_on: form.get("starts_on"),
        ends_on: form.get("ends_on"),
        status: form.get("status"),
    })
}

async fn item_form_page(
    Cx { state, user, v }: Cx<'_>,
    p: &Programme,
    item: Option<&ProgrammeItem>,
    shown: Shown<'_>,
) -> WebResult {
    let (form, errors) = shown.into_parts();
    let ws = ws_chrome(state, user, v).await?;
    let bodies = state.app.bodies(v).await?;
    let year = p.year;
    let value = |name: &str, existing: String| form.map_or(existing, |f| f.get(name).to_string());
    let body_name = |id: i64| {
        bodies
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.short_name.clone())
            .unwrap_or_default()
    };
    let can_edit = item.is_none_or(|i| {
        v.may(&Action::EditItem {
            unit_id: v.unit_id(),
            lead_body_id: i.lead_body_id,
        })
    });
    let read_only = item.filter(|_| !can_edit).map(|i| ItemView {
        content: i.content.clone(),
        lead: body_name(i.lead_body_id),
        partners: i.partner_body_ids.iter().map(|&b| body_name(b)).collect(),
        time_frame: i.time_frame.label(),
        status: i.status.label(),
    });
    let page = ItemForm {
        ws,
        action: item.map_or(format!("/quan-ly/chuong-trinh/{year}/noi-dung"), |i| {
            format!("/quan-ly/noi-dung/{}", i.id)
        }),
        back: programme_href(year),
        heading: if item.is_some() {
            "Sửa nội dung phối hợp".into()
        } else {
            format!("Thêm nội dung phối hợp năm {year}")
        },
        content: value(
            "content",
            item.map(|i| i.content.clone()).unwrap_or_default(),
        ),
        lead: value(
            "lead_body_id",
            item.map(|i| i.lead_body_id.to_string()).unwrap_or_default(),
        ),
        partners: forms::chosen(
            form,
            "partner_body_ids",
            item.map_or(&[], |i| &i.partner_body_ids),
        ),
        starts_on: value(
            "starts_on",
            item.map_or(format!("01/01/{year}"), |i| {
                domain::time::short_date(i.time_frame.starts_on)
            }),
        ),
        ends_on: value(
            "ends_on",
            item.map_or(format!("31/12/{year}"), |i| {
                domain::time::short_date(i.time_frame.ends_on)
            }),
        ),
        status: value(
            "status",
            item.map_or("not_started".into(), |i| i.status.as_str().to_string()),
        ),
        bodies: bodies
            .iter()
            .map(|b| (b.id.to_string(), b.short_name.clone()))
            .collect(),
        statuses: ItemStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        errors,
        notes: match item {
            Some(i) => {
                // The parts come in the order the item lists its notes.
                let parts = state
                    .app
                    .parts_of(v, Withdrawable::ProgressNote, i.id)
                    .await?;
                i.notes
                    .iter()
                    .zip(parts.iter().map(Some).chain(std::iter::repeat(None)))
                    .map(|(n, part)| {
                        (
                            domain::time::short_date(n.on),
                            n.text.clone(),
                            part.filter(|_| can_edit)
                                .map(|p| withdraw_href(Withdrawable::ProgressNote, p.id)),
                        )
                    })
                    .collect()
            }
            None => Vec::new(),
        },
        note_action: item
            .filter(|_| can_edit)
            .map(|i| format!("/quan-ly/noi-dung/{}/ghi-chu", i.id)),
        history: item.map(|i| history_href(Entity::ProgrammeItem, i.id)),
        amendment: app::amendment_warning(p),
        read_only,
    };
    crate::render::render_form(&page, &page.errors)
}

/// The item form: a new item of a year's programme, or one changed by its id.
pub struct Items;

impl RecordForm for Items {
    type Place = Programme;
    type Record = ProgrammeItem;

    async fn open(cx: Cx<'_>, id: i64) -> Result<(ProgrammeItem, Programme), WebError> {
        Ok(cx.state.app.item(cx.v, id).await?)
    }

    async fn write(at: At<'_, Self>, form: &FormData) -> Result<String, WebError> {
        let (app, v) = at.app();
        if let Some(item) = at.record {
            let (unit_id, lead_body_id) = (v.unit_id(), item.lead_body_id);
            v.require(&Action::EditItem {
                unit_id,
                lead_body_id,
            })?;
        }
        let draft = parse_item(form)?;
        match at.record {
            None => app.add_item(v, at.place.year, &draft).await?,
            Some(i) => app.update_item(v, i.id, &draft).await?,
        };
        Ok(programme_href(at.place.year))
    }

    async fn page(at: At<'_, Self>, shown: Shown<'_>) -> WebResult {
        item_form_page(at.cx, at.place, at.record, shown).await
    }
}

pub async fn add_note(
    IdParam(id): IdParam,
    CheckedForm(Staff { state, user, v }, form): CheckedForm,
) -> WebResult {
    let (item, p) = state.app.item(&v, id).await?;
    let on = domain::time::parse_date(form.get("on")).unwrap_or_else(|| v.today());
    let note = ProgressNote {
        on,
        text: form.get("text").to_string(),
    };
    forms::write(
        async |()| state.app.add_progress_note(&v, id, note).await,
        |_| see_other(&v, &format!("/quan-ly/noi-dung/{}", item.id)),
        async |errors| {
            let cx = Cx::new(&state, &user, &v);
            item_form_page(cx, &p, Some(&item), Shown::errors(errors)).await
        },
    )
    .await
}

pub async fn bulk(
    YearParam(year): YearParam,
    CheckedForm(Staff { state, v, .. }, form): CheckedForm,
) -> WebResult {
    let change = BulkChange {
        item_ids: form.ids("item_ids")?,
        status: match form.get("status") {
            "" => None,
            s => Some(
                ItemStatus::parse(s)
                    .ok_or_else(|| WebError::BadRequest("Trạng thái không hợp lệ".into()))?,
            ),
        },
        lead_body_id: match form.get("lead_body_id") {
            "" => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| WebError::BadRequest("Cơ quan không hợp lệ".into()))?,
            ),
        },
    };
    state.app.bulk_change_items(&v, year, &change).await?;
    Ok(see_other(&v, &programme_href(year)))
}
