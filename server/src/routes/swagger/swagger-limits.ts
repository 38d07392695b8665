/**
 * The JSON body limit of requests that carry an API description (/datasources, /swagger). JSON
 * escaping at most doubles a text that YAML or JSON accepts (a newline, tab, quote or backslash
 * becomes two characters; other control characters are not allowed in such files, and non-ASCII
 * text is sent as it is), and the other fields of a data source fit in 64 KiB.
 */
export function descriptionBodyLimit(swaggerMaxBytes: number): number {
  return 2 * swaggerMaxBytes + 64 * 1024;
}
