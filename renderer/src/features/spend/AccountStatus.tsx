import { OfflineIcon } from '../../components/icons'
import { useAppStore } from '../../store'
import type { AppState } from '../../store/types'
import { formatUsd } from '../composer/generate-status'
import { formatBalance } from '../queue/job-format'

/** Offline as the chrome says it: the browser says so, the balance read could not reach Runware, or a job waits for the network. */
export function isOffline(s: AppState): boolean {
  return !s.networkOnline || s.balanceProblem === 'offline' || Object.values(s.jobs).some((j) => j.waitingForNetwork)
}

const OFFLINE_TITLE = "Runware can't be reached: check your internet connection. Jobs wait and carry on when it's back; the balance is read again then."

/** The queue header's right side: the balance, or Offline (with why, as its tooltip). */
export function AccountStatus() {
  const balance = useAppStore((s) => s.balance)
  const offline = useAppStore(isOffline)
  const keySet = useAppStore((s) => s.apiKeyStatus?.set ?? false)
  if (offline && keySet) {
    return (
      <span className="account-offline" data-testid="offline-status" role="status" title={balance ? `${OFFLINE_TITLE} Last balance: ${formatBalance(balance)}.` : OFFLINE_TITLE}>
        <OfflineIcon size={13} />
        Offline
      </span>
    )
  }
  if (!balance) return null
  return (
    <span className="queue-balance" data-testid="account-balance" title="Your Runware account balance">
      <span className="queue-balance-label">Balance</span> {formatBalance(balance)}
    </span>
  )
}

/** "Today $0.12 · This month $3.40" under the queue header; opens the Spend view. */
export function SpendStrip() {
  const today = useAppStore((s) => s.spendToday)
  const month = useAppStore((s) => s.spendMonth)
  const budget = useAppStore((s) => s.settings?.dailyBudgetUsd ?? null)
  const open = useAppStore((s) => s.openSpendView)
  const active = useAppStore((s) => s.mainView === 'spend')
  if (today === null || month === null) return null
  const over = budget !== null && today > budget + 1e-9
  return (
    <button
      type="button"
      className="spend-strip"
      data-testid="spend-summary"
      data-over-budget={over || undefined}
      aria-pressed={active}
      title={`Open the Spend view${budget === null ? '' : ` · daily budget ${formatUsd(budget)}`}`}
      onClick={open}
    >
      <span className="spend-strip-item">
        <span className="spend-strip-label">Today</span> <span data-testid="spend-today">{formatUsd(today)}</span>
        {over ? <span className="visually-hidden"> (over your daily budget)</span> : null}
      </span>
      <span className="spend-strip-sep" aria-hidden="true">
        ·
      </span>
      <span className="spend-strip-item">
        <span className="spend-strip-label">This month</span> <span data-testid="spend-month">{formatUsd(month)}</span>
      </span>
    </button>
  )
}
