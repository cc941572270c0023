// Public types of the strict local fake Runware server (tests only).

export type OutputFormat = 'JPG' | 'PNG' | 'WEBP'
export type OutputType = 'URL' | 'dataURI' | 'base64Data'
export type DeliveryMethod = 'sync' | 'async'

export interface FakeOptions {
  /** Requests must send `Authorization: Bearer <apiKey>`. Default 'test-key'. */
  apiKey?: string
  /** Base processing latency per inference task (ms). Default 0. */
  latencyMs?: number
  /** Extra latency per result image (ms); result i is ready after latencyMs + (i + 1) * perImageLatencyMs. Default 0. */
  perImageLatencyMs?: number
  /** Maximum inputs.referenceImages per task. Default 1 (the model page says 1). */
  maxReferenceImages?: number
  /** Starting balance in USD. Default 100. */
  balance?: number
  /** 'real' (default): images at the requested size. 'small': longest side 64 px, same aspect and format. */
  imageBytes?: 'small' | 'real'
  /** Port to listen on (127.0.0.1). Default 0 = any free port. */
  port?: number
  /** Clock (ms since epoch) for result readiness and ttl expiry. Default Date.now; tests can move it forward. */
  now?: () => number
  /** Each result's seed (its look is seed % 24, see images.ts). Default: random; the README's screenshots count up so neighbours differ. */
  seed?: () => number
}

export type Fault =
  | { kind: 'latency'; ms: number; times?: number }
  | { kind: 'status'; status: 408 | 429 | 500 | 502 | 503 | 504; times?: number; retryAfterSeconds?: number; body?: string }
  | { kind: 'dropBeforeAccept'; times?: number }
  | { kind: 'dropAfterAccept'; times?: number }
  | { kind: 'malformedJson'; times?: number }
  | { kind: 'asyncProcessingPolls'; polls: number }
  | { kind: 'partialBatch'; ready: number }
  | { kind: 'resultErrors'; failed: number; code?: string }
  | { kind: 'errorCode'; code: string; status?: number; message?: string; times?: number }
  | { kind: 'expireImages'; times?: number }
  | { kind: 'truncateDownload'; times?: number }
  | { kind: 'slowDownload'; ms: number; times?: number }

export type FaultKind = Fault['kind']

export interface ApiError {
  code: string
  message: string
  parameter?: string | string[]
  taskType?: string
  taskUUID?: string
}

export interface RecordedResponse {
  status: number
  /** Parsed JSON that was sent, the raw text for garbled bodies, or '' for an empty body. */
  body: unknown
}

export interface RecordedRequest {
  at: number
  method: string
  path: string
  /** Lower-cased header names; the authorization header is kept as sent. */
  headers: Record<string, string>
  authOk: boolean
  /** Parsed JSON, the raw text if it was not JSON, or null if never read (dropBeforeAccept). */
  body: unknown
  /** null while in flight and when the socket was destroyed without a response. */
  response: RecordedResponse | null
  /** Kinds of the injected faults that this request consumed. */
  faults: FaultKind[]
}

export interface ResultRecord {
  index: number
  imageUUID: string
  seed: number
  format: OutputFormat
  width: number
  height: number
  /** Price of this result in USD (task cost / numberResults). */
  cost: number
  /** Wall-clock time (ms since epoch) when the result is done. */
  readyAt: number
  /** Set when the result fails (resultErrors fault). */
  error?: { code: string; message: string }
  /** Rendered bytes (filled lazily, when the result is first delivered or downloaded). */
  bytes?: Buffer
  sha256?: string
}

export interface TaskRecord {
  taskUUID: string
  /** The task object exactly as received. */
  request: Record<string, unknown>
  deliveryMethod: DeliveryMethod
  results: ResultRecord[]
  /** Number of getResponse polls received for this task. */
  polls: number
  createdAt: number
  /** USD billed for this task (exactly once, at acceptance). */
  charged: number
  outputType: OutputType
  includeCost: boolean
  checkContent: boolean
  ttlSeconds?: number
}

export interface UploadRecord {
  imageUUID: string
  bytes: number
  sha256: string
}

export interface FakeRunware {
  /** Endpoint the client POSTs to, e.g. http://127.0.0.1:PORT/v1 */
  url: string
  /** Base URL without /v1, e.g. http://127.0.0.1:PORT */
  origin: string
  apiKey: string
  requests: RecordedRequest[]
  tasks: Map<string, TaskRecord>
  charges: { taskUUID: string; amount: number }[]
  /** imageInference tasks received per taskUUID (lower-cased), accepted or refused as `conflictTaskUUID`. */
  submissions: Map<string, number>
  uploads: Map<string, UploadRecord>
  /** Number of image GETs that sent the full body. */
  downloads: number
  /** Number of image GETs received (finished or not). */
  downloadsStarted: number
  /** Current balance in USD. */
  readonly balance: number
  inject(fault: Fault): void
  /** Faults not yet consumed (copies). */
  pendingFaults(): Fault[]
  /** Forget uploaded (and generated) images as reference inputs, as after the 30-day retention. */
  forgetUploads(): void
  setBalance(usd: number): void
  close(): Promise<void>
}
