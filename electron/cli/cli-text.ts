import type { JobProgress } from '../shared/jobs'

export const EXIT = {
  ok: 0,
  other: 1,
  /** Invalid input: nothing was sent. */
  invalid: 2,
  /** Rejected by the API: auth, credits, safety, validation. */
  rejected: 3,
  /**
   * Gave up after transient failures (network, rate limits, server errors), or Runware
   * stayed unreachable for `--wait` seconds (that job is kept, unfinished, to be resumed).
   */
  gaveUp: 4
} as const

/** Default of `--wait`: seconds `generate` waits without contact with Runware before it stops. */
export const DEFAULT_WAIT_S = 300

const INVALID = new Set(['VALIDATION', 'BAD_IMAGE', 'NO_API_KEY', 'NOT_FOUND'])
const REJECTED = new Set(['API_AUTH', 'API_CREDITS', 'API_SAFETY', 'API_VALIDATION'])
const TRANSIENT = new Set(['API_RATE_LIMIT', 'API_TIMEOUT', 'API_PROVIDER', 'API_SERVER', 'NETWORK'])

export function exitCodeFor(p: Pick<JobProgress, 'status' | 'error'>): number {
  if (p.status === 'succeeded') return EXIT.ok
  const code = p.error?.code ?? ''
  if (INVALID.has(code)) return EXIT.invalid
  if (REJECTED.has(code)) return EXIT.rejected
  if (TRANSIENT.has(code)) return EXIT.gaveUp
  return EXIT.other
}

export const HELP = `Imagine Studio CLI: generate with xAI Grok Imagine Image through Runware, into the
same library as the desktop app.

Usage:
  npm run -s imagine -- generate "PROMPT" [options]
  npm run -s imagine -- resume [--json] [--wait S]
  npm run -s imagine -- history [--search QUERY] [--limit N] [--json]
  npm run -s imagine -- show ID [--json]        ID: an image (45) or a generation (g12)
  npm run -s imagine -- favorite ID... [--off]
  npm run -s imagine -- trash ID...
  npm run -s imagine -- restore ID...
  npm run -s imagine -- export ID... --to DIR [export options]
  npm run -s imagine -- export --search QUERY --to DIR [export options]
  npm run -s imagine -- backup --to DIR [--json]
  npm run -s imagine -- restore --from DIR --to DATA_DIR [--json]
  npm run -s imagine -- rebuild [--force] [--json]
  npm run -s imagine -- doctor [--fix] [--quick] [--json]

resume finishes every job a process left unfinished in this library (killed, crashed,
or a generate that stopped waiting), as the desktop app does when it starts: it polls
Runware by task UUID, downloads what was paid for and sends again, under the same task
UUID, what never reached Runware (nothing is billed twice). A job another running
process holds (the app, a generate still running) is left to it. One line per job
state change on stderr; stdout gets the recovered image paths, or with --json one
object: resumed, imagesRecovered, jobs [{ generationId, taskUUID, from, status,
imagesRecovered, images, cost, message, error }], failed [{ generationId, taskUUID,
status, code, message }], heldElsewhere [{ generationId, taskUUID, status, owner }],
tempFilesRemoved, stoppedWaiting. --wait S as for generate. Nothing to resume: exit 0.
Exit 0 when every job ended well (succeeded, or canceled by you); otherwise the code
generate would give the first job that did not (4 after --wait).

history lists generations newest first (--json: an array, each with its images:
id, path, sha256, width, height, format); --search takes the app's search language,
e.g. 'fox tag:cats fav:yes aspect:16:9 after:2026-01-01'. show prints everything known
about an image or a generation, lineage included.

export copies images out of the library into DIR (created when missing), never
overwriting a file: a taken name gets " (2)", " (3)"…; stdout gets one path per line.
export options:
  --to DIR            the folder to write to
  --search QUERY      export every image a search finds instead of IDs
  --template T        file names, default "{date}_{prompt:40}_{id}"; tokens: {date}
                      {time} {prompt} {prompt:N} {seed} {index} {id} {w} {h}
                      {collection} {format} {rating} {sha} {sha:N}
  --format F          original (default: the library's bytes), png, jpg or webp
  --quality Q         1-100 for jpg and webp (default 90)
  --resize PX         long edge in pixels; never enlarges
  --metadata M        full (default), minimal or none
  --subfolders S      none (default), day, month or collection
  --skip-existing     skip a name that is taken instead of suffixing it
  --sidecar           also write NAME.json with the image's full record
  --zip FILE          write one zip (FILE, relative to --to or the current folder)
  --c2pa-cert FILE    sign each file with content credentials (C2PA: made by the model
  --c2pa-key FILE     through Imagine Studio) with this certificate chain and private key
                      (PEM; EC P-256 or P-384/P-521, Ed25519); a key password comes from
                      IMAGINE_C2PA_KEY_PASSWORD. Each file is verified once written
  --json              print one JSON object: folder, zip, written [{ imageId, path }],
                      skipped, failed [{ imageId, code, message }], canceled
  Exit 0 when every image was exported; 2 when none of the IDs exist; 1 when any
  image failed (each failure is named on stderr, the rest are still exported).

backup copies the whole library (database, images, thumbnails, references, journal) into DIR
(created when missing; otherwise empty, or an earlier backup: a folder of other files
is refused, exit 2), safely while the app or a generate is writing: the database
through SQLite's online backup, then only the files DIR does not hold yet (files are
named by their sha256; each copy is checked against it), the journal's segments cut
at the snapshot (only those that grew or are new), and manifest.json last, so a
backup that was interrupted never passes for a finished one. Run it again into the
same DIR to bring it up to date. Progress on stderr; Ctrl-C cancels and leaves the
previous backup in DIR complete. --json: one object: folder, canceled, copied, skipped,
bytesCopied, journal { copied, skipped, bytes }, elapsedMs, problems [{ path, problem }],
manifest. Exit 0 when everything was backed up; 1 when canceled or a file was missing
or damaged in the library (named on stderr; the rest is backed up).

restore --from DIR --to DATA_DIR writes a backup into DATA_DIR, which must be empty
or not exist yet (exit 2 otherwise, nothing is touched), then checks it: SQLite's
integrity_check and foreign keys, and every image and reference file against its
sha256. Point IMAGINE_DATA_DIR (or the app) at DATA_DIR to use it. --json: to,
canceled, copied, backupCreatedAt, notInBackup, countMismatches, check { ok,
integrity, foreignKeyViolations, images { checked, missing, damaged }, references,
thumbs { checked, missing }, refused, counts }. Exit 0 when the check passed, 1 when
it found a problem (each named on stderr). (restore ID... without --from takes
images out of the trash, as before.)

rebuild recreates library.db from the journal (journal/ in the library folder: every
generation, result, reference, tag, collection, rating, note, trash and saved search,
appended as it is written) and the files in images/. It checks every image against
its hash, makes missing thumbnails again, and reports what it could not match:
entries whose file is missing (the record is kept), files no entry names, a torn last
journal line (ignored). A library.db that still looks healthy is left alone unless
--force; the one replaced is moved aside as library.db.broken-<time>, never deleted.
Close the app first. --json prints the report as one object. Exit 0 when rebuilt,
2 when refused (healthy database, no journal). The app does the same by itself when
it starts and library.db is gone.

doctor checks the library: SQLite's integrity_check (quick_check with --quick),
files missing or whose hash no longer matches (--quick: their size), files no row
names (orphans), thumbnails missing, temp files left behind, unfinished jobs, and
the journal against the database (last sequence number, lines lost or damaged,
generations and images one has and the other not). --fix repairs what is safe and
says what it did: orphans are moved to lost+found/ (never deleted; a file written in
the last 15 minutes is left alone), thumbnails made again, temp files of processes
that are gone removed, and a journal behind the database gets a checkpoint of the
whole library. --json prints one object: ok, problems, fixed, sqlite, files, jobs,
journal. Exit 0 when nothing is wrong (after --fix: nothing left), 1 otherwise.

generate options:
  Size (one of; default 1024x1024, or the reference's aspect with --ref):
  --size WxH          one of the model's sizes: 1024x1024 896x1280 1280x896 768x1408
                      1408x768 864x1296 1296x864 576x1248 1248x576 576x1280 1280x576
                      704x1408 1408x704
  --aspect A:B        a preset by aspect: 1:1 3:4 4:3 9:16 16:9 2:3 3:2 9:19.5 19.5:9
                      9:20 20:9 1:2 2:1
  --resolution 1K     the 1K tier (matches the first reference image's aspect)

Options:
  --count N, -n N     images to make, 1-20 (default 1)
  --format F          png, jpg or webp (default jpg)
  --quality Q         compression quality 20-99 (default 95)
  --ref REF           reference image: a file PATH, an http(s) URL or a library IMAGE_ID
                      (repeatable up to the model's limit: 1)
  --async             asynchronous delivery (submit, then poll) instead of sync
  --safety            run Runware's content safety check (fast mode)
  --ttl S             seconds the result URLs stay valid on Runware (>= 60, URL output)
  --output O          url (default), base64 or datauri: how Runware returns the images
  --webhook-url URL   advanced: Runware also POSTs each result to this URL
  --upload-endpoint URL
                      advanced: Runware also PUTs each image to this (presigned) URL
  --json              print one JSON object on stdout: generationId, status, taskUUID,
                      cost, images [{ id, path, sha256, width, height, format }]
  --wait S            stop waiting after S seconds in a row without contact with
                      Runware (default ${DEFAULT_WAIT_S}, at most 86400); a slow job that is
                      making progress is not cut short. The job stays unfinished in
                      the library; resume (or the desktop app) finishes it by the
                      same task UUID (nothing is billed twice); exit 4
  --help              this text

Without --json, stdout gets one image path per line; progress goes to stderr.

Environment:
  RUNWARE_API_KEY     your Runware API key (required)
  RUNWARE_API_URL     API endpoint (default https://api.runware.ai/v1); https, or
                      plain http only to a loopback host such as 127.0.0.1
  IMAGINE_DATA_DIR    the library folder (default: the desktop app's own library)
  IMAGINE_MODEL       model id (default xai:grok-imagine@image)

Exit codes:
  0  success
  1  anything else
  2  invalid input (nothing was sent)
  3  rejected by the API (key, credits, content filter, validation)
  4  gave up after transient failures (network, rate limits, server errors), or
     Runware was unreachable for --wait seconds (the job is kept, resumable)
`
