//! Turning column values back into domain types; a value that does not parse is reported as corrupt
//! data with its table and column, never as a panic.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{Result, StoreError};

pub(crate) fn date(table: &'static str, column: &'static str, row: &AnyRow) -> Result<NaiveDate> {
    let s: String = row.try_get(column)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
        table,
        column,
        value: s,
    })
}

pub(crate) fn opt_date(
    table: &'static str,
    column: &'static str,
    row: &AnyRow,
) -> Result<Option<NaiveDate>> {
    let s: Option<String> = row.try_get(column)?;
    s.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
            table,
            column,
            value: s,
        })
    })
    .transpose()
}

pub(crate) fn decimal(table: &'static str, column: &'static str, row: &AnyRow) -> Result<Decimal> {
    // Borrowed: a roll-up decodes some 200,000 of them.
    let s: &str = row.try_get(column)?;
    s.parse().map_err(|_| StoreError::Corrupt {
        table,
        column,
        value: s.to_string(),
    })
}

pub(crate) fn opt_decimal(
    table: &'static str,
    column: &'static str,
    row: &AnyRow,
) -> Result<Option<Decimal>> {
    let s: Option<&str> = row.try_get(column)?;
    s.map(|s| {
        s.parse().map_err(|_| StoreError::Corrupt {
            table,
            column,
            value: s.to_string(),
        })
    })
    .transpose()
}

/// A code column parsed by the domain type's own `parse`.
pub(crate) fn code<T>(
    table: &'static str,
    column: &'static str,
    row: &AnyRow,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T> {
    let s: &str = row.try_get(column)?;
    parse(s).ok_or_else(|| StoreError::Corrupt {
        table,
        column,
        value: s.to_string(),
    })
}

pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

pub(crate) fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub(crate) fn opt_iso(date: Option<NaiveDate>) -> Option<String> {
    date.map(iso)
}
