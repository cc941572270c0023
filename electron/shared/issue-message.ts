/**
 * The text of a zod issue as the user (or a log) sees it. zod's own message for an
 * unknown key repeats every key in full, so an object with a megabyte-long key came
 * back as a megabyte-long error (found by tests/core/ipc-fuzz.test.ts); here a few
 * keys are named, each cut short. Every other message is zod's or ours, and names
 * no input.
 */
import type { z } from 'zod'

const MAX_KEY_CHARS = 40
const MAX_KEYS_NAMED = 3

export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message
  const named = issue.keys.slice(0, MAX_KEYS_NAMED).map((k) => JSON.stringify(k.length > MAX_KEY_CHARS ? `${k.slice(0, MAX_KEY_CHARS)}…` : k))
  const more = issue.keys.length > MAX_KEYS_NAMED ? ` and ${issue.keys.length - MAX_KEYS_NAMED} more` : ''
  return `Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${named.join(', ')}${more}`
}
