import { supabase } from './client';
import { EXPERT_CARD } from './selects';

const EXPERT_COLUMNS = ['id', 'name', 'source:sources_google(title, mime_type)'];

export const listExperts = () => supabase.from('experts').select(EXPERT_COLUMNS.join(', '));

export const expertWithDocs = (id: string) =>
  supabase
    .from('experts')
    .select('id, ' + 'docs:sources_google!expert_id(title)')
    .eq('id', id);

const BASE = `id, name`;
const WITH_SOURCE = BASE + ', sources_google(title)';

export const bySource = (title: string) =>
  supabase.from('experts').select(WITH_SOURCE).eq('sources_google.title', title);

export const cards = () => supabase.from('experts').select(EXPERT_CARD);

export const split = () => supabase.from('experts').select('id, sources_google' + '(title)');

export async function later() {
  const base = supabase.from('experts');
  return base.select('id, source:sources_google(title)');
}
