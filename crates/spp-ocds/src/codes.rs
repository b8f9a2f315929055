//! The correspondence between eForms codes and OCDS codes, one table per concept, read in
//! both directions (import and export use the same tables). Where OCDS for eForms gives a
//! code it is used; eForms `other` codes, which have no OCDS code, become an `.other`
//! sub-code of their goal (the sustainability goal codelist is open). docs/FORMAT.md lists
//! the tables.

/// A table of `(eForms code, OCDS code)` pairs.
pub type Table = &'static [(&'static str, &'static str)];

/// The OCDS code of an eForms code.
pub fn to_ocds(table: Table, eforms: &str) -> Option<&'static str> {
    table.iter().find(|(e, _)| *e == eforms).map(|(_, o)| *o)
}

/// The eForms code of an OCDS code (the first pair that has it).
pub fn to_eforms(table: Table, ocds: &str) -> Option<&'static str> {
    table.iter().find(|(_, o)| *o == ocds).map(|(e, _)| *e)
}

/// BT-06 strategic procurement → the broad sustainability goal (`none` is
/// `hasSustainability: false`).
pub const STRATEGIC_GOAL: Table = &[
    ("env-imp", "environmental"),
    ("soc-obj", "social"),
    ("inn-pur", "economic.innovativePurchase"),
];

/// BT-774 environmental impact → sustainability goal.
pub const ENVIRONMENTAL_GOAL: Table = &[
    (
        "biodiv-eco",
        "environmental.biodiversityProtectionRestoration",
    ),
    ("circ-econ", "environmental.circularEconomy"),
    ("clim-adapt", "environmental.climateChangeAdaptation"),
    ("clim-mitig", "environmental.climateChangeMitigation"),
    ("pollu-prev", "environmental.pollutionPrevention"),
    ("water-mar", "environmental.waterResourcesProtection"),
    ("other", "environmental.other"),
];

/// BT-775 social objective → sustainability goal.
pub const SOCIAL_GOAL: Table = &[
    ("acc-all", "social.accessibility"),
    ("et-eq", "social.ethnicEquality"),
    ("gen-eq", "social.genderEquality"),
    ("hum-right", "social.humanRightsInSupplyChains"),
    ("opp", "social.disadvantagedEmploymentOpportunities"),
    ("work-cond", "social.laborRightsPromotion"),
    ("other", "social.other"),
];

/// BT-776 innovative acquisition → sustainability goal.
pub const INNOVATIVE_GOAL: Table = &[
    ("mar-nov", "economic.marketInnovationPromotion"),
    ("proc-innov", "economic.processInnovationPromotion"),
    ("prod-innov", "economic.productInnovationPromotion"),
    ("rd-act", "economic.researchDevelopmentActivities"),
    ("other", "economic.innovativePurchase.other"),
];

/// BT-805 green procurement criteria → sustainability strategy. `none` (explicitly no GPP
/// criteria) has no OCDS code; spp writes it as its own strategy code `noGPPCriteria`.
pub const GPP_STRATEGY: Table = &[
    ("eu", "euGPPCriteria"),
    ("national", "nationalGPPCriteria"),
    ("other", "otherGPPCriteria"),
    ("none", "noGPPCriteria"),
];

/// The strategies BT-06 itself names: a technical specification, selection criterion, award
/// criterion or contract performance condition.
pub const STRATEGIC_STRATEGIES: [&str; 4] = [
    "awardCriteria",
    "contractPerformanceConditions",
    "selectionCriteria",
    "technicalSpecifications",
];

/// BT-105 procedure type → `tender.procurementMethod` (several eForms codes share one).
pub const PROCUREMENT_METHOD: Table = &[
    ("open", "open"),
    ("restricted", "selective"),
    ("comp-dial", "selective"),
    ("innovation", "selective"),
    ("neg-w-call", "selective"),
    ("neg-wo-call", "limited"),
    ("oth-mult", "selective"),
    ("oth-single", "direct"),
    ("comp-tend", "selective"),
    ("exp-int-rail", "open"),
];

/// BT-105 procedure type → `tender.procurementMethodDetails` (the code's label), which tells
/// apart the codes that share a method.
pub const PROCEDURE_LABEL: Table = &[
    ("open", "Open procedure"),
    ("restricted", "Restricted procedure"),
    ("comp-dial", "Competitive dialogue"),
    ("innovation", "Innovation partnership"),
    (
        "neg-w-call",
        "Negotiated with prior publication of a call for competition",
    ),
    (
        "neg-wo-call",
        "Negotiated without prior call for competition",
    ),
    ("oth-mult", "Other multiple stage procedure"),
    ("oth-single", "Other single stage procedure"),
    ("comp-tend", "Competitive tendering"),
    ("exp-int-rail", "Expression of interest for rail"),
];

/// BT-23 contract nature → `mainProcurementCategory`.
pub const CATEGORY: Table = &[
    ("supplies", "goods"),
    ("services", "services"),
    ("works", "works"),
];

/// BT-165 company size → `details.scale` (small and medium are both `sme` in OCDS).
pub const SCALE: Table = &[
    ("micro", "micro"),
    ("sme", "sme"),
    ("small", "sme"),
    ("medium", "sme"),
    ("large", "large"),
];

/// BT-765 framework agreement → `techniques.frameworkAgreement.method`.
pub const FRAMEWORK_METHOD: Table = &[
    ("fa-wo-rc", "withoutReopeningCompetition"),
    ("fa-w-rc", "withReopeningCompetition"),
    ("fa-mix", "withAndWithoutReopeningCompetition"),
];

/// BT-766 dynamic purchasing system → `techniques.dynamicPurchasingSystem.type`.
pub const DPS_TYPE: Table = &[("dps-list", "closed"), ("dps-nlist", "open")];

/// BT-71 reserved participation → `otherRequirements.reservedParticipation`.
pub const RESERVED: Table = &[
    ("res-ws", "shelteredWorkshop"),
    ("res-pub-ser", "publicServiceMissionOrganization"),
];

/// BT-5421/5422/5423 weighting → `awardCriteria.criteria[].numbers[].weight`.
pub const WEIGHT: Table = &[
    ("per-exa", "percentageExact"),
    ("per-ran", "percentageRange"),
    ("poi-exa", "pointsExact"),
    ("poi-ran", "pointsRange"),
    ("ord-imp", "order"),
    ("dec-imp", "decreasingImportance"),
];

/// BT-142 winner selection status → `awards[].status`.
pub const AWARD_STATUS: Table = &[
    ("selec-w", "active"),
    ("clos-nw", "unsuccessful"),
    ("open-nw", "pending"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_both_ways() {
        assert_eq!(
            to_ocds(ENVIRONMENTAL_GOAL, "circ-econ"),
            Some("environmental.circularEconomy")
        );
        assert_eq!(
            to_eforms(SOCIAL_GOAL, "social.genderEquality"),
            Some("gen-eq")
        );
        assert_eq!(to_eforms(SCALE, "sme"), Some("sme"));
        assert_eq!(to_ocds(SCALE, "medium"), Some("sme"));
        assert_eq!(
            to_eforms(PROCUREMENT_METHOD, "selective"),
            Some("restricted")
        );
        assert_eq!(to_ocds(GPP_STRATEGY, "zzz"), None);
        // Goals are unique across the goal tables, so a goal names one eForms field.
        let mut goals: Vec<&str> = [
            STRATEGIC_GOAL,
            ENVIRONMENTAL_GOAL,
            SOCIAL_GOAL,
            INNOVATIVE_GOAL,
        ]
        .iter()
        .flat_map(|t| t.iter().map(|(_, o)| *o))
        .collect();
        let n = goals.len();
        goals.sort_unstable();
        goals.dedup();
        assert_eq!(goals.len(), n);
    }
}
