//! Meetings and their attendance lists.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::meeting::{Attendee, Meeting, MeetingKind};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode;
use crate::{Result, Store, WriteTx};

/// The fields of a new meeting.
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
}

fn meeting_from_row(row: &AnyRow, attendees: Vec<Attendee>) -> Result<Meeting> {
    Ok(Meeting {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        kind: decode::code("meetings", "kind", row, MeetingKind::parse)?,
        title: row.try_get("title")?,
        starts_at: domain::time::from_unix(row.try_get("starts_at")?),
        ends_at: row
            .try_get::<Option<i64>, _>("ends_at")?
            .map(domain::time::from_unix),
        venue: row.try_get("venue")?,
        programme_id: row.try_get("programme_id")?,
        attendees,
    })
}

impl Store {
    /// A unit's meetings, newest first, with their attendees, in two queries.
    pub async fn meetings(&self, unit_id: i64) -> Result<Vec<Meeting>> {
        let rows = sqlx::query(
            "SELECT id, unit_id, kind, title, starts_at, ends_at, venue, programme_id \
             FROM meetings WHERE unit_id = $1 ORDER BY starts_at DESC",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let attendees = sqlx::query(
            "SELECT a.meeting_id, a.person_id, a.name, a.capacity FROM meeting_attendees a \
             JOIN meetings m ON m.id = a.meeting_id WHERE m.unit_id = $1 \
             ORDER BY a.meeting_id, a.position",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let mut by_meeting: HashMap<i64, Vec<Attendee>> = HashMap::new();
        for row in &attendees {
            by_meeting
                .entry(row.try_get("meeting_id")?)
                .or_default()
                .push(Attendee {
                    person_id: row.try_get("person_id")?,
                    name: row.try_get("name")?,
                    capacity: row.try_get("capacity")?,
                });
        }
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                meeting_from_row(row, by_meeting.remove(&id).unwrap_or_default())
            })
            .collect()
    }
}

impl WriteTx {
    pub async fn insert_meeting(&mut self, new: &NewMeeting) -> Result<Meeting> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (unit_id, kind, title, starts_at, ends_at, venue, programme_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.unit_id)
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(new.starts_at.timestamp())
        .bind(new.ends_at.map(|t| t.timestamp()))
        .bind(&new.venue)
        .bind(new.programme_id)
        .fetch_one(self.conn())
        .await?;
        for (position, a) in new.attendees.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_attendees (meeting_id, position, person_id, name, capacity) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(a.person_id)
            .bind(&a.name)
            .bind(&a.capacity)
            .execute(self.conn())
            .await?;
        }
        let meeting = Meeting {
            id,
            unit_id: new.unit_id,
            kind: new.kind,
            title: new.title.clone(),
            starts_at: new.starts_at,
            ends_at: new.ends_at,
            venue: new.venue.clone(),
            programme_id: new.programme_id,
            attendees: new.attendees.clone(),
        };
        self.log_create("meeting", id, &meeting).await?;
        Ok(meeting)
    }
}
