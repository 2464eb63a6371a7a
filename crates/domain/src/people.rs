//! People, the posts of a body, terms, and memberships (who holds which post when), after Popolo.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Id;

/// A person who holds or held a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id,
    /// The unit whose records name the person first; a person may hold posts in other units too.
    #[serde(default)]
    pub unit_id: Option<Id>,
    pub full_name: String,
}

/// A term (nhiệm kỳ) of a body: "2016 - 2021".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub id: Id,
    pub body_id: Id,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// A position in a body: "Chủ tịch", "Phó Bí thư Thường trực".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: Id,
    pub body_id: Id,
    pub title: String,
    /// Rank on pages: heads first.
    pub position: i64,
}

/// A person holding a post for part of a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: Id,
    pub person_id: Id,
    pub post_id: Id,
    pub term_id: Option<Id>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl Membership {
    /// Whether the person held the post on that day, both ends inclusive.
    pub fn is_held_on(&self, day: NaiveDate) -> bool {
        day >= self.starts_on && self.ends_on.is_none_or(|end| day <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_membership_is_held_between_its_dates() {
        let m = Membership {
            id: 1,
            person_id: 1,
            post_id: 1,
            term_id: None,
            starts_on: NaiveDate::from_ymd_opt(2020, 10, 1).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2021, 6, 30),
        };
        assert!(m.is_held_on(NaiveDate::from_ymd_opt(2021, 1, 21).unwrap()));
        assert!(m.is_held_on(NaiveDate::from_ymd_opt(2021, 6, 30).unwrap()));
        assert!(!m.is_held_on(NaiveDate::from_ymd_opt(2021, 7, 1).unwrap()));
        assert!(!m.is_held_on(NaiveDate::from_ymd_opt(2020, 9, 30).unwrap()));
    }
}
