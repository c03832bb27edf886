import { useQuery } from '@tanstack/react-query'
import { supabase } from '@/lib/supabase'
import type { Tables } from '@dhg/shared/supabase/types'

export type Prompt = Tables<'prompts'> & {
  prompt_categories: Pick<Tables<'prompt_categories'>, 'name'>
  templates: Pick<Tables<'prompt_output_templates'>, 'id' | 'name'>[]
}

export function usePrompts(categoryName: string) {
  return useQuery({
    queryKey: ['prompts', categoryName],
    queryFn: async () => {
      const { data, error } = await supabase
        .schema('public')
        .from(`prompts`)
        .select(
          'id, name, content, prompt_categories!inner(name), templates:prompt_output_templates!prompt_template_associations(id, name)',
        )
        .eq('status', 'active')
        .eq('prompt_categories.name', categoryName)
      if (error) throw error
      return data as Prompt[]
    },
  })
}
