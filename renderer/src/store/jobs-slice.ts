import type { AccountBalance } from '../../../electron/shared/domain'
import { FINAL_STATUSES, type GenerationStatus, type JobImage, type JobProgress, type JobReveal } from '../../../electron/shared/jobs'
import { api, ApiError, call } from '../api'
import type { SliceCreator } from './types'

/** A snapshot from main plus when it arrived, so a running job's elapsed time can tick between events. */
export interface JobEntry extends JobProgress {
  receivedAt: number
}

export interface JobsSlice {
  /** Jobs by generation id: unfinished ones and those finished this session. */
  jobs: Record<number, JobEntry>
  /** Stored images of a job, loaded when it gains images or ends. */
  jobImages: Record<number, JobImage[]>
  /** Jobs Clear finished removed (main forgets them for good; kept here so a late event cannot bring one back). */
  hiddenJobIds: Record<number, true>
  /** Cancel calls in flight. */
  cancelingJobIds: Record<number, true>
  /** The Runware account balance; null when unknown (no key, not loaded, failed). */
  balance: AccountBalance | null
  /** Why the last balance read failed: Runware unreachable ('offline') or another reason; null when it worked. */
  balanceProblem: 'offline' | 'failed' | null
  /** The browser's own idea of the network (navigator.onLine and its online/offline events). */
  networkOnline: boolean
  setNetworkOnline(online: boolean): void
  /** Loads main's job list; snapshots already received by event are kept when newer. */
  loadJobs(): Promise<void>
  /** Upserts a snapshot from a generation:progress event. */
  applyProgress(progress: JobProgress): void
  /** Shows a just-started job at once, in case its first event has not arrived yet. */
  noteStartedJob(generationId: number, taskUUID: string, prompt: string, imagesTotal: number): void
  cancelJob(generationId: number): Promise<void>
  /** Goes on with a job a full or read-only disk stopped (nothing is billed again). */
  resumeJob(generationId: number): Promise<void>
  loadJobImages(generationId: number): Promise<void>
  /** Clear finished: main removes every job that has ended from the queue, for good (after a restart too). */
  clearFinishedJobs(): Promise<void>
  /**
   * A job to bring into view (its notification was clicked): the gallery selects and scrolls to
   * `imageIds` once they are in the view, the queue scrolls to the job (and focuses it when it has
   * no images). `seq` tells one click from the next.
   */
  jobReveal: (JobReveal & { seq: number }) | null
  /** The person clicked a job's notification: main focused the window; show that job's images. */
  revealJob(reveal: JobReveal): void
  /** The gallery (or, with no images, the queue) has shown the reveal `seq`. */
  finishJobReveal(seq: number): void
  /** Refreshes the balance when a key is set. Failures are not toasts: the chrome shows Offline (or keeps the last figure). */
  loadBalance(): Promise<void>
}

/** A job the disk stopped: its paid results wait by taskUUID, so it is resumed, not retried (a retry is a new, billed request). */
export function stoppedByDisk(job: JobProgress): boolean {
  return job.status === 'failed' && (job.error?.code === 'DISK_FULL' || job.error?.code === 'READ_ONLY')
}

export function isFinal(status: GenerationStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/** Image loads in flight, and whether another was asked for meanwhile. */
const imageLoads = new Map<number, { again: boolean }>()

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get) => {
  /** Loads images when a job gains some or ends; refreshes the balance when one ends. */
  function followUp(prev: JobProgress | undefined, next: JobProgress): void {
    const grew = next.imagesDone > (prev?.imagesDone ?? 0)
    const ended = isFinal(next.status) && (prev === undefined || !isFinal(prev.status))
    if (grew || (ended && next.imagesDone > 0)) void get().loadJobImages(next.generationId)
    if (ended && prev !== undefined) get().refreshSpend()
  }

  return {
    jobs: {},
    jobImages: {},
    hiddenJobIds: {},
    cancelingJobIds: {},
    balance: null,
    balanceProblem: null,
    jobReveal: null,
    networkOnline: typeof navigator === 'undefined' ? true : navigator.onLine !== false,

    setNetworkOnline(networkOnline) {
      if (networkOnline === get().networkOnline) return
      set({ networkOnline })
      // Back online: what was spent meanwhile (and the balance) is read again.
      if (networkOnline) get().refreshSpend()
    },

    async loadJobs() {
      let list: JobProgress[]
      try {
        list = await call(() => api.generation.list())
      } catch (error) {
        get().reportError("Couldn't load the queue", error)
        return
      }
      const receivedAt = Date.now()
      const before = get().jobs
      const jobs = { ...before }
      const changed: JobProgress[] = []
      for (const job of list) {
        const known = before[job.generationId]
        // An event that arrived meanwhile may be newer: elapsed time only grows.
        if (known && known.elapsedMs > job.elapsedMs) continue
        jobs[job.generationId] = { ...job, receivedAt }
        changed.push(job)
      }
      set({ jobs })
      for (const job of changed) followUp(before[job.generationId], job)
    },

    applyProgress(progress) {
      const prev = get().jobs[progress.generationId]
      set((s) => ({ jobs: { ...s.jobs, [progress.generationId]: { ...progress, receivedAt: Date.now() } } }))
      followUp(prev, progress)
    },

    noteStartedJob(generationId, taskUUID, prompt, imagesTotal) {
      if (get().jobs[generationId]) return
      const job: JobEntry = {
        generationId,
        taskUUID,
        prompt,
        status: 'queued',
        imagesDone: 0,
        imagesTotal,
        elapsedMs: 0,
        costUsd: null,
        waitingForNetwork: false,
        retries: 0,
        receivedAt: Date.now()
      }
      set((s) => ({ jobs: { ...s.jobs, [generationId]: job } }))
    },

    async cancelJob(generationId) {
      if (get().cancelingJobIds[generationId]) return
      set((s) => ({ cancelingJobIds: { ...s.cancelingJobIds, [generationId]: true } }))
      try {
        const progress = await call(() => api.generation.cancel(generationId))
        get().applyProgress(progress)
      } catch (error) {
        get().reportError("Couldn't cancel the generation", error)
      } finally {
        set((s) => {
          const { [generationId]: _done, ...rest } = s.cancelingJobIds
          return { cancelingJobIds: rest }
        })
      }
    },

    async resumeJob(generationId) {
      try {
        const progress = await call(() => api.generation.resume(generationId))
        get().applyProgress(progress)
      } catch (error) {
        get().reportError("Couldn't resume the generation", error)
      }
    },

    async loadJobImages(generationId) {
      const running = imageLoads.get(generationId)
      if (running) {
        running.again = true
        return
      }
      const load = { again: true }
      imageLoads.set(generationId, load)
      try {
        while (load.again) {
          load.again = false
          try {
            const images = await call(() => api.generation.images(generationId))
            set((s) => ({ jobImages: { ...s.jobImages, [generationId]: images } }))
          } catch (error) {
            // Thumbnails are a convenience here; the images are in the library either way.
            console.warn(`Couldn't load the images of generation #${generationId}`, error)
            return
          }
        }
      } finally {
        imageLoads.delete(generationId)
      }
    },

    async clearFinishedJobs() {
      let cleared: number[]
      try {
        cleared = await call(() => api.generation.clearFinished())
      } catch (error) {
        get().reportError("Couldn't clear the finished jobs", error)
        return
      }
      set((s) => {
        const hiddenJobIds = { ...s.hiddenJobIds }
        for (const id of cleared) hiddenJobIds[id] = true
        return { hiddenJobIds }
      })
    },

    revealJob(reveal) {
      const s = get()
      s.closeDetail()
      s.closeDialog()
      s.showGallery()
      const shown = new Set(s.galleryIds)
      // Images the view cannot hold (a search, a collection, Favourites, the Trash): back to every image.
      const plain = s.activeSection === 'all' && s.activeCollectionId === null && s.galleryQuery.trim() === ''
      if (!plain && !reveal.imageIds.every((id) => shown.has(id))) {
        s.setActiveSection('all')
        s.setGalleryQuery('')
      }
      set((st) => ({ jobReveal: { ...reveal, seq: (st.jobReveal?.seq ?? 0) + 1 } }))
    },

    finishJobReveal(seq) {
      if (get().jobReveal?.seq === seq) set({ jobReveal: null })
    },

    async loadBalance() {
      if (!get().apiKeyStatus?.set) {
        set({ balance: null, balanceProblem: null })
        return
      }
      try {
        const balance = await call(() => api.account.balance())
        set({ balance, balanceProblem: null })
      } catch (error) {
        // No toast: a toast per finished job would be spam. The chrome says Offline when Runware can't be reached.
        const code = error instanceof ApiError ? error.code : null
        set({ balanceProblem: code === 'NETWORK' || code === 'API_TIMEOUT' ? 'offline' : 'failed' })
      }
    }
  }
}
