/**
 * A minimal zip writer: STORED entries only (images are compressed already, so
 * deflate would cost time and save nothing), UTF-8 names, CRC32 from node:zlib,
 * and ZIP64 records once there are more than 65,535 entries or the archive grows
 * past 4 GiB. No zip-writing package is among our dependencies, and this is the
 * whole of what an export needs (APPNOTE.TXT 6.3.10, sections 4.3 and 4.5.3).
 *
 * It writes to a file handle the caller owns (a temp file in the target folder,
 * renamed into place only when `finish` has written the central directory).
 */
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'

const U16 = 0xffff
const U32 = 0xffffffff
const UTF8_NAMES = 0x0800

interface Entry {
  name: Buffer
  crc: number
  size: number
  offset: number
  time: number
  date: number
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107)
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate()
  }
}

export class ZipWriter {
  private readonly entries: Entry[] = []
  private offset = 0
  private finished = false

  constructor(private readonly fh: FileHandle) {}

  get count(): number {
    return this.entries.length
  }

  /** Bytes written so far. */
  get size(): number {
    return this.offset
  }

  /** Small entries are gathered and written together (a zip of 100,000 thumbnails-sized files). */
  private pending: Buffer[] = []
  private pendingBytes = 0
  private flushedTo = 0

  private async write(buf: Buffer): Promise<void> {
    this.pending.push(buf)
    this.pendingBytes += buf.length
    this.offset += buf.length
    if (this.pendingBytes >= 1 << 22) await this.flush()
  }

  private async flush(): Promise<void> {
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    let done = 0
    while (done < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, done, buf.length - done, this.flushedTo + done)
      done += bytesWritten
    }
    this.flushedTo += buf.length
  }

  /** Appends one file. `name` uses `/` separators; callers keep names unique. */
  async add(name: string, data: Buffer, mtime = new Date()): Promise<void> {
    if (this.finished) throw new Error('The zip is already finished')
    if (data.length >= U32) throw new Error('A file of 4 GiB or more cannot be stored in this zip')
    const nameBuf = Buffer.from(name, 'utf8')
    if (nameBuf.length > U16) throw new Error('A name inside a zip has at most 65535 bytes')
    const { time, date } = dosDateTime(mtime)
    const crc = crc32(data)
    const h = Buffer.alloc(30)
    h.writeUInt32LE(0x04034b50, 0)
    h.writeUInt16LE(20, 4)
    h.writeUInt16LE(UTF8_NAMES, 6)
    h.writeUInt16LE(0, 8) // STORED
    h.writeUInt16LE(time, 10)
    h.writeUInt16LE(date, 12)
    h.writeUInt32LE(crc, 14)
    h.writeUInt32LE(data.length, 18)
    h.writeUInt32LE(data.length, 22)
    h.writeUInt16LE(nameBuf.length, 26)
    h.writeUInt16LE(0, 28)
    const offset = this.offset
    await this.write(Buffer.concat([h, nameBuf]))
    await this.write(data)
    this.entries.push({ name: nameBuf, crc, size: data.length, offset, time, date })
  }

  /** Writes the central directory (and the ZIP64 end records when needed) and fsyncs. */
  async finish(): Promise<void> {
    this.finished = true
    const cdOffset = this.offset
    let chunk: Buffer[] = []
    let chunkBytes = 0
    for (const e of this.entries) {
      const big = e.offset >= U32
      const extra = big ? Buffer.alloc(12) : Buffer.alloc(0)
      if (big) {
        extra.writeUInt16LE(0x0001, 0)
        extra.writeUInt16LE(8, 2)
        extra.writeBigUInt64LE(BigInt(e.offset), 4)
      }
      const c = Buffer.alloc(46)
      c.writeUInt32LE(0x02014b50, 0)
      c.writeUInt16LE((3 << 8) | 45, 4) // made by: Unix, spec 4.5
      c.writeUInt16LE(big ? 45 : 20, 6)
      c.writeUInt16LE(UTF8_NAMES, 8)
      c.writeUInt16LE(0, 10)
      c.writeUInt16LE(e.time, 12)
      c.writeUInt16LE(e.date, 14)
      c.writeUInt32LE(e.crc, 16)
      c.writeUInt32LE(e.size, 20)
      c.writeUInt32LE(e.size, 24)
      c.writeUInt16LE(e.name.length, 28)
      c.writeUInt16LE(extra.length, 30)
      // comment length, disk, internal attributes: 0
      c.writeUInt32LE((0o100644 << 16) >>> 0, 38)
      c.writeUInt32LE(big ? U32 : e.offset, 42)
      chunk.push(c, e.name, extra)
      chunkBytes += c.length + e.name.length + extra.length
      if (chunkBytes > 1 << 20) {
        await this.write(Buffer.concat(chunk))
        chunk = []
        chunkBytes = 0
      }
    }
    if (chunk.length > 0) await this.write(Buffer.concat(chunk))
    const cdSize = this.offset - cdOffset
    const n = this.entries.length
    if (n > U16 || cdOffset >= U32 || cdSize >= U32) {
      const z64Offset = this.offset
      const rec = Buffer.alloc(56)
      rec.writeUInt32LE(0x06064b50, 0)
      rec.writeBigUInt64LE(44n, 4)
      rec.writeUInt16LE((3 << 8) | 45, 12)
      rec.writeUInt16LE(45, 14)
      rec.writeBigUInt64LE(BigInt(n), 24)
      rec.writeBigUInt64LE(BigInt(n), 32)
      rec.writeBigUInt64LE(BigInt(cdSize), 40)
      rec.writeBigUInt64LE(BigInt(cdOffset), 48)
      const loc = Buffer.alloc(20)
      loc.writeUInt32LE(0x07064b50, 0)
      loc.writeBigUInt64LE(BigInt(z64Offset), 8)
      loc.writeUInt32LE(1, 16)
      await this.write(Buffer.concat([rec, loc]))
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(Math.min(n, U16), 8)
    end.writeUInt16LE(Math.min(n, U16), 10)
    end.writeUInt32LE(Math.min(cdSize, U32), 12)
    end.writeUInt32LE(Math.min(cdOffset, U32), 16)
    await this.write(end)
    await this.flush()
    await this.fh.sync()
  }
}
