//! The TED XML vocabulary of the shared element tree: TED's namespaces, the element names the
//! reader asks for ([`N`]) and the attributes it reads ([`A`]).
//!
//! TED XML puts every element in one default namespace that changes with the schema release
//! (`…/ted/R2.0.9/publication`, `ted/R2.0.9.S02/publication`, the Formex export namespace of
//! R2.0.9.S01, `…/R2.0.8/publication`, `…/TED_schema/Export` of R2.0.7), and NUTS codes in a
//! namespace of their own (`n2016:`, `n2021:`). Names are unique enough in TED XML that the
//! reader matches them by local name alone ([`Tx`]).

/// The element tree of a TED XML notice.
pub type Doc<'a> = spp_xml::Doc<'a, Ted>;
/// An element of a TED XML notice.
pub type El<'d, 'a> = spp_xml::El<'d, 'a, Ted>;

/// TED XML's names, as [`spp_xml`] sees them.
pub struct Ted;

/// A namespace of TED XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// A TED publication/export namespace (any release).
    Ted,
    /// A NUTS namespace (`n2016:`, `n2021:`).
    Nuts,
    Other,
}

/// The schema release a TED namespace URI names (`R2.0.9`), if any.
pub fn release(uri: &str) -> Option<&'static str> {
    ["R2.0.9", "R2.0.8", "R2.0.7"]
        .into_iter()
        .find(|r| uri.contains(r))
        .or_else(|| uri.contains("TED_schema/Export").then_some("R2.0.7"))
}

impl spp_xml::Vocabulary for Ted {
    type Ns = Ns;
    type Name = N;
    type Attr = A;
    const OTHER_NS: Ns = Ns::Other;
    const OTHER_NAME: N = N::Other;
    fn namespace(uri: &[u8]) -> Ns {
        let uri = String::from_utf8_lossy(uri);
        if uri.ends_with("/nuts") {
            Ns::Nuts
        } else if release(&uri).is_some() {
            Ns::Ted
        } else {
            Ns::Other
        }
    }
    fn name(local: &[u8]) -> N {
        N::of(local)
    }
    fn attr(key: &[u8]) -> Option<A> {
        A::of(key)
    }
    fn prefix(ns: Ns) -> &'static str {
        match ns {
            Ns::Nuts => "nuts:",
            Ns::Ted | Ns::Other => "",
        }
    }
}

spp_xml::names! {
    /// A TED XML element name the reader asks for, or `Other`.
    pub enum N {
    TED_EXPORT FORM_SECTION NOTICE_UUID
    // CODED_DATA_SECTION
    CODED_DATA_SECTION REF_OJS NO_OJ DATE_PUB NOTICE_DATA NO_DOC_OJS LG_ORIG ISO_COUNTRY
    ORIGINAL_CPV CA_CE_NUTS REF_NOTICE CODIF_DATA DS_DATE_DISPATCH AA_AUTHORITY_TYPE
    TD_DOCUMENT_TYPE NC_CONTRACT_NATURE PR_PROC AC_AWARD_CRIT DIRECTIVE
    // 2014 forms: buyer, object, lots
    LEGAL_BASIS CONTRACTING_BODY ADDRESS_CONTRACTING_BODY ADDRESS_CONTRACTING_BODY_ADDITIONAL
    OFFICIALNAME NATIONALID TOWN COUNTRY NUTS CA_TYPE CA_ACTIVITY CE_ACTIVITY
    OBJECT_CONTRACT TITLE CPV_MAIN CPV_CODE CPV_ADDITIONAL TYPE_CONTRACT SHORT_DESCR
    VAL_ESTIMATED_TOTAL VAL_TOTAL VAL_OBJECT VAL_RANGE_TOTAL OBJECT_DESCR LOT_NO
    AC_QUALITY AC_COST AC_PRICE AC_CRITERION AC_WEIGHTING EU_PROGR_RELATED NO_EU_PROGR_RELATED
    LEFTI RESTRICTED_SHELTERED_WORKSHOP RESTRICTED_SHELTERED_PROGRAM
    RESERVED_ORGANISATIONS_SERVICE_MISSION PERFORMANCE_CONDITIONS
    // Procedure
    PROCEDURE PT_OPEN PT_RESTRICTED PT_COMPETITIVE_NEGOTIATION PT_COMPETITIVE_DIALOGUE
    PT_INNOVATION_PARTNERSHIP PT_NEGOTIATED_WITH_PRIOR_CALL PT_INVOLVING_NEGOTIATION
    PT_AWARD_CONTRACT_WITHOUT_CALL PT_AWARD_CONTRACT_WITHOUT_PUBLICATION
    PT_NEGOTIATED_WITHOUT_PUBLICATION PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION
    ACCELERATED_PROC FRAMEWORK SINGLE_OPERATOR EAUCTION_USED
    // Results
    AWARD_CONTRACT AWARDED_CONTRACT NO_AWARDED_CONTRACT DATE_CONCLUSION_CONTRACT
    NB_TENDERS_RECEIVED NB_TENDERS_RECEIVED_SME NB_TENDERS_RECEIVED_EMEANS CONTRACTOR
    ADDRESS_CONTRACTOR ADDRESS_PARTY SME NO_SME COMPLEMENTARY_INFO DATE_DISPATCH_NOTICE
    MODIFICATIONS_CONTRACT DESCRIPTION_PROCUREMENT INFO_MODIFICATIONS VAL_TOTAL_AFTER
    // Defence and pre-2014 forms
    CA_CE_CONCESSIONAIRE_PROFILE ORGANISATION TYPE_OF_CONTRACTING_AUTHORITY TITLE_CONTRACT
    LOCATION_NUTS F17_ANNEX_B ANNEX_B LOT_NUMBER LOT_TITLE LOT_DESCRIPTION VALUE_COST
    AWARD_OF_CONTRACT_DEFENCE AWARD_OF_CONTRACT CONTRACT_AWARD_DATE DAY MONTH YEAR
    OFFERS_RECEIVED_NUMBER ECONOMIC_OPERATOR_NAME_ADDRESS CONTRACT_VALUE_INFORMATION
    NOTICE_DISPATCH_DATE LOWEST_PRICE CRITERIA WEIGHTING TOTAL_FINAL_VALUE
    NATURE_QUANTITY_SCOPE TOTAL_QUANTITY_OR_SCOPE
    // Design contest results (F13)
    RESULTS AWARDED_PRIZE WINNER ADDRESS_WINNER DATE_DECISION_JURY NB_PARTICIPANTS
    NB_PARTICIPANTS_SME VAL_PRIZE
    }
}

/// The attributes the reader keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum A {
    Value,
    Code,
    Currency,
    Category,
    Form,
    Lg,
    Ctype,
    DocId,
    Version,
}

impl A {
    pub fn of(key: &[u8]) -> Option<A> {
        Some(match key {
            b"VALUE" => A::Value,
            b"CODE" => A::Code,
            b"CURRENCY" => A::Currency,
            b"CATEGORY" => A::Category,
            b"FORM" => A::Form,
            b"LG" => A::Lg,
            b"CTYPE" => A::Ctype,
            b"DOC_ID" => A::DocId,
            b"VERSION" => A::Version,
            _ => return None,
        })
    }
}

/// Queries by local name alone (TED names are unique enough; NUTS elements live in their own
/// namespace and are found the same way).
pub trait Tx<'d, 'a>: Sized {
    fn kid(&self, name: N) -> Option<El<'d, 'a>>;
    fn kids(&self, name: N) -> Vec<El<'d, 'a>>;
    /// The first element of this name anywhere below.
    fn find(&self, name: N) -> Option<El<'d, 'a>>;
    /// Every element of this name anywhere below, in document order.
    fn find_all(&self, name: N) -> Vec<El<'d, 'a>>;
    /// The element at the end of `path` (child steps).
    fn at(&self, path: &[N]) -> Option<El<'d, 'a>>;
}

impl<'d, 'a> Tx<'d, 'a> for El<'d, 'a> {
    fn kid(&self, name: N) -> Option<El<'d, 'a>> {
        self.children().find(|c| c.name_id() == name)
    }
    fn kids(&self, name: N) -> Vec<El<'d, 'a>> {
        self.children().filter(|c| c.name_id() == name).collect()
    }
    fn find(&self, name: N) -> Option<El<'d, 'a>> {
        self.descendants().find(|c| c.name_id() == name)
    }
    fn find_all(&self, name: N) -> Vec<El<'d, 'a>> {
        self.descendants().filter(|c| c.name_id() == name).collect()
    }
    fn at(&self, path: &[N]) -> Option<El<'d, 'a>> {
        let mut el = *self;
        for &step in path {
            el = el.kid(step)?;
        }
        Some(el)
    }
}

impl<'d, 'a> Tx<'d, 'a> for Option<El<'d, 'a>> {
    fn kid(&self, name: N) -> Option<El<'d, 'a>> {
        self.as_ref()?.kid(name)
    }
    fn kids(&self, name: N) -> Vec<El<'d, 'a>> {
        self.as_ref().map(|e| e.kids(name)).unwrap_or_default()
    }
    fn find(&self, name: N) -> Option<El<'d, 'a>> {
        self.as_ref()?.find(name)
    }
    fn find_all(&self, name: N) -> Vec<El<'d, 'a>> {
        self.as_ref().map(|e| e.find_all(name)).unwrap_or_default()
    }
    fn at(&self, path: &[N]) -> Option<El<'d, 'a>> {
        self.as_ref()?.at(path)
    }
}
