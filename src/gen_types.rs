//! Reads a `supabase gen types typescript` file: the tables it declares under a schema.

use tree_sitter::{Node, Parser};

/// The keys under `Database[schema]["Tables"]` in `src` (quotes removed), in order; `None`
/// when `src` declares no `Database` type or interface with that schema and `Tables`.
pub fn table_names(src: &str, schema: &str) -> Option<Vec<String>> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into())
        .ok()?;
    let tree = parser.parse(src, None)?;
    let database = database_type(tree.root_node(), src)?;
    let tables = member_type(member_type(database, src, schema)?, src, "Tables")?;
    Some(
        members(tables)
            .filter_map(|p| prop_name(src, p.child_by_field_name("name")?))
            .collect(),
    )
}

/// The object type of the top-level `type Database = {...}` or `interface Database {...}`,
/// exported or not.
fn database_type<'t>(root: Node<'t>, src: &str) -> Option<Node<'t>> {
    let mut c = root.walk();
    let found = root.named_children(&mut c).find_map(|n| {
        let decl = if n.kind() == "export_statement" {
            n.child_by_field_name("declaration")?
        } else {
            n
        };
        let name = decl.child_by_field_name("name")?;
        if src.get(name.byte_range()) != Some("Database") {
            return None;
        }
        match decl.kind() {
            "type_alias_declaration" => decl
                .child_by_field_name("value")
                .filter(|v| v.kind() == "object_type"),
            "interface_declaration" => decl.child_by_field_name("body"),
            _ => None,
        }
    });
    found
}

/// The property signatures of an object type or interface body.
fn members<'t>(object: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let mut c = object.walk();
    let props: Vec<Node<'t>> = object
        .named_children(&mut c)
        .filter(|p| p.kind() == "property_signature")
        .collect();
    props.into_iter()
}

/// The object type of property `name` of `object`.
fn member_type<'t>(object: Node<'t>, src: &str, name: &str) -> Option<Node<'t>> {
    members(object)
        .find(|p| {
            p.child_by_field_name("name")
                .and_then(|n| prop_name(src, n))
                .is_some_and(|n| n == name)
        })?
        .child_by_field_name("type")?
        .named_child(0)
        .filter(|t| t.kind() == "object_type")
}

/// A property name as TypeScript reads it: an identifier, or a string without its quotes.
fn prop_name(src: &str, n: Node<'_>) -> Option<String> {
    let text = src.get(n.byte_range())?;
    match n.kind() {
        "property_identifier" => Some(text.to_string()),
        "string" => {
            let inner = text.get(1..text.len().checked_sub(1)?)?;
            // Generated keys are table names: no escapes to decode, refuse any.
            (!inner.contains('\\')).then(|| inner.to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_of_the_schema_in_both_layouts() {
        let src = r#"
export type Json = string | number
export type Database = {
  __InternalSupabase: { PostgrestVersion: "12" }
  public: {
    Tables: {
      experts: { Row: { id: string }; Relationships: [] }
      "orchestral sections": { Row: {}; Relationships: [] }
    }
    Views: { experts_v: { Row: {} } }
  }
  other: { Tables: { mine: { Row: {} } } }
}
"#;
        assert_eq!(
            table_names(src, "public").unwrap(),
            ["experts", "orchestral sections"]
        );
        assert_eq!(table_names(src, "other").unwrap(), ["mine"]);
        assert_eq!(table_names(src, "auth"), None);
        let old = "export interface Database {\n  public: {\n    Tables: {\n      'a': {}\n    }\n  }\n}\n";
        assert_eq!(table_names(old, "public").unwrap(), ["a"]);
        assert_eq!(
            table_names("export * from './database.types'", "public"),
            None
        );
    }
}
