//! `rewrite --database-url`: the live database says whether a new name is another table
//! (refused) or the same table renamed (code already using it is then fine).

mod migrate_common;

use migrate_common::*;

/// testdata/taken-in-code's code reads both `chats` and `chat_history`.
fn rewrite(db: &TestDb) -> Run {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/taken-in-code");
    let dir = dir.to_string_lossy().into_owned();
    refscan(&["rewrite", &dir, "--database-url", &db.url])
}

#[test]
fn a_database_with_both_tables_refuses_the_rename() {
    let db = TestDb::new();
    db.exec("CREATE TABLE chats (id int); CREATE TABLE chat_history (id int);");
    let r = rewrite(&db);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("`chats` -> `chat_history`: the database")
            && r.stderr
                .contains("has both `public.chats` and `public.chat_history` as tables"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_database_where_the_rename_is_done_lets_code_use_the_new_name() {
    let db = TestDb::new();
    db.exec(
        "CREATE TABLE chat_history (id int); CREATE VIEW chats WITH (security_invoker = true) AS SELECT * FROM chat_history;",
    );
    let r = rewrite(&db);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("+  return supabase.from('chat_history').select('id, title')"),
        "{}",
        r.stdout
    );
}
