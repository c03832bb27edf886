import type { Database } from './database.types'

type Schema = Database['public']
export type Row<T extends keyof Schema['Tables']> = Schema['Tables'][T]['Row']
export type Pair<S extends string, T extends keyof Database['public']['Tables']> = [S, T]

export type Expert = Row<'experts'>
export type Labelled = Pair<'experts', 'experts'>
