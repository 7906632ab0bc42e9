//! The crate can be published: crates.io accepts at most 300 features per crate, and every
//! service module is reachable through `full`.

/// The `[features]` table of the crate's manifest: `(name, enabled features)`.
fn features() -> Vec<(String, Vec<String>)> {
    let manifest = include_str!("../Cargo.toml");
    let table = manifest
        .split("\n[features]\n")
        .nth(1)
        .expect("Cargo.toml has a [features] table");
    table
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, list) = line.split_once(" = ").expect("`name = [..]`");
            let enabled = list
                .trim_matches(|c| c == '[' || c == ']')
                .split(", ")
                .filter(|s| !s.is_empty())
                .map(|s| s.trim_matches('"').to_owned())
                .collect();
            (name.to_owned(), enabled)
        })
        .collect()
}

#[test]
fn the_features_fit_the_crates_io_limit() {
    let features = features();
    assert!(
        features.len() <= 300,
        "{} features; crates.io accepts 300",
        features.len()
    );
}

#[test]
fn full_enables_every_feature_that_compiles_a_module() {
    let features = features();
    let full = &features.iter().find(|(name, _)| name == "full").unwrap().1;
    let reached = |f: &str| {
        full.iter().any(|g| g == f)
            || features
                .iter()
                .any(|(name, enabled)| full.contains(name) && enabled.iter().any(|e| e == f))
    };
    let lib = include_str!("../src/lib.rs");
    for line in lib.lines().filter(|l| l.starts_with("#[cfg(feature = ")) {
        let feature = line.split('"').nth(1).unwrap();
        assert!(reached(feature), "`full` does not enable {feature}");
    }
}
