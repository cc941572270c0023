import type { ApiKeyStatus } from '../../../../electron/shared/domain'

export type GenerateBlocker =
  | { reason: 'checking-key'; message: string }
  | { reason: 'no-key'; message: string }
  | { reason: 'no-prompt'; message: string }

/**
 * Why Generate cannot run, in the order a user should fix things; null when it
 * can. Everything else (sizes, limits) is checked when Generate is pressed, with
 * the error shown next to the field.
 */
export function generateBlocker(apiKeyStatus: ApiKeyStatus | null, prompt: string): GenerateBlocker | null {
  if (apiKeyStatus === null) return { reason: 'checking-key', message: 'Checking your API key…' }
  if (!apiKeyStatus.set) return { reason: 'no-key', message: 'Add your Runware API key in Settings to generate.' }
  if (prompt.trim() === '') return { reason: 'no-prompt', message: 'Write a prompt to generate.' }
  return null
}

/** "$0.08": two decimals, more only for sub-cent amounts. */
export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 0.01) return `$${Number(amount.toFixed(4))}`
  return `$${amount.toFixed(2)}`
}

/** "≈ $0.08 · 4 images", or just "4 images" when the price is unknown. */
export function estimateText(costUsd: number | null, count: number): string {
  const images = `${count} ${count === 1 ? 'image' : 'images'}`
  return costUsd === null ? images : `≈ ${formatUsd(costUsd)} · ${images}`
}

/** Said beside the estimate when this generation takes today past the daily budget (short; `budgetTitle` has the figures). */
export function budgetText(budgetUsd: number): string {
  return `· over your ${formatUsd(budgetUsd)} daily budget`
}

/** The whole sentence, for the hint's title. */
export function budgetTitle(budgetUsd: number, spentTodayUsd: number, estimateUsd: number): string {
  return `${formatUsd(spentTodayUsd)} spent today; this generation (≈ ${formatUsd(estimateUsd)}) takes it past your ${formatUsd(budgetUsd)} daily budget. Change the budget in Settings.`
}
