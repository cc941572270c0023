// Small plain-fetch helpers for talking to the fake server in tests.
import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import type { ApiError, FakeRunware } from './types'
import { MODEL } from './validate'

export type Item = Record<string, unknown>
export interface Envelope {
  data?: Item[]
  errors?: ApiError[]
}
export interface Reply {
  status: number
  headers: Headers
  text: string
  /** Parsed body; undefined when the body is empty or not JSON. */
  json: Envelope | undefined
}

export interface PostInit {
  /** API key to send; null sends no Authorization header. Default: the fake's key. */
  key?: string | null
  contentType?: string
  /** Send this text instead of JSON.stringify(body). */
  raw?: string
}

export async function post(fake: FakeRunware, body: unknown, init: PostInit = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' }
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? fake.apiKey}`
  const res = await fetch(fake.url, { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) })
  const text = await res.text()
  let json: Envelope | undefined
  try {
    json = JSON.parse(text) as Envelope
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** A valid imageInference task; keys set to undefined in `patch` are removed. */
export function inference(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const task: Record<string, unknown> = { taskType: 'imageInference', taskUUID: randomUUID(), model: MODEL, positivePrompt: 'a lighthouse at dusk', ...patch }
  for (const [k, v] of Object.entries(task)) if (v === undefined) delete task[k]
  return task
}

export function poll(taskUUID: unknown): Record<string, unknown> {
  return { taskType: 'getResponse', taskUUID }
}

export function upload(image: string, taskUUID: string = randomUUID()): Record<string, unknown> {
  return { taskType: 'imageUpload', taskUUID, image }
}

/** Requests a task and returns it; throws if the fake did not answer 200. */
export async function postOk(fake: FakeRunware, tasks: unknown[]): Promise<Envelope> {
  const r = await post(fake, tasks)
  if (r.status !== 200 || !r.json) throw new Error(`expected 200, got ${r.status}: ${r.text.slice(0, 300)}`)
  return r.json
}

/** Polls a task once and returns the status of each item. */
export async function pollStatuses(fake: FakeRunware, taskUUID: unknown): Promise<unknown[]> {
  return ((await postOk(fake, [poll(taskUUID)])).data ?? []).map((d) => d.status)
}

export function str(item: Item | undefined, key: string): string {
  const v = item?.[key]
  if (typeof v !== 'string') throw new Error(`${key} is not a string in ${JSON.stringify(item)?.slice(0, 200)}`)
  return v
}

/** A small real PNG. */
export function png(width = 8, height = 8): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080' } }).png().toBuffer()
}

/** The first error of a reply, or {} if there is none. */
export function errorOf(env: Envelope | undefined): Partial<ApiError> {
  return env?.errors?.[0] ?? {}
}

/** Milliseconds that `fn` took. */
export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

/** 'resolved' or 'rejected', never throws. */
export function settle(p: Promise<unknown>): Promise<'resolved' | 'rejected'> {
  return p.then(
    () => 'resolved' as const,
    () => 'rejected' as const
  )
}

export async function download(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(url)
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) }
}
