//! Meetings: those a person may read, and preparing or changing one with its agenda, attendance,
//! minutes (a draft until published) and documents.

use domain::access::{Action, Record};
use domain::entity::Entity;
use domain::meeting::{Meeting, MeetingDraft};
use store::NewMeeting;

use crate::{App, AppError, Result, Viewer};

/// What decides who reads a meeting.
pub fn meeting_record(m: &Meeting) -> Record {
    Record::Meeting { public: m.public }
}

/// What decides who reads a meeting's minutes.
pub fn minutes_record(m: &Meeting) -> Record {
    Record::Minutes {
        meeting_public: m.public,
        published: m.minutes_published,
    }
}

impl App {
    /// The unit's meetings this person may read, newest first.
    pub async fn meetings(&self, v: &Viewer) -> Result<Vec<Meeting>> {
        Ok(self
            .store
            .meetings(v.unit_id())
            .await?
            .into_iter()
            .filter(|m| v.may_read(meeting_record(m)))
            .collect())
    }

    /// One meeting, as this person may read it; its minutes only when they may read them too.
    pub async fn meeting(&self, v: &Viewer, id: i64) -> Result<Meeting> {
        let mut m = self
            .store
            .meeting(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !v.may_read(minutes_record(&m)) {
            m.minutes = None;
        }
        v.read(m.unit_id, meeting_record(&m), m)
    }

    /// The programme and the people a meeting names must be the unit's own.
    async fn check_meeting_refs(&self, v: &Viewer, new: &NewMeeting) -> Result<()> {
        let programme: Vec<i64> = new.programme_id.into_iter().collect();
        self.check_owned(v, "programme_id", Entity::Programme, &programme)
            .await?;
        let people: Vec<i64> = new.attendees.iter().filter_map(|a| a.person_id).collect();
        self.check_owned(v, "attendee_ids", Entity::Person, &people)
            .await?;
        for (field, who) in [("chair_id", &new.chair), ("secretary_id", &new.secretary)] {
            let id: Vec<i64> = who.iter().filter_map(|a| a.person_id).collect();
            self.check_owned(v, field, Entity::Person, &id).await?;
        }
        Ok(())
    }

    /// Prepare a meeting of the unit.
    pub async fn create_meeting(&self, v: &Viewer, draft: MeetingDraft) -> Result<Meeting> {
        let actor = v.require(&Action::EditMeeting {
            unit_id: v.unit_id(),
        })?;
        let new = NewMeeting::of(v.unit_id(), draft);
        self.check_meeting_refs(v, &new).await?;
        let mut tx = self.begin(actor, v).await?;
        let m = tx.insert_meeting(&new).await?;
        self.commit(tx, v).await?;
        Ok(m)
    }

    /// Change every part of a meeting at once.
    pub async fn update_meeting(
        &self,
        v: &Viewer,
        id: i64,
        draft: MeetingDraft,
    ) -> Result<Meeting> {
        let actor = v.require(&Action::EditMeeting {
            unit_id: v.unit_id(),
        })?;
        let before = self
            .store
            .meeting(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(before.unit_id, Record::Workspace, ())?;
        let new = NewMeeting::of(v.unit_id(), draft);
        self.check_meeting_refs(v, &new).await?;
        let mut tx = self.begin(actor, v).await?;
        let after = tx.update_meeting(&before, &new).await?;
        self.commit(tx, v).await?;
        Ok(after)
    }

    /// A meeting as staff edit it: whole, minutes included, whatever its visibility.
    pub async fn meeting_for_editing(&self, v: &Viewer, id: i64) -> Result<Meeting> {
        v.staff()?;
        let m = self
            .store
            .meeting(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(m.unit_id, Record::Workspace, m)
    }
}
