/**
 * The largest API description Keyway reads unless the server is configured otherwise
 * (SWAGGER_MAX_BYTES). Decimal megabytes, as file managers and browsers show sizes, so that
 * "5 MB" in a message means the same thing as the size a person sees next to the file.
 */
export const API_DESCRIPTION_MAX_BYTES = 5_000_000;

/**
 * The highest SWAGGER_MAX_BYTES the server accepts. Large public descriptions (GitHub's REST
 * API, about 11 MB) fit; a YAML parse of much more than this costs the server too much memory.
 */
export const API_DESCRIPTION_MAX_BYTES_CEILING = 25_000_000;

/**
 * "6.2 MB", "940 kB", "512 bytes", in decimal units with one decimal at most. A size over a
 * limit is rounded up and the limit down, so the two never read the same ("5 MB; the limit is 5 MB").
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

const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 length of a string, counted without encoding it (no copy of a multi-megabyte text is made). */
export function utf8ByteLength(text: string): number {
  // Most descriptions are ASCII: one regex scan (native) answers, where the loop below is several times slower.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
