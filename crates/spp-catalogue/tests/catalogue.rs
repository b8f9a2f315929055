//! The shipped catalogue: completeness, CPV lookups and validation errors.

use std::collections::HashSet;
use std::path::Path;

use spp_catalogue::{Catalogue, CatalogueError, Lang, Stage};
use spp_domain::Cpv;

fn cat() -> Catalogue {
    match Catalogue::bundled() {
        Ok(c) => c,
        Err(e) => panic!("bundled catalogue does not load: {e}"),
    }
}

fn cpv(code: &str) -> Cpv {
    Cpv::parse(code).expect("test CPV")
}

#[test]
fn nineteen_groups_each_with_eight_criteria_over_four_stages_and_three_levels() {
    let c = cat();
    assert_eq!(c.groups().len(), 19);
    for g in c.groups() {
        assert!(
            g.criteria.len() >= 8,
            "{} has {} criteria",
            g.id,
            g.criteria.len()
        );
        let stages: HashSet<Stage> = g.criteria.iter().map(|c| c.stage).collect();
        assert_eq!(stages.len(), 4, "{} covers stages {stages:?}", g.id);
        let levels: HashSet<u8> = g.criteria.iter().map(|c| c.level).collect();
        assert_eq!(levels, HashSet::from([1, 2, 3]), "{} levels", g.id);
        for lang in Lang::ALL {
            assert!(!g.name(lang).trim().is_empty());
            for cr in &g.criteria {
                assert!(!cr.text.get(lang).trim().is_empty(), "{} {lang:?}", cr.id);
                assert!(!cr.title.get(lang).trim().is_empty(), "{} {lang:?}", cr.id);
                assert!(
                    !cr.verification.get(lang).trim().is_empty(),
                    "{} {lang:?}",
                    cr.id
                );
            }
        }
        // Award criteria carry a suggested weight so `spp suggest --apply` can write BT-541.
        for cr in g.criteria.iter().filter(|c| c.stage == Stage::Award) {
            assert!(cr.weight.is_some(), "{} has no weight", cr.id);
        }
    }
    assert!(c.labels().len() >= 30, "labels: {}", c.labels().len());
    assert!(c.labels().iter().filter(|l| l.is_type_i()).count() >= 4);
}

#[test]
fn every_catalogue_cpv_code_exists_in_the_cpv_list() {
    let c = cat();
    assert_eq!(c.cpv_list().len(), 9454);
    let mut n = 0;
    for g in c.groups() {
        for code in g.cpv.iter().chain(&g.cpv_exact) {
            assert!(c.cpv_list().contains(&cpv(code)), "{} {code}", g.id);
            n += 1;
        }
    }
    // 228 rows in the reference mapping minus the header.
    assert_eq!(n, 227);
    assert_eq!(
        c.cpv_list().with_check_digit(&cpv("30213100")).as_deref(),
        Some("30213100-6")
    );
    assert_eq!(
        c.cpv_list().label(&cpv("30213100")),
        Some("Portable computers")
    );
}

#[test]
fn cpv_lookup_walks_the_hierarchy() {
    let c = cat();
    let id = |code: &str| c.group_for_cpv(&cpv(code)).map(|g| g.id.as_str());
    // Listed code.
    assert_eq!(id("30213100"), Some("ict-end-user"));
    // Child of a listed code (3021310x not listed; 302131 prefix matches).
    assert_eq!(id("30213300"), Some("ict-end-user"));
    // 30232110 laser printers: under 302 (ict-end-user) but 3023211 (imaging) is more specific.
    assert_eq!(id("30232110"), Some("imaging"));
    // 30233100 storage units: imaging? no — data-centres' 302331 beats ict's 302.
    assert_eq!(id("30233100"), Some("data-centres"));
    // Electric buses: 34144910 (vehicles) — listed exactly.
    assert_eq!(id("34144910"), Some("vehicles"));
    // Road works 45233140: roads' 4523314 beats the exact-only 45000000 of buildings.
    assert_eq!(id("45233140"), Some("roads"));
    // 45232000 (pipelines) must not fall into buildings through 45000000 (exact only).
    assert_eq!(id("45232000"), None);
    assert_eq!(id("45000000"), Some("buildings"));
    // Food: any code in division 15 is catering.
    assert_eq!(id("15811000"), Some("catering"));
    // Same code in two groups (30199000 paper and office-supplies): first listed group wins.
    assert_eq!(id("30199000"), Some("paper"));
    // Nothing: IT services.
    assert_eq!(id("72230000"), None);
}

#[test]
fn criterion_and_label_lookup() {
    let c = cat();
    let (g, cr) = c.criterion("veh-ac-lcc").expect("veh-ac-lcc");
    assert_eq!(g.id, "vehicles");
    assert_eq!(cr.stage, Stage::Award);
    assert_eq!(g.name(Lang::Nl), "Voertuigen en vervoersdiensten");
    let l = c.label("eu-ecolabel").expect("label");
    assert!(l.is_type_i());
    assert_eq!(
        c.group("vehicles").map(|g| g.criteria_up_to(1).count()),
        Some(3)
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

const LABELS: &str = r#"
[[label]]
id = "eu-ecolabel"
name = "EU Ecolabel"
issuer = "EC"
kind = "iso14024_type_i"
covers.nl = "a"
covers.fr = "b"
covers.en = "c"
"#;

fn group(criterion_extra: &str, cpv: &str) -> String {
    format!(
        r#"
id = "demo"
cpv = ["{cpv}"]
names.nl = "Demo"
names.fr = "Démo"
names.en = "Demo"

[[criteria]]
id = "demo-ts"
stage = "technical_specification"
level = 1
themes = ["toxics"]
basis.set = "eu-gpp"
basis.source = "EU GPP criteria: demo"
{criterion_extra}
title.nl = "t"
title.fr = "t"
title.en = "t"
text.nl = "x"
text.fr = "x"
text.en = "x"
verification.nl = "v"
verification.fr = "v"
verification.en = "v"
"#
    )
}

#[test]
fn load_dir_reads_an_edited_catalogue() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "labels.toml", LABELS);
    write(
        dir.path(),
        "demo.toml",
        &group("labels = [\"eu-ecolabel\"]", "39830000"),
    );
    let c = Catalogue::load_dir(dir.path()).expect("loads");
    assert_eq!(c.groups().len(), 1);
    assert_eq!(
        c.group_for_cpv(&cpv("39831200")).map(|g| g.id.as_str()),
        Some("demo")
    );
}

fn load_err(extra: &str, code: &str) -> (String, CatalogueError) {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "labels.toml", LABELS);
    write(dir.path(), "demo.toml", &group(extra, code));
    let err = Catalogue::load_dir(dir.path()).expect_err("must fail");
    (err.to_string(), err)
}

#[test]
fn validation_errors_name_file_and_entry() {
    let (msg, err) = load_err("labels = [\"nordic-swan\"]", "39830000");
    assert!(matches!(err, CatalogueError::Invalid { .. }));
    assert!(msg.contains("demo.toml"), "{msg}");
    assert!(msg.contains("criterion \"demo-ts\""), "{msg}");
    assert!(msg.contains("unknown label \"nordic-swan\""), "{msg}");

    let (msg, _) = load_err("", "39830001");
    assert!(
        msg.contains("demo.toml")
            && msg.contains("cpv \"39830001\"")
            && msg.contains("not in the CPV 2008 list"),
        "{msg}"
    );

    let (msg, _) = load_err("weight = 10", "39830000");
    assert!(msg.contains("only award criteria have a weight"), "{msg}");

    let (msg, _) = load_err("selection_code = \"slc-abil-mgmt-env\"", "39830000");
    assert!(
        msg.contains("only selection criteria have a `selection_code`"),
        "{msg}"
    );

    let (msg, err) = load_err("basis.kind = \"x\"", "39830000");
    assert!(matches!(err, CatalogueError::Toml { .. }), "{msg}");

    let (msg, err) = load_err("colour = \"green\"", "39830000");
    assert!(matches!(err, CatalogueError::Toml { .. }));
    assert!(msg.contains("demo.toml") && msg.contains("colour"), "{msg}");

    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "labels.toml", LABELS);
    write(dir.path(), "other.toml", &group("", "39830000"));
    let msg = Catalogue::load_dir(dir.path())
        .expect_err("name")
        .to_string();
    assert!(
        msg.contains("other.toml") && msg.contains("must be named demo.toml"),
        "{msg}"
    );
}

#[test]
fn risk_table_covers_every_group_and_checks_scores() {
    use spp_catalogue::risk::RiskTable;
    let cat = Catalogue::bundled().expect("catalogue");
    let table = RiskTable::bundled(&cat).expect("bundled risk table");
    assert_eq!(table.groups().len(), cat.groups().len());
    let v = table.get("vehicles").expect("vehicles");
    assert_eq!((v.environmental, v.social, v.listed), (5, 2, true));
    assert!((v.weight() - 0.7).abs() < 1e-9);
    let path = std::path::Path::new("risk.toml");
    let one = "[[group]]\nid = \"vehicles\"\nenvironmental = 6\nsocial = 2\nsource = \"x\"\n";
    let msg = RiskTable::parse(one, path, &cat)
        .expect_err("score 6")
        .to_string();
    assert!(msg.contains("environmental score 6 is not 1–5"), "{msg}");
    let ok = one.replace("= 6", "= 5");
    let msg = RiskTable::parse(&ok, path, &cat)
        .expect_err("groups missing")
        .to_string();
    assert!(msg.contains("product group without a risk score"), "{msg}");
    let unknown = ok.replace("vehicles", "spaceships");
    let msg = RiskTable::parse(&unknown, path, &cat)
        .expect_err("unknown")
        .to_string();
    assert!(msg.contains("not a product group"), "{msg}");
}
