/**
 * The XMP packet of our exports, and the reader of our own fields back out of one. Element form
 * inside the `xpacket`/`x:xmpmeta` wrapper Krita AI Diffusion writes: IPTC DigitalSourceType marks
 * the file as AI-made (a mark editors keep), `dc:description` carries the prompt, and for JPEG/WebP
 * our JSON record lives in one property of our own namespace (those formats have no other free-text
 * container tools agree on). Only `&`, `<` and the `>` of `]]>` are escaped: exifr shows other
 * entities literally. Characters XML 1.0 forbids are dropped (shared/reference/metadata.md §1.3).
 */

export const DIGITAL_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'
export const IMAGINE_XMP_NS = 'https://imagine.studio/ns/xmp/1.0/'

export interface XmpFields {
  /** The prompt, as `dc:description` (a language alternative, `x-default`). */
  description?: string
  /** `xmp:CreatorTool`, e.g. `Imagine Studio 0.1.0`. */
  creatorTool?: string
  /** IPTC 2025.1 `Iptc4xmpExt:AISystemUsed`: the model id. */
  aiSystemUsed?: string
  /** Our JSON record, as `imagine:generation`. */
  generation?: string
}

// Tab, LF, CR and U+0020..U+D7FF, U+E000..U+FFFD, U+10000.. are XML 1.0 characters; nothing else is.
const XML_INVALID = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

/** Element content: drops what XML cannot hold, escapes what XML would parse. */
export function xmlText(s: string): string {
  return s.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;')
}

/**
 * JSON for XML: U+FFFE/U+FFFF (the only non-XML characters JSON.stringify leaves raw; it escapes
 * control characters and lone surrogates) can only sit inside JSON strings, where an escape keeps the value.
 */
export function xmlSafeJson(json: string): string {
  return json.replace(/[\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
}

export function buildXmp(f: XmpFields): string {
  const props = [`   <Iptc4xmpExt:DigitalSourceType>${DIGITAL_SOURCE_TYPE}</Iptc4xmpExt:DigitalSourceType>`]
  if (f.description !== undefined) {
    props.push(`   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(f.description)}</rdf:li></rdf:Alt></dc:description>`)
  }
  if (f.creatorTool !== undefined) props.push(`   <xmp:CreatorTool>${xmlText(f.creatorTool)}</xmp:CreatorTool>`)
  if (f.aiSystemUsed !== undefined) props.push(`   <Iptc4xmpExt:AISystemUsed>${xmlText(f.aiSystemUsed)}</Iptc4xmpExt:AISystemUsed>`)
  if (f.generation !== undefined) props.push(`   <imagine:generation>${xmlText(xmlSafeJson(f.generation))}</imagine:generation>`)
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
    `    xmlns:imagine="${IMAGINE_XMP_NS}">`,
    ...props,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>'
  ].join('\n')
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (e[0] !== '#') return named[e.toLowerCase()] ?? ''
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    return code <= 0x10ffff ? String.fromCodePoint(code) : ''
  })
}

/** Our `imagine:generation` value (the JSON text), from a packet we wrote; null if absent. */
export function readXmpGeneration(packet: string): string | null {
  const m = /<imagine:generation>([\s\S]*?)<\/imagine:generation>/.exec(packet)
  return m ? unescapeXml(m[1]!) : null
}
