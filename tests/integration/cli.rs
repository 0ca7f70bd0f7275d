//! CLI behaviour pinned by trycmd cases in tests/cmd (refresh: TRYCMD=overwrite).

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("cicb", crate::support::bin())
        .default_bin_path(crate::support::bin())
        .env("NO_COLOR", "")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}
