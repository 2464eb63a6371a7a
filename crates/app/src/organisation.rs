//! The unit and its organisation: bodies, people, posts and who held them on a day — public — and
//! the administrator's changes to them. A change names bodies, posts and appointments of its own
//! unit only.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::access::{Action, Record};
use domain::body::{Body, BodyKind, BodyTemplate};
use domain::entity::Entity;
use domain::people::{Person, Post, Term};
use store::signing::KeyView;
use store::{BodyWithHolders, NewMembership};

use crate::{App, AppError, Result, Viewer};

/// One change an administrator makes to the organisation.
#[derive(Debug, Clone)]
pub enum OrganisationChange {
    Body {
        kind: BodyKind,
        name: String,
        short_name: String,
        parent_body_id: Option<i64>,
    },
    /// Several bodies at once, from the template for the unit's level as the administrator
    /// edited it; `parent` is an index into the same list.
    Bodies(Vec<BodyTemplate>),
    Person {
        full_name: String,
    },
    /// A body's term of office ("Nhiệm kỳ 2026–2031").
    Term {
        body_id: i64,
        name: String,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
    },
    Post {
        body_id: i64,
        title: String,
    },
    Appoint {
        person_id: i64,
        post_id: i64,
        starts_on: NaiveDate,
    },
    End {
        membership_id: i64,
        ends_on: NaiveDate,
    },
}

fn required(field: &'static str, value: &str, message: &str) -> Result<String> {
    let v = domain::input::single_line(field, value).map_err(AppError::Invalid)?;
    if v.is_empty() {
        Err(AppError::field(field, message))
    } else {
        Ok(v)
    }
}

impl App {
    /// A unit by its id: units and their tree are public.
    pub async fn unit(&self, id: i64) -> Result<domain::unit::AdminUnit> {
        Ok(self.store.unit(id).await?)
    }

    /// The unit's bodies, in their order.
    pub async fn bodies(&self, v: &Viewer) -> Result<Vec<Body>> {
        v.read(v.unit_id(), Record::Organisation, ())?;
        Ok(self.store.bodies(v.unit_id()).await?)
    }

    /// Short names of the unit's bodies by id, for lists.
    pub async fn body_names(&self, v: &Viewer) -> Result<HashMap<i64, String>> {
        Ok(self
            .bodies(v)
            .await?
            .into_iter()
            .map(|b| (b.id, b.short_name))
            .collect())
    }

    /// The unit's bodies with who held their posts on a day.
    pub async fn bodies_with_holders(
        &self,
        v: &Viewer,
        day: NaiveDate,
    ) -> Result<Vec<BodyWithHolders>> {
        v.read(v.unit_id(), Record::Organisation, ())?;
        Ok(self.store.bodies_with_holders(v.unit_id(), day).await?)
    }

    /// The day the organisation is shown for by default: today, or the last day of a unit that
    /// no longer exists.
    pub fn organisation_day(&self, v: &Viewer) -> NaiveDate {
        let today = v.today();
        v.unit().valid_to.map_or(today, |end| end.min(today))
    }

    /// People and posts to choose from in the workspace's forms.
    pub async fn people_and_posts(&self, v: &Viewer) -> Result<(Vec<Person>, Vec<Post>)> {
        v.staff()?;
        Ok((
            self.store.people(v.unit_id()).await?,
            self.store.posts(v.unit_id()).await?,
        ))
    }

    /// The terms of office of the unit's bodies.
    pub async fn terms(&self, v: &Viewer) -> Result<Vec<Term>> {
        v.read(v.unit_id(), Record::Organisation, ())?;
        Ok(self.store.terms(v.unit_id()).await?)
    }

    /// The bodies a unit of this level is proposed, each with whether the unit has it already.
    pub async fn body_template(&self, v: &Viewer) -> Result<Vec<(BodyTemplate, bool)>> {
        let have = self.bodies(v).await?;
        Ok(domain::body::template(v.unit())
            .into_iter()
            .map(|t| {
                let exists = have.iter().any(|b| b.name == t.name);
                (t, exists)
            })
            .collect())
    }

    /// The public keys of the unit's signers.
    pub async fn signing_keys(&self, v: &Viewer) -> Result<Vec<KeyView>> {
        v.read(v.unit_id(), Record::Organisation, ())?;
        Ok(self.store.signing_keys(v.unit_id()).await?)
    }

    /// Add a body, person or post, appoint someone, or end an appointment; the id of the first
    /// record it created, if it created one (the API answers with it).
    pub async fn change_organisation(
        &self,
        v: &Viewer,
        change: OrganisationChange,
    ) -> Result<Option<i64>> {
        let actor = v.require(&Action::EditOrganisation {
            unit_id: v.unit_id(),
        })?;
        let bodies = self.store.bodies(v.unit_id()).await?;
        let mut tx = self.begin(actor, v).await?;
        match change {
            OrganisationChange::Body {
                kind,
                name,
                short_name,
                parent_body_id,
            } => {
                let name = required("name", &name, "Tên cơ quan không được để trống")?;
                let short = required(
                    "short_name",
                    &short_name,
                    "Tên viết tắt không được để trống",
                )?;
                let parent: Vec<i64> = parent_body_id.into_iter().collect();
                self.check_owned(v, "parent_body_id", Entity::Body, &parent)
                    .await?;
                let parent = parent.first().copied();
                let position = bodies.iter().map(|b| b.position).max().unwrap_or(0) + 1;
                tx.insert_body(v.unit_id(), kind, &name, &short, parent, position)
                    .await?;
            }
            OrganisationChange::Bodies(list) => {
                if list.is_empty() {
                    return Err(AppError::field("template", "Hãy chọn ít nhất một cơ quan"));
                }
                let mut position = bodies.iter().map(|b| b.position).max().unwrap_or(0);
                let mut made: Vec<i64> = Vec::with_capacity(list.len());
                for (i, b) in list.iter().enumerate() {
                    let name = required("name", &b.name, "Tên cơ quan không được để trống")?;
                    if bodies.iter().any(|x| x.name == name) {
                        return Err(AppError::field("name", format!("Đơn vị đã có {name}")));
                    }
                    let short = required(
                        "short_name",
                        &b.short_name,
                        "Tên viết tắt không được để trống",
                    )?;
                    // A committee whose council is not in the list belongs to the council the
                    // unit has already, if any.
                    let parent = b.parent.filter(|p| *p < i).map(|p| made[p]).or_else(|| {
                        (b.kind == BodyKind::CouncilCommittee)
                            .then(|| bodies.iter().find(|x| x.kind == BodyKind::PeoplesCouncil))
                            .flatten()
                            .map(|x| x.id)
                    });
                    position += 1;
                    made.push(
                        tx.insert_body(v.unit_id(), b.kind, &name, &short, parent, position)
                            .await?
                            .id,
                    );
                }
            }
            OrganisationChange::Term {
                body_id,
                name,
                starts_on,
                ends_on,
            } => {
                let name = required("term_name", &name, "Tên nhiệm kỳ không được để trống")?;
                self.check_owned(v, "body_id", Entity::Body, &[body_id])
                    .await?;
                if ends_on.is_some_and(|e| e <= starts_on) {
                    return Err(AppError::field(
                        "term_ends_on",
                        "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu",
                    ));
                }
                tx.insert_term(body_id, &name, starts_on, ends_on).await?;
            }
            OrganisationChange::Person { full_name } => {
                let name = required("full_name", &full_name, "Họ tên không được để trống")?;
                tx.insert_person(v.unit_id(), &name).await?;
            }
            OrganisationChange::Post { body_id, title } => {
                let title = required("title", &title, "Tên chức vụ không được để trống")?;
                self.check_owned(v, "body_id", Entity::Body, &[body_id])
                    .await?;
                tx.insert_post(body_id, &title, 10).await?;
            }
            OrganisationChange::Appoint {
                person_id,
                post_id,
                starts_on,
            } => {
                self.check_owned(v, "post_id", Entity::Post, &[post_id])
                    .await?;
                self.check_owned(v, "person_id", Entity::Person, &[person_id])
                    .await?;
                tx.insert_membership(&NewMembership {
                    person_id,
                    post_id,
                    term_id: None,
                    starts_on,
                    ends_on: None,
                })
                .await?;
            }
            OrganisationChange::End {
                membership_id,
                ends_on,
            } => {
                self.check_owned(v, "membership_id", Entity::Membership, &[membership_id])
                    .await?;
                tx.end_membership(membership_id, ends_on).await?;
            }
        }
        let made = tx.first_created().map(|(_, id)| id);
        self.commit(tx, v).await?;
        Ok(made)
    }
}
