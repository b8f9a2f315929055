//! The lot filters shared by `spp report` and `spp export` (parsed by `spp_app::Filter`).

/// The filters, by the names `spp_app::Filter::parse` takes.
#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// First day (YYYY-MM-DD, inclusive; award date, else dispatch date).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// Lead buyer's country (ISO 3166-1 alpha-3, e.g. BEL).
    #[arg(long)]
    pub country: Option<String>,
    /// Lead buyer's NUTS region or a region above it.
    #[arg(long)]
    pub nuts: Option<String>,
    /// Only this buyer (as the `buyer` breakdown names it).
    #[arg(long)]
    pub buyer: Option<String>,
    /// Only this catalogue product group.
    #[arg(long)]
    pub product_group: Option<String>,
    /// Only this procedure type (BT-105 code).
    #[arg(long)]
    pub procedure_type: Option<String>,
    /// Only this CPV division (two digits).
    #[arg(long)]
    pub cpv_division: Option<String>,
}

impl FilterArgs {
    /// The given filters as `name=value` pairs for `spp_app::Filter::parse`.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("from", &self.from),
            ("to", &self.to),
            ("country", &self.country),
            ("nuts", &self.nuts),
            ("buyer", &self.buyer),
            ("product_group", &self.product_group),
            ("procedure_type", &self.procedure_type),
            ("cpv_division", &self.cpv_division),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
        .collect()
    }
}
