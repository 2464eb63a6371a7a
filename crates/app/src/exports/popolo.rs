//! A unit's bodies, the people who held their posts, the posts and the memberships as Popolo JSON
//! (https://www.popoloproject.com/), the form parliamentary-monitoring software reads: in the API
//! and in the open-data archive. Only what the portal shows of the organisation goes in: names,
//! posts and terms, never an account or a withdrawn person.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::access::Record;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{App, Result, Viewer};

/// The address of the Popolo specification, which the archive's descriptor names.
pub const POPOLO: &str = "https://www.popoloproject.com/";

/// Every list of a unit's organisation, each item valid against its Popolo schema.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Popolo {
    /// The administrative unit the bodies serve.
    pub areas: Vec<Area>,
    pub organizations: Vec<Organization>,
    pub persons: Vec<Person>,
    pub posts: Vec<Post>,
    pub memberships: Vec<Membership>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PopoloArea)]
pub struct Area {
    pub id: String,
    pub name: String,
    /// The General Statistics Office's code of the unit.
    pub identifier: String,
    /// "phường", "quận", "tỉnh"…
    pub classification: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PopoloOtherName)]
pub struct OtherName {
    pub name: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PopoloLink)]
pub struct Link {
    pub url: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PopoloOrganization)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// The short name documents use: "HĐND quận".
    pub other_names: Vec<OtherName>,
    /// The kind of body: "Hội đồng nhân dân".
    pub classification: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub area_id: String,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PopoloPerson)]
pub struct Person {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PopoloPost)]
pub struct Post {
    pub id: String,
    /// "Chủ tịch Hội đồng nhân dân quận Cầu Giấy".
    pub label: String,
    /// "Chủ tịch".
    pub role: String,
    pub organization_id: String,
    pub area_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = PopoloMembership)]
pub struct Membership {
    pub id: String,
    /// The term, where the membership belongs to one: "Nhiệm kỳ 2016 - 2021".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub role: String,
    pub person_id: String,
    pub organization_id: String,
    pub post_id: String,
    pub start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

fn area_id(unit_id: i64) -> String {
    format!("don-vi/{unit_id}")
}

fn organization_id(body_id: i64) -> String {
    format!("co-quan/{body_id}")
}

fn person_id(id: i64) -> String {
    format!("nguoi/{id}")
}

fn post_id(id: i64) -> String {
    format!("chuc-vu/{id}")
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl App {
    /// The viewer's unit's organisation as Popolo: its bodies, every post of them, and everyone
    /// who ever held one, with when.
    pub async fn popolo(&self, v: &Viewer) -> Result<Popolo> {
        v.read(v.unit_id(), Record::Organisation, ())?;
        let unit = v.unit();
        let origin = self.unit_origin(unit).await?;
        let (bodies, posts, holdings) = tokio::try_join!(
            self.store.bodies(unit.id),
            self.store.posts(unit.id),
            self.store.holdings_of_unit(unit.id),
        )?;
        let area = area_id(unit.id);
        let body_names: BTreeMap<i64, &str> =
            bodies.iter().map(|b| (b.id, b.name.as_str())).collect();
        let organizations = bodies
            .iter()
            .map(|b| Organization {
                id: organization_id(b.id),
                name: b.name.clone(),
                other_names: vec![OtherName {
                    name: b.short_name.clone(),
                    note: "Tên ngắn dùng trong văn bản".into(),
                }],
                classification: b.kind.label().to_string(),
                parent_id: b.parent_body_id.map(organization_id),
                area_id: area.clone(),
                links: vec![Link {
                    url: format!("{origin}/co-quan/{}", b.id),
                    note: "Trang của cơ quan trên cổng thông tin".into(),
                }],
            })
            .collect();
        let posts = posts
            .iter()
            .filter_map(|p| {
                let body = body_names.get(&p.body_id)?;
                Some(Post {
                    id: post_id(p.id),
                    label: format!("{} {body}", p.title),
                    role: p.title.clone(),
                    organization_id: organization_id(p.body_id),
                    area_id: area.clone(),
                })
            })
            .collect();
        // One person per id: the holdings come by person.
        let mut persons: Vec<Person> = Vec::new();
        for h in &holdings {
            if persons
                .last()
                .is_none_or(|p| p.id != person_id(h.person_id))
            {
                persons.push(Person {
                    id: person_id(h.person_id),
                    name: h.full_name.clone(),
                });
            }
        }
        let memberships = holdings
            .iter()
            .map(|h| Membership {
                id: format!("giu-chuc-vu/{}", h.membership_id),
                label: h.term.clone(),
                role: h.post.clone(),
                person_id: person_id(h.person_id),
                organization_id: organization_id(h.body_id),
                post_id: post_id(h.post_id),
                start_date: day(h.starts_on),
                end_date: h.ends_on.map(day),
            })
            .collect();
        Ok(Popolo {
            areas: vec![Area {
                id: area,
                name: unit.full_name(),
                identifier: unit.code.clone(),
                classification: unit.level.label().to_string(),
                parent_id: unit.parent_id.map(area_id),
            }],
            organizations,
            persons,
            posts,
            memberships,
        })
    }
}
