/**
 * Issue 9: export file names from a template, and names made safe on every OS
 * whatever the prompt holds.
 */
import { describe, expect, it } from 'vitest'
import { cutToBytes, MAX_NAME_BYTES, parseTemplate, previewNames, promptHead, renderName, sanitizeFileName, withSuffix, type NameFields } from '../../electron/core/export/names'

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')
// 2026-03-04 05:06:07 local time.
const CREATED = new Date(2026, 2, 4, 5, 6, 7).getTime()

function fields(over: Partial<NameFields> = {}): NameFields {
  return {
    id: 42,
    createdAt: CREATED,
    prompt: 'a red fox in the snow',
    seed: 12345,
    width: 1408,
    height: 768,
    sha256: 'abcdef0123456789'.repeat(4),
    rating: 4,
    collection: 'Foxes',
    format: 'jpg',
    index: 7,
    total: 120,
    ...over
  }
}
const render = (template: string, over: Partial<NameFields> = {}): string => renderName(parseTemplate(template), fields(over))

/** What no exported name may contain or be, on any OS. */
function assertSafe(name: string): void {
  expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES)
  expect(name).not.toMatch(/[<>:"/\\|?*]/)
  // eslint-disable-next-line no-control-regex
  expect(name).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
  expect(name).not.toMatch(/^[. ]|[. ]$/)
  expect(name).not.toContain('..')
  expect(name.split('.')[0]!.trimEnd()).not.toMatch(/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i)
  expect(name).toBe(name.normalize('NFC'))
  expect(name.length).toBeGreaterThan(0)
}

describe('templates', () => {
  it('renders every token', () => {
    expect(render('{date}_{time}')).toBe('2026-03-04_05-06-07.jpg')
    expect(render('{seed}-{id}-{w}x{h}-{format}-{rating}-{sha:8}-{collection}')).toBe('12345-42-1408x768-jpg-4-abcdef01-Foxes.jpg')
    expect(render('{sha}')).toBe(`${'abcdef0123456789'.repeat(4)}.jpg`)
    expect(render('{prompt}')).toBe('a red fox in the snow.jpg')
  })

  it('pads {index} to the width of the count', () => {
    expect(render('{index}', { index: 7, total: 120 })).toBe('007.jpg')
    expect(render('{index}', { index: 7, total: 9 })).toBe('7.jpg')
    expect(render('{index}', { index: 12, total: 100_000 })).toBe('000012.jpg')
  })

  it('{prompt:N} keeps words whole and counts an emoji as one character', () => {
    expect(promptHead('a red fox in the snow', 9)).toBe('a red fox')
    expect(promptHead('a red fox in the snow', 10)).toBe('a red fox')
    expect(promptHead('a red fox in the snow', 7)).toBe('a red')
    expect(promptHead('supercalifragilistic', 5)).toBe('super')
    expect(promptHead('  many\n\nlines\tand   spaces ', 100)).toBe('many lines and spaces')
    expect(promptHead('👩‍👩‍👧‍👦 family portrait', 1)).toBe('👩‍👩‍👧‍👦')
  })

  it('renders missing values as nothing, and a name that is nothing as "image"', () => {
    expect(render('{seed}', { seed: null })).toBe('image.jpg')
    expect(render('{collection}-{id}', { collection: null })).toBe('-42.jpg')
  })

  it('refuses unknown tokens, naming every one of them', () => {
    expect(() => parseTemplate('{date}_{foo}_{bar:3}')).toThrow(/Unknown template tokens: \{foo\}, \{bar:3\}/)
    expect(() => parseTemplate('{seed:4}')).toThrow(/\{seed:4\}/)
    expect(() => parseTemplate('{prompt:0}')).toThrow(/\{prompt:0\}/)
    expect(() => parseTemplate('{sha:65}')).toThrow(/\{sha:65\}/)
    expect(() => parseTemplate('{date')).toThrow(/Unknown template token: \{/)
    expect(() => parseTemplate('  ')).toThrow(/template is needed/)
    expect(() => parseTemplate('x'.repeat(501))).toThrow(/at most 500/)
  })

  it('previews the first names as the export writes them', () => {
    expect(previewNames('{index}_{prompt:9}', [fields({ index: 1, total: 2 }), fields({ index: 2, total: 2, prompt: 'a grey owl at dusk' })])).toEqual(['1_a red fox.jpg', '2_a grey.jpg'])
  })
})

const HOSTILE: [string, string][] = [
  ['path separators', '../../etc/passwd'],
  ['backslashes', '..\\..\\Windows\\System32\\evil'],
  ['dot-dot alone', '..'],
  ['a single dot', '.'],
  ['hidden file', '.bashrc'],
  ['reserved CON', 'CON'],
  ['reserved nul with extension', 'nul.txt'],
  ['reserved COM1 with trailing space', 'COM1 '],
  ['reserved LPT9', 'lpt9'],
  ['reserved superscript', 'COM¹'],
  ['Windows forbidden', 'a<b>c:d"e/f\\g|h?i*j'],
  ['control characters', 'line1\nline2\r\ttab\u0007bell\u001b[31mred'],
  ['NUL byte', 'before\u0000after'],
  ['trailing dots and spaces', 'name. . . '],
  ['only dots and spaces', ' . . '],
  ['empty', ''],
  ['10 kB prompt', 'word '.repeat(2048)],
  ['10 kB without spaces', 'x'.repeat(10_240)],
  ['emoji', '🦊🔥'.repeat(200)],
  ['zwj emoji', '👩‍👩‍👧‍👦'.repeat(100)],
  ['RTL text', 'שלום עולם مرحبا بالعالم '.repeat(20)],
  ['bidi override faking .exe', 'photo\u202Egpj.exe'],
  ['combining marks', `e${'\u0301'.repeat(400)}`],
  ['decomposed accents', 'Cafe\u0301 cre\u0300me'],
  ['CJK', '狐狸在雪地里'.repeat(60)],
  ['mixed hostile', '<CON>/..\\\u0000 NUL.'.repeat(50)]
]

describe('sanitising', () => {
  it.each(HOSTILE)('%s gives one safe name with the extension kept', (_what, prompt) => {
    for (const ext of ['jpg', 'png', 'webp', 'json']) {
      const name = sanitizeFileName(prompt, ext)
      assertSafe(name)
      expect(name.endsWith(`.${ext}`)).toBe(true)
      // Through the template too, with text around the prompt.
      const rendered = render('{date} {prompt} {id}', { prompt, format: ext })
      assertSafe(rendered)
      expect(rendered.endsWith(`.${ext}`)).toBe(true)
      expect(rendered.startsWith('2026-03-04')).toBe(true)
    }
  })

  it('maps the classic cases to the names one expects', () => {
    expect(sanitizeFileName('../../etc/passwd', 'jpg')).toBe('_._etc_passwd.jpg')
    expect(sanitizeFileName('CON', 'jpg')).toBe('_CON.jpg')
    expect(sanitizeFileName('nul.txt', 'png')).toBe('_nul.txt.png')
    expect(sanitizeFileName('..', 'png')).toBe('image.png')
    expect(sanitizeFileName('', 'png')).toBe('image.png')
    expect(sanitizeFileName('a:b', 'png')).toBe('a_b.png')
    expect(sanitizeFileName('photo\u202Egpj.exe', 'jpg')).toBe('photogpj.exe.jpg')
    expect(sanitizeFileName('Cafe\u0301', 'jpg')).toBe('Caf\u00e9.jpg')
    expect(sanitizeFileName('a\u0000b', 'jpg')).toBe('a b.jpg')
  })

  it('cuts at 255 bytes on a character boundary, never inside a UTF-8 sequence', () => {
    const name = sanitizeFileName('é'.repeat(300), 'webp')
    expect(bytes(name)).toBeLessThanOrEqual(255)
    expect(bytes(name)).toBeGreaterThan(250)
    expect(name).toBe(`${'é'.repeat(125)}.webp`)
    expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name)
    expect(cutToBytes('🦊🦊', 7)).toBe('🦊')
    expect(cutToBytes(`e${'\u0301'.repeat(10)}`, 5)).toBe('e\u0301\u0301')
  })

  it('a suffix keeps the name within 255 bytes and the extension', () => {
    expect(withSuffix('fox.jpg', 2)).toBe('fox (2).jpg')
    expect(withSuffix('image', 3)).toBe('image (3)')
    const long = sanitizeFileName('狐'.repeat(200), 'jpg')
    const suffixed = withSuffix(long, 12)
    expect(bytes(suffixed)).toBeLessThanOrEqual(255)
    expect(suffixed.endsWith(' (12).jpg')).toBe(true)
  })
})
