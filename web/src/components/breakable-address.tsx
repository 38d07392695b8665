import { Fragment } from 'react';

/**
 * Where an address such as "https://api.example.com:8443/services/data?v=1&x=2" may wrap: after
 * "://", ".", "/", ":", "-", "?" and "&", never inside a name or number, and never between the
 * ":" and "/" of "://". ("127.0.0." / "1:4010" is what `word-break: break-all` did.)
 */
export function addressBreakPoints(address: string): string[] {
  return address.split(/(?<=[.\-?&])|(?<=[:/])(?!\/)/).filter(Boolean);
}

/**
 * The address with a <wbr> at each break point; copying it gives the address unchanged. Put it in
 * text with `overflow-wrap: break-word`, so that only a piece wider than the whole line (a very
 * long host label) is cut, and a table column still never gets narrower than its longest piece.
 */
export function BreakableAddress({ address }: { address: string }) {
  // Keyed by position: the pieces of one address never reorder.
  return addressBreakPoints(address).map((piece, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {piece}
    </Fragment>
  ));
}
