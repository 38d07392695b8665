import { Fragment } from 'react';

/**
 * Where a long email address or host name may wrap: after "@" and before each "." (so that no line
 * ends in a dot that reads as a full stop). The pieces between stay whole, unlike with
 * `overflow-wrap: anywhere`, which cuts "example" into "exam" and "ple".
 */
export function breakPoints(text: string): string[] {
  return text.split(/(?<=@)|(?=\.)/).filter(Boolean);
}

/** A piece longer than this may still wrap inside, so that it cannot push a narrow card wider than the screen. */
const UNBREAKABLE_MAX = 32;

/**
 * The text with a <wbr> at each break point; copying it gives the text unchanged. Each piece is
 * kept on one line, else the browser would also break after a hyphen ("sales-" / "operations"),
 * which reads as a word split across lines and not as part of the address.
 */
export function Breakable({ text }: { text: string }) {
  // Keyed by position: the pieces of one text never reorder.
  return breakPoints(text).map((piece, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {piece.length <= UNBREAKABLE_MAX ? <span style={{ whiteSpace: 'nowrap' }}>{piece}</span> : piece}
    </Fragment>
  ));
}
