import { Badge, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { findHiddenCharacters, lookAlikeWords, mixedScriptWords, showHiddenCharacters, type DisplayTextOptions, type LookAlikeWord } from '@keyway/shared';
import { ReachableTooltip } from './reachable-tooltip';

/**
 * A title or name someone typed, as it can be shown safely. Hidden characters in text stored
 * before they were refused appear as markers ("⟨U+202E⟩"), so nothing is reordered or hidden.
 * <bdi> keeps a right-to-left title (Arabic, Hebrew) from reordering the text beside it.
 */
export function DisplayText({ text, multiline }: { text: string } & DisplayTextOptions) {
  return <bdi>{showHiddenCharacters(text, { multiline })}</bdi>;
}

const quote = (text: string) => `“${text}”`;
const and = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
/** "“𝐒” looks like “S”", for each look-alike character of the word. */
const lookAlikes = (word: LookAlikeWord) => and(word.characters.map(({ character, looksLike }) => `${quote(character)} looks like ${quote(looksLike)}`));

/** Why the text is flagged, in words for the tooltip and for screen readers; none when it is not. */
export function displayTextWarnings(text: string, subject = 'title', options: DisplayTextOptions = {}) {
  const warnings: { key: string; label: string; color: string; explanation: string }[] = [];
  const hidden = findHiddenCharacters(text, options);
  if (hidden.length > 0) {
    const count = hidden.length === 1 ? 'an invisible character' : `${hidden.length} invisible characters`;
    warnings.push({
      key: 'hidden',
      label: 'Hidden characters',
      color: 'orange',
      explanation: `This ${subject} holds ${count}, shown as ⟨${hidden[0]!.code}⟩: saved before the console refused them, they can make it look like another name or read in another order.`,
    });
  }
  const mixed = mixedScriptWords(text);
  if (mixed.length > 0) {
    const [first] = mixed;
    warnings.push({
      key: 'mixed',
      label: 'Mixed scripts',
      color: 'yellow',
      explanation: `This ${subject} mixes letters from different alphabets (${and(first!.scripts)} in ${quote(showHiddenCharacters(first!.word))}): it may imitate another name.`,
    });
  }
  // A word of its own beside "Mixed scripts": "𝐒alesforce" mixes no alphabets, its "𝐒" only looks like an "S".
  const [lookAlike] = lookAlikeWords(text);
  if (lookAlike) {
    warnings.push({
      key: 'lookalike',
      label: 'Look-alike characters',
      color: 'yellow',
      explanation: `This ${subject} has characters styled to look like ordinary ones (${lookAlikes(lookAlike)} in ${quote(showHiddenCharacters(lookAlike.word))}): it may imitate another name.`,
    });
  }
  return warnings;
}

/**
 * Badges beside a title that may pretend to be another: "Hidden characters", "Mixed scripts",
 * "Look-alike characters".
 * Each explains itself in a tooltip that a keyboard reaches, and in text for screen readers.
 * Inside a link, pass `interactive={false}`: a control in a link is a control nobody can reach,
 * so the badge is only a word there, and the link's name carries it.
 */
export function DisplayTextWarnings({
  text,
  subject,
  interactive = true,
  multiline,
}: { text: string; subject?: string; interactive?: boolean } & DisplayTextOptions) {
  return displayTextWarnings(text, subject, { multiline }).map((warning) => {
    const badge = (
      <Badge
        key={warning.key}
        // A span, so that it may sit in a line of text or a link's label.
        component="span"
        color={warning.color}
        variant="light"
        size="sm"
        tt="none"
        miw="max-content"
        leftSection={<IconAlertTriangle size={12} aria-hidden />}
        data-warning={warning.key}
        tabIndex={interactive ? 0 : undefined}
        className={interactive ? 'mantine-focus-auto' : undefined}
      >
        {warning.label}
      </Badge>
    );
    if (!interactive) return badge;
    return (
      <span key={warning.key} style={{ display: 'inline-flex' }}>
        <ReachableTooltip label={warning.explanation}>{badge}</ReachableTooltip>
        {/* Read on after the badge's word; a focused badge gets the same words from its tooltip. */}
        <VisuallyHidden>{warning.explanation}</VisuallyHidden>
      </span>
    );
  });
}

/** A note under a Title field while it holds a mixed-script or look-alike word: legitimate, but worth a second look. */
export function mixedScriptsNote(text: string): string | undefined {
  const [first] = mixedScriptWords(text);
  if (first) return `${quote(first.word)} mixes ${and(first.scripts)} letters: check it is the name you mean.`;
  const [lookAlike] = lookAlikeWords(text);
  return lookAlike && `In ${quote(lookAlike.word)}, ${lookAlikes(lookAlike)}: check it is the name you mean.`;
}
