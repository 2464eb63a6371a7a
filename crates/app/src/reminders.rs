//! The reminders by e-mail. The daily one: recommendations due within seven days or overdue, one
//! digest per responsible body, sent over SMTP when a server is configured and the body has an
//! address. Each digest is recorded first (one of each kind per body per day, whichever node gets
//! there first), so it also shows in the workspace when no mail can be sent, and is never sent
//! twice. Requests to report, which a province's staff record from its roll-up, are sent by the
//! same run.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDate;
use domain::oversight::{compose_digest, DigestLine};
use domain::reminder::ReminderKind;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use store::Store;

/// Recommendations due within this many days are in the digest.
pub const DUE_WITHIN_DAYS: i64 = 7;

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// TLS from the first byte (`smtps://`, port 465 by default).
    ImplicitTls,
    /// STARTTLS, required: a relay that does not offer it gets no mail (`smtp://`, port 587).
    StartTls,
    /// No TLS: only to a relay on this machine (`smtp://127.0.0.1`, `smtp://localhost`), where
    /// nothing crosses a network.
    Plain,
}

/// Where mail goes: an SMTP relay, how the connection is protected, and the sender's address. The
/// relay's certificate is checked against the Mozilla roots (rustls with webpki-roots).
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub from: String,
}

impl SmtpConfig {
    /// Parse `smtps://host[:port]` or `smtp://host[:port]`.
    pub fn parse(url: &str, from: &str) -> Result<Self, String> {
        let bad =
            || format!("địa chỉ SMTP “{url}” phải có dạng smtps://máy:cổng hoặc smtp://máy:cổng");
        let (rest, implicit) = match (url.strip_prefix("smtps://"), url.strip_prefix("smtp://")) {
            (Some(rest), _) => (rest, true),
            (_, Some(rest)) => (rest, false),
            _ => return Err(bad()),
        };
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(':') => (
                h.trim_start_matches('[').trim_end_matches(']').to_string(),
                Some(
                    p.parse::<u16>()
                        .map_err(|_| format!("cổng SMTP “{p}” không hợp lệ"))?,
                ),
            ),
            _ => (rest.to_string(), None),
        };
        if host.is_empty() {
            return Err(bad());
        }
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        let security = match (implicit, loopback) {
            (true, _) => SmtpSecurity::ImplicitTls,
            (false, true) => SmtpSecurity::Plain,
            (false, false) => SmtpSecurity::StartTls,
        };
        let port = port.unwrap_or(match security {
            SmtpSecurity::ImplicitTls => 465,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Plain => 25,
        });
        from.parse::<lettre::message::Mailbox>()
            .map_err(|_| format!("địa chỉ gửi “{from}” không hợp lệ"))?;
        Ok(Self {
            host,
            port,
            security,
            from: from.to_string(),
        })
    }
}

/// What one run did, for logs and tests.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    pub recorded: usize,
    pub sent: usize,
    pub failed: usize,
}

/// Compose, record and send today's digests for every unit in force today.
pub async fn run_once(
    store: &Store,
    today: NaiveDate,
    smtp: Option<&SmtpConfig>,
) -> Result<RunReport, store::StoreError> {
    let mut report = RunReport::default();
    for unit in store.units().await? {
        // A unit that ended has no one to remind: its successors carry on.
        if unit.is_valid_on(today) {
            run_for_unit(store, &unit, today, smtp, &mut report).await?;
        }
    }
    if let Some(smtp) = smtp {
        // What the staff asked for today and is not sent yet (a failure is tried again).
        for (unit_id, d) in store.undelivered(today, ReminderKind::Report).await? {
            let Some(to) = d.recipient.as_deref() else {
                continue;
            };
            let mail = Outgoing {
                unit_id,
                digest_id: d.id,
                to,
                subject: &d.subject,
                text: &d.text,
            };
            deliver(store, smtp, mail, &mut report).await?;
        }
    }
    Ok(report)
}

/// A recorded reminder on its way: whose unit it is, its record, where it goes and what it says.
struct Outgoing<'a> {
    unit_id: i64,
    digest_id: i64,
    to: &'a str,
    subject: &'a str,
    text: &'a str,
}

/// Send a recorded reminder and mark it delivered; a failure is logged and counted.
async fn deliver(
    store: &Store,
    smtp: &SmtpConfig,
    mail: Outgoing<'_>,
    report: &mut RunReport,
) -> Result<(), store::StoreError> {
    let Outgoing {
        unit_id, digest_id, ..
    } = mail;
    match send(smtp, mail.to, mail.subject, mail.text).await {
        Ok(()) => {
            let mut tx = store.begin_for("reminders", unit_id).await?;
            tx.mark_digest_delivered(digest_id).await?;
            tx.commit().await?;
            report.sent += 1;
        }
        Err(e) => {
            report.failed += 1;
            tracing::warn!(error = %e, digest_id, "reminder not sent");
        }
    }
    Ok(())
}

async fn run_for_unit(
    store: &Store,
    unit: &domain::unit::AdminUnit,
    today: NaiveDate,
    smtp: Option<&SmtpConfig>,
    report: &mut RunReport,
) -> Result<(), store::StoreError> {
    let bodies = store.bodies(unit.id).await?;
    let emails = store.body_emails(unit.id).await?;
    let mut by_body: BTreeMap<i64, Vec<DigestLine>> = BTreeMap::new();
    for r in store.recommendations(unit.id).await? {
        if let (true, Some(deadline)) = (r.needs_reminder(today, DUE_WITHIN_DAYS), r.deadline) {
            by_body
                .entry(r.responsible_body_id)
                .or_default()
                .push(DigestLine {
                    content: r.content.clone(),
                    deadline,
                    follow_up: r.follow_up(today),
                });
        }
    }
    for (body_id, lines) in by_body {
        let name = bodies
            .iter()
            .find(|b| b.id == body_id)
            .map(|b| b.name.clone())
            .unwrap_or_default();
        let (subject, text) = compose_digest(&name, &lines, today);
        let recipient = emails.get(&body_id).map(String::as_str);
        let mut tx = store.begin_for("reminders", unit.id).await?;
        let Some(digest_id) = tx
            .record_digest(
                body_id,
                today,
                ReminderKind::Recommendations,
                recipient,
                &subject,
                &text,
            )
            .await?
        else {
            // Already recorded today, by this node or another.
            continue;
        };
        tx.commit().await?;
        report.recorded += 1;
        if let (Some(smtp), Some(to)) = (smtp, recipient) {
            let mail = Outgoing {
                unit_id: unit.id,
                digest_id,
                to,
                subject: &subject,
                text: &text,
            };
            deliver(store, smtp, mail, report).await?;
        }
    }
    Ok(())
}

async fn send(smtp: &SmtpConfig, to: &str, subject: &str, text: &str) -> Result<(), String> {
    let message = Message::builder()
        .from(smtp.from.parse().map_err(|e| format!("{e}"))?)
        .to(to.parse().map_err(|e| format!("{e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(text.to_string())
        .map_err(|e| e.to_string())?;
    let tls = || {
        lettre::transport::smtp::client::TlsParameters::new(smtp.host.clone())
            .map_err(|e| e.to_string())
    };
    let tls = match smtp.security {
        SmtpSecurity::ImplicitTls => lettre::transport::smtp::client::Tls::Wrapper(tls()?),
        SmtpSecurity::StartTls => lettre::transport::smtp::client::Tls::Required(tls()?),
        SmtpSecurity::Plain => lettre::transport::smtp::client::Tls::None,
    };
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(20)))
        .build();
    mailer
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Run the reminder once at start and then every hour; a day's digests go out once.
pub fn spawn_daily(store: Store, smtp: Option<SmtpConfig>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let today = domain::time::today();
            match run_once(&store, today, smtp.as_ref()).await {
                Ok(r) if r.recorded > 0 => tracing::info!(?r, "reminder digests"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reminder run failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_leaves_the_machine_only_over_tls() {
        let implicit = SmtpConfig::parse("smtps://mail.hanoi.gov.vn", "a@b.vn").unwrap();
        assert_eq!(
            (implicit.security, implicit.port),
            (SmtpSecurity::ImplicitTls, 465)
        );
        let starttls = SmtpConfig::parse("smtp://mail.hanoi.gov.vn", "a@b.vn").unwrap();
        assert_eq!(
            (starttls.security, starttls.port),
            (SmtpSecurity::StartTls, 587)
        );
        let relay = SmtpConfig::parse("smtp://localhost:25", "a@b.vn").unwrap();
        assert_eq!(relay.security, SmtpSecurity::Plain);
        let v6 = SmtpConfig::parse("smtp://[::1]:2525", "a@b.vn").unwrap();
        assert_eq!(
            (v6.host.as_str(), v6.security),
            ("::1", SmtpSecurity::Plain)
        );
    }

    #[test]
    fn an_smtp_url_names_host_and_port() {
        let c = SmtpConfig::parse("smtp://127.0.0.1:2525", "phoihop@localhost").unwrap();
        assert_eq!((c.host.as_str(), c.port), ("127.0.0.1", 2525));
        assert_eq!(
            SmtpConfig::parse("smtp://relay", "a@b.vn").unwrap().port,
            587
        );
        assert!(SmtpConfig::parse("http://relay", "a@b.vn").is_err());
        assert!(SmtpConfig::parse("smtp://relay:x", "a@b.vn").is_err());
        assert!(SmtpConfig::parse("smtp://relay", "not an address").is_err());
    }
}
