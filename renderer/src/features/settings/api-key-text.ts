import type { ApiKeyCheck, ApiKeyStatus } from '../../../../electron/shared/domain'
import { formatBalance } from '../queue/job-format'

/** A plain sentence for where the key comes from. The key itself is never shown. */
export function describeApiKeyStatus(status: ApiKeyStatus): string {
  switch (status.source) {
    case 'keychain':
      if (!status.persistent) return 'Set, kept for this session only (no system keychain is available)'
      return status.osProtected ? 'Set (stored in the system keychain)' : 'Set, but not protected by the OS (no keyring)'
    case 'environment':
      return 'Set from the RUNWARE_API_KEY environment variable'
    case 'none':
      return status.persistent ? 'Not set' : 'Not set · a key you add is kept for this session only'
  }
}

/** What Settings says once a key is saved: Runware accepted it (with the balance), or it could not be checked. */
export function keySavedNotice(check: ApiKeyCheck): string {
  if (check.result === 'accepted') return `Runware accepted the key and it is saved. Balance: ${formatBalance(check.balance)}.`
  return `The key is saved, but it couldn't be checked: ${check.reason} It will be checked with your next generation.`
}
