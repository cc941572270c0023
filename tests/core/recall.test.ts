/**
 * Issue 9, recall from files: a dropped file's metadata (our record, an A1111 text)
 * or its library recipe becomes a settings offer on `references:prepare`, with only
 * the values the model accepts. Through the real router, export engine and metadata.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../electron/core/app-core'
import { writePng } from '../../electron/core/export/png'
import { acceptedSettings, fieldsFromParameters } from '../../electron/core/export/recall'
import { writeMetadata } from '../../electron/core/export/metadata'
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../../electron/shared/export'
import type { GenerationRecipe } from '../../electron/shared/generation'
import type { PreparedReferenceResult } from '../../electron/shared/recall'
import type { Result } from '../../electron/shared/result'
import { tempDir } from '../helpers/db'
import { exportCore, imageBytes, seedFile } from '../helpers/export-library'

const MODEL = 'xai:grok-imagine@image'

let tmp: { dir: string; cleanup: () => void }
let core: Core
let other: Core | null = null

beforeEach(() => {
  tmp = tempDir('imagine-recall-')
  core = exportCore(tmp.dir)
})
afterEach(async () => {
  await core.close()
  await other?.close()
  other = null
  tmp.cleanup()
})

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}
const prepare = async (c: Core, data: Buffer, name = 'dropped.png'): Promise<PreparedReferenceResult> =>
  value((await c.router.dispatch('references:prepare', [{ kind: 'bytes', data: new Uint8Array(data), name }])) as Result<PreparedReferenceResult>)

/** Every setting the composer has, as a generation stores them (the params column). */
const PARAMS = {
  prompt: 'a lighthouse at dusk, "oil", on canvas: warm light',
  width: 1408,
  height: 768,
  numberResults: 3,
  outputType: 'URL',
  outputFormat: 'WEBP',
  outputQuality: 88,
  references: [],
  safety: { checkContent: true, mode: 'fast' },
  ttl: 3600,
  includeCost: true,
  deliveryMethod: 'async'
}

/** A library image with a real file, real bytes' hash and a full recipe. */
async function seedWithRecipe(c: Core, format: 'png' | 'jpg' | 'webp'): Promise<{ imageId: number; generationId: number; bytes: Buffer; recipe: GenerationRecipe }> {
  const seeded = await seedFile(c, { prompt: PARAMS.prompt, createdAt: 5, format, width: 80, height: 44 })
  c.db.prepare('UPDATE generations SET params = ? WHERE id = ?').run(JSON.stringify(PARAMS), seeded.generationId)
  c.db.prepare('UPDATE images SET sha256 = ? WHERE id = ?').run(createHash('sha256').update(seeded.bytes).digest('hex'), seeded.imageId)
  const recipe = value((await c.router.dispatch('generation:get-recipe', [seeded.generationId])) as Result<GenerationRecipe>)
  return { ...seeded, recipe }
}

async function exportOne(c: Core, imageId: number, settings: Partial<ExportSettings>): Promise<Buffer> {
  const folder = join(tmp.dir, `out-${Math.random().toString(36).slice(2)}`)
  mkdirSync(folder)
  const r = await c.exports.run({ kind: 'ids', ids: [imageId] }, { ...DEFAULT_EXPORT_SETTINGS, template: '{id}', folder, zipName: null, ...settings })
  expect(r.failed).toEqual([])
  return readFileSync(join(folder, r.written[0]!.path))
}

/** The recipe without what is not a composer setting. */
const settingsOf = (recipe: GenerationRecipe): Record<string, unknown> => {
  const { model: _m, referenceIds: _r, taskUUID: _t, ...rest } = recipe
  return rest
}

describe('recall round trip: export with full metadata, drop the file', () => {
  it.each([
    ['png', 'original'],
    ['jpg', 'jpg'],
    ['webp', 'original']
  ] as const)('%s exported as %s: in another library the offer is our record, equal to the original recipe', async (format, exportFormat) => {
    const img = await seedWithRecipe(core, format)
    const file = await exportOne(core, img.imageId, { metadata: 'full', format: exportFormat })
    other = exportCore(join(tmp.dir, 'other'))
    const info = await prepare(other, file, `exported.${format}`)
    expect(info.offer).toEqual({ source: 'record', imageId: null, settings: settingsOf(img.recipe), complete: true, ignored: [], message: null })
    // Every field of the recipe made it (nothing dropped on the way).
    expect(Object.keys(info.offer!.settings!).sort()).toEqual(['deliveryMethod', 'height', 'numberResults', 'outputFormat', 'outputQuality', 'outputType', 'prompt', 'safety', 'ttl', 'width'])
  })

  it('the exported file dropped into its own library is recognised by the hash its record names and offers the library recipe', async () => {
    const img = await seedWithRecipe(core, 'png')
    const file = await exportOne(core, img.imageId, { metadata: 'full', format: 'original' })
    expect(file.equals(img.bytes)).toBe(false) // metadata spliced in: not byte-identical
    const info = await prepare(core, file)
    expect(info.offer).toMatchObject({ source: 'library', imageId: img.imageId, settings: settingsOf(img.recipe), complete: true })
  })

  it('minimal metadata (the A1111 text only) offers the prompt and size, not a whole recipe', async () => {
    const img = await seedWithRecipe(core, 'png')
    const file = await exportOne(core, img.imageId, { metadata: 'minimal', format: 'original' })
    other = exportCore(join(tmp.dir, 'other'))
    const info = await prepare(other, file)
    // The export writes the size of the file (80×44 here), which this model does not make.
    expect(info.offer).toMatchObject({ source: 'parameters', complete: false, settings: { prompt: PARAMS.prompt }, ignored: ['Size 80×44'] })
  })
})

describe('recall of another tool\'s A1111 parameters', () => {
  async function a1111Png(text: string): Promise<Buffer> {
    return writePng(await imageBytes(40, 30, 'png', 7), [{ keyword: 'parameters', text }])
  }

  it('offers the prompt and a size the model makes; negative prompt, steps, sampler and another model are named as not used', async () => {
    const text = 'a red fox in the snow, watercolour\nNegative prompt: blurry, ugly\nSteps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234, Size: 1408x768, Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Version: v1.9.4'
    const info = await prepare(core, await a1111Png(text))
    expect(info.offer).toEqual({
      source: 'parameters',
      imageId: null,
      settings: { prompt: 'a red fox in the snow, watercolour', width: 1408, height: 768 },
      complete: false,
      ignored: ['Negative prompt', 'Model sd_xl_base_1.0', 'Steps', 'Sampler', 'CFG scale', 'Model hash'],
      message: null
    })
  })

  it('a size the model does not make is left out (the prompt still offered)', async () => {
    const info = await prepare(core, await a1111Png('a castle\nSteps: 20, Sampler: Euler a, Size: 512x512'))
    expect(info.offer).toMatchObject({ settings: { prompt: 'a castle' }, ignored: ['Steps', 'Sampler', 'Size 512×512'] })
    expect(info.offer!.settings).not.toHaveProperty('width')
  })

  it('settings with nothing usable: no settings, a clear message', async () => {
    // A prompt over the model's limit and a size it does not make.
    const info = await prepare(core, await a1111Png(`${'x'.repeat(4100)}\nSteps: 20, Sampler: Euler a, Size: 512x512`))
    expect(info.offer).toMatchObject({ source: 'parameters', settings: null })
    expect(info.offer!.message).toBe('This image carries settings, but none that Grok Imagine Image accepts (Steps, Sampler, Prompt (too long, or not text), Size 512×512).')
  })

  it('the same text in a JPEG EXIF UserComment is read too', async () => {
    const jpeg = await imageBytes(40, 30, 'jpg', 8)
    const withExif = writeMetadata(jpeg, 'jpg', { prompt: 'a quiet harbour', model: 'other-model', width: 1024, height: 1024, seed: 3, record: {} }, 'minimal')
    const info = await prepare(core, withExif, 'harbour.jpg')
    expect(info.offer).toMatchObject({ source: 'parameters', settings: { prompt: 'a quiet harbour', width: 1024, height: 1024 }, ignored: ['Model other-model'] })
  })
})

describe('no metadata, and the library by content', () => {
  it('a file with no metadata offers nothing', async () => {
    const plain = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#468' } }).png().toBuffer()
    expect((await prepare(core, plain)).offer).toBeNull()
  })

  it('a library image dragged in from the gallery (kind image) gets no offer: the composer has Remix and Use all settings for it', async () => {
    const img = await seedWithRecipe(core, 'png')
    const info = value((await core.router.dispatch('references:prepare', [{ kind: 'image', imageId: img.imageId }])) as Result<PreparedReferenceResult>)
    expect(info.offer).toBeNull()
  })

  it('the very bytes of a library image (sha256 as the library stores it) offer its library recipe', async () => {
    const img = await seedWithRecipe(core, 'jpg')
    const info = await prepare(core, img.bytes, 'copy.jpg')
    expect(info.libraryImageId).toBe(img.imageId)
    expect(info.offer).toEqual({ source: 'library', imageId: img.imageId, settings: settingsOf(img.recipe), complete: true, ignored: [], message: null })
  })

  it('a trashed library image is not offered (its file may still carry its record: that is offered instead)', async () => {
    const img = await seedWithRecipe(core, 'png')
    const file = await exportOne(core, img.imageId, { metadata: 'full', format: 'original' })
    value(await core.router.dispatch('library:trash', [[img.imageId]]))
    expect((await prepare(core, file)).offer).toMatchObject({ source: 'record', imageId: null })
  })
})

describe('acceptedSettings: only what the model accepts, each field on its own', () => {
  it('keeps valid fields and names the rest; a TTL needs URL output; unknown keys are not its business', () => {
    const r = acceptedSettings(MODEL, { prompt: 'ok', width: 1408, height: 768, numberResults: 50, outputFormat: 'GIF', outputQuality: 95, outputType: 'base64Data', ttl: 600 })
    expect(r.settings).toEqual({ prompt: 'ok', width: 1408, height: 768, outputQuality: 95, outputType: 'base64Data' })
    expect(r.ignored).toEqual(['Count 50', 'Format GIF', 'TTL 600'])
  })

  it('a size and a resolution exclude each other: the first one wins', () => {
    expect(acceptedSettings(MODEL, { width: 1024, height: 1024, resolution: '1K' })).toEqual({ settings: { width: 1024, height: 1024 }, ignored: ['Resolution 1K'] })
  })

  it('values of the wrong type are refused, not coerced', () => {
    expect(acceptedSettings(MODEL, { prompt: 42, numberResults: '2', safety: { checkContent: 'yes' } })).toEqual({ settings: {}, ignored: ['Prompt (too long, or not text)', 'Count 2', 'Safety check {"checkContent":"yes"}'] })
  })

  it('an unknown model accepts nothing', () => {
    expect(acceptedSettings('nope', { prompt: 'hi', numberResults: 1 }).settings).toEqual({})
  })

  it('fieldsFromParameters reads WxH sizes with spaces and names a malformed size', () => {
    expect(fieldsFromParameters('p\nSteps: 1, Size: 1024 x 1024, Seed: 2', MODEL).raw).toEqual({ prompt: 'p', width: 1024, height: 1024 })
    expect(fieldsFromParameters('p\nSteps: 1, Size: huge, Seed: 2', MODEL).ignored).toEqual(['Size huge', 'Steps'])
  })
})
