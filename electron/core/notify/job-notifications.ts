/**
 * Desktop notifications when a job ends while the window is in the background
 * (issue 10). The decision and the wording are pure (`jobNotification`); the
 * `JobNotifications` watcher sees every progress snapshot the service publishes
 * and shows one notification per job that ends, never while the window has
 * focus, never when the setting is off. The OS sits behind `Notifier` and
 * `WindowFocus`: Electron's Notification and BrowserWindow in the composition
 * root (electron/main/notifications.ts), recorders the test sets in the host.
 */
import { FINAL_STATUSES, type JobProgress, type JobReveal } from '../../shared/jobs'

/** What the person sees: the title line and the line under it. */
export interface NotificationText {
  title: string
  body: string
}

export interface JobNotification extends NotificationText {
  generationId: number
}

/** The OS side of a notification: Electron's Notification in the app, a recorder in the test host. */
export interface Notifier {
  /** Shows a notification; `onClick` runs when the person clicks it. */
  show(notification: JobNotification, onClick: () => void): void
}

/** The window as main knows it: BrowserWindow in the app; a flag the test sets in the host. */
export interface WindowFocus {
  isFocused(): boolean
  /** Brings the window to the front (restored, shown, focused). */
  focus(): void
}

/** The prompt's start for a title: at most `max` characters, cut at a word when one ends near there. */
export function promptStart(prompt: string, max = 48): string {
  const flat = prompt.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max - 1)
  // The cut falls inside a word: back to the space before it (unless that loses too much).
  const space = flat[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ')
  return `${(space >= max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, '')}…`
}

/** The reason a job failed, in words: the first sentence of its message, without a trailing stop. */
export function failureReason(job: Pick<JobProgress, 'error' | 'message' | 'status'>): string {
  const text = (job.error?.message ?? job.message ?? '').replace(/\s+/g, ' ').trim()
  if (text === '') return job.status === 'interrupted' ? 'it was interrupted' : 'something went wrong'
  const first = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text
  const reason = first.replace(/[.!]$/, '')
  return reason.length > 90 ? `${reason.slice(0, 89).trimEnd()}…` : reason
}

/**
 * The notification for a job that just ended, or null: none while the window has focus,
 * none with the setting off, none for a job the person canceled (they know).
 * "3 images ready — a lighthouse at dusk", "Job failed — Runware refused the API key".
 */
export function jobNotification(job: JobProgress, context: { focused: boolean; enabled: boolean }): NotificationText | null {
  if (context.focused || !context.enabled) return null
  if (job.status === 'succeeded') {
    const images = job.imagesDone === 1 ? '1 image' : `${job.imagesDone} images`
    const count = job.imagesDone < job.imagesTotal ? `${job.imagesDone} of ${job.imagesTotal} images` : images
    return { title: `${count} ready — ${promptStart(job.prompt)}`, body: job.imagesDone === 1 ? 'Click to see it.' : 'Click to see them.' }
  }
  if (job.status === 'failed' || job.status === 'interrupted') {
    return { title: `Job failed — ${failureReason(job)}`, body: promptStart(job.prompt, 120) }
  }
  return null
}

export interface JobNotificationsDeps {
  notifier: Notifier
  window: WindowFocus
  /** The "Notify when a job ends" setting, read at each ending. */
  enabled(): boolean
  /** The job's stored images, for the window to show when the notification is clicked. */
  imageIds(generationId: number): number[]
  /** Tells the window to show the job's images (`generation:reveal`). */
  reveal(target: JobReveal): void
}

/** Watches published snapshots: one notification per job each time it ends, not one per image or per snapshot. */
export class JobNotifications {
  /** Jobs already notified for (or seen ending) since they last ran: a final snapshot again is not news. */
  private readonly ended = new Set<number>()

  constructor(private readonly d: JobNotificationsDeps) {}

  observe(job: JobProgress): void {
    if (!FINAL_STATUSES.includes(job.status)) {
      // Running again (a resumed job): its next ending is news.
      this.ended.delete(job.generationId)
      return
    }
    if (this.ended.has(job.generationId)) return
    this.ended.add(job.generationId)
    // Bounded: the oldest entries go (Sets keep insertion order).
    if (this.ended.size > 500) this.ended.delete(this.ended.values().next().value!)
    const text = jobNotification(job, { focused: this.d.window.isFocused(), enabled: this.d.enabled() })
    if (!text) return
    const { generationId } = job
    this.d.notifier.show({ generationId, ...text }, () => {
      this.d.window.focus()
      this.d.reveal({ generationId, imageIds: this.d.imageIds(generationId) })
    })
  }
}
