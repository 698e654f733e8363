/**
 * Texts kept as UTF-8 bytes in large shared buffers, each found again by a number. Many small
 * strings cost more than their text: a header each, and what JSON.stringify returns is a chain of
 * string pieces. A 60-character trial text took ~180 bytes of heap as a string, 64 bytes here.
 */
export class TextArena {
  /** The buffers; a buffer whose texts were all taken is let go (undefined). */
  private readonly chunks: (Buffer | undefined)[] = [];
  /** Texts each buffer holds that were not taken yet. */
  private readonly held: number[] = [];
  private used = 0;

  /** `chunkSize`: bytes a buffer holds; a text longer than that gets a buffer of its own. */
  constructor(private readonly chunkSize = 1 << 20) {}

  /** Keep a text; returns the number that finds it. */
  add(text: string): number {
    // A UTF-16 code unit is at most 3 bytes of UTF-8; 4 bytes before the text hold its length.
    const room = 4 + text.length * 3;
    let chunk = this.chunks.at(-1);
    if (!chunk || this.used + room > chunk.length) {
      chunk = Buffer.allocUnsafeSlow(Math.max(room, this.chunkSize));
      this.chunks.push(chunk);
      this.held.push(0);
      this.used = 0;
    }
    this.held[this.held.length - 1]!++;
    const at = this.used;
    const bytes = chunk.write(text, at + 4, "utf8");
    chunk.writeUInt32LE(bytes, at);
    // A buffer longer than chunkSize holds this one text only: every offset stays below chunkSize.
    this.used = chunk.length > this.chunkSize ? chunk.length : at + 4 + bytes;
    return (this.chunks.length - 1) * this.chunkSize + at;
  }

  /** The text `add` returned this number for. */
  get(handle: number): string {
    const i = Math.floor(handle / this.chunkSize);
    const chunk = this.chunks[i];
    const at = handle % this.chunkSize;
    if (!chunk || at + 4 > chunk.length) throw new RangeError(`no text at ${handle}`);
    return chunk.toString("utf8", at + 4, at + 4 + chunk.readUInt32LE(at));
  }

  /**
   * The text, for the last time: once every text of a buffer was taken, the buffer is let go, so
   * what is made from the texts grows as the arena shrinks. Take each number once.
   */
  take(handle: number): string {
    const text = this.get(handle);
    const i = Math.floor(handle / this.chunkSize);
    if (--this.held[i]! === 0 && i < this.chunks.length - 1) this.chunks[i] = undefined;
    return text;
  }

  /** Bytes of buffers held. */
  get size(): number {
    return this.chunks.reduce((n, c) => n + (c?.length ?? 0), 0);
  }

  /** Let go of every text. */
  clear(): void {
    this.chunks.length = 0;
    this.held.length = 0;
    this.used = 0;
  }
}
