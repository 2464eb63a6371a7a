//! Meetings: those a person may read, and preparing or changing one with its agenda, attendance,
//! minutes (a draft until published) and documents.

use domain::access::{Action, Record};
use domain::entity::Entity;
use domain::meeting::{Attendee, Meeting, MeetingDraft};
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

/// One holder of a post, as a meeting's attendance offers them.
pub struct RosterEntry {
    pub person_id: i64,
    pub name: String,
    /// "Chủ tịch UBND phường": the post and its body, as the minutes write it.
    pub capacity: String,
}

impl RosterEntry {
    pub fn label(&self) -> String {
        format!("{} – {}", self.name, self.capacity)
    }

    fn attendee(&self) -> Attendee {
        Attendee {
            person_id: Some(self.person_id),
            name: self.name.clone(),
            capacity: Some(self.capacity.clone()),
        }
    }
}

/// The people a meeting's attendance is chosen among, the same for the form and the API: by
/// body, those who held its posts on the meeting's day; and every person of the unit, for a
/// secretary who holds no post.
pub struct Roster {
    pub bodies: Vec<(String, Vec<RosterEntry>)>,
    pub people: Vec<(i64, String)>,
}

impl Roster {
    /// The person an id chosen names, as the minutes write them: a holder with their post, else
    /// a person of the unit. An id the unit does not know is kept as it came, for the use case
    /// to refuse.
    pub fn attendee(&self, id: i64) -> Attendee {
        if let Some(h) = self
            .bodies
            .iter()
            .flat_map(|(_, hs)| hs)
            .find(|h| h.person_id == id)
        {
            return h.attendee();
        }
        Attendee {
            person_id: Some(id),
            name: self
                .people
                .iter()
                .find(|p| p.0 == id)
                .map(|p| p.1.clone())
                .unwrap_or_default(),
            capacity: None,
        }
    }

    /// Whether the person holds a post of the unit on the roster's day.
    pub fn holds(&self, id: i64) -> bool {
        self.bodies
            .iter()
            .flat_map(|(_, hs)| hs)
            .any(|h| h.person_id == id)
    }
}

/// The day whose post holders a meeting's attendance is chosen among: the meeting's, or today
/// for a new one.
pub fn roster_day(v: &Viewer, meeting: Option<&Meeting>) -> chrono::NaiveDate {
    meeting.map_or_else(|| v.today(), |m| domain::time::day_in_vietnam(m.starts_at))
}

impl App {
    /// Who a meeting of the unit on `day` chooses its attendance among.
    pub async fn roster(&self, v: &Viewer, day: chrono::NaiveDate) -> Result<Roster> {
        let held = self.bodies_with_holders(v, day).await?;
        let (people, _) = self.people_and_posts(v).await?;
        Ok(Roster {
            bodies: held
                .into_iter()
                .filter(|b| !b.holders.is_empty())
                .map(|b| {
                    let short = b.body.short_name.clone();
                    let entries = b
                        .holders
                        .into_iter()
                        .map(|h| RosterEntry {
                            person_id: h.person_id,
                            name: h.full_name,
                            capacity: format!("{} {short}", h.post),
                        })
                        .collect();
                    (b.body.name, entries)
                })
                .collect(),
            people: people.into_iter().map(|p| (p.id, p.full_name)).collect(),
        })
    }

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
