//! Compile-time behaviour of `backup_plan!`: accepted programs run, every mistake fails with
//! the message in its `.stderr` file (refresh with `TRYBUILD=overwrite`, then read the diff).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*/*.rs");
}
