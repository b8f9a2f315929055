//! Every partial result as a [`Flat`] and back. The distinct sets (SME-1's winners, SME-3's
//! procedures) are not flattened: the cube keeps their counts (`counted`) and the entities
//! that span several cells beside the cells (see `contribution`).

use std::collections::BTreeMap;

use spp_domain::SourceFormat;

use super::flat::{Flat, FlatReader};
use super::CubeError;
use crate::facts::LotFacts;
use crate::indicator::{PerStage, ShareTally};
use crate::indicators::cvd1::Cvd1Partial;
use crate::indicators::gpp2::Gpp2Partial;
use crate::indicators::sme1::Sme1Partial;
use crate::indicators::sme2::Sme2Partial;
use crate::indicators::sme3::{ProcedureCounts, Procedures};
use crate::indicators::soc1::Soc1Partial;
use crate::indicators::spd1::Spd1Partial;
use crate::sum::Sum;
use crate::winners::WinnerCounts;

/// A partial result written into a [`Flat`] and read back in the same order.
pub trait Flatten: Sized {
    fn flatten(&self, out: &mut Flat);
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError>;
}

impl Flatten for u64 {
    fn flatten(&self, out: &mut Flat) {
        out.count(*self);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        r.count()
    }
}

impl Flatten for Sum {
    fn flatten(&self, out: &mut Flat) {
        out.sum(self);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        r.sum()
    }
}

impl Flatten for BTreeMap<String, u64> {
    fn flatten(&self, out: &mut Flat) {
        out.map(self);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        r.map()
    }
}

impl<T: Flatten> Flatten for [T; 3] {
    fn flatten(&self, out: &mut Flat) {
        self.iter().for_each(|t| t.flatten(out));
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        Ok([T::unflatten(r)?, T::unflatten(r)?, T::unflatten(r)?])
    }
}

/// Flatten a struct field by field.
macro_rules! fields {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl Flatten for $ty {
            fn flatten(&self, out: &mut Flat) {
                $(self.$field.flatten(out);)+
            }
            fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
                Ok($ty { $($field: Flatten::unflatten(r)?,)+ })
            }
        }
    };
}

fields!(ShareTally {
    universe,
    reported,
    numerator,
    denominator,
    value_numerator,
    value_denominator,
    value_unknown,
    unconverted,
});
fields!(Gpp2Partial { total, by_code });
fields!(Soc1Partial { all, reported });
fields!(Cvd1Partial {
    lots_in_scope,
    lots_with_counts,
    vehicles,
    clean_or_zero_emission,
    capped_lots,
    implausible_lots,
});
fields!(Sme2Partial {
    lots,
    lots_reported,
    sme_tenders,
    tenders,
});
fields!(Spd1Partial {
    awarded_lots,
    valued_lots,
    spend,
    value_unknown,
    unconverted,
    ceiling_lots,
    ceilings,
    ceiling_unconverted,
});
fields!(WinnerCounts {
    winners,
    known,
    sme,
    any_sme,
});
fields!(ProcedureCounts {
    procedures,
    divided
});

impl<T: Flatten> Flatten for PerStage<T> {
    fn flatten(&self, out: &mut Flat) {
        self.call.flatten(out);
        self.award.flatten(out);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        Ok(PerStage {
            call: T::unflatten(r)?,
            award: T::unflatten(r)?,
        })
    }
}

impl Flatten for Sme1Partial {
    fn flatten(&self, out: &mut Flat) {
        self.counted.flatten(out);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        Ok(Sme1Partial {
            counted: WinnerCounts::unflatten(r)?,
            ..Sme1Partial::default()
        })
    }
}

impl Flatten for Procedures {
    fn flatten(&self, out: &mut Flat) {
        self.counted.flatten(out);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        Ok(Procedures::counted_only(ProcedureCounts::unflatten(r)?))
    }
}

impl Flatten for LotFacts {
    fn flatten(&self, out: &mut Flat) {
        for n in [
            self.lots,
            self.lots_strategic_reported,
            self.lots_env_imp,
            self.lots_soc_obj,
            self.lots_inn_pur,
            self.lots_gpp_criteria,
        ] {
            out.count(n);
        }
        let history: BTreeMap<String, u64> = self
            .by_year_format
            .iter()
            .map(|((year, format), n)| {
                let year = year.map_or_else(String::new, |y| y.to_string());
                let format = format.map_or("", |f| f.as_str());
                (format!("{year}|{format}"), *n)
            })
            .collect();
        out.map(&history);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        let mut facts = LotFacts {
            lots: r.count()?,
            lots_strategic_reported: r.count()?,
            lots_env_imp: r.count()?,
            lots_soc_obj: r.count()?,
            lots_inn_pur: r.count()?,
            lots_gpp_criteria: r.count()?,
            by_year_format: BTreeMap::new(),
        };
        for (key, n) in r.map()? {
            let (year, format) = key.split_once('|').ok_or(CubeError::corrupt("history"))?;
            let year = match year {
                "" => None,
                y => Some(y.parse().map_err(|_| CubeError::corrupt("history year"))?),
            };
            let format = match format {
                "" => None,
                "eforms" => Some(SourceFormat::Eforms),
                "ted-xml" => Some(SourceFormat::TedXml),
                _ => return Err(CubeError::corrupt("history format")),
            };
            facts.by_year_format.insert((year, format), n);
        }
        Ok(facts)
    }
}
