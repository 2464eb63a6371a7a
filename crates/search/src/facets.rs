//! A tantivy collector counting matches by kind and by year, for the facets of a result page.

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

#[derive(Default)]
pub(crate) struct Counts {
    kinds: BTreeMap<u64, u64>,
    years: BTreeMap<i64, u64>,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        for (k, n) in other.kinds {
            *self.kinds.entry(k).or_default() += n;
        }
        for (y, n) in other.years {
            *self.years.entry(y).or_default() += n;
        }
    }

    /// The counts as facets: kinds in [`Kind::ALL`] order, years newest first.
    pub fn into_facets(self) -> Facets {
        let kinds = Kind::ALL
            .into_iter()
            .filter_map(|k| self.kinds.get(&k.code()).map(|&n| (k, n)))
            .collect();
        let years = self
            .years
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

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let kind = self.kind_column.as_ref().and_then(|c| c.first(doc));
        let year = self.year_column.as_ref().and_then(|c| c.first(doc));
        let kind_wanted = self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.contains(&k));
        let year_wanted = self.year.is_none() || year == self.year;
        if year_wanted {
            if let Some(k) = kind {
                *self.counts.kinds.entry(k).or_default() += 1;
            }
        }
        if kind_wanted {
            if let Some(y) = year {
                *self.counts.years.entry(y).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}
