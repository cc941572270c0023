/**
 * The prompt library's orders and page query (issue 10), shared by the core
 * (which reads prompt_stats, schema 7) and the window's Prompts view. One source
 * per concept: the zod enums in schemas.ts are made from these lists.
 */
import type { PromptStat } from './library'

/** lastUsed: when a prompt was last generated; uses: how many generations; cost: their total; prompt: by text. */
export const PROMPT_SORTS = ['lastUsed', 'uses', 'cost', 'prompt'] as const
export type PromptSort = (typeof PROMPT_SORTS)[number]

export const SORT_DIRECTIONS = ['asc', 'desc'] as const
export type SortDirection = (typeof SORT_DIRECTIONS)[number]

/** Rows per `library:prompt-list` page, at most. */
export const MAX_PROMPT_PAGE = 200

/** One page of the Prompts view (`library:prompt-list`). */
export interface PromptListQuery {
  /** Text the prompt contains (case-insensitive for ASCII letters); '' for every prompt. */
  filter: string
  sort: PromptSort
  direction: SortDirection
  offset: number
  limit: number
}

export interface PromptPage {
  rows: PromptStat[]
  /** More rows follow this page in this order. */
  hasMore: boolean
}
