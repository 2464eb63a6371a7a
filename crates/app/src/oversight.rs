//! Oversight and its follow-up: the activities and recommendations a person may read, recording
//! and changing them for the conducting body, and the responses of the body a recommendation is
//! addressed to. Status follows the responses; overdue comes from the deadline and the day.

use domain::access::{Action, Record};
use domain::entity::Entity;
use domain::oversight::{Oversight, OversightDraft, Recommendation, RecommendationDraft, Response};
use store::oversight::{ItemChoice, NewOversight, NewRecommendation};
use store::reminders::Digest;

use crate::{App, AppError, Result, Viewer};

pub(crate) fn edit(v: &Viewer, conducting_body_id: i64) -> Action {
    Action::EditOversight {
        unit_id: v.unit_id(),
        conducting_body_id,
    }
}

/// What decides who reads an oversight activity.
pub(crate) fn activity_record(o: &Oversight) -> Record {
    Record::Oversight { public: o.public }
}

fn recommendation_record(r: &Recommendation) -> Record {
    Record::Recommendation { public: r.public }
}

impl App {
    /// The unit's oversight activities this person may read, newest first.
    pub async fn oversights(&self, v: &Viewer) -> Result<Vec<Oversight>> {
        Ok(self
            .store
            .oversights(v.unit_id())
            .await?
            .into_iter()
            .filter(|o| v.may_read(activity_record(o)))
            .collect())
    }

    /// One activity, as this person may read it.
    pub async fn oversight(&self, v: &Viewer, id: i64) -> Result<Oversight> {
        let o = self
            .store
            .oversight(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(o.unit_id, activity_record(&o), o)
    }

    /// Whether this person may read an activity: a public recommendation of a private activity
    /// is shown without naming it.
    pub fn may_read_oversight(&self, v: &Viewer, o: &Oversight) -> bool {
        o.unit_id == v.unit_id() && v.may_read(activity_record(o))
    }

    /// The unit's recommendations this person may read.
    pub async fn recommendations(&self, v: &Viewer) -> Result<Vec<Recommendation>> {
        Ok(self
            .store
            .recommendations(v.unit_id())
            .await?
            .into_iter()
            .filter(|r| v.may_read(recommendation_record(r)))
            .collect())
    }

    /// One recommendation with its activity, both as this person may read them (the activity
    /// whatever its visibility: the caller names it only where [`App::may_read_oversight`]).
    pub async fn recommendation(&self, v: &Viewer, id: i64) -> Result<(Recommendation, Oversight)> {
        let r = self
            .store
            .recommendation(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let r = v.read(v.unit_id(), recommendation_record(&r), r)?;
        let o = self
            .store
            .oversight(v.unit_id(), r.oversight_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((r, o))
    }

    /// The programme items an activity may serve, newest programme first: for staff.
    pub async fn item_choices(&self, v: &Viewer) -> Result<Vec<ItemChoice>> {
        v.staff()?;
        Ok(self.store.item_choices(v.unit_id()).await?)
    }

    /// The newest reminder digests of the unit's bodies: for staff.
    pub async fn digests(&self, v: &Viewer, limit: i64) -> Result<Vec<Digest>> {
        v.staff()?;
        Ok(self.store.digests(v.unit_id(), limit).await?)
    }

    /// Whether this person may record oversight for at least one body: a reader gets "not
    /// allowed" before a form is read, not a list of what is wrong with it.
    pub async fn require_some_conducting_body(&self, v: &Viewer) -> Result<()> {
        let bodies = self.store.bodies(v.unit_id()).await?;
        v.require_any(bodies.iter().map(|b| edit(v, b.id)))?;
        Ok(())
    }

    /// The bodies and items an activity names must be the unit's own.
    async fn check_oversight_refs(&self, v: &Viewer, d: &OversightDraft) -> Result<()> {
        self.check_owned(v, "conducted_by", Entity::Body, &[d.conducted_by])
            .await?;
        self.check_owned(v, "subject_body_ids", Entity::Body, &d.subject_body_ids)
            .await?;
        self.check_owned(v, "item_ids", Entity::ProgrammeItem, &d.item_ids)
            .await
    }

    /// Record an activity for the body that conducts it.
    pub async fn create_oversight(&self, v: &Viewer, d: &OversightDraft) -> Result<Oversight> {
        let actor = v.require(&edit(v, d.conducted_by))?;
        self.check_oversight_refs(v, d).await?;
        let mut tx = self.begin(actor, v).await?;
        let o = tx
            .insert_oversight(&NewOversight::from_draft(v.unit_id(), d))
            .await?;
        self.commit(tx, v).await?;
        Ok(o)
    }

    /// Change an activity; handing it to another body is a change for that body too.
    pub async fn update_oversight(
        &self,
        v: &Viewer,
        id: i64,
        d: &OversightDraft,
    ) -> Result<Oversight> {
        let o = self.oversight(v, id).await?;
        let actor = v.require(&edit(v, o.conducted_by))?;
        v.require(&edit(v, d.conducted_by))?;
        self.check_oversight_refs(v, d).await?;
        let mut tx = self.begin(actor, v).await?;
        let after = tx
            .update_oversight(&o, &NewOversight::from_draft(v.unit_id(), d))
            .await?;
        self.commit(tx, v).await?;
        Ok(after)
    }

    async fn check_responsible(&self, v: &Viewer, d: &RecommendationDraft) -> Result<()> {
        self.check_owned(
            v,
            "responsible_body_id",
            Entity::Body,
            &[d.responsible_body_id],
        )
        .await
    }

    /// Add a recommendation to an activity, for its conducting body.
    pub async fn add_recommendation(
        &self,
        v: &Viewer,
        oversight_id: i64,
        d: &RecommendationDraft,
    ) -> Result<Recommendation> {
        let o = self.oversight(v, oversight_id).await?;
        let actor = v.require(&edit(v, o.conducted_by))?;
        self.check_responsible(v, d).await?;
        let mut tx = self.begin(actor, v).await?;
        let r = tx
            .insert_recommendation(&NewRecommendation::from_draft(o.id, d))
            .await?;
        self.commit(tx, v).await?;
        Ok(r)
    }

    /// Change what a recommendation asks, of whom, by when; its status follows the responses.
    pub async fn update_recommendation(
        &self,
        v: &Viewer,
        id: i64,
        d: &RecommendationDraft,
    ) -> Result<Recommendation> {
        let (r, o) = self.recommendation(v, id).await?;
        let actor = v.require(&edit(v, o.conducted_by))?;
        self.check_responsible(v, d).await?;
        let mut tx = self.begin(actor, v).await?;
        let after = tx.update_recommendation(&r, d).await?;
        self.commit(tx, v).await?;
        Ok(after)
    }

    /// Record a response of the body a recommendation is addressed to.
    pub async fn respond(
        &self,
        v: &Viewer,
        id: i64,
        response: &Response,
    ) -> Result<Recommendation> {
        let (r, _) = self.recommendation(v, id).await?;
        let actor = v.require(&Action::RespondRecommendation {
            unit_id: v.unit_id(),
            responsible_body_id: r.responsible_body_id,
        })?;
        // A response comes from the body the recommendation is addressed to, whoever types it.
        if response
            .from_body_id
            .is_some_and(|from| from != r.responsible_body_id)
        {
            return Err(AppError::field(
                "from_body_id",
                "Chỉ cơ quan được kiến nghị mới trả lời kiến nghị này",
            ));
        }
        let mut tx = self.begin(actor, v).await?;
        let after = tx.add_response(&r, response).await?;
        self.commit(tx, v).await?;
        Ok(after)
    }
}
