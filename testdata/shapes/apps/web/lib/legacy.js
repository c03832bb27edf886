// @ts-check
import { supabase } from './client.js'

/**
 * @typedef {import('./database.types').Database['public']['Tables']['experts']['Row']} Expert
 * @typedef {import('./database.types').Database['personal']['Tables']['experts']['Row']} Personal
 */

/**
 * Loads the experts of one Drive source.
 * @param {string} sourceId
 * @returns {Promise<import('./database.types').Tables<'sources_google'>[]>}
 */
export async function sourcesOf(sourceId) {
  const { data } = await supabase.rpc('sources_of', { source_id: sourceId })
  return data ?? []
}

/** @type {Expert | null} */
export let current = null
