import { DescriptionError } from './document-values';
import type { DocumentPath } from './document-values';

/** Where a path is in the file, when that is known. */
export type Locate = (path: DocumentPath) => { line: number; column: number } | undefined;

/**
 * What `read` gives, or `fallback` with the problem as a warning: its words, where it is (line
 * and column, when `locate` knows), and what that means for the person.
 */
export function leniently<T>(warnings: string[], read: () => T, fallback: T, consequence: string, locate?: Locate): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof DescriptionError)) throw error;
    const position = error.path.length > 0 ? locate?.(error.path) : undefined;
    const where = position ? `Line ${position.line}, column ${position.column}: ` : '';
    warnings.push(`${where}${error.message} ${consequence}`);
    return fallback;
  }
}
