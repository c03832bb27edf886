//! Big generated inputs of every pathological shape (examples/gen_shapes.rs) are classified
//! like small ones: each unit of a shape adds the same findings, however many units there are.
//! Their speed is measured by benches/shapes.sh, never here.

use std::process::Command;

#[allow(dead_code)]
#[path = "../examples/gen_shapes.rs"]
mod gen_shapes;

/// The report's summary of `shape` at size `n`: findings, mentions, and findings by kind.
fn summary(shape: &str, n: usize) -> (u64, u64, serde_json::Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (file, text) = gen_shapes::shape(shape, n).expect("known shape");
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(dir.path().join("refscan.toml"), gen_shapes::RULES).unwrap();
    std::fs::write(&path, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_refscan"))
        .args(["report", "--format", "json", "--max-filesize", "1G"])
        .current_dir(dir.path())
        .output()
        .expect("running refscan");
    assert!(
        out.status.success(),
        "{shape} {n}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let s = &v["summary"];
    assert_eq!(s["problems"], 0, "{shape} {n}: {s}");
    (
        s["findings"].as_u64().unwrap(),
        s["mentions"].as_u64().unwrap(),
        s["by_kind"].clone(),
    )
}

/// The counts of `shape` at `big` units are those of `step` units, grown by as many steps.
fn grows_linearly(shape: &str, step: usize, big: usize) {
    let (f1, m1, _) = summary(shape, step);
    let (f2, m2, kinds2) = summary(shape, 2 * step);
    let (fb, mb, kindsb) = summary(shape, big);
    assert!(f2 > f1 || m2 > m1, "{shape}: a unit adds no finding");
    let steps = (big / step - 1) as u64;
    assert_eq!(fb, f1 + steps * (f2 - f1), "{shape}: findings at {big}");
    assert_eq!(mb, m1 + steps * (m2 - m1), "{shape}: mentions at {big}");
    // The same kinds of finding, none lost to a give-up on the big input.
    let keys = |k: &serde_json::Value| k.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&kinds2), keys(&kindsb), "{shape}: kinds at {big}");
}

#[test]
fn select_with_thousands_of_embeds_finds_every_embed() {
    grows_linearly("ts-embeds", 4, 4000);
    grows_linearly("ts-embeds-lines", 2, 2000);
}

#[test]
fn thousands_of_from_calls_in_one_file_are_all_found() {
    grows_linearly("ts-from", 1, 3000);
    grows_linearly("ts-long-line", 1, 3000);
    grows_linearly("ts-parsed", 1, 1000);
}

#[test]
fn big_strings_and_generated_types_are_classified_whole() {
    grows_linearly("ts-big-string", 1, 3000);
    grows_linearly("ts-types", 3, 600);
}

#[test]
fn python_chains_and_strings_scale() {
    grows_linearly("py-from", 1, 3000);
    grows_linearly("py-long-line", 1, 3000);
    grows_linearly("py-big-string", 1, 3000);
    grows_linearly("py-parsed", 1, 1000);
}

#[test]
fn sql_statements_and_mentions_scale() {
    grows_linearly("sql-statements", 4, 4000);
    grows_linearly("sql-long-line", 1, 3000);
    grows_linearly("md-long-line", 1, 3000);
}

#[test]
fn a_heredoc_with_an_expansion_on_every_line_finds_every_statement() {
    grows_linearly("sh-heredoc", 1, 3000);
}

#[test]
fn deep_nesting_is_classified() {
    grows_linearly("ts-nested-embeds", 1, 300);
    // One hit, however deep the brackets around it.
    assert_eq!(summary("ts-nested-code", 2), summary("ts-nested-code", 300));
    grows_linearly("sql-nested", 1, 300);
}

#[test]
fn names_that_flow_into_from_calls_and_parsed_sql_strings_scale() {
    // Files only tree-sitter decides: each hit's node and ancestors are found in one walk.
    grows_linearly("ts-consts", 1, 2000);
    grows_linearly("ts-flow", 4, 2000);
    grows_linearly("py-parsed-sql", 1, 2000);
}
