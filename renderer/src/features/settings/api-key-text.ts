import type { ApiKeyStatus } from '../../../../electron/shared/domain'

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
