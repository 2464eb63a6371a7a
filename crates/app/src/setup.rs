//! What a unit new to phoihop does first, ticked off as it is done: its bodies, the people who
//! hold their posts, its staff's accounts, its heads' signing keys, its settings, its first news.

use domain::access::{Action, Role};

use crate::{App, Result, Viewer};

/// One step of setting a unit up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupStep {
    /// What to do, as the checklist says it.
    pub label: &'static str,
    /// Why, in one sentence.
    pub why: &'static str,
    pub done: bool,
    /// Where it is done in the workspace.
    pub href: &'static str,
}

impl App {
    /// The unit's set-up checklist, each step ticked from what its records hold; empty for staff
    /// who set nothing up (the unit's administrator sees it).
    pub async fn setup_checklist(&self, v: &Viewer) -> Result<Vec<SetupStep>> {
        let unit_id = v.unit_id();
        if !v.may(&Action::ManageAccounts { unit_id }) {
            return Ok(Vec::new());
        }
        let store = &self.store;
        let bodies = store.bodies(unit_id).await?;
        let held = store.holdings_of_unit(unit_id).await?;
        let grants = store.unit_roles(unit_id).await?;
        let heads = grants
            .iter()
            .filter(|g| matches!(g.role, Role::Head { .. }))
            .count();
        let keys = store
            .signing_keys(unit_id)
            .await?
            .iter()
            .filter(|k| !k.revoked)
            .count();
        let settings = store.unit_settings(unit_id).await?;
        let published = store
            .articles_page(
                unit_id,
                domain::access::ArticleScope::PublishedBy(v.now()),
                None,
                0,
                1,
            )
            .await?
            .total;
        Ok(vec![
            SetupStep {
                label: "Tạo các cơ quan của đơn vị",
                why: "HĐND, UBND, Ủy ban MTTQ: các bên ký chương trình phối hợp.",
                done: bodies.len() >= 3,
                href: "/quan-ly/co-quan#mau-co-quan",
            },
            SetupStep {
                label: "Ghi người giữ các chức vụ",
                why: "Cổng thông tin giới thiệu lãnh đạo; biên bản và văn bản ghi tên người ký.",
                done: !held.is_empty(),
                href: "/quan-ly/co-quan",
            },
            SetupStep {
                label: "Mời cán bộ vào làm việc",
                why: "Mỗi cơ quan có chuyên viên nhập liệu và người đứng đầu ký.",
                done: grants.iter().any(|g| !matches!(g.role, Role::Admin { .. })),
                href: "/quan-ly/tai-khoan",
            },
            SetupStep {
                label: "Tạo khóa ký cho người đứng đầu",
                why: "Chương trình chỉ ký được khi người đứng đầu mỗi bên có khóa ký.",
                done: heads > 0 && keys >= heads,
                href: "/quan-ly/tai-khoan",
            },
            SetupStep {
                label: "Điền thông tin của đơn vị",
                why: "Địa chỉ, điện thoại, thư điện tử hiện ở chân trang cổng thông tin.",
                done: !settings.is_empty(),
                href: "/quan-ly/cai-dat",
            },
            SetupStep {
                label: "Đăng tin đầu tiên",
                why: "Người dân biết cổng thông tin đã hoạt động.",
                done: published > 0,
                href: "/quan-ly/tin-tuc/moi",
            },
        ])
    }
}
