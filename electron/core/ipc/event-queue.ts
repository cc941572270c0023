import type { EventContract } from '../../shared/ipc-contract'

export type Emit = <E extends keyof EventContract>(channel: E, payload: EventContract[E]) => void

export interface EventQueue {
  emit: Emit
  /** The renderer has attached its listeners: deliver what waited and send from now on. */
  markReady(): void
  /** The renderer went away (reload, closed window): hold events again until it is ready. */
  markNotReady(): void
}

/**
 * Holds events for the renderer until it says it is listening, so nothing sent
 * during start-up or a reload is lost. Shared by Electron's window sender and the
 * browser test host's event stream.
 */
export function createEventQueue(send: (channel: keyof EventContract, payload: unknown) => boolean, limit = 1000): EventQueue {
  let ready = false
  const queue: [keyof EventContract, unknown][] = []
  const flush = (): void => {
    while (ready && queue.length > 0) {
      const [channel, payload] = queue[0]!
      if (!send(channel, payload)) return
      queue.shift()
    }
  }
  return {
    emit(channel, payload) {
      queue.push([channel, payload])
      // Bounded: a renderer that never comes back must not grow memory forever.
      if (queue.length > limit) queue.shift()
      flush()
    },
    markReady() {
      ready = true
      flush()
    },
    markNotReady() {
      ready = false
    }
  }
}
