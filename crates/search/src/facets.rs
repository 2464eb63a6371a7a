//! A tantivy collector counting matches by kind, by year and in all, for the facets and the total
//! of a result page.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::{Facets, Kind};

/// Counts by kind (among records of the wanted year) and by year (among records of the wanted
/// kinds) in one pass; see [`Facets`].
pub(crate) struct FacetCollector {
    /// Kind codes the query is limited to; empty for all.
    pub kinds: Vec<u64>,
    /// The year the query is limited to.
    pub year: Option<i64>,
}

/// First year counted in an array; others go to a map.
const YEAR_BASE: i64 = 1900;
/// Years counted in an array, from [`YEAR_BASE`].
const YEARS: usize = 300;
/// Kind codes counted (codes are 1..=8).
const KINDS: usize = 16;

/// Counts of matches by kind, by year, and in all. Arrays rather than maps: counting runs once
/// per match, and a query may match every record.
pub(crate) struct Counts {
    kinds: [u64; KINDS],
    years: Box<[u64; YEARS]>,
    other_years: BTreeMap<i64, u64>,
    /// Matches passing both the kind and the year filters.
    pub total: u64,
    /// Matches, whatever their kind and year.
    pub seen: u64,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            kinds: [0; KINDS],
            years: Box::new([0; YEARS]),
            other_years: BTreeMap::new(),
            total: 0,
            seen: 0,
        }
    }
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        for (a, b) in self.kinds.iter_mut().zip(other.kinds) {
            *a += b;
        }
        for (a, b) in self.years.iter_mut().zip(other.years.iter()) {
            *a += b;
        }
        for (y, n) in other.other_years {
            *self.other_years.entry(y).or_default() += n;
        }
        self.total += other.total;
        self.seen += other.seen;
    }

    fn count_kind(&mut self, kind: u64) {
        if let Some(n) = usize::try_from(kind)
            .ok()
            .and_then(|k| self.kinds.get_mut(k))
        {
            *n += 1;
        }
    }

    fn count_year(&mut self, year: i64) {
        let slot = usize::try_from(year - YEAR_BASE).ok();
        match slot.and_then(|i| self.years.get_mut(i)) {
            Some(n) => *n += 1,
            None => *self.other_years.entry(year).or_default() += 1,
        }
    }

    /// Every count multiplied by `factor`, for counts made on a sample.
    pub fn scaled(mut self, factor: u64) -> Counts {
        for n in self.kinds.iter_mut().chain(self.years.iter_mut()) {
            *n *= factor;
        }
        for n in self.other_years.values_mut() {
            *n *= factor;
        }
        self.total *= factor;
        self.seen *= factor;
        self
    }

    /// The counts as facets: kinds in [`Kind::ALL`] order, years newest first.
    pub fn into_facets(self) -> Facets {
        let kinds = Kind::ALL
            .into_iter()
            .filter_map(|k| {
                let n = self.kinds.get(k.code() as usize).copied().unwrap_or(0);
                (n > 0).then_some((k, n))
            })
            .collect();
        let mut years: BTreeMap<i64, u64> = self.other_years;
        for (i, &n) in self.years.iter().enumerate() {
            if n > 0 {
                years.insert(YEAR_BASE + i as i64, n);
            }
        }
        let years = years
            .into_iter()
            .rev()
            .filter_map(|(y, n)| i32::try_from(y).ok().map(|y| (y, n)))
            .collect();
        Facets { kinds, years }
    }
}

pub(crate) struct FacetSegmentCollector {
    kind_column: Option<Column<u64>>,
    year_column: Option<Column<i64>>,
    kinds: Vec<u64>,
    year: Option<i64>,
    counts: Counts,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = segment.fast_fields();
        Ok(FacetSegmentCollector {
            kind_column: fast.column_opt::<u64>("kind")?,
            year_column: fast.column_opt::<i64>("year")?,
            kinds: self.kinds.clone(),
            year: self.year,
            counts: Counts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total = Counts::default();
        for fruit in fruits {
            total.add(fruit);
        }
        Ok(total)
    }
}

impl FacetSegmentCollector {
    /// Counts `doc`; returns whether it passes the kind and year filters.
    pub fn count(&mut self, doc: DocId) -> bool {
        let kind = self.kind_column.as_ref().and_then(|c| c.first(doc));
        let year = self.year_column.as_ref().and_then(|c| c.first(doc));
        let kind_wanted = self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.contains(&k));
        let year_wanted = self.year.is_none() || year == self.year;
        self.counts.seen += 1;
        if year_wanted {
            if let Some(k) = kind {
                self.counts.count_kind(k);
            }
        }
        if kind_wanted {
            if let Some(y) = year {
                self.counts.count_year(y);
            }
        }
        let wanted = kind_wanted && year_wanted;
        if wanted {
            self.counts.total += 1;
        }
        wanted
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count(doc);
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}
