//! Meetings as one aggregate: time, place and kind, attendance, agenda, minutes, documents and
//! whether the portal shows it, read in four queries whatever the number of meetings.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::entity::Entity;
use domain::meeting::{Attendee, Meeting, MeetingKind};
use domain::oversight::DocumentRef;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::changelog::to_json;
use crate::decode;
use crate::{Result, Store, WriteTx};

/// The fields of a new meeting, or of a meeting's new state.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub unit_id: i64,
    pub kind: MeetingKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: String,
    pub programme_id: Option<i64>,
    pub attendees: Vec<Attendee>,
    pub chair: Option<Attendee>,
    pub secretary: Option<Attendee>,
    pub agenda: Vec<String>,
    pub minutes: Option<String>,
    pub minutes_published: bool,
    pub documents: Vec<DocumentRef>,
    pub public: bool,
}

impl NewMeeting {
    /// A checked draft of a meeting, for a unit.
    pub fn of(unit_id: i64, d: domain::meeting::MeetingDraft) -> Self {
        Self {
            unit_id,
            kind: d.kind,
            title: d.title,
            starts_at: d.starts_at,
            ends_at: d.ends_at,
            venue: d.venue,
            programme_id: d.programme_id,
            attendees: d.attendees,
            chair: d.chair,
            secretary: d.secretary,
            agenda: d.agenda,
            minutes: d.minutes,
            minutes_published: d.minutes_published,
            documents: d.documents,
            public: d.public,
        }
    }
}

impl From<Meeting> for NewMeeting {
    /// A recorded meeting as the fields that change it, to change one part and keep the rest.
    fn from(m: Meeting) -> Self {
        Self {
            unit_id: m.unit_id,
            kind: m.kind,
            title: m.title,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            venue: m.venue,
            programme_id: m.programme_id,
            attendees: m.attendees,
            chair: m.chair,
            secretary: m.secretary,
            agenda: m.agenda,
            minutes: m.minutes,
            minutes_published: m.minutes_published,
            documents: m.documents,
            public: m.public,
        }
    }
}

impl NewMeeting {
    fn into_meeting(self, id: i64) -> Meeting {
        Meeting {
            id,
            unit_id: self.unit_id,
            kind: self.kind,
            title: self.title,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            venue: self.venue,
            programme_id: self.programme_id,
            attendees: self.attendees,
            chair: self.chair,
            secretary: self.secretary,
            agenda: self.agenda,
            minutes: self.minutes,
            minutes_published: self.minutes_published,
            documents: self.documents,
            public: self.public,
        }
    }
}

const COLUMNS: &str = "m.id, m.unit_id, m.kind, m.title, m.starts_at, m.ends_at, m.venue, \
                       m.programme_id, m.minutes, m.minutes_published, m.public";

/// The parts of meetings kept in their own tables, by meeting.
#[derive(Default)]
struct Parts {
    attendees: HashMap<i64, Vec<Attendee>>,
    chairs: HashMap<i64, Attendee>,
    secretaries: HashMap<i64, Attendee>,
    agenda: HashMap<i64, Vec<String>>,
    documents: HashMap<i64, Vec<DocumentRef>>,
}

fn meeting_from_row(row: &AnyRow, parts: &mut Parts) -> Result<Meeting> {
    let id: i64 = row.try_get("id")?;
    Ok(Meeting {
        id,
        unit_id: row.try_get("unit_id")?,
        kind: decode::code("meetings", "kind", row, MeetingKind::parse)?,
        title: row.try_get("title")?,
        starts_at: domain::time::from_unix(row.try_get("starts_at")?),
        ends_at: row
            .try_get::<Option<i64>, _>("ends_at")?
            .map(domain::time::from_unix),
        venue: row.try_get("venue")?,
        programme_id: row.try_get("programme_id")?,
        attendees: parts.attendees.remove(&id).unwrap_or_default(),
        chair: parts.chairs.remove(&id),
        secretary: parts.secretaries.remove(&id),
        agenda: parts.agenda.remove(&id).unwrap_or_default(),
        minutes: row.try_get("minutes")?,
        minutes_published: decode::flag(row, "minutes_published")?,
        documents: parts.documents.remove(&id).unwrap_or_default(),
        public: decode::flag(row, "public")?,
    })
}

/// Which meetings a read takes: a unit's, or one by id.
#[derive(Clone, Copy)]
enum Which {
    Unit(i64),
    One(i64),
}

impl Which {
    /// The condition on `m` and the value it binds.
    fn condition(self) -> (&'static str, i64) {
        match self {
            Self::Unit(unit_id) => ("m.unit_id = $1", unit_id),
            Self::One(id) => ("m.id = $1", id),
        }
    }
}

impl Store {
    /// A unit's meetings, newest first, each whole.
    pub async fn meetings(&self, unit_id: i64) -> Result<Vec<Meeting>> {
        self.load_meetings(Which::Unit(unit_id)).await
    }

    /// One meeting of a unit by id, whole.
    pub async fn meeting(&self, unit_id: i64, id: i64) -> Result<Option<Meeting>> {
        Ok(self
            .load_meetings(Which::One(id))
            .await?
            .pop()
            .filter(|m| m.unit_id == unit_id))
    }

    async fn load_meetings(&self, which: Which) -> Result<Vec<Meeting>> {
        let (condition, value) = which.condition();
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM meetings m WHERE {condition} ORDER BY m.starts_at DESC, m.id DESC"
        ))
        .bind(value)
        .fetch_all(self.db_read())
        .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut parts = Parts::default();
        for row in sqlx::query(&format!(
            "SELECT a.meeting_id, a.person_id, a.name, a.capacity, a.role FROM meeting_attendees a \
             JOIN meetings m ON m.id = a.meeting_id WHERE {condition} ORDER BY a.meeting_id, a.position"
        ))
        .bind(value)
        .fetch_all(self.db_read())
        .await?
        {
            let meeting_id: i64 = row.try_get("meeting_id")?;
            let attendee = Attendee {
                person_id: row.try_get("person_id")?,
                name: row.try_get("name")?,
                capacity: row.try_get("capacity")?,
            };
            match row.try_get::<String, _>("role")?.as_str() {
                "chair" => {
                    parts.chairs.insert(meeting_id, attendee);
                }
                "secretary" => {
                    parts.secretaries.insert(meeting_id, attendee);
                }
                _ => parts
                    .attendees
                    .entry(meeting_id)
                    .or_default()
                    .push(attendee),
            }
        }
        for row in sqlx::query(&format!(
            "SELECT a.meeting_id, a.text FROM meeting_agenda a \
             JOIN meetings m ON m.id = a.meeting_id WHERE {condition} ORDER BY a.meeting_id, a.position"
        ))
        .bind(value)
        .fetch_all(self.db_read())
        .await?
        {
            parts
                .agenda
                .entry(row.try_get("meeting_id")?)
                .or_default()
                .push(row.try_get("text")?);
        }
        for row in sqlx::query(&format!(
            "SELECT d.meeting_id, d.title, d.url FROM meeting_documents d \
             JOIN meetings m ON m.id = d.meeting_id WHERE {condition} ORDER BY d.meeting_id, d.position"
        ))
        .bind(value)
        .fetch_all(self.db_read())
        .await?
        {
            parts
                .documents
                .entry(row.try_get("meeting_id")?)
                .or_default()
                .push(DocumentRef {
                    title: row.try_get("title")?,
                    url: row.try_get("url")?,
                });
        }
        rows.iter()
            .map(|row| meeting_from_row(row, &mut parts))
            .collect()
    }
}

impl WriteTx {
    pub async fn insert_meeting(&mut self, new: &NewMeeting) -> Result<Meeting> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (unit_id, kind, title, starts_at, ends_at, venue, programme_id, \
                                   minutes, minutes_published, public) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(new.unit_id)
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(new.starts_at.timestamp())
        .bind(new.ends_at.map(|t| t.timestamp()))
        .bind(&new.venue)
        .bind(new.programme_id)
        .bind(&new.minutes)
        .bind(i64::from(new.minutes_published))
        .bind(i64::from(new.public))
        .fetch_one(self.conn())
        .await?;
        self.write_meeting_parts(id, new).await?;
        let meeting = new.clone().into_meeting(id);
        self.log_create(Entity::Meeting, id, &meeting).await?;
        Ok(meeting)
    }

    /// Change every part of a meeting at once; the log keeps the whole before and after.
    pub async fn update_meeting(&mut self, before: &Meeting, new: &NewMeeting) -> Result<Meeting> {
        sqlx::query(
            "UPDATE meetings SET kind = $1, title = $2, starts_at = $3, ends_at = $4, venue = $5, \
             programme_id = $6, minutes = $7, minutes_published = $8, public = $9 WHERE id = $10",
        )
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(new.starts_at.timestamp())
        .bind(new.ends_at.map(|t| t.timestamp()))
        .bind(&new.venue)
        .bind(new.programme_id)
        .bind(&new.minutes)
        .bind(i64::from(new.minutes_published))
        .bind(i64::from(new.public))
        .bind(before.id)
        .execute(self.conn())
        .await?;
        for table in ["meeting_attendees", "meeting_agenda", "meeting_documents"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE meeting_id = $1"))
                .bind(before.id)
                .execute(self.conn())
                .await?;
        }
        self.write_meeting_parts(before.id, new).await?;
        let after = NewMeeting {
            unit_id: before.unit_id,
            ..new.clone()
        }
        .into_meeting(before.id);
        let (b, a) = (to_json(before)?, to_json(&after)?);
        self.log(Entity::Meeting, before.id, Some(&b), Some(&a))
            .await?;
        Ok(after)
    }

    async fn write_meeting_parts(&mut self, id: i64, new: &NewMeeting) -> Result<()> {
        // The chair and the secretary follow the attendance, each under its role.
        let people = new
            .attendees
            .iter()
            .map(|a| ("attendee", a))
            .chain(new.chair.iter().map(|a| ("chair", a)))
            .chain(new.secretary.iter().map(|a| ("secretary", a)));
        for (position, (role, a)) in people.enumerate() {
            sqlx::query(
                "INSERT INTO meeting_attendees (meeting_id, position, person_id, name, capacity, role) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(a.person_id)
            .bind(&a.name)
            .bind(&a.capacity)
            .bind(role)
            .execute(self.conn())
            .await?;
        }
        for (position, text) in new.agenda.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_agenda (meeting_id, position, text) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(text)
            .execute(self.conn())
            .await?;
        }
        for (position, d) in new.documents.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_documents (meeting_id, position, title, url) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(&d.title)
            .bind(&d.url)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::fresh_stores;

    #[tokio::test]
    async fn one_meeting_reads_back_whole_as_the_list_shows_it_on_every_engine() {
        for store in fresh_stores().await {
            crate::demo::load(&store).await.unwrap();
            let unit = store.default_unit().await.unwrap();
            let meetings = store.meetings(unit.id).await.unwrap();
            let conference = meetings
                .iter()
                .find(|m| !m.agenda.is_empty())
                .expect("the demo's conference has an agenda");
            assert!(conference.public && conference.minutes_published);
            assert!(!conference.documents.is_empty() && !conference.attendees.is_empty());
            let one = store
                .meeting(unit.id, conference.id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(&one, conference);
            assert!(store.meeting(unit.id, -1).await.unwrap().is_none());
            assert!(store
                .meeting(unit.id + 1, conference.id)
                .await
                .unwrap()
                .is_none());
        }
    }

    #[tokio::test]
    async fn a_meeting_changed_whole_is_logged_once_with_every_part() {
        for store in fresh_stores().await {
            crate::demo::load(&store).await.unwrap();
            let unit = store.default_unit().await.unwrap();
            let before = store.meetings(unit.id).await.unwrap().remove(0);
            let head = store.log_head().await.unwrap();
            let mut tx = store.begin("test").await.unwrap();
            let after = tx
                .update_meeting(
                    &before,
                    &crate::NewMeeting {
                        unit_id: unit.id,
                        kind: before.kind,
                        title: before.title.clone(),
                        starts_at: before.starts_at,
                        ends_at: before.ends_at,
                        venue: "Hội trường mới".into(),
                        programme_id: before.programme_id,
                        attendees: before.attendees.clone(),
                        chair: None,
                        secretary: None,
                        agenda: vec!["Một mục duy nhất".into()],
                        minutes: None,
                        minutes_published: false,
                        documents: vec![],
                        public: false,
                    },
                )
                .await
                .unwrap();
            tx.commit().await.unwrap();
            assert_eq!(store.log_head().await.unwrap(), head + 1);
            assert_eq!(
                store
                    .meeting(before.unit_id, before.id)
                    .await
                    .unwrap()
                    .unwrap(),
                after
            );
            assert_eq!(after.agenda, vec!["Một mục duy nhất".to_string()]);
            assert!(!after.public && after.documents.is_empty());
        }
    }
}
