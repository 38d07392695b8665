/** RFC 5280's upper bound for a common name, which the key-pair request holds to. */
const COMMON_NAME_MAX = 64;

/**
 * The common name of a generated certificate: "Keyway" and the data source's title, so that the
 * certificate says in Salesforce's list where it came from; "Keyway" alone before a title is typed.
 */
export function certificateCommonName(title: string): string {
  const name = `Keyway ${title.replace(/\s+/g, ' ').trim()}`.trim();
  return name.length <= COMMON_NAME_MAX ? name : name.slice(0, COMMON_NAME_MAX).trimEnd();
}
