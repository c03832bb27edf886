//! The PostgREST select-string grammar: finds relation, alias, hint and spread tokens.
