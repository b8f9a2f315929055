//! Unit tests on small documents (golden tests on real notices live in tests/).

use super::*;

#[test]
fn refuses_other_documents_with_the_reason() {
    let err = |b: &[u8]| parse_notice(b).unwrap_err().to_string();
    assert!(err(b"").contains("empty input"));
    assert!(err(b"{\"ocid\": 1}").contains("looks like JSON"));
    let e = err(br#"<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"/>"#);
    assert!(
        e.contains("not a TED XML notice: root element ContractNotice"),
        "{e}"
    );
    let e = err(br#"<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"><FORM_SECTION>"#);
    assert!(e.contains("truncated"), "{e}");
    let e = err(br#"<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"/>"#);
    assert!(e.contains("no form in FORM_SECTION"), "{e}");
}

#[test]
fn a_minimal_award_notice() {
    let xml = r#"<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication" xmlns:n2016="http://publications.europa.eu/resource/schema/ted/2016/nuts" DOC_ID="000123-2020" VERSION="R2.0.9.S03.E01">
<CODED_DATA_SECTION><REF_OJS><NO_OJ>3</NO_OJ><DATE_PUB>20200106</DATE_PUB></REF_OJS>
<NOTICE_DATA><LG_ORIG>NL</LG_ORIG><ISO_COUNTRY VALUE="BE"/></NOTICE_DATA>
<CODIF_DATA><DS_DATE_DISPATCH>20200102</DS_DATE_DISPATCH><TD_DOCUMENT_TYPE CODE="7">Contract award notice</TD_DOCUMENT_TYPE></CODIF_DATA></CODED_DATA_SECTION>
<FORM_SECTION><F03_2014 CATEGORY="ORIGINAL" FORM="F03" LG="NL">
<CONTRACTING_BODY><ADDRESS_CONTRACTING_BODY><OFFICIALNAME>Stad Gent</OFFICIALNAME><COUNTRY VALUE="BE"/><n2016:NUTS CODE="BE234"/></ADDRESS_CONTRACTING_BODY><CA_TYPE VALUE="REGIONAL_AUTHORITY"/></CONTRACTING_BODY>
<OBJECT_CONTRACT><TITLE><P>Schoonmaak</P></TITLE><CPV_MAIN><CPV_CODE CODE="90910000"/></CPV_MAIN><TYPE_CONTRACT CTYPE="SERVICES"/>
<OBJECT_DESCR ITEM="1"><AC><AC_QUALITY><AC_CRITERION>EU Ecolabel</AC_CRITERION><AC_WEIGHTING>40</AC_WEIGHTING></AC_QUALITY><AC_PRICE><AC_WEIGHTING>60</AC_WEIGHTING></AC_PRICE></AC></OBJECT_DESCR></OBJECT_CONTRACT>
<PROCEDURE><PT_OPEN/></PROCEDURE>
<AWARD_CONTRACT ITEM="1"><AWARDED_CONTRACT><DATE_CONCLUSION_CONTRACT>2019-12-20</DATE_CONCLUSION_CONTRACT>
<TENDERS><NB_TENDERS_RECEIVED>3</NB_TENDERS_RECEIVED><NB_TENDERS_RECEIVED_SME>2</NB_TENDERS_RECEIVED_SME></TENDERS>
<CONTRACTORS><CONTRACTOR><ADDRESS_CONTRACTOR><OFFICIALNAME>Net NV</OFFICIALNAME><COUNTRY VALUE="BE"/></ADDRESS_CONTRACTOR><SME/></CONTRACTOR></CONTRACTORS>
<VALUES><VAL_TOTAL CURRENCY="EUR">1000.50</VAL_TOTAL></VALUES></AWARDED_CONTRACT></AWARD_CONTRACT>
</F03_2014></FORM_SECTION></TED_EXPORT>"#;
    let n = parse_notice(xml.as_bytes()).unwrap();
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
    assert_eq!(n.id, "000123-2020");
    assert_eq!(n.format, spp_domain::SourceFormat::TedXml);
    assert_eq!(n.form_type, Some(spp_domain::codelist::FormType::Result));
    assert_eq!(n.language.as_deref(), Some("NLD"));
    let records = spp_domain::derive::lot_records(&n);
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.year, Some(2019));
    assert_eq!(r.buyer_country.as_deref(), Some("BEL"));
    assert_eq!(r.buyer_nuts.as_deref(), Some("BE234"));
    assert_eq!(r.tenders_received, Some(3));
    assert_eq!(r.sme_tenders_received, Some(2));
    assert_eq!(r.winners.len(), 1);
    assert_eq!(
        r.winners[0].size,
        Some(spp_domain::codelist::CompanySize::Sme)
    );
    assert_eq!(
        r.awarded_value,
        Some(spp_domain::Money::Amount {
            value: "1000.50".parse().unwrap(),
            currency: Some("EUR".into())
        })
    );
    assert!(r.strategic.is_empty() && r.gpp_criteria.is_empty() && r.cvd_applies.is_none());
}
