import type { GetComputedFields } from 'supabase-computed'
import type { Database } from './database.types'
import type { Row } from './helpers'

type Schema = Database['public']
export type Fields = GetComputedFields<Schema, 'experts'>
// Declared in another file and not listed in the rules: a table string.
export type Elsewhere = Row<'experts'>
export type Wrapped = Wrapper<'experts'>
