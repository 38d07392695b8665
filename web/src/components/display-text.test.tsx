import { MantineProvider } from '@mantine/core';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DisplayText, DisplayTextWarnings, displayTextWarnings, mixedScriptsNote } from './display-text';

const html = (node: ReactNode) => renderToStaticMarkup(<MantineProvider>{node}</MantineProvider>);
const text = (markup: string) => markup.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '').trim();

describe('DisplayText', () => {
  it('shows a hidden character stored before they were refused as a marker, isolated from the text beside it', () => {
    const markup = renderToStaticMarkup(<DisplayText text={'\u202Egnp.exe'} />);
    expect(markup).toBe('<bdi>⟨U+202E⟩gnp.exe</bdi>');
    expect(markup).not.toContain('\u202E');
  });

  it('leaves a clean title, an emoji sequence and a right-to-left title as they are', () => {
    expect(renderToStaticMarkup(<DisplayText text="Salesforce Accounts" />)).toBe('<bdi>Salesforce Accounts</bdi>');
    expect(renderToStaticMarkup(<DisplayText text={'👩🏽\u200D💻 חשבונות'} />)).toBe('<bdi>👩🏽\u200D💻 חשבונות</bdi>');
  });
});

describe('DisplayTextWarnings', () => {
  it('flags a mixed-script title with a badge a keyboard reaches, explained in words', () => {
    const markup = html(<DisplayTextWarnings text={'\u0405alesforce Accounts'} />);
    expect(markup).toContain('data-warning="mixed"');
    expect(markup).toMatch(/<[^>]*tabindex="0"[^>]*data-warning="mixed"|<[^>]*data-warning="mixed"[^>]*tabindex="0"/);
    expect(text(markup)).toContain('Mixed scripts');
    expect(text(markup)).toContain(
      'This title mixes letters from different alphabets (Cyrillic and Latin in “\u0405alesforce”): it may imitate another name.',
    );
  });

  it('flags hidden characters, naming the first marker', () => {
    const markup = html(<DisplayTextWarnings text={'Sales\u200Bforce'} subject="folder title" />);
    expect(text(markup)).toContain('Hidden characters');
    expect(text(markup)).toContain('This folder title holds an invisible character, shown as ⟨U+200B⟩');
    expect(displayTextWarnings('a\u200Bb\u0000').map((w) => w.explanation)).toEqual([expect.stringContaining('holds 2 invisible characters')]);
  });

  it('shows nothing for a legitimate title in one script, or Japanese with Latin', () => {
    for (const title of ['Salesforce', 'Счета', 'Λογαριασμοί', '東京タワー Tokyo', '🚀 Launch']) {
      const markup = html(<DisplayTextWarnings text={title} />);
      expect(markup).not.toContain('data-warning');
      expect(text(markup)).toBe('');
    }
  });

  it('flags look-alike characters, naming each and what it looks like', () => {
    const markup = html(<DisplayTextWarnings text={'\u{1D412}alesforce \uFF21ccounts'} />);
    expect(markup).toContain('data-warning="lookalike"');
    expect(markup).not.toContain('data-warning="mixed"');
    expect(text(markup)).toContain('Look-alike characters');
    expect(text(markup)).toContain(
      'This title has characters styled to look like ordinary ones (“\u{1D412}” looks like “S” in “\u{1D412}alesforce”): it may imitate another name.',
    );
    expect(displayTextWarnings('\uFF33\u{1D41A}les \u216Cogin').map((w) => w.explanation)).toEqual([
      expect.stringContaining('(“\uFF33” looks like “S” and “\u{1D41A}” looks like “a” in “\uFF33\u{1D41A}les”)'),
    ]);
  });

  it('shows nothing for superscripts, circled digits and fractions, which look different', () => {
    expect(displayTextWarnings('Area m² ① ½')).toEqual([]);
  });

  it('inside a link is only a word: not focusable, no second copy of the explanation', () => {
    const markup = html(<DisplayTextWarnings text={'\u0405ales'} interactive={false} />);
    expect(text(markup)).toBe('Mixed scripts');
    expect(markup).not.toContain('tabindex');
  });
});

describe('mixedScriptsNote', () => {
  it('says which word mixes which scripts, and nothing for a clean title', () => {
    expect(mixedScriptsNote('\u0405alesforce Accounts')).toBe('“\u0405alesforce” mixes Cyrillic and Latin letters: check it is the name you mean.');
    expect(mixedScriptsNote('Salesforce Accounts')).toBeUndefined();
  });

  it('names a look-alike character and what it looks like', () => {
    expect(mixedScriptsNote('\u216Cogin')).toBe('In “\u216Cogin”, “\u216C” looks like “L”: check it is the name you mean.');
  });
});
