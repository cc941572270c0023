/**
 * What the app has spent, from the core's cost ledger: today's and this month's
 * totals for the chrome, and the Spend view's report (per day over 30/90/365
 * days, per collection and per prompt). Both are read again after any spend: a
 * job that ends, or an `external` push (the CLI's jobs land that way).
 */
import type { CostTotal } from '../../../electron/shared/library'
import { api, call } from '../api'
import { dayWindow, monthToDate, spendSeries, spendSummary, type SpendDay, type SpendRange } from '../lib/spend'
import type { SliceCreator } from './types'

export type MainView = 'gallery' | 'spend' | 'prompts'

export interface SpendReport {
  range: SpendRange
  /** Oldest first, every day of the range (0 where nothing was spent). */
  days: SpendDay[]
  collections: CostTotal[]
  prompts: CostTotal[]
}

export interface SpendSlice {
  /** What the main area shows: the gallery, the Spend view or the Prompts view. */
  mainView: MainView
  spendRange: SpendRange
  /** Spend today and this month (local calendar), null until first read. */
  spendToday: number | null
  spendMonth: number | null
  spendReport: SpendReport | null
  spendReportLoading: boolean
  spendReportError: string | null
  openSpendView(): void
  showGallery(): void
  setSpendRange(range: SpendRange): void
  loadSpendSummary(): Promise<void>
  loadSpendReport(): Promise<void>
  /** After a spend: the balance, today's totals and, when it is open, the report. */
  refreshSpend(): void
}

/** Report loads in flight: only the latest one lands. */
let reportToken = 0

export const createSpendSlice: SliceCreator<SpendSlice> = (set, get) => ({
  mainView: 'gallery',
  spendRange: 30,
  spendToday: null,
  spendMonth: null,
  spendReport: null,
  spendReportLoading: false,
  spendReportError: null,

  openSpendView() {
    set({ mainView: 'spend', selectedIds: {}, selectionAnchor: null, selectionLead: null })
    void get().loadSpendReport()
  },

  showGallery: () => set({ mainView: 'gallery' }),

  setSpendRange(spendRange) {
    if (spendRange === get().spendRange) return
    set({ spendRange })
    void get().loadSpendReport()
  },

  async loadSpendSummary() {
    const now = new Date()
    try {
      const days = await call(() => api.library.costTotals('day', monthToDate(now)))
      const { todayUsd, monthUsd } = spendSummary(days, now)
      set({ spendToday: todayUsd, spendMonth: monthUsd })
    } catch (error) {
      // The chrome keeps its last figures; the Spend view reports failures itself.
      console.warn("Couldn't read today's spend", error)
    }
  },

  async loadSpendReport() {
    const token = ++reportToken
    const range = get().spendRange
    const window = dayWindow(new Date(), range)
    set({ spendReportLoading: true, spendReportError: null })
    try {
      const [days, collections, prompts] = await Promise.all([
        call(() => api.library.costTotals('day', window.range)),
        call(() => api.library.costTotals('collection', window.range)),
        call(() => api.library.costTotals('prompt', window.range))
      ])
      if (token !== reportToken) return
      set({ spendReport: { range, days: spendSeries(days, window.days), collections, prompts }, spendReportLoading: false })
    } catch (error) {
      if (token !== reportToken) return
      const reported = get().reportError("Couldn't load the spend report", error)
      set({ spendReportLoading: false, spendReportError: reported.message })
    }
  },

  refreshSpend() {
    const s = get()
    void s.loadBalance()
    void s.loadSpendSummary()
    if (s.mainView === 'spend') void s.loadSpendReport()
  }
})
