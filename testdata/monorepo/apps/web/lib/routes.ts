// Navigation for the experts, sources and prompts sections of the dashboard.
export const routes = {
  experts: '/experts',
  expert: (id: string) => `/experts/${id}`,
  sources: '/sources',
  prompts: '/prompts',
  inbox: '/inbox',
} as const

export type RouteKey = keyof typeof routes
