/**
 * What `imagine doctor` and the app's check at start-up found (core/journal/doctor.ts).
 * `problems` and `fixed` are sentences for people; the rest is for tools (--json).
 */
/** What `app:get-health` answers: the start-up check, and whether library.db had to be rebuilt from the journal first. */
export interface StartupHealth {
  report: HealthReport
  restoredFromJournal: { generations: number; images: number; entries: number; failed: number } | null
}

export interface HealthFile {
  kind: 'image' | 'reference'
  id: number
  path: string
}

export interface HealthReport {
  ok: boolean
  /** The start-up part: quick_check, file sizes instead of hashes, the journal's tail only. */
  quick: boolean
  checkedAt: number
  problems: string[]
  fixed: string[]
  sqlite: { ok: boolean; messages: string[]; foreignKeyProblems: number }
  files: {
    images: number
    /** Of which checked against their files (all but in the quick part). */
    checked: number
    references: number
    missing: HealthFile[]
    changed: HealthFile[]
    thumbnailsMissing: number
    /** Files in images/ or refs/ that no row names (library paths). */
    orphans: string[]
    movedToLostFound: string[]
    orphanThumbnails: number
    tempFilesRemoved: number
  }
  jobs: { unfinished: { generationId: number; taskUUID: string; status: string; owner: string | null; ownerGone: boolean }[] }
  journal: {
    enabled: boolean
    lastSeq: number
    databaseSeq: number
    torn: number
    corrupt: number
    gaps: [number, number][]
    /** In the database, not in the journal (doctor --fix journals them). */
    unjournaled: { generations: number; images: number }
    /** In the journal, not in the database (imagine rebuild restores them). */
    notInDatabase: { generations: number; images: number }
  }
}
