//! The demo installation: Hà Nội as a province of 2025 with its own portal; quận Cầu Giấy, the
//! district of the seed article (shared/seed), kept as an archive since it ended on 30/06/2025
//! ([`district`]); and two wards of 1 July 2025, phường Cầu Giấy with a 2026 programme in progress
//! and phường Nghĩa Đô with its own staff, so that isolation can be seen ([`wards`]).
//!
//! The district is split between the two wards in the demo: the reform merged several wards of
//! the district, in ways the demo does not source, so which wards took over from it is
//! illustrative, as are every name, figure and text of the wards beyond their own names.

mod catalogue;
mod district;
mod pictures;
mod wards;

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Role;
use domain::body::Body;
use domain::credentials::{NewPassword, Username};
use domain::programme::TimeFrame;
use domain::unit::{AdminUnit, UnitLevel};
use rust_decimal::Decimal;

use crate::units::DEFAULT_UNIT;
use crate::{NewUnit, Result, Store, StoreError, WriteTx};

/// The slug of the seed article.
pub const SEED_ARTICLE_SLUG: &str =
    "hdnd-ubnd-uy-ban-mttq-viet-nam-quan-cau-giay-ky-ket-chuong-trinh-phoi-hop-cong-tac-nam-2021";

/// The seed article's title, as the portal printed it.
pub const SEED_ARTICLE_TITLE: &str =
    "HĐND- UBND- Ủy ban MTTQ Việt Nam quận Cầu Giấy ký kết chương trình phối hợp công tác năm 2021";

pub(crate) const SEED_ARTICLE_BODY: &str = include_str!("../demo/cau-giay-2021.html");

/// The address of the living ward that took over the district and carries on its portal.
pub const WARD_SLUG: &str = "phuong-cau-giay";
/// The address of the second ward, with its own staff.
pub const NGHIA_DO_SLUG: &str = "phuong-nghia-do";
/// The address of the city.
pub const CITY_SLUG: &str = "thanh-pho-ha-noi";
/// The address of the district of the seed article, an archive since 1 July 2025.
pub const DISTRICT_SLUG: &str = "quan-cau-giay";
/// The day the wards of the reform began.
pub(crate) const REFORM_DAY: (i32, u32, u32) = (2025, 7, 1);

/// Who the change log names as the author of the demo data.
pub const DEMO_ACTOR: &str = "demo";

pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("demo dates are valid")
}

pub(crate) fn vn(y: i32, m: u32, d: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    domain::time::at_vietnam(
        day(y, m, d)
            .and_hms_opt(hour, minute, 0)
            .expect("valid time"),
    )
}

pub(crate) fn whole_year(y: i32) -> TimeFrame {
    TimeFrame {
        starts_on: day(y, 1, 1),
        ends_on: day(y, 12, 31),
    }
}

pub(crate) fn num(s: &str) -> Decimal {
    s.parse().expect("demo numbers are valid")
}

/// A demo account: its name, its password (made up at load time and shown once), its role and
/// the unit it holds it in.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub role: String,
    /// "phường Nghĩa Đô"; empty for the installation's operator.
    pub unit: String,
}

/// The demo's accounts as they are made, each with a password made up for this database.
#[derive(Default)]
pub(crate) struct Accounts(Vec<DemoAccount>);

impl Accounts {
    /// Make an account holding a role in a unit; returns its id.
    pub(crate) async fn add(
        &mut self,
        tx: &mut WriteTx,
        username: &str,
        display_name: &str,
        role: Role,
        unit: &str,
    ) -> Result<i64> {
        let (id, password) = new_account(tx, username, display_name).await?;
        tx.grant_role(id, &role).await?;
        self.0.push(DemoAccount {
            username: username.to_string(),
            password,
            role: role.label().to_string(),
            unit: unit.to_string(),
        });
        Ok(id)
    }

    /// Make the installation's operator.
    async fn operator(&mut self, tx: &mut WriteTx, username: &str) -> Result<()> {
        let (id, password) = new_account(tx, username, "Quản trị hệ thống").await?;
        let account = crate::accounts::Account {
            id,
            username: username.to_string(),
            display_name: "Quản trị hệ thống".into(),
            disabled: false,
        };
        tx.set_operator(&account, true).await?;
        self.0.push(DemoAccount {
            username: username.to_string(),
            password,
            role: Role::Operator.label().to_string(),
            unit: String::new(),
        });
        Ok(())
    }
}

async fn new_account(
    tx: &mut WriteTx,
    username: &str,
    display_name: &str,
) -> Result<(i64, String)> {
    let password = crate::accounts::random_secret()[..16].to_string();
    let account = tx
        .insert_user(
            &Username::parse(username)?,
            display_name,
            &NewPassword::parse(&password)?,
        )
        .await?;
    Ok((account.id, password))
}

/// What the city's organisation gives the units below it: its Party committee and that
/// committee's term, in which the district's Party secretary sits.
pub(crate) struct City {
    pub party_id: i64,
    pub term_id: i64,
}

/// The bodies a unit is given from the template for its level, in order; the parent of a
/// committee is the body made before it at the template's index.
pub(crate) async fn template_bodies(tx: &mut WriteTx, unit: &AdminUnit) -> Result<Vec<Body>> {
    let mut made: Vec<Body> = Vec::new();
    for (i, t) in domain::body::template(unit).into_iter().enumerate() {
        let parent = t.parent.and_then(|p| made.get(p)).map(|b| b.id);
        made.push(
            tx.insert_body(unit.id, t.kind, &t.name, &t.short_name, parent, i as i64)
                .await?,
        );
    }
    Ok(made)
}

/// Load the demo installation into an empty database in one transaction. Refuses a database that
/// already has data, so it can never mix with real records. Returns the demo accounts (the
/// operator's and each unit's), with passwords made up for this database.
pub async fn load(store: &Store) -> Result<Vec<DemoAccount>> {
    if !store.is_empty().await? {
        return Err(StoreError::Invalid(domain::ValidationError::single(
            "database",
            "Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ được nạp vào cơ sở dữ liệu trống",
        )));
    }
    let mut tx = store.begin(DEMO_ACTOR).await?;
    let (y, m, d) = REFORM_DAY;
    let reform = day(y, m, d);
    let unit = |code: &str, kind: &str, name: &str, level, parent, from, to| NewUnit {
        code: code.into(),
        name: name.into(),
        kind: kind.into(),
        level,
        parent_id: parent,
        valid_from: from,
        valid_to: to,
        host: None,
    };
    let ha_noi = tx
        .insert_unit(&unit(
            "01",
            "thành phố",
            "Hà Nội",
            UnitLevel::Province,
            None,
            day(1976, 7, 2),
            None,
        ))
        .await?;
    let district = tx
        .insert_unit(&unit(
            "005",
            "quận",
            "Cầu Giấy",
            UnitLevel::District,
            Some(ha_noi.id),
            day(1997, 1, 1),
            reform.pred_opt(),
        ))
        .await?;
    // The wards' codes of 2025 are not sourced here: illustrative.
    let ward = tx
        .insert_unit(&unit(
            "00166",
            "phường",
            "Cầu Giấy",
            UnitLevel::Commune,
            Some(ha_noi.id),
            reform,
            None,
        ))
        .await?;
    let nghia_do = tx
        .insert_unit(&unit(
            "00160",
            "phường",
            "Nghĩa Đô",
            UnitLevel::Commune,
            Some(ha_noi.id),
            reform,
            None,
        ))
        .await?;
    for successor in [&ward, &nghia_do] {
        tx.add_succession(&domain::unit::Succession {
            predecessor_id: district.id,
            successor_id: successor.id,
            effective_on: reform,
        })
        .await?;
    }
    // The seed's portal keeps its addresses: the district answers the unprefixed routes.
    tx.set_setting(DEFAULT_UNIT, &district.id.to_string())
        .await?;

    let mut accounts = Accounts::default();
    accounts.operator(&mut tx, "hethong").await?;
    tx.set_unit(Some(ha_noi.id));
    let city = wards::city(&mut tx, &ha_noi, &mut accounts).await?;
    tx.set_unit(Some(district.id));
    district::load(&mut tx, &district, &city, &mut accounts).await?;
    tx.set_unit(Some(ward.id));
    wards::cau_giay(&mut tx, &ward, &mut accounts).await?;
    tx.set_unit(Some(nghia_do.id));
    wards::nghia_do(&mut tx, &nghia_do, &mut accounts).await?;
    catalogue::load(&mut tx, &ha_noi, [&ward, &nghia_do]).await?;
    tx.commit().await?;
    Ok(accounts.0)
}
