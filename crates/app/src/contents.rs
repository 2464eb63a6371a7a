//! The contents of a programme: its items (one at a time or many at once), their progress notes,
//! and its targets. Each change asks the rule for the body it concerns, before and after.

use domain::access::Action;
use domain::entity::Entity;
use domain::indicator::Indicator;
use domain::programme::{ItemDraft, ItemStatus, ProgrammeItem, ProgressNote, Year};
use domain::target::{Target, TargetDraft};
use store::NewTarget;

use crate::programmes::open_for_content_change;
use crate::{App, AppError, Result, Viewer};

/// A target as the store keeps it, from a parsed draft.
pub fn new_target(d: &TargetDraft, illustrative: bool) -> NewTarget {
    NewTarget {
        name: d.name.clone(),
        measure: d.measure.clone(),
        direction: d.direction,
        plan: d.plan,
        actual: d.actual,
        reporting_body_id: d.reporting_body_id,
        illustrative,
        note: d.note.clone(),
    }
}

/// A target linked to an indicator takes the indicator's measure and direction: the province's
/// roll-up compares like with like.
fn adopt(new: &mut NewTarget, link: Option<&Option<Indicator>>) {
    if let Some(Some(indicator)) = link {
        new.measure = indicator.measure.clone();
        new.direction = indicator.direction;
    }
}

/// A code is given to one target of a programme only (compared without case, as imports find
/// them): another target holding it is named next to the field.
fn code_free(targets: &[Target], code: &str, this: Option<i64>) -> Result<()> {
    let key = docs::import::code_key(code);
    match targets
        .iter()
        .find(|t| Some(t.id) != this && docs::import::code_key(&t.code) == key)
    {
        Some(other) => Err(AppError::field(
            "code",
            format!(
                "Mã {code} đã là mã của chỉ tiêu “{}”; mỗi chỉ tiêu một mã riêng",
                other.name
            ),
        )),
        None => Ok(()),
    }
}

/// A change to many items at once: a new status, a new lead body, or both.
#[derive(Debug, Clone, Default)]
pub struct BulkChange {
    pub item_ids: Vec<i64>,
    pub status: Option<ItemStatus>,
    pub lead_body_id: Option<i64>,
}

impl App {
    /// Add an item to a programme; a signed programme opens a new version.
    pub async fn add_item(
        &self,
        v: &Viewer,
        year: Year,
        draft: &ItemDraft,
    ) -> Result<ProgrammeItem> {
        let actor = v.require(&Action::EditItem {
            unit_id: v.unit_id(),
            lead_body_id: draft.lead_body_id,
        })?;
        let p = self.programme(v, year).await?;
        self.check_item_bodies(v, draft).await?;
        let position = self
            .store
            .items(p.id)
            .await?
            .iter()
            .map(|i| i.position)
            .max()
            .unwrap_or(0)
            + 1;
        let mut tx = self.begin(actor, v).await?;
        let p = open_for_content_change(&mut tx, &p).await?;
        let item = tx.insert_item(p.id, position, draft, &[]).await?;
        self.settle_amendment(&mut tx, &p).await?;
        self.commit(tx, v).await?;
        Ok(item)
    }

    /// Change an item: its body must allow it before and after. A change to its content (not
    /// only its status) opens a new version of a signed programme.
    pub async fn update_item(
        &self,
        v: &Viewer,
        id: i64,
        draft: &ItemDraft,
    ) -> Result<ProgrammeItem> {
        let (item, p) = self.item(v, id).await?;
        let actor = v.require(&Action::EditItem {
            unit_id: v.unit_id(),
            lead_body_id: item.lead_body_id,
        })?;
        v.require(&Action::EditItem {
            unit_id: v.unit_id(),
            lead_body_id: draft.lead_body_id,
        })?;
        self.check_item_bodies(v, draft).await?;
        let content_changed = draft.content != item.content
            || draft.lead_body_id != item.lead_body_id
            || draft.partner_body_ids != item.partner_body_ids
            || draft.time_frame != item.time_frame;
        // A save that changes nothing writes nothing: no entry, no version.
        if !content_changed && draft.status == item.status {
            return Ok(item);
        }
        let mut tx = self.begin(actor, v).await?;
        if content_changed {
            let p = open_for_content_change(&mut tx, &p).await?;
            let after = tx.update_item(&item, draft).await?;
            self.settle_amendment(&mut tx, &p).await?;
            self.commit(tx, v).await?;
            return Ok(after);
        }
        let after = tx.update_item(&item, draft).await?;
        self.commit(tx, v).await?;
        Ok(after)
    }

    /// Note the progress of an item on a day.
    pub async fn add_progress_note(&self, v: &Viewer, id: i64, note: ProgressNote) -> Result<()> {
        let (item, _) = self.item(v, id).await?;
        let actor = v.require(&Action::EditItem {
            unit_id: v.unit_id(),
            lead_body_id: item.lead_body_id,
        })?;
        let text = vi::normalize(&note.text);
        if text.is_empty() {
            return Err(AppError::field(
                "text",
                "Ghi chú tiến độ không được để trống",
            ));
        }
        let mut tx = self.begin(actor, v).await?;
        tx.add_progress_note(&item, &ProgressNote { on: note.on, text })
            .await?;
        self.commit(tx, v).await
    }

    /// Change the status or the lead body of many items of a programme in one transaction: all
    /// of them, or none when one is refused.
    pub async fn bulk_change_items(
        &self,
        v: &Viewer,
        year: Year,
        change: &BulkChange,
    ) -> Result<()> {
        let actor = v.staff()?;
        let p = self.programme(v, year).await?;
        if change.item_ids.is_empty() {
            return Err(AppError::field(
                "item_ids",
                "Hãy chọn ít nhất một nội dung.",
            ));
        }
        let items: Vec<ProgrammeItem> = self
            .store
            .items(p.id)
            .await?
            .into_iter()
            .filter(|i| change.item_ids.contains(&i.id))
            .collect();
        if items.len() != change.item_ids.len() {
            return Err(AppError::NotFound);
        }
        for item in &items {
            v.require(&Action::EditItem {
                unit_id: v.unit_id(),
                lead_body_id: item.lead_body_id,
            })?;
        }
        if let Some(lead) = change.lead_body_id {
            v.require(&Action::EditItem {
                unit_id: v.unit_id(),
                lead_body_id: lead,
            })?;
            self.check_owned(v, "lead_body_id", Entity::Body, &[lead])
                .await?;
        }
        let mut tx = self.begin(actor, v).await?;
        let p = if change.lead_body_id.is_some() {
            open_for_content_change(&mut tx, &p).await?
        } else {
            p
        };
        for item in &items {
            let lead_body_id = change.lead_body_id.unwrap_or(item.lead_body_id);
            let draft = ItemDraft {
                content: item.content.clone(),
                lead_body_id,
                partner_body_ids: item
                    .partner_body_ids
                    .iter()
                    .copied()
                    .filter(|b| *b != lead_body_id)
                    .collect(),
                time_frame: item.time_frame.clone(),
                status: change.status.unwrap_or(item.status),
            };
            tx.update_item(item, &draft).await?;
        }
        self.settle_amendment(&mut tx, &p).await?;
        self.commit(tx, v).await
    }

    /// The link a target's draft asks for, its indicator checked against what the unit is
    /// offered: `None` leaves the link as it is.
    async fn chosen_link(
        &self,
        v: &Viewer,
        programme_id: i64,
        target: Option<i64>,
        draft: &TargetDraft,
    ) -> Result<Option<Option<Indicator>>> {
        Ok(match draft.indicator {
            None => None,
            Some(None) => Some(None),
            Some(Some(id)) => {
                self.check_single_link(v, programme_id, target, id).await?;
                Some(Some(self.offered_indicator(v, id).await?))
            }
        })
    }

    /// Add a target to a programme.
    pub async fn add_target(&self, v: &Viewer, year: Year, draft: &TargetDraft) -> Result<Target> {
        let actor = v.require(&Action::EditTarget {
            unit_id: v.unit_id(),
            reporting_body_id: draft.reporting_body_id,
        })?;
        let p = self.programme(v, year).await?;
        if let Some(b) = draft.reporting_body_id {
            self.check_owned(v, "reporting_body_id", Entity::Body, &[b])
                .await?;
        }
        let existing = self.store.targets(p.id).await?;
        let position = existing.iter().map(|t| t.position).max().unwrap_or(0) + 1;
        if let Some(code) = &draft.code {
            code_free(&existing, code, None)?;
        }
        let link = self.chosen_link(v, p.id, None, draft).await?;
        let mut tx = self.begin(actor, v).await?;
        // A new target is a new term of a signed programme: an amendment.
        let p = open_for_content_change(&mut tx, &p).await?;
        let mut new = new_target(draft, false);
        adopt(&mut new, link.as_ref());
        let t = match &draft.code {
            Some(code) => tx.insert_target_coded(p.id, position, code, &new).await?,
            None => tx.insert_target(p.id, position, &new).await?,
        };
        if let Some(link) = link {
            tx.link_target(t.id, link.map(|i| i.id)).await?;
        }
        self.settle_amendment(&mut tx, &p).await?;
        self.commit(tx, v).await?;
        Ok(t)
    }

    /// Change a target: its reporting body must allow it before and after. A target of a reviewed
    /// programme is changed only when `review_confirmed`: the review's figures follow it, so
    /// otherwise nothing is written and the answer says so (through the form and the API alike).
    pub async fn update_target(
        &self,
        v: &Viewer,
        id: i64,
        draft: &TargetDraft,
        review_confirmed: bool,
    ) -> Result<Target> {
        let (t, p) = self.target(v, id).await?;
        let actor = v.require(&Action::EditTarget {
            unit_id: v.unit_id(),
            reporting_body_id: t.reporting_body_id,
        })?;
        v.require(&Action::EditTarget {
            unit_id: v.unit_id(),
            reporting_body_id: draft.reporting_body_id,
        })?;
        if let Some(b) = draft.reporting_body_id {
            self.check_owned(v, "reporting_body_id", Entity::Body, &[b])
                .await?;
        }
        let link = self.chosen_link(v, p.id, Some(t.id), draft).await?;
        let mut changed = new_target(draft, t.illustrative);
        adopt(&mut changed, link.as_ref());
        let linked_now = self
            .store
            .target_links(v.unit_id(), p.id)
            .await?
            .get(&t.id)
            .copied();
        let relink = link.map(|l| l.map(|i| i.id)).filter(|l| *l != linked_now);
        let code = draft.code.as_deref().unwrap_or(&t.code);
        if code != t.code {
            code_free(&self.store.targets(p.id).await?, code, Some(t.id))?;
        }
        if !review_confirmed {
            if let Some(warning) = crate::review_warning(&p, crate::programmes::SAVING) {
                return Err(AppError::NeedsConfirmation(format!(
                    "{warning} Chưa có gì được ghi."
                )));
            }
        }
        // What the parties signed (name, measure, direction, plan) changes only by an amendment;
        // the actual figure and the rest are reported against the signed target without one.
        let terms_changed = changed.name != t.name
            || changed.measure != t.measure
            || changed.direction != t.direction
            || changed.plan != t.plan;
        let unchanged = !terms_changed
            && code == t.code
            && changed.actual == t.actual
            && changed.reporting_body_id == t.reporting_body_id
            && changed.note == t.note;
        if unchanged && relink.is_none() {
            return Ok(t);
        }
        let mut tx = self.begin(actor, v).await?;
        if let Some(indicator) = relink {
            tx.link_target(t.id, indicator).await?;
        }
        if terms_changed {
            let p = open_for_content_change(&mut tx, &p).await?;
            let after = tx.update_target_coded(&t, code, &changed).await?;
            self.settle_amendment(&mut tx, &p).await?;
            self.commit(tx, v).await?;
            return Ok(after);
        }
        let after = if unchanged {
            t
        } else {
            tx.update_target_coded(&t, code, &changed).await?
        };
        self.commit(tx, v).await?;
        Ok(after)
    }

    /// The lead and partner bodies an item names must be the unit's own.
    async fn check_item_bodies(&self, v: &Viewer, draft: &ItemDraft) -> Result<()> {
        self.check_owned(v, "lead_body_id", Entity::Body, &[draft.lead_body_id])
            .await?;
        self.check_owned(v, "partner_body_ids", Entity::Body, &draft.partner_body_ids)
            .await
    }
}
