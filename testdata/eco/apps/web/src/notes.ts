// Only words here: the experts and the domains are listed elsewhere.
export const title = 'notes'
