//! The units of the installation as requests find them: by slug (`/dv/{slug}`), by host name, or
//! the default; the tree above each unit; who succeeded whom. Kept in memory, reloaded when a unit
//! changes (on this node at once, on the others when their log follower sees it).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use domain::access::UnitPath;
use domain::settings::UnitSettings;
use domain::unit::{AdminUnit, Succession};
use domain::Id;
use store::Store;
use tokio::sync::RwLock;

use crate::Result;

/// Every unit, indexed the ways requests and pages look them up.
#[derive(Debug, Default)]
pub struct Directory {
    units: HashMap<Id, AdminUnit>,
    by_slug: HashMap<String, Id>,
    by_host: HashMap<String, Id>,
    default: Option<Id>,
    successions: Vec<Succession>,
    settings: HashMap<Id, UnitSettings>,
    /// The units directly below each unit, so that a province's search finds its communes
    /// without walking every unit of the installation.
    children: HashMap<Id, Vec<Id>>,
    /// Every unit below each unit that has any, however deep, in the order of their names
    /// (Vietnamese collation): worked out once, for a province's search lists its hundred
    /// communes and more on every request.
    below: HashMap<Id, Vec<Id>>,
    /// The units each unit took over from, directly: a unit's lineage follows them.
    predecessors: HashMap<Id, Vec<Id>>,
}

impl Directory {
    async fn load(store: &Store) -> Result<Self> {
        let mut stored: HashMap<Id, BTreeMap<String, String>> = HashMap::new();
        for (unit_id, key, value) in store.all_unit_settings().await? {
            stored.entry(unit_id).or_default().insert(key, value);
        }
        let mut directory = Self::of(
            store.units().await?,
            store.default_unit_id().await?,
            store.successions().await?,
        );
        directory.settings = stored
            .iter()
            .map(|(id, map)| (*id, UnitSettings::from_map(map)))
            .collect();
        Ok(directory)
    }

    /// A directory of these units, without settings.
    pub fn of(units: Vec<AdminUnit>, default: Option<Id>, successions: Vec<Succession>) -> Self {
        let units: HashMap<Id, AdminUnit> = units.into_iter().map(|u| (u.id, u)).collect();
        let mut by_name: Vec<&AdminUnit> = units.values().collect();
        by_name.sort_by_cached_key(|u| (vi::collation_key(&u.name), u.id));
        let mut children: HashMap<Id, Vec<Id>> = HashMap::new();
        for u in &by_name {
            if let Some(parent) = u.parent_id {
                children.entry(parent).or_default().push(u.id);
            }
        }
        let rank: HashMap<Id, usize> = by_name
            .iter()
            .enumerate()
            .map(|(rank, u)| (u.id, rank))
            .collect();
        let below = children
            .keys()
            .map(|&id| {
                let mut all = descendants(&children, id, units.len());
                all.sort_by_key(|u| rank.get(u).copied().unwrap_or(usize::MAX));
                (id, all)
            })
            .collect();
        let mut predecessors: HashMap<Id, Vec<Id>> = HashMap::new();
        for s in &successions {
            predecessors
                .entry(s.successor_id)
                .or_default()
                .push(s.predecessor_id);
        }
        Self {
            children,
            below,
            predecessors,
            settings: HashMap::new(),
            by_slug: units.values().map(|u| (u.slug.clone(), u.id)).collect(),
            by_host: units
                .values()
                .filter_map(|u| u.host.clone().map(|h| (h, u.id)))
                .collect(),
            default,
            successions,
            units,
        }
    }

    pub fn unit(&self, id: Id) -> Option<&AdminUnit> {
        self.units.get(&id)
    }

    /// The units of a level in force, in no order: for counting over all of them (a national
    /// roll-up), where sorting thousands of names would be wasted.
    pub fn in_force(&self, level: domain::unit::UnitLevel) -> Vec<&AdminUnit> {
        self.units
            .values()
            .filter(|u| u.valid_to.is_none() && u.level == level)
            .collect()
    }

    /// A unit's own settings (all blank when it has set none).
    pub fn settings(&self, id: Id) -> UnitSettings {
        self.settings.get(&id).cloned().unwrap_or_default()
    }

    pub fn by_slug(&self, slug: &str) -> Option<&AdminUnit> {
        self.by_slug.get(slug).and_then(|id| self.unit(*id))
    }

    /// The unit a host name serves, the port left aside.
    pub fn by_host(&self, host: &str) -> Option<&AdminUnit> {
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        self.by_host.get(&host).and_then(|id| self.unit(*id))
    }

    /// The unit the installation's unprefixed addresses serve.
    pub fn default_unit(&self) -> Option<&AdminUnit> {
        self.default.and_then(|id| self.unit(id))
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Every unit, provinces first, then each province's units by name.
    pub fn all(&self) -> Vec<&AdminUnit> {
        let mut all: Vec<&AdminUnit> = self.units.values().collect();
        all.sort_by_cached_key(|u| {
            let province = self.province_of(u.id).map_or(u.id, |p| p.id);
            (
                province,
                u.parent_id.is_some(),
                u.level.as_str(),
                vi::collation_key(&u.name),
                u.id,
            )
        });
        all
    }

    /// The units directly below one, in the order of their names.
    pub fn children(&self, id: Id) -> Vec<&AdminUnit> {
        self.units_of(self.children.get(&id))
    }

    /// Every unit below one, however deep (a province's communes, and the wards of its former
    /// districts), living and ended, in the order of their names.
    pub fn below(&self, id: Id) -> Vec<&AdminUnit> {
        self.units_of(self.below.get(&id))
    }

    fn units_of(&self, ids: Option<&Vec<Id>>) -> Vec<&AdminUnit> {
        ids.into_iter()
            .flatten()
            .filter_map(|id| self.unit(*id))
            .collect()
    }

    /// The units above one, nearest first.
    pub fn ancestors(&self, id: Id) -> Vec<&AdminUnit> {
        let mut out = Vec::new();
        let mut next = self.unit(id).and_then(|u| u.parent_id);
        // Levels are few; the bound only guards against a cycle in bad data.
        while let (Some(parent), true) = (next.and_then(|p| self.unit(p)), out.len() < 8) {
            out.push(parent);
            next = parent.parent_id;
        }
        out
    }

    /// The province a unit belongs to (itself for a province).
    pub fn province_of(&self, id: Id) -> Option<&AdminUnit> {
        self.ancestors(id).last().copied().or_else(|| self.unit(id))
    }

    /// Where a unit sits, for the access rule.
    pub fn path(&self, id: Id) -> UnitPath {
        let above: Vec<Id> = self.ancestors(id).iter().map(|u| u.id).collect();
        UnitPath::new(id, &above)
    }

    /// The units that took over a unit's affairs, with the day they did.
    pub fn successors(&self, id: Id) -> Vec<(&AdminUnit, chrono::NaiveDate)> {
        self.successions
            .iter()
            .filter(|s| s.predecessor_id == id)
            .filter_map(|s| self.unit(s.successor_id).map(|u| (u, s.effective_on)))
            .collect()
    }

    /// The units whose affairs a unit took over.
    pub fn predecessors(&self, id: Id) -> Vec<(&AdminUnit, chrono::NaiveDate)> {
        self.successions
            .iter()
            .filter(|s| s.successor_id == id)
            .filter_map(|s| self.unit(s.predecessor_id).map(|u| (u, s.effective_on)))
            .collect()
    }

    /// A unit and every unit before it, however many merges and splits back: whose archives a
    /// unit's search includes.
    pub fn lineage(&self, id: Id) -> Vec<Id> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() && out.len() < 256 {
            for &p in self.predecessors.get(&out[i]).into_iter().flatten() {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            i += 1;
        }
        out
    }

    /// The units whose kind, name or province hold every word of a query, typed with or without
    /// diacritics ("nghia do", "Nghĩa Đô", "phuong nghia do ha noi"); every unit for a blank one.
    /// In the directory's order.
    pub fn matching(&self, query: &str) -> Vec<&AdminUnit> {
        let words: Vec<String> = vi::fold(query)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        self.all()
            .into_iter()
            .filter(|u| {
                let province = self
                    .province_of(u.id)
                    .filter(|p| p.id != u.id)
                    .map(|p| p.name.as_str())
                    .unwrap_or("");
                let hay = vi::fold(&format!("{} {} {province}", u.kind, u.name));
                let hay: Vec<&str> = hay.split_whitespace().collect();
                words
                    .iter()
                    .all(|w| hay.iter().any(|h| h.starts_with(w.as_str())))
            })
            .collect()
    }
}

/// The directory of this node: loaded at first use, reloaded after a change to units.
#[derive(Debug)]
pub(crate) struct Units {
    current: RwLock<Arc<Directory>>,
    stale: AtomicBool,
}

impl Default for Units {
    fn default() -> Self {
        Self {
            current: RwLock::new(Arc::new(Directory::default())),
            stale: AtomicBool::new(true),
        }
    }
}

impl Units {
    /// Mark the directory out of date: the next reader reloads it.
    pub(crate) fn invalidate(&self) {
        self.stale.store(true, Ordering::SeqCst);
    }

    /// The directory as loaded, without waiting or reloading: `None` while another task holds it
    /// for a reload.
    pub(crate) fn now(&self) -> Option<Arc<Directory>> {
        self.current.try_read().ok().map(|d| d.clone())
    }

    pub(crate) async fn get(&self, store: &Store) -> Result<Arc<Directory>> {
        if self.stale.load(Ordering::SeqCst) {
            let mut current = self.current.write().await;
            // Another task may have reloaded it while this one waited.
            if self.stale.swap(false, Ordering::SeqCst) {
                match Directory::load(store).await {
                    Ok(d) => *current = Arc::new(d),
                    Err(e) => {
                        self.stale.store(true, Ordering::SeqCst);
                        return Err(e);
                    }
                }
            }
            return Ok(current.clone());
        }
        Ok(self.current.read().await.clone())
    }
}

/// Every unit below `id` in `children`, however deep, breadth first; at most `bound` of them,
/// which only guards against a cycle in bad data.
fn descendants(children: &HashMap<Id, Vec<Id>>, id: Id, bound: usize) -> Vec<Id> {
    let mut ids: Vec<Id> = children.get(&id).cloned().unwrap_or_default();
    let mut i = 0;
    while i < ids.len() && ids.len() < bound {
        let next = children.get(&ids[i]).cloned().unwrap_or_default();
        ids.extend(next.into_iter().filter(|c| *c != id));
        i += 1;
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use domain::unit::UnitLevel;

    fn unit(
        id: Id,
        kind: &str,
        name: &str,
        parent: Option<Id>,
        to: Option<NaiveDate>,
    ) -> AdminUnit {
        AdminUnit {
            id,
            code: format!("{id:05}"),
            name: name.into(),
            kind: kind.into(),
            level: match (kind, parent) {
                (_, None) => UnitLevel::Province,
                ("quận", _) => UnitLevel::District,
                _ => UnitLevel::Commune,
            },
            parent_id: parent,
            valid_from: NaiveDate::from_ymd_opt(2008, 8, 1).unwrap(),
            valid_to: to,
            slug: domain::unit::base_slug(kind, name),
            host: None,
        }
    }

    fn hanoi() -> Directory {
        let reform = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        Directory::of(
            vec![
                unit(1, "thành phố", "Hà Nội", None, None),
                unit(2, "quận", "Cầu Giấy", Some(1), reform.pred_opt()),
                unit(3, "phường", "Cầu Giấy", Some(1), None),
                unit(4, "phường", "Nghĩa Đô", Some(1), None),
                unit(5, "tỉnh", "Ninh Bình", None, None),
            ],
            Some(2),
            vec![
                Succession {
                    predecessor_id: 2,
                    successor_id: 3,
                    effective_on: reform,
                },
                Succession {
                    predecessor_id: 2,
                    successor_id: 4,
                    effective_on: reform,
                },
            ],
        )
    }

    fn names(units: Vec<&AdminUnit>) -> Vec<String> {
        units.into_iter().map(AdminUnit::full_name).collect()
    }

    #[test]
    fn a_unit_is_found_typed_without_diacritics() {
        let d = hanoi();
        assert_eq!(names(d.matching("nghia do")), vec!["phường Nghĩa Đô"]);
        assert_eq!(
            names(d.matching("Phường NGHĨA ĐÔ")),
            vec!["phường Nghĩa Đô"]
        );
        assert_eq!(
            names(d.matching("cau giay")),
            vec!["phường Cầu Giấy", "quận Cầu Giấy"]
        );
    }

    #[test]
    fn a_commune_is_found_by_its_province_too() {
        let d = hanoi();
        assert_eq!(names(d.matching("phuong ha noi")).len(), 2);
        assert!(d.matching("ninh binh nghia").is_empty());
        assert_eq!(d.matching("").len(), 5);
    }

    #[test]
    fn below_a_city_are_its_wards_and_its_former_district_and_below_a_ward_nothing() {
        let d = hanoi();
        assert_eq!(
            names(d.below(1)),
            vec!["quận Cầu Giấy", "phường Cầu Giấy", "phường Nghĩa Đô"]
        );
        assert!(d.below(4).is_empty());
        assert!(d.below(5).is_empty());
    }

    #[test]
    fn provinces_come_first_then_their_units() {
        let d = hanoi();
        let all = names(d.all());
        assert_eq!(all[0], "thành phố Hà Nội");
        assert_eq!(all.last().unwrap(), "tỉnh Ninh Bình");
    }

    #[test]
    fn a_split_unit_has_both_successors_and_each_successor_its_archive() {
        let d = hanoi();
        assert_eq!(d.successors(2).len(), 2);
        assert_eq!(d.predecessors(4)[0].0.id, 2);
        assert_eq!(d.lineage(3), vec![3, 2]);
        assert_eq!(d.province_of(4).unwrap().id, 1);
        assert_eq!(d.path(4), UnitPath::new(4, &[1]));
    }
}
