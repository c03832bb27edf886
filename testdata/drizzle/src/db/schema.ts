import { integer, pgSchema, pgTable, serial, text } from 'drizzle-orm/pg-core'

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name'),
})

export const profiles = pgTable("profiles", {
  id: serial('id').primaryKey(),
  userId: integer('user_id').references(() => users.id),
})

// The same name in another schema is another table.
export const personalUsers = pgSchema('personal').table('users', { id: serial('id') })
export const publicUsers = pgSchema('public').table('users', { id: serial('id') })
// A schema held in a const: refscan does not follow it, the name is left for review.
const archive = pgSchema('archive')
export const archivedUsers = archive.table('users', { id: serial('id') })
