//! A file that changes between scan and write is never clobbered (library level: the CLI calls
//! the same functions between its scan and its writes).

use std::fs;

use refscan::rewrite::{plan_file, write_atomic, EmbedStyle, FileError};
use refscan::rules::Rules;
use refscan::scan::{scan, ScanOptions};

fn scanned(dir: &std::path::Path, rules: &Rules) -> refscan::scan::Scan {
    let mut opts = ScanOptions::new(rules);
    opts.paths = vec![dir.to_path_buf()];
    scan(rules, &opts).unwrap()
}

#[test]
fn a_file_changed_after_the_scan_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sql");
    fs::write(&path, "select * from experts;\n").unwrap();
    let rules = Rules::bundled();
    let result = scanned(dir.path(), &rules);
    assert_eq!(result.files.len(), 1);
    fs::write(&path, "select * from experts; -- edited meanwhile\n").unwrap();
    let err = plan_file(&result.files[0], &rules, EmbedStyle::Alias, false, None).unwrap_err();
    assert!(matches!(err, FileError::Changed), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "select * from experts; -- edited meanwhile\n"
    );
}

#[test]
fn a_change_between_planning_and_renaming_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sql");
    fs::write(&path, "select * from experts;\n").unwrap();
    let rules = Rules::bundled();
    let result = scanned(dir.path(), &rules);
    let edit = plan_file(&result.files[0], &rules, EmbedStyle::Alias, false, None)
        .unwrap()
        .unwrap();
    assert_eq!(edit.edited, b"select * from expert_profiles;\n");
    fs::write(&path, "select 1;\n").unwrap();
    let err = write_atomic(&path, &edit.original, &edit.edited).unwrap_err();
    assert!(matches!(err, FileError::Changed), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "select 1;\n");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "temporary file left behind: {names:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_is_not_replaced_by_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.sql");
    fs::write(&target, "select * from experts;\n").unwrap();
    let link = dir.path().join("link.sql");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = write_atomic(&link, b"select * from experts;\n", b"x").unwrap_err();
    assert!(matches!(err, FileError::Symlink), "{err}");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}
