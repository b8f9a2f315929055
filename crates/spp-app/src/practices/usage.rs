//! How much the guide and the good-practice fiches are used (docs/INDICATORS.md, USE-1):
//! which requests count ([`PageUse::counts`]), the counter, and the report per product group
//! and fiche over a period, as a [`Doc`] in nl, fr or en (text, XLSX, HTML) or JSON.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use spp_catalogue::Lang;
use spp_store::usage::UsageHit;
pub use spp_store::usage::{UsageEvent, UsagePage};

use crate::error::{AppError, AppResult};
use crate::reports::doc::{Cell, Doc, Section, Table};
use crate::reports::tr;
use crate::App;

/// Words in a user agent that mark a robot, a link checker or a scripted client (lower case).
const ROBOTS: [&str; 12] = [
    "bot", "crawl", "spider", "slurp", "preview", "fetch", "monitor", "curl", "wget", "python",
    "headless", "scan",
];

/// One request for a guide page or a fiche, as the web front end saw it.
#[derive(Debug, Clone)]
pub struct PageUse<'a> {
    pub day: NaiveDate,
    /// The HTTP method.
    pub method: &'a str,
    pub user_agent: Option<&'a str>,
    pub page: UsagePage,
    /// The product group id (guide) or the fiche id.
    pub subject: &'a str,
    pub event: UsageEvent,
}

impl PageUse<'_> {
    /// Whether the request counts: a GET from a client that names itself and is no robot.
    pub fn counts(&self) -> bool {
        let Some(agent) = self.user_agent.map(str::trim).filter(|a| !a.is_empty()) else {
            return false;
        };
        let agent = agent.to_ascii_lowercase();
        self.method == "GET" && !ROBOTS.iter().any(|r| agent.contains(r))
    }
}

/// The uses of one fiche.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FicheUse {
    pub id: String,
    pub views: u64,
    pub downloads: u64,
}

/// The uses of one product group's guide page and of its fiches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupUse {
    pub group: String,
    pub guide_views: u64,
    pub guide_downloads: u64,
    pub fiche_views: u64,
    pub fiche_downloads: u64,
    pub fiches: Vec<FicheUse>,
}

/// USE-1 over the days `from..=to`: every product group of the catalogue, each with every
/// fiche of the library (zeros included) and any fiche counted that is no longer there.
#[derive(Debug, Clone, Serialize)]
pub struct UsageReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub groups: Vec<GroupUse>,
    pub total_views: u64,
    pub total_downloads: u64,
}

/// A period of days: `2025` (the year), `2025-03` (the month) or `2025-01-01..2025-06-30`.
pub fn parse_period(raw: &str) -> AppResult<(NaiveDate, NaiveDate)> {
    let bad = |why: &str| AppError::bad_input("period", raw, why);
    let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (from, to) = if let Some((a, b)) = raw.split_once("..") {
        (day(a), day(b))
    } else if let Ok(y) = raw.trim().parse::<i32>() {
        (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        )
    } else {
        let first = day(&format!("{}-01", raw.trim()));
        let next = first.and_then(|f| f.checked_add_months(chrono::Months::new(1)));
        (first, next.and_then(|n| n.pred_opt()))
    };
    match (from, to) {
        (Some(f), Some(t)) if f <= t => Ok((f, t)),
        (Some(_), Some(_)) => Err(bad("the first day is after the last")),
        _ => Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD")),
    }
}

impl App {
    /// Counts one request when [`PageUse::counts`]; says whether it counted. A fiche or group
    /// the library does not know is not counted.
    pub async fn record_use(&self, u: &PageUse<'_>) -> AppResult<bool> {
        if !u.counts() {
            return Ok(false);
        }
        let group = match u.page {
            UsagePage::Guide => self.catalogue().group(u.subject).map(|g| g.id.clone()),
            UsagePage::Practice => self
                .practice(u.subject)
                .await
                .ok()
                .map(|l| l.practice.product_group),
        };
        let Some(product_group) = group else {
            return Ok(false);
        };
        let hit = UsageHit {
            day: u.day,
            page: u.page,
            subject: u.subject.to_string(),
            event: u.event,
            product_group,
        };
        self.store().count_usage(&hit).await?;
        Ok(true)
    }

    /// The usage report of the days `from..=to`.
    pub async fn usage_report(&self, from: NaiveDate, to: NaiveDate) -> AppResult<UsageReport> {
        let counts = self.store().usage(from, to).await?;
        let mut groups: BTreeMap<String, GroupUse> = BTreeMap::new();
        let order: Vec<String> = self
            .catalogue()
            .groups()
            .iter()
            .map(|g| g.id.clone())
            .collect();
        for id in &order {
            groups.insert(
                id.clone(),
                GroupUse {
                    group: id.clone(),
                    ..GroupUse::default()
                },
            );
        }
        for l in self.practices(None).await? {
            let g = groups.entry(l.practice.product_group.clone()).or_default();
            g.fiches.push(FicheUse {
                id: l.practice.id,
                ..FicheUse::default()
            });
        }
        for c in counts {
            let g = groups
                .entry(c.product_group.clone())
                .or_insert_with(|| GroupUse {
                    group: c.product_group.clone(),
                    ..GroupUse::default()
                });
            add(g, c.page, &c.subject, c.event, c.hits);
        }
        let mut list: Vec<GroupUse> = order.iter().filter_map(|id| groups.remove(id)).collect();
        list.extend(groups.into_values());
        let total_views = list.iter().map(|g| g.guide_views + g.fiche_views).sum();
        let total_downloads = list
            .iter()
            .map(|g| g.guide_downloads + g.fiche_downloads)
            .sum();
        Ok(UsageReport {
            from,
            to,
            groups: list,
            total_views,
            total_downloads,
        })
    }
}

fn add(g: &mut GroupUse, page: UsagePage, subject: &str, event: UsageEvent, hits: u64) {
    match (page, event) {
        (UsagePage::Guide, UsageEvent::View) => g.guide_views += hits,
        (UsagePage::Guide, UsageEvent::Download) => g.guide_downloads += hits,
        (UsagePage::Practice, _) => {
            let f = match g.fiches.iter().position(|f| f.id == subject) {
                Some(i) => &mut g.fiches[i],
                None => {
                    g.fiches.push(FicheUse {
                        id: subject.to_string(),
                        ..FicheUse::default()
                    });
                    g.fiches.last_mut().expect("just pushed")
                }
            };
            match event {
                UsageEvent::View => {
                    f.views += hits;
                    g.fiche_views += hits;
                }
                UsageEvent::Download => {
                    f.downloads += hits;
                    g.fiche_downloads += hits;
                }
            }
        }
    }
}

impl UsageReport {
    /// The report as a document in `lang` (product groups by their catalogue name, each
    /// followed by its fiches).
    pub fn doc(&self, app: &App, lang: Lang) -> Doc {
        let headers = [
            tr(
                lang,
                "Productgroep / fiche",
                "Groupe de produits / fiche",
                "Product group / fiche",
            ),
            tr(lang, "Gids bekeken", "Guide consulté", "Guide views"),
            tr(
                lang,
                "Gids gedownload",
                "Guide téléchargé",
                "Guide downloads",
            ),
            tr(lang, "Fiches bekeken", "Fiches consultées", "Fiche views"),
            tr(
                lang,
                "Fiches gedownload",
                "Fiches téléchargées",
                "Fiche downloads",
            ),
        ];
        let mut rows = Vec::new();
        for g in &self.groups {
            rows.push(vec![
                Cell::Text(app.group_name(&g.group, lang)),
                Cell::Count(g.guide_views),
                Cell::Count(g.guide_downloads),
                Cell::Count(g.fiche_views),
                Cell::Count(g.fiche_downloads),
            ]);
            for f in &g.fiches {
                let blank = || Cell::Text(String::new());
                rows.push(vec![
                    Cell::Text(format!("\u{a0}\u{a0}{}", f.id)),
                    blank(),
                    blank(),
                    Cell::Count(f.views),
                    Cell::Count(f.downloads),
                ]);
            }
        }
        let total = tr(lang, "Totaal", "Total", "Total");
        rows.push(vec![
            Cell::Text(total.to_string()),
            Cell::Count(self.groups.iter().map(|g| g.guide_views).sum()),
            Cell::Count(self.groups.iter().map(|g| g.guide_downloads).sum()),
            Cell::Count(self.groups.iter().map(|g| g.fiche_views).sum()),
            Cell::Count(self.groups.iter().map(|g| g.fiche_downloads).sum()),
        ]);
        let rule = tr(
            lang,
            "Geteld: elke GET-aanvraag van een gidspagina van een productgroep, van een fiche of van hun download, per dag (UTC); robots, scripts zonder browsernaam en HEAD-aanvragen tellen niet mee (USE-1).",
            "Compté : chaque requête GET d'une page du guide d'un groupe de produits, d'une fiche ou de leur téléchargement, par jour (UTC) ; les robots, les scripts sans nom de navigateur et les requêtes HEAD ne sont pas comptés (USE-1).",
            "Counted: every GET request for a product group's guide page, a fiche or their download, per day (UTC); robots, scripts without a browser name and HEAD requests are not counted (USE-1).",
        );
        Doc {
            lang,
            title: tr(
                lang,
                "Gebruik van de criteriagids en de goede praktijken",
                "Utilisation du guide des critères et des bonnes pratiques",
                "Use of the criteria guide and the good practices",
            )
            .to_string(),
            subtitle: format!("{} – {}", self.from, self.to),
            sections: vec![Section {
                heading: tr(
                    lang,
                    "Per productgroep en fiche",
                    "Par groupe de produits et fiche",
                    "By product group and fiche",
                )
                .to_string(),
                paragraphs: vec![rule.to_string()],
                table: Some(Table {
                    headers: headers.iter().map(|h| h.to_string()).collect(),
                    rows,
                }),
            }],
        }
    }
}
