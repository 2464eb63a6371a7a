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

/// One pass over the matches of a query for a result page: the facet counts, the number of
/// matches passing the kind and year filters, and the best `keep` of those by score (ties by
/// document address), so that a page costs one scored pass instead of one for the hits and one
/// for the facets.
pub(crate) struct PageCollector {
    pub facets: FacetCollector,
    /// How many of the best matches to keep: the page's offset plus its length.
    pub keep: usize,
}

/// What a [`PageCollector`] gathers.
pub(crate) struct PageFruit {
    pub counts: Counts,
    pub total: usize,
    /// Best first.
    pub best: Vec<(Score, tantivy::DocAddress)>,
}

/// A score ordered for a min-heap of the best matches: by score, then the earlier document first.
#[derive(Clone, Copy, PartialEq)]
struct Ranked(Score, tantivy::DocAddress);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    /// Greater is better: a higher score, or the same score and an earlier document.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

pub(crate) struct PageSegmentCollector {
    facets: FacetSegmentCollector,
    segment: SegmentOrdinal,
    keep: usize,
    total: usize,
    /// The best matches so far, the worst on top.
    heap: std::collections::BinaryHeap<std::cmp::Reverse<Ranked>>,
}

impl Collector for PageCollector {
    type Fruit = PageFruit;
    type Child = PageSegmentCollector;

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<PageSegmentCollector> {
        Ok(PageSegmentCollector {
            facets: self.facets.for_segment(segment_local_id, segment)?,
            segment: segment_local_id,
            keep: self.keep,
            total: 0,
            heap: std::collections::BinaryHeap::with_capacity(self.keep + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<PageFruit>) -> tantivy::Result<PageFruit> {
        let mut counts = Counts::default();
        let mut total = 0;
        let mut best: Vec<Ranked> = Vec::new();
        for fruit in fruits {
            counts.add(fruit.counts);
            total += fruit.total;
            best.extend(fruit.best.into_iter().map(|(s, a)| Ranked(s, a)));
        }
        best.sort_by(|a, b| b.cmp(a));
        best.truncate(self.keep);
        Ok(PageFruit {
            counts,
            total,
            best: best.into_iter().map(|Ranked(s, a)| (s, a)).collect(),
        })
    }
}

impl SegmentCollector for PageSegmentCollector {
    type Fruit = PageFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let f = &mut self.facets;
        let kind = f.kind_column.as_ref().and_then(|c| c.first(doc));
        let year = f.year_column.as_ref().and_then(|c| c.first(doc));
        let kind_wanted = f.kinds.is_empty() || kind.is_some_and(|k| f.kinds.contains(&k));
        let year_wanted = f.year.is_none() || year == f.year;
        if year_wanted {
            if let Some(k) = kind {
                *f.counts.kinds.entry(k).or_default() += 1;
            }
        }
        if kind_wanted {
            if let Some(y) = year {
                *f.counts.years.entry(y).or_default() += 1;
            }
        }
        if !(kind_wanted && year_wanted) || self.keep == 0 {
            if kind_wanted && year_wanted {
                self.total += 1;
            }
            return;
        }
        self.total += 1;
        let ranked = Ranked(score, tantivy::DocAddress::new(self.segment, doc));
        if self.heap.len() < self.keep {
            self.heap.push(std::cmp::Reverse(ranked));
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if ranked > worst.0 {
                *worst = std::cmp::Reverse(ranked);
            }
        }
    }

    fn harvest(self) -> PageFruit {
        let mut best: Vec<Ranked> = self.heap.into_iter().map(|r| r.0).collect();
        best.sort_by(|a, b| b.cmp(a));
        PageFruit {
            counts: self.facets.counts,
            total: self.total,
            best: best.into_iter().map(|Ranked(s, a)| (s, a)).collect(),
        }
    }
}
