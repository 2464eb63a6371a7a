//! Oversight activities, their recommendations and the responses received.

use domain::entity::Entity;
use std::collections::HashMap;

use chrono::NaiveDate;
use domain::oversight::{
    status_after, DocumentRef, Oversight, OversightDraft, OversightKind, Recommendation,
    RecommendationDraft, RecommendationStatus, Response, TeamMember,
};
use serde::Serialize;
use sqlx::Row;

use crate::changelog::to_json;
use crate::decode::{self, iso, opt_iso};
use crate::{Result, Store, StoreError, WriteTx};

/// The fields of a new oversight activity.
#[derive(Debug, Clone)]
pub struct NewOversight {
    pub unit_id: i64,
    pub kind: OversightKind,
    pub title: String,
    pub conducted_by: i64,
    pub subject_body_ids: Vec<i64>,
    pub other_subjects: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub team: Vec<TeamMember>,
    pub documents: Vec<DocumentRef>,
    pub item_ids: Vec<i64>,
    pub findings: Option<String>,
    pub public: bool,
}

impl NewOversight {
    /// A new activity of `unit_id` from the fields a person gave.
    pub fn from_draft(unit_id: i64, d: &OversightDraft) -> Self {
        Self {
            unit_id,
            kind: d.kind,
            title: d.title.clone(),
            conducted_by: d.conducted_by,
            subject_body_ids: d.subject_body_ids.clone(),
            other_subjects: d.other_subjects.clone(),
            starts_on: d.starts_on,
            ends_on: d.ends_on,
            team: d.team.clone(),
            documents: d.documents.clone(),
            item_ids: d.item_ids.clone(),
            findings: d.findings.clone(),
            public: d.public,
        }
    }
}

/// A programme item an activity may serve, as a form offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChoice {
    pub id: i64,
    /// The year of the item's programme.
    pub year: i32,
    pub content: String,
}

/// The fields of a new recommendation.
#[derive(Debug, Clone)]
pub struct NewRecommendation {
    pub oversight_id: i64,
    pub content: String,
    pub responsible_body_id: i64,
    pub deadline: Option<NaiveDate>,
    pub status: RecommendationStatus,
    pub public: bool,
}

impl NewRecommendation {
    /// A new recommendation of an activity from the fields a person gave: open, without responses.
    pub fn from_draft(oversight_id: i64, d: &RecommendationDraft) -> Self {
        Self {
            oversight_id,
            content: d.content.clone(),
            responsible_body_id: d.responsible_body_id,
            deadline: d.deadline,
            status: RecommendationStatus::Open,
            public: d.public,
        }
    }
}

fn group<T>(rows: Vec<(i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for (k, v) in rows {
        map.entry(k).or_default().push(v);
    }
    map
}

impl Store {
    /// A unit's oversight activities, newest first, with subjects, team, documents and items, in
    /// five queries whatever their number.
    pub async fn oversights(&self, unit_id: i64) -> Result<Vec<Oversight>> {
        let rows = sqlx::query(
            "SELECT id, unit_id, kind, title, conducted_by, other_subjects, starts_on, ends_on, findings, public \
             FROM oversights WHERE unit_id = $1 ORDER BY starts_on DESC, id DESC",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let pairs = |sql: &'static str| async move {
            let rows = sqlx::query(sql)
                .bind(unit_id)
                .fetch_all(self.db_read())
                .await?;
            rows.iter()
                .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)))
                .collect::<Result<Vec<_>>>()
        };
        let mut subjects = group(
            pairs("SELECT s.oversight_id, s.body_id FROM oversight_subjects s JOIN oversights o ON o.id = s.oversight_id WHERE o.unit_id = $1 ORDER BY s.body_id").await?,
        );
        let mut items = group(
            pairs("SELECT x.oversight_id, x.item_id FROM oversight_items x JOIN oversights o ON o.id = x.oversight_id WHERE o.unit_id = $1 ORDER BY x.item_id").await?,
        );
        let team_rows = sqlx::query(
            "SELECT t.oversight_id, t.name, t.role FROM oversight_team t JOIN oversights o ON o.id = t.oversight_id \
             WHERE o.unit_id = $1 ORDER BY t.oversight_id, t.position",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let mut team = group(
            team_rows
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("oversight_id")?,
                        TeamMember {
                            name: r.try_get("name")?,
                            role: r.try_get("role")?,
                        },
                    ))
                })
                .collect::<Result<Vec<_>>>()?,
        );
        let doc_rows = sqlx::query(
            "SELECT d.oversight_id, d.title, d.url FROM oversight_documents d JOIN oversights o ON o.id = d.oversight_id \
             WHERE o.unit_id = $1 ORDER BY d.oversight_id, d.position",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let mut documents = group(
            doc_rows
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("oversight_id")?,
                        DocumentRef {
                            title: r.try_get("title")?,
                            url: r.try_get("url")?,
                        },
                    ))
                })
                .collect::<Result<Vec<_>>>()?,
        );
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                Ok(Oversight {
                    id,
                    unit_id: r.try_get("unit_id")?,
                    kind: decode::code("oversights", "kind", r, OversightKind::parse)?,
                    title: r.try_get("title")?,
                    conducted_by: r.try_get("conducted_by")?,
                    subject_body_ids: subjects.remove(&id).unwrap_or_default(),
                    other_subjects: r.try_get("other_subjects")?,
                    starts_on: decode::date("oversights", "starts_on", r)?,
                    ends_on: decode::opt_date("oversights", "ends_on", r)?,
                    team: team.remove(&id).unwrap_or_default(),
                    documents: documents.remove(&id).unwrap_or_default(),
                    item_ids: items.remove(&id).unwrap_or_default(),
                    findings: r.try_get("findings")?,
                    public: decode::flag(r, "public")?,
                })
            })
            .collect()
    }

    /// One oversight activity of a unit.
    pub async fn oversight(&self, unit_id: i64, id: i64) -> Result<Option<Oversight>> {
        Ok(self
            .oversights(unit_id)
            .await?
            .into_iter()
            .find(|o| o.id == id))
    }

    /// Every item of a unit's programmes, newest programme first, in one query: what an activity
    /// may be linked to.
    pub async fn item_choices(&self, unit_id: i64) -> Result<Vec<ItemChoice>> {
        let rows = sqlx::query(
            "SELECT i.id, p.year, i.content FROM programme_items i \
             JOIN programmes p ON p.id = i.programme_id WHERE p.unit_id = $1 \
             ORDER BY p.year DESC, i.position, i.id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| {
                let year: i64 = r.try_get("year")?;
                Ok(ItemChoice {
                    id: r.try_get("id")?,
                    year: i32::try_from(year).map_err(|_| StoreError::Corrupt {
                        table: "programmes",
                        column: "year",
                        value: year.to_string(),
                    })?,
                    content: r.try_get("content")?,
                })
            })
            .collect()
    }

    /// A unit's recommendations with their responses, in two queries.
    pub async fn recommendations(&self, unit_id: i64) -> Result<Vec<Recommendation>> {
        let rows = sqlx::query(
            "SELECT r.id, r.oversight_id, r.content, r.responsible_body_id, r.deadline, r.status, r.public \
             FROM recommendations r JOIN oversights o ON o.id = r.oversight_id \
             WHERE o.unit_id = $1 ORDER BY r.deadline IS NULL, r.deadline, r.id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let response_rows = sqlx::query(
            "SELECT x.recommendation_id, x.responded_on, x.from_body_id, x.text, x.closes \
             FROM recommendation_responses x JOIN recommendations r ON r.id = x.recommendation_id \
             JOIN oversights o ON o.id = r.oversight_id WHERE o.unit_id = $1 AND x.withdrawn_at IS NULL \
             ORDER BY x.recommendation_id, x.responded_on, x.id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let mut responses = group(
            response_rows
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("recommendation_id")?,
                        Response {
                            on: decode::date("recommendation_responses", "responded_on", r)?,
                            from_body_id: r.try_get("from_body_id")?,
                            text: r.try_get("text")?,
                            closes: decode::flag(r, "closes")?,
                        },
                    ))
                })
                .collect::<Result<Vec<_>>>()?,
        );
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                Ok(Recommendation {
                    id,
                    oversight_id: r.try_get("oversight_id")?,
                    content: r.try_get("content")?,
                    responsible_body_id: r.try_get("responsible_body_id")?,
                    deadline: decode::opt_date("recommendations", "deadline", r)?,
                    status: decode::code(
                        "recommendations",
                        "status",
                        r,
                        RecommendationStatus::parse,
                    )?,
                    responses: responses.remove(&id).unwrap_or_default(),
                    public: decode::flag(r, "public")?,
                })
            })
            .collect()
    }

    /// One recommendation of a unit.
    pub async fn recommendation(&self, unit_id: i64, id: i64) -> Result<Option<Recommendation>> {
        Ok(self
            .recommendations(unit_id)
            .await?
            .into_iter()
            .find(|r| r.id == id))
    }
}

impl WriteTx {
    pub async fn insert_oversight(&mut self, new: &NewOversight) -> Result<Oversight> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO oversights (unit_id, kind, title, conducted_by, other_subjects, starts_on, ends_on, findings, public) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(new.unit_id)
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(new.conducted_by)
        .bind(&new.other_subjects)
        .bind(iso(new.starts_on))
        .bind(opt_iso(new.ends_on))
        .bind(&new.findings)
        .bind(i64::from(new.public))
        .fetch_one(self.conn())
        .await?;
        self.insert_oversight_parts(id, new).await?;
        let o = Oversight {
            id,
            unit_id: new.unit_id,
            kind: new.kind,
            title: new.title.clone(),
            conducted_by: new.conducted_by,
            subject_body_ids: new.subject_body_ids.clone(),
            other_subjects: new.other_subjects.clone(),
            starts_on: new.starts_on,
            ends_on: new.ends_on,
            team: new.team.clone(),
            documents: new.documents.clone(),
            item_ids: new.item_ids.clone(),
            findings: new.findings.clone(),
            public: new.public,
        };
        self.log_create(Entity::Oversight, id, &o).await?;
        Ok(o)
    }

    /// The subjects, items, team and documents of an activity, in their order.
    async fn insert_oversight_parts(&mut self, id: i64, new: &NewOversight) -> Result<()> {
        for body_id in &new.subject_body_ids {
            sqlx::query("INSERT INTO oversight_subjects (oversight_id, body_id) VALUES ($1, $2)")
                .bind(id)
                .bind(body_id)
                .execute(self.conn())
                .await?;
        }
        for item_id in &new.item_ids {
            sqlx::query("INSERT INTO oversight_items (oversight_id, item_id) VALUES ($1, $2)")
                .bind(id)
                .bind(item_id)
                .execute(self.conn())
                .await?;
        }
        for (i, m) in new.team.iter().enumerate() {
            sqlx::query("INSERT INTO oversight_team (oversight_id, position, name, role) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(i as i64)
                .bind(&m.name)
                .bind(&m.role)
                .execute(self.conn())
                .await?;
        }
        for (i, d) in new.documents.iter().enumerate() {
            sqlx::query("INSERT INTO oversight_documents (oversight_id, position, title, url) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(i as i64)
                .bind(&d.title)
                .bind(&d.url)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Change an activity: its fields, and its subjects, items, team and documents replaced by the
    /// new ones. Its recommendations stay as they are.
    pub async fn update_oversight(
        &mut self,
        before: &Oversight,
        new: &NewOversight,
    ) -> Result<Oversight> {
        sqlx::query(
            "UPDATE oversights SET kind = $1, title = $2, conducted_by = $3, other_subjects = $4, \
             starts_on = $5, ends_on = $6, findings = $7, public = $8 WHERE id = $9",
        )
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(new.conducted_by)
        .bind(&new.other_subjects)
        .bind(iso(new.starts_on))
        .bind(opt_iso(new.ends_on))
        .bind(&new.findings)
        .bind(i64::from(new.public))
        .bind(before.id)
        .execute(self.conn())
        .await?;
        for table in [
            "oversight_subjects",
            "oversight_items",
            "oversight_team",
            "oversight_documents",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE oversight_id = $1"))
                .bind(before.id)
                .execute(self.conn())
                .await?;
        }
        self.insert_oversight_parts(before.id, new).await?;
        let after = Oversight {
            id: before.id,
            unit_id: before.unit_id,
            kind: new.kind,
            title: new.title.clone(),
            conducted_by: new.conducted_by,
            subject_body_ids: new.subject_body_ids.clone(),
            other_subjects: new.other_subjects.clone(),
            starts_on: new.starts_on,
            ends_on: new.ends_on,
            team: new.team.clone(),
            documents: new.documents.clone(),
            item_ids: new.item_ids.clone(),
            findings: new.findings.clone(),
            public: new.public,
        };
        let (b, a) = (to_json(before)?, to_json(&after)?);
        self.log(Entity::Oversight, before.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }

    /// Change what a recommendation asks, of whom, by when, and whether it is public. Its status
    /// and responses stay: only responses move the status on.
    pub async fn update_recommendation(
        &mut self,
        before: &Recommendation,
        draft: &RecommendationDraft,
    ) -> Result<Recommendation> {
        sqlx::query(
            "UPDATE recommendations SET content = $1, responsible_body_id = $2, deadline = $3, \
             public = $4 WHERE id = $5",
        )
        .bind(&draft.content)
        .bind(draft.responsible_body_id)
        .bind(opt_iso(draft.deadline))
        .bind(i64::from(draft.public))
        .bind(before.id)
        .execute(self.conn())
        .await?;
        let after = Recommendation {
            content: draft.content.clone(),
            responsible_body_id: draft.responsible_body_id,
            deadline: draft.deadline,
            public: draft.public,
            ..before.clone()
        };
        let (b, a) = (to_json(before)?, to_json(&after)?);
        self.log(Entity::Recommendation, before.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }

    pub async fn insert_recommendation(
        &mut self,
        new: &NewRecommendation,
    ) -> Result<Recommendation> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO recommendations (oversight_id, content, responsible_body_id, deadline, status, public) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.oversight_id)
        .bind(&new.content)
        .bind(new.responsible_body_id)
        .bind(opt_iso(new.deadline))
        .bind(new.status.as_str())
        .bind(i64::from(new.public))
        .fetch_one(self.conn())
        .await?;
        let r = Recommendation {
            id,
            oversight_id: new.oversight_id,
            content: new.content.clone(),
            responsible_body_id: new.responsible_body_id,
            deadline: new.deadline,
            status: new.status,
            responses: vec![],
            public: new.public,
        };
        self.log_create(Entity::Recommendation, id, &r).await?;
        Ok(r)
    }

    /// Record a response; the status follows the domain's rule (a closing response makes it done).
    pub async fn add_response(
        &mut self,
        rec: &Recommendation,
        response: &Response,
    ) -> Result<Recommendation> {
        sqlx::query(
            "INSERT INTO recommendation_responses (recommendation_id, responded_on, from_body_id, text, closes) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(rec.id)
        .bind(iso(response.on))
        .bind(response.from_body_id)
        .bind(&response.text)
        .bind(i64::from(response.closes))
        .execute(self.conn())
        .await?;
        let status = status_after(rec.status, response);
        sqlx::query("UPDATE recommendations SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(rec.id)
            .execute(self.conn())
            .await?;
        let mut after = rec.clone();
        after.status = status;
        after.responses.push(response.clone());
        let (b, a) = (to_json(rec)?, to_json(&after)?);
        self.log(Entity::Recommendation, rec.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }
}
