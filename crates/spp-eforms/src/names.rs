//! The element and attribute names the extractors look for, as small ids.
//!
//! The tree maps every local name to an [`N`] once, when the element is read, so matching an
//! element is an integer compare. Names the extractors never ask for become [`N::Other`]; the
//! tree still keeps them as written, for element paths in messages.

spp_xml::names! {
    /// A local element name spp reads (the variant is spelled as in eForms), or `Other`.
    pub enum N {
    // Roots
    ContractNotice ContractAwardNotice PriorInformationNotice
    BusinessRegistrationInformationNotice
    // Extension wrappers
    UBLExtensions UBLExtension ExtensionContent EformsExtension
    // Notice level
    ID VersionID CustomizationID ContractFolderID NoticeTypeCode RegulatoryDomain IssueDate
    IssueTime NoticeLanguageCode NoticeSubType SubTypeCode Publication NoticePublicationID
    GazetteID PublicationDate Changes ChangedNoticeIdentifier ChangeReason ReasonCode
    // Procedure, lots, terms
    ProcurementProject ProcurementProjectLot Name ProcurementTypeCode
    MainCommodityClassification AdditionalCommodityClassification ItemClassificationCode
    RequestedTenderTotal EstimatedOverallContractAmount FrameworkMaximumAmount TenderingProcess
    ProcedureCode ProcessJustification ProcessReasonCode SubmissionMethodCode ContractingSystem
    ContractingSystemTypeCode RealizedLocation Address Country IdentificationCode
    CountrySubentityCode SMESuitableIndicator ProcurementAdditionalType ProcurementType
    TenderingTerms FundingProgramCode TendererQualificationRequest SpecificTendererRequirement
    TendererRequirementTypeCode ContractExecutionRequirement ExecutionRequirementCode
    Description AwardingTerms AwardingCriterion SubordinateAwardingCriterion
    AwardingCriterionTypeCode AwardCriterionParameter ParameterCode ParameterNumeric
    StrategicProcurement ApplicableLegalBasis StrategicProcurementInformation
    ProcurementCategoryCode FieldsPrivacy FieldIdentifierCode
    // Buyers and organisations
    ContractingParty ContractingPartyType PartyTypeCode ContractingActivity ActivityTypeCode
    Party PartyIdentification Organizations Organization Company PartyName PartyLegalEntity
    CompanyID PostalAddress CityName CompanySizeCode GroupLeadIndicator AwardingCPBIndicator
    AcquiringCPBIndicator NaturalPersonIndicator
    // Results
    NoticeResult TotalAmount OverallMaximumFrameworkContractsAmount
    EstimatedOverallFrameworkContractsAmount OverallApproximateFrameworkContractsAmount
    LotResult LotTender TenderingParty SettledContract TenderLot TenderResultCode DecisionReason
    DecisionReasonCode FrameworkAgreementValues MaximumValueAmount ReestimatedValueAmount
    EstimatedMaximumValueAmount LowerTenderAmount HigherTenderAmount
    ReceivedSubmissionsStatistics StatisticsCode StatisticsNumeric ProcurementDetails
    AssetCategoryCode StrategicProcurementStatistics RankCode SubcontractingTerm TermCode
    TenderReference LegalMonetaryTotal PayableAmount Tenderer SubContractor ContractReference
    AwardDate ContractFrameworkIndicator NoticeDocumentReference
    }
}

/// The unprefixed attributes spp reads; every other attribute is checked but not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    ListName,
    SchemeName,
    CurrencyId,
    LanguageId,
}

impl Attr {
    pub fn of(key: &[u8]) -> Option<Attr> {
        match key {
            b"listName" => Some(Attr::ListName),
            b"schemeName" => Some(Attr::SchemeName),
            b"currencyID" => Some(Attr::CurrencyId),
            b"languageID" => Some(Attr::LanguageId),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_name_maps_to_itself() {
        for &(s, n) in N::KNOWN {
            assert_eq!(N::of(s.as_bytes()), n, "{s}");
        }
        assert_eq!(N::of(b""), N::Other);
        assert_eq!(N::of(b"IDX"), N::Other);
        assert_eq!(N::of(b"Id"), N::Other);
        assert_eq!(N::of(&[b'x'; 500]), N::Other);
        assert_eq!(Attr::of(b"listName"), Some(Attr::ListName));
        assert_eq!(Attr::of(b"listname"), None);
    }
}
