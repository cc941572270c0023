/**
 * A small least-recently-used cache (Map keeps insertion order: a read moves the
 * key to the end, the oldest is first). Bounds the gallery's row metadata so a
 * scroll through a million images never holds a million rows.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>()

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('LruCache needs a capacity of at least 1')
  }

  get size(): number {
    return this.map.size
  }

  /** The value, marked as just used. */
  get(key: K): V | undefined {
    const v = this.map.get(key)
    if (v === undefined) return undefined
    this.map.delete(key)
    this.map.set(key, v)
    return v
  }

  /** The value without marking it used. */
  peek(key: K): V | undefined {
    return this.map.get(key)
  }

  has(key: K): boolean {
    return this.map.has(key)
  }

  set(key: K, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K)
  }

  delete(key: K): boolean {
    return this.map.delete(key)
  }

  /** The keys, oldest first (without marking them used). */
  keys(): IterableIterator<K> {
    return this.map.keys()
  }

  clear(): void {
    this.map.clear()
  }
}
