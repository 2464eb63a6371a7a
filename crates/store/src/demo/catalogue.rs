//! Hà Nội's indicator catalogue in the demo (and one national indicator), its wards' 2026 targets linked to it by name, and the
//! wards' population and households (illustrative), so that the city's roll-up has something to
//! combine from the first start.

use domain::indicator::IndicatorDraft;
use domain::programme::Year;
use domain::unit::AdminUnit;

use super::num;
use crate::indicators::UnitWeights;
use crate::{Result, WriteTx};

/// Code, name, measure, direction, way of combining, and the name of the wards' targets it links.
const INDICATORS: [(&str, &str, &str, &str, &str, &str); 5] = [
    (
        "CCHC",
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
        "%",
        "higher",
        "mean_by_population",
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
    ),
    (
        "THU-NS",
        "Thu ngân sách nhà nước trên địa bàn so với dự toán giao",
        "% dự toán",
        "higher",
        "mean_by_population",
        "Thu ngân sách nhà nước trên địa bàn so với dự toán giao",
    ),
    (
        "BHYT",
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
        "%",
        "higher",
        "mean_by_population",
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
    ),
    (
        "PLRAC",
        "Tỷ lệ rác thải sinh hoạt được phân loại tại nguồn",
        "%",
        "higher",
        "mean_by_households",
        "Tỷ lệ rác thải sinh hoạt được phân loại tại nguồn",
    ),
    (
        "GIAO-QUAN",
        "Hoàn thành chỉ tiêu giao quân",
        "",
        "yes_no",
        "count_met",
        "Hoàn thành chỉ tiêu giao quân",
    ),
];

/// The indicator of the catalogue the installation keeps for the whole country.
const NATIONAL: &str = "BHYT";

/// The wards' figures of 2026 a mean weighs by: (population, households), illustrative.
const WEIGHTS: [(&str, &str); 2] = [("75000", "23500"), ("62000", "19800")];

/// The city's catalogue, the wards' links (Nghĩa Đô's draft target of waste sorting among them)
/// and their weights.
pub(super) async fn load(tx: &mut WriteTx, city: &AdminUnit, wards: [&AdminUnit; 2]) -> Result<()> {
    let year = Year::new(2026)?;
    let mut kept = Vec::new();
    tx.set_unit(Some(city.id));
    for (code, name, measure, direction, combine, target) in INDICATORS {
        let draft = IndicatorDraft::parse(code, name, measure, direction, combine)?;
        // Health-insurance coverage is a national target: the installation keeps it, and the
        // national roll-up counts it across every province.
        let keeper = (code != NATIONAL).then_some(city.id);
        tx.set_unit(keeper);
        kept.push((tx.insert_indicator(keeper, &draft).await?, target));
    }
    for (ward, (population, households)) in wards.into_iter().zip(WEIGHTS) {
        // Each ward links its own targets: the log names the ward.
        tx.set_unit(Some(ward.id));
        let targets: Vec<(i64, String)> = sqlx::query_as(
            "SELECT t.id, t.name FROM targets t JOIN programmes p ON p.id = t.programme_id \
             WHERE p.unit_id = $1 AND p.year = $2",
        )
        .bind(ward.id)
        .bind(i64::from(year.get()))
        .fetch_all(tx.conn())
        .await?;
        for (id, name) in targets {
            // A draft's target names itself a draft: "Dự thảo: tỷ lệ hộ dân phân loại rác…".
            let draft_of = |target: &str| {
                name.starts_with("Dự thảo")
                    && name.contains("phân loại rác")
                    && target.contains("phân loại")
            };
            let linked = kept
                .iter()
                .find(|(_, target)| name == *target || draft_of(target));
            if let Some((indicator, _)) = linked {
                tx.link_target(id, Some(indicator.id)).await?;
            }
        }
        let weights = UnitWeights {
            population: Some(num(population)),
            households: Some(num(households)),
        };
        tx.set_unit_weights(ward.id, year, weights).await?;
    }
    Ok(())
}
