//! The province asks the units below that have not reported to report: one request a unit's
//! People's Committee and day, all recorded in one transaction; the mailer sends what it records
//! (`crate::reminders`), so a second click the same day sends nothing twice.

use std::collections::BTreeMap;

use domain::access::Action;
use domain::body::BodyKind;
use domain::programme::Year;
use domain::reminder::{compose_report_request, ReminderKind};
use domain::Id;

use crate::{App, Result, Viewer};

/// What one request to report did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reminded {
    /// Units asked now.
    pub recorded: usize,
    /// Units already asked today: nothing is sent to them again.
    pub already: usize,
}

impl App {
    /// Ask each unit below the viewer's that has not reported a target linked to an indicator of
    /// the year to report it, naming the indicators; as the province's staff read the units (a
    /// draft programme counts: its figures are as awaited as a signed one's).
    pub async fn remind_unreported(&self, v: &Viewer, year: Year) -> Result<Reminded> {
        let actor = v.require_here(|unit_id| Action::RemindUnits { unit_id })?;
        let roll = self.roll_up(v, year).await?;
        let mut missing: BTreeMap<Id, Vec<String>> = BTreeMap::new();
        for i in &roll.indicators {
            let label = format!("{} – {}", i.indicator.code, i.indicator.name);
            for unit_id in &i.roll.not_reporting {
                missing.entry(*unit_id).or_default().push(label.clone());
            }
        }
        let province = v.unit().full_name();
        let today = v.today();
        // Each request composed first; then all recorded in the one write.
        let mut requests = Vec::new();
        for (unit_id, indicators) in missing {
            let bodies = self.store.bodies(unit_id).await?;
            let Some(committee) = bodies
                .into_iter()
                .find(|b| b.kind == BodyKind::PeoplesCommittee && b.parent_body_id.is_none())
            else {
                continue;
            };
            let recipient = self.store.body_emails(unit_id).await?.remove(&committee.id);
            let (subject, text) =
                compose_report_request(&committee.name, &province, year.get(), &indicators, today);
            requests.push((committee.id, recipient, subject, text));
        }
        let mut reminded = Reminded::default();
        let mut tx = self.begin(actor, v).await?;
        for (body_id, recipient, subject, text) in &requests {
            let kind = ReminderKind::Report;
            match tx
                .record_digest(*body_id, today, kind, recipient.as_deref(), subject, text)
                .await?
            {
                Some(_) => reminded.recorded += 1,
                None => reminded.already += 1,
            }
        }
        self.commit(tx, v).await?;
        Ok(reminded)
    }
}
