// The queue of injected faults. Faults are consumed in injection order by the next
// request they apply to; `times` (default 1) says how many requests consume one fault.
import type { Fault, FaultKind } from './types'

/** Faults that decide what happens to a whole /v1 request (at most one per request). */
export const REQUEST_OUTCOME: readonly FaultKind[] = ['dropBeforeAccept', 'status', 'errorCode', 'dropAfterAccept', 'malformedJson']
/** Faults that decide what happens to an image GET (at most one per request). */
export const DOWNLOAD_OUTCOME: readonly FaultKind[] = ['expireImages', 'truncateDownload']

interface Entry {
  fault: Fault
  remaining: number
}

export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>

function check(ok: boolean, fault: Fault, what: string): void {
  if (!ok) throw new TypeError(`fake-runware: invalid ${fault.kind} fault: ${what}`)
}

function validate(fault: Fault): number {
  const times = 'times' in fault && fault.times !== undefined ? fault.times : 1
  check(Number.isInteger(times) && times >= 1, fault, 'times must be an integer >= 1')
  switch (fault.kind) {
    case 'latency':
    case 'slowDownload':
      check(Number.isFinite(fault.ms) && fault.ms >= 0, fault, 'ms must be >= 0')
      break
    case 'asyncProcessingPolls':
      check(Number.isInteger(fault.polls) && fault.polls >= 0, fault, 'polls must be an integer >= 0')
      break
    case 'partialBatch':
      check(Number.isInteger(fault.ready) && fault.ready >= 0, fault, 'ready must be an integer >= 0')
      break
    case 'resultErrors':
      check(Number.isInteger(fault.failed) && fault.failed >= 1, fault, 'failed must be an integer >= 1')
      break
    case 'status':
      check([408, 429, 500, 502, 503, 504].includes(fault.status), fault, 'unsupported status')
      break
    case 'errorCode':
      check(fault.code.length > 0, fault, 'code must not be empty')
      check(fault.status === undefined || (Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599), fault, 'status must be 4xx/5xx')
      break
    default:
      break
  }
  return times
}

export class FaultQueue {
  private entries: Entry[] = []

  inject(fault: Fault): void {
    const remaining = validate(fault)
    this.entries.push({ fault: { ...fault }, remaining })
  }

  /** The first pending fault of one of these kinds, without consuming it. */
  peek(kinds: readonly FaultKind[]): Fault | undefined {
    return this.entries.find((e) => kinds.includes(e.fault.kind))?.fault
  }

  /** Consume one use of the first pending fault of one of these kinds. */
  take(kinds: readonly FaultKind[]): Fault | undefined {
    const index = this.entries.findIndex((e) => kinds.includes(e.fault.kind))
    const entry = this.entries[index]
    if (!entry) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) this.entries.splice(index, 1)
    return entry.fault
  }

  takeKind<K extends FaultKind>(kind: K): FaultOf<K> | undefined {
    return this.take([kind]) as FaultOf<K> | undefined
  }

  pending(): Fault[] {
    return this.entries.map((e) => ({ ...e.fault }))
  }
}
