/**
 * Issue 7: the window names files by tokens main handed out for files the user
 * gave, never by path. A compromised renderer can neither read an arbitrary file
 * through `generation:start` nor learn from the answers what exists.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_GRANTS, PathGrants, UNKNOWN_GRANT_MESSAGE } from '../../electron/core/files/path-grants'
import { PATH_FROM_WINDOW_MESSAGE } from '../../electron/shared/schemas'
import { startFakeRunware, type FakeRunware } from '../fake-runware/server'
import { png } from '../fake-runware/testkit'
import { tempDir } from '../helpers/db'
import { makeCore, type TestCore } from '../helpers/generation'

let fake: FakeRunware
let dir: { dir: string; cleanup: () => void }
let core: TestCore
beforeEach(async () => {
  fake = await startFakeRunware({ imageBytes: 'small' })
  dir = tempDir('imagine-grants-')
  core = makeCore(fake, dir.dir)
})
afterEach(async () => {
  await core.close()
  await fake.close()
  dir.cleanup()
})

const uploads = (): number => fake.requests.filter((r) => JSON.stringify(r.body).includes('imageUpload')).length

describe('generation:start from the window', () => {
  it('refuses every path reference with one message, whether the file exists, is missing or is a folder; nothing is read or sent', async () => {
    const real = join(dir.dir, 'real.png')
    writeFileSync(real, await png())
    mkdirSync(join(dir.dir, 'folder'))
    const answers = []
    for (const path of [real, join(dir.dir, 'missing.png'), join(dir.dir, 'folder'), '/etc/passwd', '../../etc/shadow']) {
      answers.push(await core.router.dispatch('generation:start', [{ prompt: 'probe', references: [{ kind: 'path', path }] }]))
    }
    for (const a of answers) expect(a).toEqual(answers[0])
    expect(answers[0]).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(PATH_FROM_WINDOW_MESSAGE) } })
    expect(fake.requests).toHaveLength(0)
    expect(core.generation.list()).toHaveLength(0)
  })

  it('a path hidden among valid references is refused too', async () => {
    const r = await core.router.dispatch('generation:start', [{ prompt: 'probe', references: [{ kind: 'url', url: 'https://example.com/a.png' }, { kind: 'path', path: '/etc/passwd' }] }])
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(PATH_FROM_WINDOW_MESSAGE) } })
    expect(fake.requests).toHaveLength(0)
  })

  it('a granted file is used: the token becomes its path and the image is uploaded', async () => {
    const file = join(dir.dir, 'dropped.png')
    writeFileSync(file, await png(64, 48))
    const granted = await core.router.dispatch('files:grant-path', [file])
    expect(granted).toMatchObject({ ok: true, value: { name: 'dropped.png', token: expect.stringMatching(/^[\w-]{24,}$/) } })
    const token = (granted as { value: { token: string } }).value.token
    expect(JSON.stringify(granted)).not.toContain(dir.dir)
    const started = await core.router.dispatch('generation:start', [{ prompt: 'remix', references: [{ kind: 'file', token }] }])
    expect(started).toMatchObject({ ok: true })
    const final = await core.generation.whenDone((started as { value: { generationId: number } }).value.generationId)
    expect(final.status).toBe('succeeded')
    expect(uploads()).toBe(1)
    const ref = core.db.prepare('SELECT source_kind, source FROM generation_references gr JOIN reference_images ri ON ri.id = gr.reference_id').get() as { source_kind: string; source: string } | undefined
    expect(ref?.source_kind).toBe('path')
  })

  it('an unknown or forged token is refused with one message and nothing is sent', async () => {
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAAAA', '', '../etc/passwd']) {
      const r = await core.router.dispatch('generation:start', [{ prompt: 'x', references: [{ kind: 'file', token }] }])
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    const r = await core.router.dispatch('generation:start', [{ prompt: 'x', references: [{ kind: 'file', token: 'AAAAAAAAAAAAAAAAAAAAAAAA' }] }])
    expect(r).toMatchObject({ ok: false, error: { message: UNKNOWN_GRANT_MESSAGE } })
    expect(fake.requests).toHaveLength(0)
  })

  it('files:grant-path takes only absolute paths', async () => {
    for (const path of ['relative/file.png', 'a\0b', '']) {
      expect(await core.router.dispatch('files:grant-path', [path])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
  })
})

describe('PathGrants', () => {
  it('hands out distinct unguessable tokens and forgets the oldest beyond its cap', () => {
    const grants = new PathGrants()
    const first = grants.grant('/a/first.png')
    const tokens = new Set([first.token])
    for (let i = 0; i < MAX_GRANTS; i++) tokens.add(grants.grant(`/a/${i}.png`).token)
    expect(tokens.size).toBe(MAX_GRANTS + 1)
    expect(() => grants.resolve(first.token)).toThrow(UNKNOWN_GRANT_MESSAGE)
    expect(grants.resolve([...tokens].at(-1)!)).toBe(`/a/${MAX_GRANTS - 1}.png`)
  })

  it('passes URL and library references through and leaves a request without references alone', () => {
    const grants = new PathGrants()
    expect(grants.toCoreParams({ prompt: 'x' })).toEqual({ prompt: 'x' })
    expect(grants.toCoreParams({ prompt: 'x', references: [{ kind: 'image', imageId: 3 }] })).toEqual({ prompt: 'x', references: [{ kind: 'image', imageId: 3 }] })
  })
})
