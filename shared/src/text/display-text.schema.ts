import { z } from 'zod';
import { findHiddenCharacters, findStackedMarks, hiddenCharacterMessage, MAX_COMBINING_MARKS, normaliseDisplayText, type DisplayTextOptions } from './display-text';

// Apart from display-text.ts, whose checks the console's pages use on first load without zod.
/**
 * The zod building block for such text: normalised first, then checked (hidden characters, and
 * more than MAX_COMBINING_MARKS marks stacked on one character), and the caller adds
 * trim, min and max as for any string, so length counts the normalised text and a leading
 * byte order mark, which trim() would silently drop, is reported like any other:
 * `displayText().trim().min(1, 'Title is required').max(100, …)`.
 */
export function displayText(options: DisplayTextOptions = {}) {
  return z
    .string()
    .overwrite((text) => normaliseDisplayText(text, options))
    .superRefine((text, ctx) => {
      const found = findHiddenCharacters(text, options);
      if (found.length > 0) ctx.addIssue({ code: 'custom', message: hiddenCharacterMessage(found) });
      const stacked = findStackedMarks(text);
      if (stacked) {
        const message = `Use at most ${MAX_COMBINING_MARKS} accents or other combining marks on one character: the one at position ${stacked.position} has ${stacked.count}`;
        ctx.addIssue({ code: 'custom', message });
      }
    });
}
