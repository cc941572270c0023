/**
 * The journal's files: `<dataDir>/journal/journal-000001.jsonl`, … Each line is one
 * event, written as `{"seq":N,"sum":"xxxxxxxx","ev":{…}}\n`, where `sum` is the
 * CRC-32 of `N|<the ev JSON exactly as written>`. A line whose checksum fails, or
 * that has no newline, was torn (a crash or power loss mid-write) or damaged: it is
 * reported and never applied. Sequence numbers are allocated inside the SQLite
 * transaction that wrote the rows (so they follow commit order across processes);
 * readers sort by them, so which segment a line landed in does not matter.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { JournalEvent } from './events'

export const SEGMENT_PATTERN = /^journal-(\d{6,})\.jsonl$/

export function segmentName(n: number): string {
  return `journal-${String(n).padStart(6, '0')}.jsonl`
}

function checksum(seq: number, ev: string): string {
  return crc32(`${seq}|${ev}`).toString(16).padStart(8, '0')
}

export function encodeLine(seq: number, ev: JournalEvent): string {
  const json = JSON.stringify(ev)
  return `{"seq":${seq},"sum":"${checksum(seq, json)}","ev":${json}}\n`
}

const LINE = /^\{"seq":(\d+),"sum":"([0-9a-f]{8})","ev":(.*)\}$/

/** The event of one line (without its newline), or why it is not one. */
export function decodeLine(line: string): { seq: number; ev: JournalEvent } | { problem: string } {
  const m = LINE.exec(line)
  if (!m) return { problem: 'not a journal line' }
  const seq = Number(m[1])
  if (checksum(seq, m[3]!) !== m[2]) return { problem: 'checksum mismatch' }
  try {
    const ev = JSON.parse(m[3]!) as JournalEvent
    if (typeof ev !== 'object' || ev === null || typeof (ev as { t?: unknown }).t !== 'string') return { problem: 'not an event' }
    return { seq, ev }
  } catch {
    return { problem: 'not JSON' }
  }
}

/** Segment numbers present in `dir`, ascending. */
export function listSegments(dir: string): number[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((name) => SEGMENT_PATTERN.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b)
}

export interface JournalEntry {
  seq: number
  ev: JournalEvent
}

export interface BadLine {
  segment: string
  /** 1-based line number in the segment. */
  line: number
  /**
   * `torn`: cut short by a crash mid-write (the segment's last line, or one a later
   * process ended with a newline before appending): ignored. `corrupt`: a whole line
   * whose checksum fails (damaged on disk): skipped.
   */
  kind: 'torn' | 'corrupt'
  reason: string
}

export interface JournalRead {
  entries: JournalEntry[]
  bad: BadLine[]
  segments: string[]
  /** The same sequence number twice (only the first is kept). */
  duplicates: number[]
  /** Sequence numbers missing between the first and the last entry, as [from, to] ranges. */
  gaps: [number, number][]
  bytes: number
}

function* lines(text: string): Generator<{ text: string; complete: boolean; n: number }> {
  let start = 0
  let n = 0
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    n++
    if (end === -1) {
      yield { text: text.slice(start), complete: false, n }
      return
    }
    yield { text: text.slice(start, end), complete: true, n }
    start = end + 1
  }
}

function readText(file: string): string {
  const size = statSync(file).size
  const buf = Buffer.allocUnsafe(size)
  const fd = openSync(file, 'r')
  try {
    let off = 0
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off)
      if (n === 0) break
      off += n
    }
    return buf.subarray(0, off).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function parseSegment(dir: string, n: number, onEntry: (e: JournalEntry) => void, bad: BadLine[]): number {
  const name = segmentName(n)
  const text = readText(join(dir, name))
  const all = [...lines(text)]
  for (const l of all) {
    if (l.text === '') continue
    const d = l.complete ? decodeLine(l.text) : { problem: 'no end of line' }
    if (!('problem' in d)) onEntry(d)
    else bad.push({ segment: name, line: l.n, kind: d.problem === 'checksum mismatch' || d.problem === 'not an event' ? 'corrupt' : 'torn', reason: d.problem })
  }
  return Buffer.byteLength(text)
}

/** Every valid entry of every segment, by sequence number, and what was wrong with the rest. */
export function readJournal(dir: string): JournalRead {
  const bad: BadLine[] = []
  const bySeq = new Map<number, JournalEntry>()
  const duplicates: number[] = []
  let bytes = 0
  const segments = listSegments(dir)
  for (const n of segments) {
    bytes += parseSegment(dir, n, (e) => {
      if (bySeq.has(e.seq)) duplicates.push(e.seq)
      else bySeq.set(e.seq, e)
    }, bad)
  }
  const entries = [...bySeq.values()].sort((a, b) => a.seq - b.seq)
  const gaps: [number, number][] = []
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1]!.seq
    const cur = entries[i]!.seq
    if (cur > prev + 1) gaps.push([prev + 1, cur - 1])
  }
  return { entries, bad, segments: segments.map(segmentName), duplicates, gaps, bytes }
}

/** The highest valid sequence number in the journal (0 when empty), reading only the newest segments' tails. */
export function lastSequence(dir: string): number {
  const segments = listSegments(dir)
  let best = 0
  // Another process may still append to the segment before the newest: look at both.
  for (const n of segments.slice(-2)) {
    const file = join(dir, segmentName(n))
    const size = statSync(file).size
    const tail = Math.min(size, 1024 * 1024)
    const buf = Buffer.allocUnsafe(tail)
    const fd = openSync(file, 'r')
    try {
      readSync(fd, buf, 0, tail, size - tail)
    } finally {
      closeSync(fd)
    }
    // The piece after the last newline is empty or torn (never counted); the first may be cut by the window.
    const parts = buf.toString('utf8').split('\n').slice(0, -1)
    for (let i = parts.length - 1; i >= 0; i--) {
      const d = decodeLine(parts[i]!)
      if (!('problem' in d)) {
        best = Math.max(best, d.seq)
        break
      }
    }
  }
  return best
}
