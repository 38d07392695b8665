/**
 * The largest API description Keyway reads unless the server is configured otherwise
 * (SWAGGER_MAX_BYTES): the largest public descriptions (GitHub's REST API, 13 MB) fit with room.
 * Decimal megabytes, as file managers and browsers show sizes, so that "25 MB" in a message
 * means the same thing as the size a person sees next to the file.
 */
export const API_DESCRIPTION_MAX_BYTES = 25_000_000;

/**
 * The highest SWAGGER_MAX_BYTES the server accepts. The server reads a description in a worker
 * whose memory is bounded (server/src/routes/swagger/description-reader.ts); a file near this
 * size that must be read with positions (YAML anchors, a problem to explain) exceeds it and is
 * refused.
 */
export const API_DESCRIPTION_MAX_BYTES_CEILING = 100_000_000;

/**
 * "6.2 MB", "940 kB", "512 bytes", in decimal units with one decimal at most. A size over a
 * limit is rounded up and the limit down, so the two never read the same ("25 MB; the limit is 25 MB").
 */
export function formatByteSize(bytes: number, rounding: 'up' | 'down' = 'down'): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [unit, size] = bytes < 1_000_000 ? (['kB', 1000] as const) : (['MB', 1_000_000] as const);
  const round = rounding === 'up' ? Math.ceil : Math.floor;
  // bytes * 10 / size is exact for whole numbers of tenths, where (bytes / size) * 10 may not be.
  return `${round((bytes * 10) / size) / 10} ${unit}`;
}

/** The one sentence for a description over the limit, in the browser and on the server alike. */
export function descriptionTooLargeMessage(bytes: number, maxBytes: number): string {
  return `The file is ${formatByteSize(bytes, 'up')}; the limit is ${formatByteSize(maxBytes)}.`;
}

const NON_ASCII_RUNS = /[\u0080-\uffff]+/g;

/** UTF-8 length of a string, counted without encoding it (no copy of a multi-megabyte text is made). */
export function utf8ByteLength(text: string): number {
  // ASCII is one byte a character. Descriptions are mostly ASCII with a few accents, arrows or
  // emoji (GitHub's has some): the regex engine finds those runs natively, and only their
  // characters are counted one by one.
  let bytes = text.length;
  for (const [run] of text.matchAll(NON_ASCII_RUNS)) {
    for (let index = 0; index < run.length; index++) {
      const code = run.charCodeAt(index);
      if (code < 0x800) bytes += 1;
      else if (isHighSurrogate(code) && isLowSurrogate(run.charCodeAt(index + 1))) {
        // Two UTF-16 units, four bytes: two were counted as ASCII, two more here.
        bytes += 2;
        index++;
      } else bytes += 2;
    }
  }
  return bytes;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
