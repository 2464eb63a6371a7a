//! Programmes, their parties and their items with progress notes: read in a few queries per page,
//! never one per row.

use domain::entity::Entity;
use std::collections::HashMap;

use chrono::NaiveDate;
use domain::programme::{
    ItemDraft, ItemStatus, Programme, ProgrammeItem, ProgrammeStatus, ProgressNote, TimeFrame, Year,
};
use domain::target::{BudgetLine, Target};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode::{self, iso, opt_iso};
use crate::{Result, Store, StoreError, WriteTx};

/// The fields of a new programme.
#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub unit_id: i64,
    pub year: Year,
    pub title: String,
    pub status: ProgrammeStatus,
    pub party_ids: Vec<i64>,
    pub signed_on: Option<NaiveDate>,
    pub reviewed_on: Option<NaiveDate>,
    pub review_summary: Option<String>,
}

/// A programme with everything its page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeOverview {
    pub programme: Programme,
    pub items: Vec<ProgrammeItem>,
    pub targets: Vec<Target>,
    pub budget: Vec<BudgetLine>,
}

const PROGRAMME_COLUMNS: &str =
    "id, unit_id, year, title, status, signed_on, reviewed_on, review_summary, version, signed_version";

fn programme_from_row(row: &AnyRow, party_ids: Vec<i64>) -> Result<Programme> {
    let year: i64 = row.try_get("year")?;
    Ok(Programme {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        year: i32::try_from(year)
            .ok()
            .and_then(|y| Year::new(y).ok())
            .ok_or(StoreError::Corrupt {
                table: "programmes",
                column: "year",
                value: year.to_string(),
            })?,
        title: row.try_get("title")?,
        status: decode::code("programmes", "status", row, ProgrammeStatus::parse)?,
        party_ids,
        signed_on: decode::opt_date("programmes", "signed_on", row)?,
        reviewed_on: decode::opt_date("programmes", "reviewed_on", row)?,
        review_summary: row.try_get("review_summary")?,
        version: row.try_get("version")?,
        signed_version: row.try_get("signed_version")?,
    })
}

impl Store {
    /// All programmes of a unit, newest first, with their parties, in two queries.
    pub async fn programmes(&self, unit_id: i64) -> Result<Vec<Programme>> {
        let rows = sqlx::query(&format!(
            "SELECT {PROGRAMME_COLUMNS} FROM programmes WHERE unit_id = $1 ORDER BY year DESC"
        ))
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let parties = sqlx::query(
            "SELECT pp.programme_id, pp.body_id FROM programme_parties pp \
             JOIN programmes p ON p.id = pp.programme_id WHERE p.unit_id = $1 \
             ORDER BY pp.programme_id, pp.position",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let mut by_programme: HashMap<i64, Vec<i64>> = HashMap::new();
        for row in &parties {
            by_programme
                .entry(row.try_get("programme_id")?)
                .or_default()
                .push(row.try_get("body_id")?);
        }
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                programme_from_row(row, by_programme.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// The programme of a unit for a year.
    pub async fn programme(&self, unit_id: i64, year: Year) -> Result<Option<Programme>> {
        Ok(self
            .programmes(unit_id)
            .await?
            .into_iter()
            .find(|p| p.year == year))
    }

    /// A programme's items with their partners and notes, in three queries.
    pub async fn items(&self, programme_id: i64) -> Result<Vec<ProgrammeItem>> {
        let mut conn = self.db_read().acquire().await?;
        load_items(&mut conn, programme_id).await
    }

    /// Everything the programme's pages show, for one year.
    pub async fn programme_overview(
        &self,
        unit_id: i64,
        year: Year,
    ) -> Result<Option<ProgrammeOverview>> {
        let Some(programme) = self.programme(unit_id, year).await? else {
            return Ok(None);
        };
        let (items, targets, budget) = (
            self.items(programme.id).await?,
            self.targets(programme.id).await?,
            self.budget_lines(programme.id).await?,
        );
        Ok(Some(ProgrammeOverview {
            programme,
            items,
            targets,
            budget,
        }))
    }
}

impl WriteTx {
    pub async fn insert_programme(&mut self, new: &NewProgramme) -> Result<Programme> {
        // A programme recorded as already signed (an archive, an import) has its first version in
        // force, as the migration that brought in amendments reads older ones.
        let signed_version = (new.status != ProgrammeStatus::Draft).then_some(1i64);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO programmes (unit_id, year, title, status, signed_on, reviewed_on, review_summary, signed_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.unit_id)
        .bind(i64::from(new.year.get()))
        .bind(&new.title)
        .bind(new.status.as_str())
        .bind(opt_iso(new.signed_on))
        .bind(opt_iso(new.reviewed_on))
        .bind(&new.review_summary)
        .bind(signed_version)
        .fetch_one(self.conn())
        .await?;
        for (position, body_id) in new.party_ids.iter().enumerate() {
            sqlx::query(
                "INSERT INTO programme_parties (programme_id, body_id, position) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(body_id)
            .bind(position as i64)
            .execute(self.conn())
            .await?;
        }
        let programme = Programme {
            id,
            unit_id: new.unit_id,
            year: new.year,
            title: new.title.clone(),
            status: new.status,
            party_ids: new.party_ids.clone(),
            signed_on: new.signed_on,
            reviewed_on: new.reviewed_on,
            review_summary: new.review_summary.clone(),
            version: 1,
            signed_version,
        };
        self.log_create(Entity::Programme, id, &programme).await?;
        Ok(programme)
    }

    pub async fn insert_item(
        &mut self,
        programme_id: i64,
        position: i64,
        draft: &ItemDraft,
        notes: &[ProgressNote],
    ) -> Result<ProgrammeItem> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO programme_items (programme_id, position, content, lead_body_id, starts_on, ends_on, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(programme_id)
        .bind(position)
        .bind(&draft.content)
        .bind(draft.lead_body_id)
        .bind(iso(draft.time_frame.starts_on))
        .bind(iso(draft.time_frame.ends_on))
        .bind(draft.status.as_str())
        .fetch_one(self.conn())
        .await?;
        for body_id in &draft.partner_body_ids {
            sqlx::query("INSERT INTO item_partners (item_id, body_id) VALUES ($1, $2)")
                .bind(id)
                .bind(body_id)
                .execute(self.conn())
                .await?;
        }
        for note in notes {
            sqlx::query("INSERT INTO progress_notes (item_id, noted_on, text) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(iso(note.on))
                .bind(&note.text)
                .execute(self.conn())
                .await?;
        }
        let item = ProgrammeItem {
            id,
            programme_id,
            position,
            content: draft.content.clone(),
            lead_body_id: draft.lead_body_id,
            partner_body_ids: draft.partner_body_ids.clone(),
            time_frame: draft.time_frame.clone(),
            status: draft.status,
            notes: notes.to_vec(),
        };
        self.log_create(Entity::ProgrammeItem, id, &item).await?;
        Ok(item)
    }
}

impl WriteTx {
    /// Change a programme's own fields (title, lifecycle, dates, review) and its parties.
    pub async fn update_programme(&mut self, before: &Programme, after: &Programme) -> Result<()> {
        sqlx::query(
            "UPDATE programmes SET title = $1, status = $2, signed_on = $3, reviewed_on = $4, review_summary = $5, \
             signed_version = $6 WHERE id = $7",
        )
        .bind(&after.title)
        .bind(after.status.as_str())
        .bind(opt_iso(after.signed_on))
        .bind(opt_iso(after.reviewed_on))
        .bind(&after.review_summary)
        .bind(after.signed_version)
        .bind(before.id)
        .execute(self.conn())
        .await?;
        if before.party_ids != after.party_ids {
            sqlx::query("DELETE FROM programme_parties WHERE programme_id = $1")
                .bind(before.id)
                .execute(self.conn())
                .await?;
            for (position, body_id) in after.party_ids.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO programme_parties (programme_id, body_id, position) VALUES ($1, $2, $3)",
                )
                .bind(before.id)
                .bind(body_id)
                .bind(position as i64)
                .execute(self.conn())
                .await?;
            }
        }
        let (b, a) = (
            crate::changelog::to_json(before)?,
            crate::changelog::to_json(after)?,
        );
        self.log(Entity::Programme, before.id, Some(&b), Some(&a))
            .await?;
        Ok(())
    }

    /// Set the version being worked on: one more than the version in force opens an amendment
    /// (sửa đổi, bổ sung), the version in force again withdraws it. The signed version stays the
    /// one in force, and public, until every party signs the amendment.
    pub async fn set_working_version(
        &mut self,
        programme: &Programme,
        version: i64,
    ) -> Result<Programme> {
        sqlx::query("UPDATE programmes SET version = $1 WHERE id = $2")
            .bind(version)
            .bind(programme.id)
            .execute(self.conn())
            .await?;
        let after = Programme {
            version,
            ..programme.clone()
        };
        let b = crate::changelog::to_json(programme)?;
        let a = crate::changelog::to_json(&after)?;
        self.log(Entity::Programme, programme.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }

    /// The programme's content as this write sees it, in the form that is signed (`unit` and
    /// `bodies` as read before the write, which does not change them).
    pub async fn working_content(
        &mut self,
        unit: &domain::unit::AdminUnit,
        bodies: &[domain::body::Body],
        programme: &Programme,
    ) -> Result<crate::signing::SignedContent> {
        let items = load_items(self.conn(), programme.id).await?;
        let targets = crate::targets::load_targets(self.conn(), programme.id).await?;
        Ok(crate::signing::SignedContent::of(
            crate::signing::SIGNED_FORM,
            unit,
            bodies,
            programme,
            programme.version,
            &items,
            &targets,
        ))
    }

    /// Change an item's content, lead, partners, time frame and status.
    pub async fn update_item(
        &mut self,
        before: &ProgrammeItem,
        draft: &ItemDraft,
    ) -> Result<ProgrammeItem> {
        sqlx::query(
            "UPDATE programme_items SET content = $1, lead_body_id = $2, starts_on = $3, ends_on = $4, status = $5 \
             WHERE id = $6",
        )
        .bind(&draft.content)
        .bind(draft.lead_body_id)
        .bind(iso(draft.time_frame.starts_on))
        .bind(iso(draft.time_frame.ends_on))
        .bind(draft.status.as_str())
        .bind(before.id)
        .execute(self.conn())
        .await?;
        if before.partner_body_ids != draft.partner_body_ids {
            sqlx::query("DELETE FROM item_partners WHERE item_id = $1")
                .bind(before.id)
                .execute(self.conn())
                .await?;
            for body_id in &draft.partner_body_ids {
                sqlx::query("INSERT INTO item_partners (item_id, body_id) VALUES ($1, $2)")
                    .bind(before.id)
                    .bind(body_id)
                    .execute(self.conn())
                    .await?;
            }
        }
        let after = ProgrammeItem {
            content: draft.content.clone(),
            lead_body_id: draft.lead_body_id,
            partner_body_ids: draft.partner_body_ids.clone(),
            time_frame: draft.time_frame.clone(),
            status: draft.status,
            ..before.clone()
        };
        let (b, a) = (
            crate::changelog::to_json(before)?,
            crate::changelog::to_json(&after)?,
        );
        self.log(Entity::ProgrammeItem, before.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }

    /// Add a dated progress note to an item.
    pub async fn add_progress_note(
        &mut self,
        item: &ProgrammeItem,
        note: &ProgressNote,
    ) -> Result<ProgrammeItem> {
        sqlx::query("INSERT INTO progress_notes (item_id, noted_on, text) VALUES ($1, $2, $3)")
            .bind(item.id)
            .bind(iso(note.on))
            .bind(&note.text)
            .execute(self.conn())
            .await?;
        let mut after = item.clone();
        after.notes.push(note.clone());
        let (b, a) = (
            crate::changelog::to_json(item)?,
            crate::changelog::to_json(&after)?,
        );
        self.log(Entity::ProgrammeItem, item.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }
}

impl Store {
    /// One item of a unit's programme by id.
    pub async fn item(&self, unit_id: i64, id: i64) -> Result<Option<ProgrammeItem>> {
        let programme_id: Option<i64> = sqlx::query_scalar(
            "SELECT i.programme_id FROM programme_items i JOIN programmes p ON p.id = i.programme_id \
             WHERE i.id = $1 AND p.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?;
        match programme_id {
            Some(pid) => Ok(self.items(pid).await?.into_iter().find(|i| i.id == id)),
            None => Ok(None),
        }
    }

    /// One programme of a unit by id.
    pub async fn programme_by_id(&self, unit_id: i64, id: i64) -> Result<Option<Programme>> {
        Ok(self
            .programmes(unit_id)
            .await?
            .into_iter()
            .find(|p| p.id == id))
    }
}

/// A programme's items with their partners and notes, in three queries on one connection: the
/// pool's, or a write transaction's, which sees what it wrote.
pub(crate) async fn load_items(
    conn: &mut sqlx::AnyConnection,
    programme_id: i64,
) -> Result<Vec<ProgrammeItem>> {
    let rows = sqlx::query(
        "SELECT id, programme_id, position, content, lead_body_id, starts_on, ends_on, status \
         FROM programme_items WHERE programme_id = $1 ORDER BY position, id",
    )
    .bind(programme_id)
    .fetch_all(&mut *conn)
    .await?;
    let partners = sqlx::query(
        "SELECT ip.item_id, ip.body_id FROM item_partners ip \
         JOIN programme_items i ON i.id = ip.item_id JOIN bodies b ON b.id = ip.body_id \
         WHERE i.programme_id = $1 ORDER BY ip.item_id, b.position, b.id",
    )
    .bind(programme_id)
    .fetch_all(&mut *conn)
    .await?;
    let notes = sqlx::query(
        "SELECT n.item_id, n.noted_on, n.text FROM progress_notes n \
         JOIN programme_items i ON i.id = n.item_id \
         WHERE i.programme_id = $1 AND n.withdrawn_at IS NULL ORDER BY n.item_id, n.noted_on, n.id",
    )
    .bind(programme_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut partner_map: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in &partners {
        partner_map
            .entry(row.try_get("item_id")?)
            .or_default()
            .push(row.try_get("body_id")?);
    }
    let mut note_map: HashMap<i64, Vec<ProgressNote>> = HashMap::new();
    for row in &notes {
        note_map
            .entry(row.try_get("item_id")?)
            .or_default()
            .push(ProgressNote {
                on: decode::date("progress_notes", "noted_on", row)?,
                text: row.try_get("text")?,
            });
    }
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            Ok(ProgrammeItem {
                id,
                programme_id: row.try_get("programme_id")?,
                position: row.try_get("position")?,
                content: row.try_get("content")?,
                lead_body_id: row.try_get("lead_body_id")?,
                partner_body_ids: partner_map.remove(&id).unwrap_or_default(),
                time_frame: TimeFrame {
                    starts_on: decode::date("programme_items", "starts_on", row)?,
                    ends_on: decode::date("programme_items", "ends_on", row)?,
                },
                status: decode::code("programme_items", "status", row, ItemStatus::parse)?,
                notes: note_map.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}
