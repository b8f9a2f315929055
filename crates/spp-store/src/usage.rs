//! Usage counters of the guide and the good-practice fiches (migration 40): hits per UTC day,
//! page, subject and event, incremented in one statement so that concurrent requests add up.
//! Which requests count (not bots, not HEAD) is decided by the caller (spp-app).

use chrono::NaiveDate;
use serde::Serialize;

use crate::{Pool, Store, StoreError};

/// What kind of page was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsagePage {
    /// A product group's page of the guide (the subject is the group id).
    Guide,
    /// A good-practice fiche (the subject is the fiche id).
    Practice,
}

/// What was done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageEvent {
    View,
    Download,
}

impl UsagePage {
    pub fn as_str(&self) -> &'static str {
        match self {
            UsagePage::Guide => "guide",
            UsagePage::Practice => "practice",
        }
    }
    fn parse(s: &str) -> Option<UsagePage> {
        [UsagePage::Guide, UsagePage::Practice]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

impl UsageEvent {
    pub fn as_str(&self) -> &'static str {
        match self {
            UsageEvent::View => "view",
            UsageEvent::Download => "download",
        }
    }
    fn parse(s: &str) -> Option<UsageEvent> {
        [UsageEvent::View, UsageEvent::Download]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

/// One use of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageHit {
    pub day: NaiveDate,
    pub page: UsagePage,
    pub subject: String,
    pub event: UsageEvent,
    /// The product group the subject belongs to (for a guide page: the subject itself).
    pub product_group: String,
}

/// The hits of one subject and event over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageCount {
    pub page: UsagePage,
    pub subject: String,
    pub event: UsageEvent,
    pub product_group: String,
    pub hits: u64,
}

type Summed = (String, String, String, String, i64);

impl Store {
    /// Adds one hit.
    pub async fn count_usage(&self, hit: &UsageHit) -> Result<(), StoreError> {
        let q = "INSERT INTO usage_counts (day, page, subject, event, product_group, hits) \
                 VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (day, page, subject, event) \
                 DO UPDATE SET hits = usage_counts.hits + 1";
        let day = hit.day.format("%Y-%m-%d").to_string();
        on_pool!(self, pool => sqlx::query(q)
            .bind(&day)
            .bind(hit.page.as_str())
            .bind(&hit.subject)
            .bind(hit.event.as_str())
            .bind(&hit.product_group)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The hits of the days `from..=to`, summed per page, subject and event, in that order.
    pub async fn usage(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UsageCount>, StoreError> {
        let q = "SELECT page, subject, event, product_group, CAST(SUM(hits) AS BIGINT) \
                 FROM usage_counts WHERE day >= $1 AND day <= $2 \
                 GROUP BY page, subject, event, product_group ORDER BY page, subject, event";
        let (from, to) = (
            from.format("%Y-%m-%d").to_string(),
            to.format("%Y-%m-%d").to_string(),
        );
        let rows: Vec<Summed> = on_pool!(self, pool => sqlx::query_as(q)
            .bind(&from)
            .bind(&to)
            .fetch_all(pool)
            .await?);
        rows.into_iter()
            .map(|(page, subject, event, product_group, hits)| {
                let bad = || StoreError::Corrupt {
                    what: format!("usage count of {page} {subject:?}"),
                    reason: format!("unknown page {page:?} or event {event:?}"),
                };
                Ok(UsageCount {
                    page: UsagePage::parse(&page).ok_or_else(bad)?,
                    event: UsageEvent::parse(&event).ok_or_else(bad)?,
                    subject,
                    product_group,
                    hits: u64::try_from(hits).unwrap_or(0),
                })
            })
            .collect()
    }
}
