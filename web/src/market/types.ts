export type { MarketSubmission, MarketTask, TaskPhase } from '@tem/core/market';
