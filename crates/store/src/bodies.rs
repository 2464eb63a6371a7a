//! Bodies of a unit, people, terms, posts and memberships: who holds which post.

use domain::entity::Entity;
use std::collections::HashMap;

use chrono::NaiveDate;
use domain::body::{Body, BodyKind};
use domain::people::{Membership, Person, Post, Term};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode::{self, iso, opt_iso};
use crate::{Result, Store, WriteTx};

/// One person in one post, as the page of bodies lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holder {
    pub membership_id: i64,
    pub person_id: i64,
    pub full_name: String,
    pub post: String,
    pub term: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// A body and the people who held its posts on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyWithHolders {
    pub body: Body,
    pub holders: Vec<Holder>,
}

/// The fields of a new membership.
#[derive(Debug, Clone)]
pub struct NewMembership {
    pub person_id: i64,
    pub post_id: i64,
    pub term_id: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

fn body_from_row(row: &AnyRow) -> Result<Body> {
    Ok(Body {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        kind: decode::code("bodies", "kind", row, BodyKind::parse)?,
        name: row.try_get("name")?,
        short_name: row.try_get("short_name")?,
        parent_body_id: row.try_get("parent_body_id")?,
        position: row.try_get("position")?,
    })
}

const BODY_COLUMNS: &str = "id, unit_id, kind, name, short_name, parent_body_id, position";

impl Store {
    /// The bodies of a unit in the order documents list them.
    pub async fn bodies(&self, unit_id: i64) -> Result<Vec<Body>> {
        sqlx::query(&format!(
            "SELECT {BODY_COLUMNS} FROM bodies WHERE unit_id = $1 ORDER BY position, id"
        ))
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(body_from_row)
        .collect()
    }

    /// One body of a unit by id.
    pub async fn body(&self, unit_id: i64, id: i64) -> Result<Option<Body>> {
        sqlx::query(&format!(
            "SELECT {BODY_COLUMNS} FROM bodies WHERE id = $1 AND unit_id = $2"
        ))
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?
        .as_ref()
        .map(body_from_row)
        .transpose()
    }

    /// Every body of the unit with the people holding its posts on `on`, in two queries.
    pub async fn bodies_with_holders(
        &self,
        unit_id: i64,
        on: NaiveDate,
    ) -> Result<Vec<BodyWithHolders>> {
        let mut bodies: Vec<BodyWithHolders> = self
            .bodies(unit_id)
            .await?
            .into_iter()
            .map(|body| BodyWithHolders {
                body,
                holders: Vec::new(),
            })
            .collect();
        let day = iso(on);
        let rows = sqlx::query(
            "SELECT m.id AS membership_id, p.body_id, pe.id AS person_id, pe.full_name, p.title, t.name AS term_name, \
                    m.starts_on, m.ends_on \
             FROM memberships m \
             JOIN posts p ON p.id = m.post_id \
             JOIN bodies b ON b.id = p.body_id \
             JOIN people pe ON pe.id = m.person_id AND pe.withdrawn_at IS NULL \
             LEFT JOIN terms t ON t.id = m.term_id \
             WHERE b.unit_id = $1 AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on >= $2) \
             ORDER BY p.position, p.id, m.starts_on",
        )
        .bind(unit_id)
        .bind(&day)
        .fetch_all(self.db_read())
        .await?;
        for row in &rows {
            let body_id: i64 = row.try_get("body_id")?;
            let holder = Holder {
                membership_id: row.try_get("membership_id")?,
                person_id: row.try_get("person_id")?,
                full_name: row.try_get("full_name")?,
                post: row.try_get("title")?,
                term: row.try_get("term_name")?,
                starts_on: decode::date("memberships", "starts_on", row)?,
                ends_on: decode::opt_date("memberships", "ends_on", row)?,
            };
            if let Some(b) = bodies.iter_mut().find(|b| b.body.id == body_id) {
                b.holders.push(holder);
            }
        }
        Ok(bodies)
    }
}

impl WriteTx {
    pub async fn insert_body(
        &mut self,
        unit_id: i64,
        kind: BodyKind,
        name: &str,
        short_name: &str,
        parent_body_id: Option<i64>,
        position: i64,
    ) -> Result<Body> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO bodies (unit_id, kind, name, short_name, parent_body_id, position) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(unit_id)
        .bind(kind.as_str())
        .bind(name)
        .bind(short_name)
        .bind(parent_body_id)
        .bind(position)
        .fetch_one(self.conn())
        .await?;
        let body = Body {
            id,
            unit_id,
            kind,
            name: name.to_string(),
            short_name: short_name.to_string(),
            parent_body_id,
            position,
        };
        self.log_create(Entity::Body, id, &body).await?;
        Ok(body)
    }

    pub async fn insert_person(&mut self, unit_id: i64, full_name: &str) -> Result<Person> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (unit_id, full_name) VALUES ($1, $2) RETURNING id",
        )
        .bind(unit_id)
        .bind(full_name)
        .fetch_one(self.conn())
        .await?;
        let person = Person {
            id,
            unit_id: Some(unit_id),
            full_name: full_name.to_string(),
        };
        self.log_create(Entity::Person, id, &person).await?;
        Ok(person)
    }

    pub async fn insert_term(
        &mut self,
        body_id: i64,
        name: &str,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
    ) -> Result<Term> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO terms (body_id, name, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(body_id)
        .bind(name)
        .bind(iso(starts_on))
        .bind(opt_iso(ends_on))
        .fetch_one(self.conn())
        .await?;
        let term = Term {
            id,
            body_id,
            name: name.to_string(),
            starts_on,
            ends_on,
        };
        self.log_create(Entity::Term, id, &term).await?;
        Ok(term)
    }

    pub async fn insert_post(&mut self, body_id: i64, title: &str, position: i64) -> Result<Post> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (body_id, title, position) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(body_id)
        .bind(title)
        .bind(position)
        .fetch_one(self.conn())
        .await?;
        let post = Post {
            id,
            body_id,
            title: title.to_string(),
            position,
        };
        self.log_create(Entity::Post, id, &post).await?;
        Ok(post)
    }

    pub async fn insert_membership(&mut self, new: &NewMembership) -> Result<Membership> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO memberships (person_id, post_id, term_id, starts_on, ends_on) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(new.person_id)
        .bind(new.post_id)
        .bind(new.term_id)
        .bind(iso(new.starts_on))
        .bind(opt_iso(new.ends_on))
        .fetch_one(self.conn())
        .await?;
        let m = Membership {
            id,
            person_id: new.person_id,
            post_id: new.post_id,
            term_id: new.term_id,
            starts_on: new.starts_on,
            ends_on: new.ends_on,
        };
        self.log_create(Entity::Membership, id, &m).await?;
        Ok(m)
    }
}

impl Store {
    /// The people of a unit: its own, and those who held a post in its bodies, by name.
    pub async fn people(&self, unit_id: i64) -> Result<Vec<Person>> {
        let rows = sqlx::query(
            "SELECT id, unit_id, full_name FROM people WHERE withdrawn_at IS NULL AND (unit_id = $1 OR id IN \
             (SELECT m.person_id FROM memberships m JOIN posts p ON p.id = m.post_id \
              JOIN bodies b ON b.id = p.body_id WHERE b.unit_id = $1)) ORDER BY full_name, id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?;
        let mut people: Vec<Person> = rows
            .iter()
            .map(|r| {
                Ok(Person {
                    id: r.try_get("id")?,
                    unit_id: r.try_get("unit_id")?,
                    full_name: r.try_get("full_name")?,
                })
            })
            .collect::<Result<_>>()?;
        // Vietnamese order: by given name is customary, but lists here sort the full name as written.
        people.sort_by(|a, b| vi::compare(&a.full_name, &b.full_name));
        Ok(people)
    }

    /// The terms of office of a unit's bodies, newest first within each body.
    pub async fn terms(&self, unit_id: i64) -> Result<Vec<Term>> {
        sqlx::query(
            "SELECT t.id, t.body_id, t.name, t.starts_on, t.ends_on FROM terms t \
             JOIN bodies b ON b.id = t.body_id WHERE b.unit_id = $1 \
             ORDER BY b.position, t.starts_on DESC, t.id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|r| {
            Ok(Term {
                id: r.try_get("id")?,
                body_id: r.try_get("body_id")?,
                name: r.try_get("name")?,
                starts_on: decode::date("terms", "starts_on", r)?,
                ends_on: decode::opt_date("terms", "ends_on", r)?,
            })
        })
        .collect()
    }

    /// The posts of a unit's bodies.
    pub async fn posts(&self, unit_id: i64) -> Result<Vec<Post>> {
        sqlx::query(
            "SELECT p.id, p.body_id, p.title, p.position FROM posts p JOIN bodies b ON b.id = p.body_id \
             WHERE b.unit_id = $1 ORDER BY b.position, p.position, p.id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|r| {
            Ok(Post {
                id: r.try_get("id")?,
                body_id: r.try_get("body_id")?,
                title: r.try_get("title")?,
                position: r.try_get("position")?,
            })
        })
        .collect()
    }
}

impl WriteTx {
    /// End, on `last_day`, every appointment and term of a unit's bodies still open then: what
    /// happens to a unit that ceases to exist. Returns how many were ended.
    pub async fn end_open_posts(&mut self, unit_id: i64, last_day: NaiveDate) -> Result<usize> {
        let open: Vec<i64> = sqlx::query_scalar(
            "SELECT m.id FROM memberships m JOIN posts p ON p.id = m.post_id \
             JOIN bodies b ON b.id = p.body_id WHERE b.unit_id = $1 AND m.ends_on IS NULL \
             AND m.starts_on <= $2 ORDER BY m.id",
        )
        .bind(unit_id)
        .bind(iso(last_day))
        .fetch_all(self.conn())
        .await?;
        for id in &open {
            self.end_membership(*id, last_day).await?;
        }
        let terms: Vec<i64> = sqlx::query_scalar(
            "SELECT t.id FROM terms t JOIN bodies b ON b.id = t.body_id \
             WHERE b.unit_id = $1 AND t.ends_on IS NULL ORDER BY t.id",
        )
        .bind(unit_id)
        .fetch_all(self.conn())
        .await?;
        for id in &terms {
            sqlx::query("UPDATE terms SET ends_on = $1 WHERE id = $2")
                .bind(iso(last_day))
                .bind(id)
                .execute(self.conn())
                .await?;
            let b = serde_json::json!({ "ends_on": null });
            let a = serde_json::json!({ "ends_on": iso(last_day) });
            self.log(Entity::Term, *id, Some(&b), Some(&a)).await?;
        }
        Ok(open.len())
    }

    /// End a membership on a day (the last day the post was held).
    pub async fn end_membership(&mut self, membership_id: i64, ends_on: NaiveDate) -> Result<()> {
        let before: Option<String> =
            sqlx::query_scalar("SELECT ends_on FROM memberships WHERE id = $1")
                .bind(membership_id)
                .fetch_optional(self.conn())
                .await?
                .ok_or(crate::StoreError::NotFound("nhiệm vụ"))?;
        sqlx::query("UPDATE memberships SET ends_on = $1 WHERE id = $2")
            .bind(iso(ends_on))
            .bind(membership_id)
            .execute(self.conn())
            .await?;
        let b = serde_json::json!({ "ends_on": before });
        let a = serde_json::json!({ "ends_on": iso(ends_on) });
        self.log(Entity::Membership, membership_id, Some(&b), Some(&a))
            .await?;
        Ok(())
    }
}

impl Store {
    /// The e-mail addresses of a unit's bodies that have one.
    pub async fn body_emails(&self, unit_id: i64) -> Result<HashMap<i64, String>> {
        let rows =
            sqlx::query("SELECT id, email FROM bodies WHERE unit_id = $1 AND email IS NOT NULL")
                .bind(unit_id)
                .fetch_all(self.db_read())
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("email")?)))
            .collect()
    }
}

impl WriteTx {
    pub async fn set_body_email(&mut self, body_id: i64, email: Option<&str>) -> Result<()> {
        let before: Option<String> = sqlx::query_scalar("SELECT email FROM bodies WHERE id = $1")
            .bind(body_id)
            .fetch_one(self.conn())
            .await?;
        sqlx::query("UPDATE bodies SET email = $1 WHERE id = $2")
            .bind(email)
            .bind(body_id)
            .execute(self.conn())
            .await?;
        let b = serde_json::json!({ "email": before });
        let a = serde_json::json!({ "email": email });
        self.log(Entity::Body, body_id, Some(&b), Some(&a)).await?;
        Ok(())
    }
}

/// One person in one post of one body, at any time: what the index says of people and bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub membership_id: i64,
    pub post_id: i64,
    pub person_id: i64,
    pub full_name: String,
    pub body_id: i64,
    /// The unit of the body.
    pub unit_id: i64,
    /// "Hội đồng nhân dân quận Cầu Giấy".
    pub body_name: String,
    /// "Chủ tịch".
    pub post: String,
    /// "Nhiệm kỳ 2016–2021".
    pub term: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

const HOLDING_SELECT: &str =
    "SELECT m.id AS membership_id, m.post_id, pe.id AS person_id, pe.full_name, b.id AS body_id, b.unit_id, \
            b.name AS body_name, p.title AS post, t.name AS term_name, m.starts_on, m.ends_on \
     FROM memberships m \
     JOIN posts p ON p.id = m.post_id \
     JOIN bodies b ON b.id = p.body_id \
     JOIN people pe ON pe.id = m.person_id AND pe.withdrawn_at IS NULL \
     LEFT JOIN terms t ON t.id = m.term_id";

const HOLDING_ORDER: &str = "ORDER BY pe.id, m.starts_on, b.position, p.position, m.id";

fn holding_from_row(row: &AnyRow) -> Result<Holding> {
    Ok(Holding {
        membership_id: row.try_get("membership_id")?,
        post_id: row.try_get("post_id")?,
        person_id: row.try_get("person_id")?,
        full_name: row.try_get("full_name")?,
        body_id: row.try_get("body_id")?,
        unit_id: row.try_get("unit_id")?,
        body_name: row.try_get("body_name")?,
        post: row.try_get("post")?,
        term: row.try_get("term_name")?,
        starts_on: decode::date("memberships", "starts_on", row)?,
        ends_on: decode::opt_date("memberships", "ends_on", row)?,
    })
}

impl Store {
    /// One person of a unit by id.
    pub async fn person(&self, unit_id: i64, id: i64) -> Result<Option<Person>> {
        sqlx::query("SELECT id, unit_id, full_name FROM people WHERE id = $1 AND unit_id = $2 AND withdrawn_at IS NULL")
            .bind(id)
            .bind(unit_id)
            .fetch_optional(self.db_read())
            .await?
            .map(|row| {
                Ok(Person {
                    id: row.try_get("id")?,
                    unit_id: row.try_get("unit_id")?,
                    full_name: row.try_get("full_name")?,
                })
            })
            .transpose()
    }

    /// Every post ever held in the bodies of a unit, by person then date.
    pub async fn holdings_of_unit(&self, unit_id: i64) -> Result<Vec<Holding>> {
        sqlx::query(&format!(
            "{HOLDING_SELECT} WHERE b.unit_id = $1 {HOLDING_ORDER}"
        ))
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(holding_from_row)
        .collect()
    }

    /// Every post a person ever held in the bodies of a unit, by date.
    pub async fn holdings_of_person(&self, unit_id: i64, person_id: i64) -> Result<Vec<Holding>> {
        sqlx::query(&format!(
            "{HOLDING_SELECT} WHERE pe.id = $1 AND b.unit_id = $2 {HOLDING_ORDER}"
        ))
        .bind(person_id)
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(holding_from_row)
        .collect()
    }

    /// Everyone who ever held a post of a unit's body, by person then date.
    pub async fn holdings_of_body(&self, unit_id: i64, body_id: i64) -> Result<Vec<Holding>> {
        sqlx::query(&format!(
            "{HOLDING_SELECT} WHERE b.id = $1 AND b.unit_id = $2 {HOLDING_ORDER}"
        ))
        .bind(body_id)
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(holding_from_row)
        .collect()
    }

    /// The person and the body of a membership in a unit's bodies.
    pub async fn membership_refs(&self, unit_id: i64, id: i64) -> Result<Option<(i64, i64)>> {
        sqlx::query(
            "SELECT m.person_id, p.body_id FROM memberships m JOIN posts p ON p.id = m.post_id \
             JOIN bodies b ON b.id = p.body_id WHERE m.id = $1 AND b.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?
        .map(|row| Ok((row.try_get("person_id")?, row.try_get("body_id")?)))
        .transpose()
    }

    /// The body a post of a unit belongs to.
    pub async fn post_body(&self, unit_id: i64, id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT p.body_id FROM posts p JOIN bodies b ON b.id = p.body_id \
             WHERE p.id = $1 AND b.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?)
    }

    /// The body a term of a unit belongs to.
    pub async fn term_body(&self, unit_id: i64, id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT t.body_id FROM terms t JOIN bodies b ON b.id = t.body_id \
             WHERE t.id = $1 AND b.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_optional(self.db_read())
        .await?)
    }
}
