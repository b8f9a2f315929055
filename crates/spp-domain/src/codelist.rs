//! eForms code lists as typed values.
//!
//! Every list is an enum with one variant per code of SDK 1.3–1.15 plus `Unknown(String)`:
//! a code that spp does not know is kept as it was written and can be flagged by the parser,
//! never dropped. `as_str` gives back the exact code, so values round-trip.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A code list: its eForms list id and the codes it knows.
pub trait CodeList: Sized {
    /// The eForms list id (`@listName` value, e.g. `strategic-procurement`).
    const LIST: &'static str;
    /// Every code the list knows.
    const CODES: &'static [&'static str];
    /// Parse a code; unknown codes become `Unknown`.
    fn parse(code: &str) -> Self;
    /// The code as written in eForms.
    fn as_str(&self) -> &str;
    /// `false` for a code that is not in the list.
    fn is_known(&self) -> bool;
    /// The position of a known code in [`CodeList::CODES`]; `None` for an unknown code.
    fn index(&self) -> Option<usize>;
    /// The known code at `index` in [`CodeList::CODES`].
    fn from_index(index: usize) -> Option<Self>;
}

macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident, $list:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
            /// A code that is not in this list (kept verbatim).
            Unknown(String),
        }

        impl CodeList for $name {
            const LIST: &'static str = $list;
            const CODES: &'static [&'static str] = &[$($code),+];
            fn parse(code: &str) -> Self {
                match code.trim() {
                    $($code => Self::$variant,)+
                    other => Self::Unknown(other.to_string()),
                }
            }
            fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)+
                    Self::Unknown(s) => s,
                }
            }
            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
            fn index(&self) -> Option<usize> {
                Self::KNOWN.iter().position(|k| k == self)
            }
            fn from_index(index: usize) -> Option<Self> {
                Self::KNOWN.get(index).cloned()
            }
        }

        impl $name {
            /// The known codes, in the order of [`CodeList::CODES`].
            const KNOWN: &'static [$name] = &[$($name::$variant),+];
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(<Self as CodeList>::parse(s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(<Self as CodeList>::parse(&s))
            }
        }
    };
}

code_list!(
    /// BT-03 form type (`cbc:NoticeTypeCode/@listName`). `change` existed before SDK 1.9.
    FormType, "form-type", {
        Planning => "planning", Competition => "competition", Result => "result",
        DirectAwardPreannouncement => "dir-awa-pre", ContractModification => "cont-modif",
        Completion => "completion", Consultation => "consultation",
        BusinessRegistration => "bri", Change => "change",
    }
);

code_list!(
    /// BT-06 strategic procurement.
    StrategicProcurement, "strategic-procurement", {
        EnvImp => "env-imp", SocObj => "soc-obj", InnPur => "inn-pur", None => "none",
    }
);

code_list!(
    /// BT-774 green procurement (environmental impact). Pre-1.3 codes are kept too.
    EnvironmentalImpact, "environmental-impact", {
        BiodivEco => "biodiv-eco", CircEcon => "circ-econ", ClimAdapt => "clim-adapt",
        ClimMitig => "clim-mitig", PolluPrev => "pollu-prev", WaterMar => "water-mar",
        Other => "other",
        EmasCom => "emas-com", EneEfCom => "ene-ef-com", Iso14001Com => "iso-14001-com",
        Iso14024Com => "iso-14024-com", Reg8342007Com => "reg-834-2007-com",
    }
);

code_list!(
    /// BT-775 social objective (old list name `social-procurement` is accepted by the parser).
    SocialObjective, "social-objective", {
        AccAll => "acc-all", EtEq => "et-eq", GenEq => "gen-eq", HumRight => "hum-right",
        Opp => "opp", Other => "other", WorkCond => "work-cond",
    }
);

code_list!(
    /// BT-776 procurement of innovation (codes removed in 1.7 are still read).
    InnovativeAcquisition, "innovative-acquisition", {
        MarNov => "mar-nov", ProcInnov => "proc-innov", ProdInnov => "prod-innov", RdAct => "rd-act",
        BuyEff => "buy-eff", FpRequ => "fp-requ", OrgNov => "org-nov", Other => "other",
    }
);

code_list!(
    /// BT-805 green procurement criteria.
    GppCriteria, "gpp-criteria", {
        Eu => "eu", National => "national", Other => "other", None => "none",
    }
);

code_list!(
    /// BT-735 clean-vehicle contract type.
    CvdContractType, "cvd-contract-type", {
        VehicleAcquisition => "veh-acq", PassengerTransport => "pass-tran-serv",
        OtherService => "oth-serv-contr",
    }
);

code_list!(
    /// BT-723 vehicle category.
    VehicleCategory, "vehicle-category", {
        M1 => "m1", M1M2N1 => "m1-m2-n1", M2 => "m2", M3 => "m3", N1 => "n1", N2 => "n2",
        N2N3 => "n2-n3", N3 => "n3",
    }
);

code_list!(
    /// OPT-155 vehicle type (which count OPT-156 is).
    VehicleType, "vehicles", {
        All => "vehicles", Clean => "vehicles-clean", ZeroEmission => "vehicles-zero-emission",
    }
);

code_list!(
    /// BT-539 award criterion type.
    AwardCriterionType, "award-criterion-type", {
        Price => "price", Cost => "cost", Quality => "quality",
    }
);

code_list!(
    /// BT-105 procedure type.
    ProcedureType, "procurement-procedure-type", {
        Open => "open", Restricted => "restricted", CompDial => "comp-dial", Innovation => "innovation",
        NegWCall => "neg-w-call", NegWoCall => "neg-wo-call", OthMult => "oth-mult",
        OthSingle => "oth-single", CompTend => "comp-tend", ExpIntRail => "exp-int-rail",
    }
);

code_list!(
    /// BT-165 economic operator size.
    CompanySize, "economic-operator-size", {
        Micro => "micro", Small => "small", Medium => "medium", Sme => "sme", Large => "large",
    }
);

impl CompanySize {
    /// `Some(true)` for micro/small/medium/sme, `Some(false)` for large, `None` for an unknown code.
    pub fn is_sme(&self) -> Option<bool> {
        match self {
            Self::Micro | Self::Small | Self::Medium | Self::Sme => Some(true),
            Self::Large => Some(false),
            Self::Unknown(_) => None,
        }
    }
}

code_list!(
    /// BT-760 received submission type.
    SubmissionType, "received-submission-type", {
        Tenders => "tenders", PartReq => "part-req", TEsubm => "t-esubm", TSme => "t-sme",
        TMicro => "t-micro", TSmall => "t-small", TMed => "t-med", TLarge => "t-large",
        TNoEea => "t-no-eea", TOthEea => "t-oth-eea", TNoVerif => "t-no-verif",
        TVerifInad => "t-verif-inad", TVerifInadLow => "t-verif-inad-low",
    }
);

code_list!(
    /// BT-17 electronic submission.
    ESubmission, "esubmission", {
        Required => "required", Allowed => "allowed", NotAllowed => "not-allowed",
    }
);

code_list!(
    /// BT-142 winner selection status.
    WinnerSelectionStatus, "winner-selection-status", {
        Selected => "selec-w", ClosedNoWinner => "clos-nw", OpenNoWinner => "open-nw",
    }
);

code_list!(
    /// BT-765 framework agreement.
    FrameworkAgreement, "framework-agreement", {
        None => "none", WithoutReopening => "fa-wo-rc", WithReopening => "fa-w-rc", Mixed => "fa-mix",
    }
);

impl FrameworkAgreement {
    /// True for the three framework-agreement codes.
    pub fn is_framework(&self) -> bool {
        matches!(
            self,
            Self::WithoutReopening | Self::WithReopening | Self::Mixed
        )
    }
}

code_list!(
    /// BT-766 dynamic purchasing system.
    DpsUsage, "dps-usage", {
        None => "none", List => "dps-list", NotList => "dps-nlist",
    }
);

code_list!(
    /// BT-23 / BT-531 contract nature (`combined` existed before 1.9).
    ContractNature, "contract-nature", {
        Works => "works", Supplies => "supplies", Services => "services", Combined => "combined",
    }
);

code_list!(
    /// BT-11 buyer legal type (codes removed in 1.9 and 1.14 still read).
    BuyerLegalType, "buyer-legal-type", {
        BodyPl => "body-pl", BodyPlCga => "body-pl-cga", BodyPlLa => "body-pl-la",
        BodyPlRa => "body-pl-ra", Cga => "cga", DefCont => "def-cont",
        EuInsBodAg => "eu-ins-bod-ag", IntOrg => "int-org", La => "la", OrgSub => "org-sub",
        OrgSubCga => "org-sub-cga", OrgSubLa => "org-sub-la", OrgSubRa => "org-sub-ra",
        PubUndert => "pub-undert", PubUndertCga => "pub-undert-cga",
        PubUndertLa => "pub-undert-la", PubUndertRa => "pub-undert-ra", Ra => "ra",
        SpecRightsEntity => "spec-rights-entity", EuIntOrg => "eu-int-org", RlAut => "rl-aut",
        GrpPAut => "grp-p-aut",
    }
);

code_list!(
    /// BT-71 reserved participation.
    ReservedProcurement, "reserved-procurement", {
        None => "none", ShelteredWorkshops => "res-ws", PublicServiceMission => "res-pub-ser",
    }
);

code_list!(
    /// BT-140 change reason.
    ChangeReason, "change-corrig-justification", {
        Cancel => "cancel", CancelIntent => "cancel-intent", CorBuy => "cor-buy",
        CorEsen => "cor-esen", CorPub => "cor-pub", InfoRelease => "info-release",
        SuspReview => "susp-review", UpdateAdd => "update-add",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_round_trip() {
        for code in StrategicProcurement::CODES {
            let parsed = StrategicProcurement::parse(code);
            assert!(parsed.is_known());
            assert_eq!(parsed.as_str(), *code);
        }
    }

    #[test]
    fn indexes_follow_the_code_order() {
        for (i, code) in ProcedureType::CODES.iter().enumerate() {
            let parsed = ProcedureType::parse(code);
            assert_eq!(parsed.index(), Some(i));
            assert_eq!(ProcedureType::from_index(i), Some(parsed));
        }
        assert_eq!(ProcedureType::from_index(ProcedureType::CODES.len()), None);
        assert_eq!(ProcedureType::parse("x-new").index(), None);
    }

    #[test]
    fn unknown_codes_are_kept_and_flagged() {
        let parsed = GppCriteria::parse("regional");
        assert_eq!(parsed, GppCriteria::Unknown("regional".into()));
        assert!(!parsed.is_known());
        assert_eq!(parsed.as_str(), "regional");
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"regional\"");
    }

    #[test]
    fn sme_mapping() {
        assert_eq!(CompanySize::parse("medium").is_sme(), Some(true));
        assert_eq!(CompanySize::parse("sme").is_sme(), Some(true));
        assert_eq!(CompanySize::parse("large").is_sme(), Some(false));
        assert_eq!(CompanySize::parse("giant").is_sme(), None);
    }
}
