/**
 * The Prompts view (sidebar → Prompts): every past prompt with its uses, last
 * use, total cost and best-rated result, from the core's prompt library
 * (`library:prompt-list`, sorted and filtered there, a page at a time). "Use"
 * puts a prompt into the composer with the settings of its newest generation.
 * The composer's autocomplete asks `library:prompts` itself (features/composer).
 */
import type { PromptStat } from '../../../electron/shared/library'
import { MAX_PROMPT_PAGE, type PromptSort, type SortDirection } from '../../../electron/shared/prompts'
import { api, call } from '../api'
import { composerFromRecipe } from '../lib/recipe'
import type { SliceCreator } from './types'

/** Rows per page of the Prompts view ("Show more" asks for the next). */
export const PROMPT_PAGE = 100

export interface PromptTable {
  filter: string
  sort: PromptSort
  direction: SortDirection
  rows: PromptStat[]
  hasMore: boolean
  loading: boolean
  error: string | null
  /** Bumped by every load: an answer to an older one is dropped. */
  request: number
}

export interface PromptsSlice {
  promptTable: PromptTable
  openPromptsView(): void
  setPromptFilter(filter: string): void
  /** Sorts by a column; the column it is sorted by already turns the other way. */
  sortPromptsBy(sort: PromptSort): void
  /** The rows shown, read again (after a change in the library). */
  loadPrompts(): Promise<void>
  loadMorePrompts(): Promise<void>
  /** The prompt, with the settings its newest generation was made with, into the composer. */
  reusePrompt(stat: PromptStat): Promise<void>
}

/** The way a column sorts first: text A to Z, numbers and dates from the largest. */
export const firstDirection = (sort: PromptSort): SortDirection => (sort === 'prompt' ? 'asc' : 'desc')

export const initialPromptTable: PromptTable = { filter: '', sort: 'lastUsed', direction: 'desc', rows: [], hasMore: false, loading: false, error: null, request: 0 }

export const createPromptsSlice: SliceCreator<PromptsSlice> = (set, get) => {
  async function load(offset: number, limit: number): Promise<void> {
    const t = get().promptTable
    const request = t.request + 1
    set({ promptTable: { ...t, request, loading: true, error: null } })
    try {
      const page = await call(() => api.library.promptList({ filter: t.filter, sort: t.sort, direction: t.direction, offset, limit }))
      if (get().promptTable.request !== request) return
      set((s) => ({ promptTable: { ...s.promptTable, rows: offset === 0 ? page.rows : [...s.promptTable.rows, ...page.rows], hasMore: page.hasMore, loading: false } }))
    } catch (error) {
      if (get().promptTable.request !== request) return
      const reported = get().reportError("Couldn't load the prompts", error)
      set((s) => ({ promptTable: { ...s.promptTable, loading: false, error: reported.message } }))
    }
  }

  return {
    promptTable: initialPromptTable,

    openPromptsView() {
      set({ mainView: 'prompts', selectedIds: {}, selectionAnchor: null, selectionLead: null })
      void load(0, PROMPT_PAGE)
    },

    setPromptFilter(filter) {
      if (filter === get().promptTable.filter) return
      set((s) => ({ promptTable: { ...s.promptTable, filter } }))
      void load(0, PROMPT_PAGE)
    },

    sortPromptsBy(sort) {
      const t = get().promptTable
      const direction = t.sort === sort ? (t.direction === 'asc' ? 'desc' : 'asc') : firstDirection(sort)
      set({ promptTable: { ...t, sort, direction } })
      void load(0, PROMPT_PAGE)
    },

    // As many rows as are shown (within a page's limit), so a refresh does not shrink the table.
    loadPrompts: () => load(0, Math.min(MAX_PROMPT_PAGE, Math.max(PROMPT_PAGE, get().promptTable.rows.length))),

    async loadMorePrompts() {
      const t = get().promptTable
      if (!t.hasMore || t.loading) return
      await load(t.rows.length, PROMPT_PAGE)
    },

    async reusePrompt(stat) {
      try {
        const recipe = await call(() => api.generation.recipe(stat.lastGenerationId))
        // The recipe's prompt is this prompt; take the row's text all the same.
        get().updateComposer({ ...composerFromRecipe(recipe), prompt: stat.prompt })
      } catch (error) {
        // No recipe (a generation from before recipes were kept): the prompt alone.
        console.warn("Couldn't read the prompt's settings", error)
        get().updateComposer({ prompt: stat.prompt })
      }
      get().requestPromptFocus()
    }
  }
}
