//! The good-practice fiches: the bundled ones load, and a broken fiche is refused with the
//! file, the fiche and the field named.

use std::path::Path;

use spp_catalogue::{Catalogue, CatalogueError, Practices};

const GOOD: &str = r#"
id = "town-paper"
product_group = "paper"
buyer = "Town of Example"
country = "BE"
year = 2022
criteria = []
link = "https://example.org/paper"
source = "Example page"
languages = ["nl", "fr"]
title = { nl = "Papier", fr = "Papier", en = "Paper" }
done = { nl = "Gerecycleerd papier.", fr = "Papier recyclé.", en = "Recycled paper." }
"#;

fn catalogue() -> Catalogue {
    Catalogue::bundled().unwrap()
}

/// Writes `src` as `<name>.toml` in a fresh folder and loads the folder.
fn load(name: &str, src: &str) -> Result<Practices, CatalogueError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(format!("{name}.toml")), src).unwrap();
    Practices::load_dir(dir.path(), &catalogue())
}

fn error(name: &str, src: &str) -> String {
    load(name, src)
        .expect_err("the fiche must be refused")
        .to_string()
}

#[test]
fn the_bundled_fiches_load_and_name_only_criteria_of_their_group() {
    let cat = catalogue();
    let practices = Practices::bundled(&cat).unwrap();
    assert_eq!(practices.all().len(), 6);
    for p in practices.all() {
        let group = cat.group(&p.product_group).unwrap();
        assert!(p
            .criteria
            .iter()
            .all(|c| group.criteria.iter().any(|g| g.id == *c)));
        assert!(p.result.is_none(), "{}: no source gives a result", p.id);
    }
    let brussels = practices.get("brussels-public-fleets").unwrap();
    assert_eq!(brussels.criteria, ["veh-ts-zero-emission"]);
    assert_eq!(brussels.year, Some(2014));
}

#[test]
fn the_bundled_folder_reads_the_same_as_the_embedded_fiches() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/good-practices");
    let from_dir = Practices::load_dir(&dir, &catalogue()).unwrap();
    let bundled = Practices::bundled(&catalogue()).unwrap();
    let mut a: Vec<_> = from_dir.all().to_vec();
    let mut b: Vec<_> = bundled.all().to_vec();
    a.sort_by(|x, y| x.id.cmp(&y.id));
    b.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(a, b, "a file of data/good-practices is not in BUNDLED");
}

#[test]
fn a_good_fiche_loads() {
    let p = load("town-paper", GOOD).unwrap();
    assert_eq!(p.all()[0].languages, ["nl", "fr"]);
}

#[test]
fn errors_name_the_file_the_fiche_and_the_field() {
    let cases = [
        (
            "product_group = \"paper\"",
            "product_group = \"rockets\"",
            "field product_group",
        ),
        (
            "criteria = []",
            "criteria = [\"ict-ac-lcc\"]",
            "field criteria",
        ),
        ("country = \"BE\"", "country = \"Belgium\"", "field country"),
        ("year = 2022", "year = 1850", "field year"),
        (
            "link = \"https://example.org/paper\"",
            "link = \"example.org\"",
            "field link",
        ),
        (
            "languages = [\"nl\", \"fr\"]",
            "languages = []",
            "field languages",
        ),
        ("en = \"Paper\"", "en = \" \"", "field title"),
        ("buyer = \"Town of Example\"", "buyer = \"\"", "field buyer"),
    ];
    for (from, to, field) in cases {
        let msg = error("town-paper", &GOOD.replace(from, to));
        assert!(msg.contains("town-paper.toml"), "{msg}");
        assert!(msg.contains("practice \"town-paper\""), "{msg}");
        assert!(msg.contains(field), "{to}: {msg}");
    }
}

#[test]
fn a_text_missing_in_one_language_is_named() {
    let src = GOOD.replace(", en = \"Recycled paper.\"", "");
    let msg = error("town-paper", &src);
    assert!(
        msg.contains("town-paper.toml") && msg.contains("en"),
        "{msg}"
    );
    let src = format!("{GOOD}result = {{ nl = \"Minder\", fr = \"\", en = \"Less\" }}\n");
    let msg = error("town-paper", &src);
    assert!(
        msg.contains("field result") && msg.contains("no text in fr"),
        "{msg}"
    );
}

#[test]
fn unknown_fields_bad_toml_and_misnamed_files_are_refused() {
    let msg = error("town-paper", &format!("{GOOD}outcome = \"great\"\n"));
    assert!(
        msg.contains("town-paper.toml") && msg.contains("outcome"),
        "{msg}"
    );
    let msg = error("town-paper", "id = ");
    assert!(msg.contains("town-paper.toml"), "{msg}");
    let msg = error("other-name", GOOD);
    assert!(
        msg.contains("other-name.toml") && msg.contains("town-paper.toml"),
        "{msg}"
    );
}
