/** Text of a file that must be UTF-8, or where its first invalid byte is. */
export type Decoded = { text: string } | { line: number; col: number; byte: number };

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decode UTF-8 strictly: a byte-order mark is dropped, and bytes that are not UTF-8 (Latin-1,
 * Windows-1252) are reported with their line and column instead of becoming "�" in a prompt.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: fatal.decode(bytes) };
  } catch {
    return locateInvalid(bytes);
  }
}

/** The first byte that does not start or continue a valid UTF-8 sequence. */
function locateInvalid(bytes: Uint8Array): Decoded {
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return { ...position(bytes, i), byte: bytes[i]! };
    i += n;
  }
  return { ...position(bytes, bytes.length), byte: 0 };
}

function sequenceLength(b: Uint8Array, i: number): number {
  const x = b[i]!;
  if (x < 0x80) return 1;
  const n =
    x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  // Overlong forms, surrogates and code points past U+10FFFF.
  const y = b[i + 1]!;
  if ((x === 0xe0 && y < 0xa0) || (x === 0xed && y > 0x9f)) return 0;
  if ((x === 0xf0 && y < 0x90) || (x === 0xf4 && y > 0x8f)) return 0;
  return n;
}

/** 1-based line and column (in characters of the valid text before it) of byte `at`. */
function position(bytes: Uint8Array, at: number): { line: number; col: number } {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < at; i++)
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  const before = new TextDecoder().decode(bytes.subarray(lineStart, at));
  return { line, col: [...before].length + 1 };
}

/** The message for an invalid byte, naming the likely encoding. */
export function invalidUtf8Message(byte: number): string {
  return `not UTF-8: byte 0x${byte.toString(16).padStart(2, "0").toUpperCase()} (the file looks Latin-1 or Windows-1252 encoded)`;
}
