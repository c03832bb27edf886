export * from './types'
export { SyncStatsRepository } from './repositories/SyncStatsRepository'
