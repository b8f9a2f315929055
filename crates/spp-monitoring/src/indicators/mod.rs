//! Every indicator of `indicators.md`, one module each. Adding an indicator means adding a
//! module and one line to the `registry!` list below.

pub mod cmp1;
pub mod cmp3;
pub mod cvd1;
pub mod epr1;
pub mod gpp1;
pub mod gpp2;
pub mod inn1;
pub mod sme1;
pub mod sme2;
pub mod sme3;
pub mod soc1;
pub mod spd1;
pub mod spp1;
pub mod spp2;

use crate::indicator::{Finding, Indicator, Meta};
use crate::measure::Measure;
use crate::prepared::Prepared;

macro_rules! registry {
    ($($field:ident : $ty:ty),+ $(,)?) => {
        /// All indicators, in report order.
        #[derive(Debug, Default, Clone, Copy)]
        pub struct Indicators {
            $(pub $field: $ty,)+
        }

        /// The partial results of every indicator for one group.
        #[derive(Debug, Default, Clone)]
        pub struct Partials {
            $(pub $field: <$ty as Indicator>::Partial,)+
        }

        impl Indicators {
            pub fn fold(&self, partials: &mut Partials, record: &Prepared) {
                $(self.$field.fold(&mut partials.$field, record);)+
            }

            pub fn merge(&self, into: &mut Partials, other: Partials) {
                $(self.$field.merge(&mut into.$field, other.$field);)+
            }

            pub fn finalize(&self, partials: &Partials) -> Vec<(&'static Meta, Vec<Measure>)> {
                vec![$((self.$field.meta(), self.$field.finalize(&partials.$field)),)+]
            }

            pub fn explain(&self, record: &Prepared) -> Vec<Finding> {
                let mut out = Vec::new();
                $(out.extend(self.$field.explain(record));)+
                out
            }

            pub fn metas(&self) -> Vec<&'static Meta> {
                vec![$(self.$field.meta(),)+]
            }
        }

        impl crate::cube::flatten::Flatten for Partials {
            fn flatten(&self, out: &mut crate::cube::flat::Flat) {
                $(self.$field.flatten(out);)+
            }
            fn unflatten(
                r: &mut crate::cube::flat::FlatReader,
            ) -> Result<Self, crate::cube::CubeError> {
                Ok(Partials {
                    $($field: crate::cube::flatten::Flatten::unflatten(r)?,)+
                })
            }
        }
    };
}

registry!(
    spp2: spp2::Spp2,
    spp1: spp1::Spp1,
    gpp1: gpp1::Gpp1,
    gpp2: gpp2::Gpp2,
    soc1: soc1::Soc1,
    inn1: inn1::Inn1,
    cvd1: cvd1::Cvd1,
    sme1: sme1::Sme1,
    sme2: sme2::Sme2,
    sme3: sme3::Sme3,
    epr1: epr1::Epr1,
    cmp1: cmp1::Cmp1,
    cmp3: cmp3::Cmp3,
    spd1: spd1::Spd1,
);
