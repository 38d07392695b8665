import { Fragment } from 'react';

/**
 * Where a long email address or web address may wrap. Both break before each "." (a line never
 * ends in a dot that reads as a full stop) and keep the pieces between whole, unlike
 * `overflow-wrap: anywhere`, which cuts "example" into "exam" and "ple" and "127.0.0.1" into
 * "127.0.0." and "1". Emails also break after "@"; addresses after "://", "/", a port's ":", "?",
 * "&" and "-", never between the ":" and "//" of a scheme.
 */
const BREAKS = {
  email: /(?<=@)|(?=\.)/,
  address: /(?=\.)|(?<=[-?&])|(?<=[:/])(?!\/)/,
} as const;

export type BreakableKind = keyof typeof BREAKS;

export function breakPoints(text: string, kind: BreakableKind = 'email'): string[] {
  return text.split(BREAKS[kind]).filter(Boolean);
}

/** A piece longer than this may still wrap inside, so that it cannot push a narrow card wider than the screen. */
const UNBREAKABLE_MAX = 32;

/**
 * The text with a <wbr> at each break point; copying it gives the text unchanged. Each piece is
 * kept on one line, else the browser would also break after a hyphen ("sales-" / "operations"),
 * which reads as a word split across lines and not as part of the address.
 */
export function Breakable({ text, kind = 'email' }: { text: string; kind?: BreakableKind }) {
  // Keyed by position: the pieces of one text never reorder.
  return breakPoints(text, kind).map((piece, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {piece.length <= UNBREAKABLE_MAX ? <span style={{ whiteSpace: 'nowrap' }}>{piece}</span> : piece}
    </Fragment>
  ));
}
