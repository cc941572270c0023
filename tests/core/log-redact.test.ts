/**
 * Issue 11, a real log: the redactor's contract as a table. Each row is what could
 * reach a log line and what must come out; the rows that keep text unchanged are as
 * important as those that redact it (a log without taskUUIDs or stack paths is useless).
 */
import { describe, expect, it } from 'vitest'
import { isSensitiveKey, REDACTED, redactData, redactText } from '../../electron/core/logging/redact'

const RUNWARE_KEY = 'Qk3v9XzT1mPa7LsW0cRb5NdYe2HgJf8u' // 32 letters and digits, the shape of a Runware key
const MARKER = 'rw_MARKER_0f3a9c1be27d4465a8b1c0de' // what key-leak.test.ts uses
const SHORT_KNOWN = 'sk-12345678'
const R = REDACTED

const TEXT_CASES: { name: string; input: string; known?: string[]; output: string }[] = [
  // Known secrets: wherever they are, even inside a word.
  { name: 'the known key alone', input: SHORT_KNOWN, known: [SHORT_KNOWN], output: R },
  { name: 'the known key inside a message', input: `refused key ${SHORT_KNOWN}!`, known: [SHORT_KNOWN], output: `refused key ${R}!` },
  { name: 'the known key glued to other text', input: `x${SHORT_KNOWN}y`, known: [SHORT_KNOWN], output: `x${R}y` },
  { name: 'every occurrence of the known key', input: `${SHORT_KNOWN} and ${SHORT_KNOWN}`, known: [SHORT_KNOWN], output: `${R} and ${R}` },
  { name: 'a known "secret" too short to be one is left alone', input: 'the cat sat', known: ['cat'], output: 'the cat sat' },
  // Credentials and named values.
  { name: 'a Bearer token', input: 'Authorization: Bearer abc.def-ghi', output: `Authorization: ${R} ${R}` },
  { name: 'a Basic credential', input: 'sent Basic dXNlcjpwYXNz', output: `sent Basic ${R}` },
  { name: 'apiKey in JSON', input: '{"apiKey":"abc123","prompt":"a fox"}', output: `{"apiKey":"${R}","prompt":"a fox"}` },
  { name: 'apiKey in escaped JSON inside a string', input: '"{\\"apiKey\\":\\"abc123\\"}"', output: `"{\\"apiKey\\":\\"${R}\\"}"` },
  { name: 'api_key as a query parameter', input: 'GET /v1?api_key=abc123&x=1', output: `GET /v1?api_key=${R}&x=1` },
  { name: 'x-api-key header', input: 'x-api-key: abc123', output: `x-api-key: ${R}` },
  { name: 'token=', input: 'http://127.0.0.1:5000/?token=abcdef', output: `http://127.0.0.1:5000/?token=${R}` },
  { name: 'password: with spaces', input: 'password :  hunter2 next', output: `password :  ${R} next` },
  { name: 'access_token in a form body', input: 'access_token=xyz&scope=a', output: `access_token=${R}&scope=a` },
  { name: 'client_secret', input: "client_secret='s3cr3t'", output: `client_secret='${R}'` },
  { name: 'the word token in prose is not a value', input: 'the token expired', output: 'the token expired' },
  { name: 'a JSON literal under a sensitive name is kept', input: '{"token":true,"password":null,"secret":false}', output: '{"token":true,"password":null,"secret":false}' },
  // Key-shaped runs.
  { name: 'a Runware-shaped key in prose', input: `key ${RUNWARE_KEY} refused`, output: `key ${R} refused` },
  { name: 'the test marker', input: `got ${MARKER}`, output: `got ${R}` },
  { name: 'a long hex secret', input: 'secret-ish 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', output: `secret-ish ${R}` },
  { name: 'base64 with slashes and plus', input: 'blob aGVsbG8gd29ybGQgdGhpcyBpcyBhIHNlY3JldA+/9Zk3mQ1xT7pW2vR8sL4nB6', output: `blob ${R}` },
  { name: 'base64 with a slash, short pieces included', input: 'blob aGVsbG8gd29ybGQgdGhpcyBpcyBhIHNlY3JldA/9Zk/3mQ', output: `blob ${R}` },
  { name: 'a content hash in a library path: only the hash goes', input: 'images/9f/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png', output: `images/9f/${R}.png` },
  { name: 'a data URI payload', input: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk', output: `data:image/png;base64,${R}` },
  // What must survive.
  { name: 'a taskUUID', input: 'task 3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b accepted', output: 'task 3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b accepted' },
  { name: 'a UUID glued to a short prefix', input: 'img-3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b.png', output: 'img-3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b.png' },
  { name: 'a stack frame with a long path', input: '    at JobRunner.run (/home/ann/projects/imagine-studio/electron/core/generation/job-runner.ts:139:20)', output: '    at JobRunner.run (/home/ann/projects/imagine-studio/electron/core/generation/job-runner.ts:139:20)' },
  { name: 'a long identifier without digits', input: 'ERR_SOMETHING_VERY_LONG_AND_DESCRIPTIVE_HAPPENED', output: 'ERR_SOMETHING_VERY_LONG_AND_DESCRIPTIVE_HAPPENED' },
  { name: 'a 31-character run', input: 'abc1234567890123456789012345678', output: 'abc1234567890123456789012345678' },
  { name: 'an ISO time and numbers', input: '2026-12-03T14:57:17.123Z took 1234567 ms', output: '2026-12-03T14:57:17.123Z took 1234567 ms' },
  { name: 'ordinary prose', input: 'Runware had a server error.', output: 'Runware had a server error.' }
]

describe('redactText', () => {
  it.each(TEXT_CASES)('$name', ({ input, known, output }) => {
    expect(redactText(input, known)).toBe(output)
  })

  it('is idempotent: redacting twice changes nothing more', () => {
    for (const { input, known } of TEXT_CASES) expect(redactText(redactText(input, known), known)).toBe(redactText(input, known))
  })
})

const KEY_CASES: [string, boolean][] = [
  ['apiKey', true],
  ['api_key', true],
  ['API-KEY', true],
  ['authorization', true],
  ['Authorization', true],
  ['token', true],
  ['folderToken', true],
  ['accessToken', true],
  ['password', true],
  ['secret', true],
  ['clientSecret', true],
  ['cookie', true],
  ['set-cookie', true],
  ['taskUUID', false],
  ['prompt', false],
  ['generationId', false],
  ['apiKeyStatus', false],
  ['author', false],
  ['message', false]
]

describe('isSensitiveKey', () => {
  it.each(KEY_CASES)('%s → %s', (key, sensitive) => {
    expect(isSensitiveKey(key)).toBe(sensitive)
  })
})

describe('redactData', () => {
  it('replaces values under sensitive names at any depth, and runs every string through redactText', () => {
    const input = {
      generationId: 3,
      request: { headers: { authorization: `Bearer ${RUNWARE_KEY}`, 'content-type': 'application/json' }, body: [{ taskUUID: '3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b', apiKey: RUNWARE_KEY }] },
      note: `the key was ${MARKER}`,
      hasApiKey: true,
      token: null
    }
    expect(redactData(input)).toEqual({
      generationId: 3,
      request: { headers: { authorization: R, 'content-type': 'application/json' }, body: [{ taskUUID: '3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b', apiKey: R }] },
      note: `the key was ${R}`,
      hasApiKey: true,
      token: null
    })
  })

  it('redacts an object value under a sensitive name whole, not field by field', () => {
    expect(redactData({ credentials: { user: 'ann', pass: 'x' } })).toEqual({ credentials: R })
  })

  it('turns Errors into their serialized form and redacts inside message, stack and cause', () => {
    const error = new Error(`refused ${MARKER}`, { cause: new Error(`apiKey=${RUNWARE_KEY}`) })
    const out = redactData({ error }) as { error: { message: string; stack: string; cause: { message: string } } }
    expect(out.error.message).toBe(`refused ${R}`)
    expect(out.error.stack).toContain(`Error: refused ${R}`)
    expect(out.error.cause.message).toBe(`apiKey=${R}`)
    expect(JSON.stringify(out)).not.toContain(MARKER)
    expect(JSON.stringify(out)).not.toContain(RUNWARE_KEY)
  })

  it('survives cycles, bigints, functions, typed arrays and great depth', () => {
    const a: Record<string, unknown> = { n: 10n, f: () => 1, bytes: new Uint8Array(4) }
    a.self = a
    let deep: Record<string, unknown> = {}
    const root = deep
    for (let i = 0; i < 50; i++) deep = (deep.next = {}) as Record<string, unknown>
    expect(redactData(a)).toEqual({ n: '10', f: '[function]', bytes: '[Uint8Array 4 bytes]', self: '[circular]' })
    expect(JSON.stringify(redactData(root))).toContain('[too deep]')
  })

  it('uses the known secrets too', () => {
    expect(redactData({ detail: `sent ${SHORT_KNOWN}` }, [SHORT_KNOWN])).toEqual({ detail: `sent ${R}` })
  })
})
