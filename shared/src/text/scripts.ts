/**
 * The Unicode scripts by their long property-value names, as `\p{Script=…}` takes them, the most
 * frequent first: a character is looked up from the top until one matches. JavaScript can test a
 * character against a script but cannot name its script, hence the list. An engine older than
 * the Unicode version that added a script rejects its name; that script is then left out.
 */
const SCRIPT_NAMES = [
  'Latin', 'Cyrillic', 'Greek', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo', 'Arabic', 'Hebrew', 'Armenian', 'Georgian',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao',
  'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Syriac', 'Thaana', 'Nko', 'Tifinagh',
  'Yi', 'Coptic', 'Glagolitic', 'Adlam', 'Ahom', 'Anatolian_Hieroglyphs', 'Avestan', 'Balinese', 'Bamum', 'Bassa_Vah', 'Batak',
  'Bhaiksuki', 'Brahmi', 'Braille', 'Buginese', 'Buhid', 'Carian', 'Caucasian_Albanian', 'Chakma', 'Cham', 'Chorasmian', 'Cuneiform',
  'Cypriot', 'Cypro_Minoan', 'Deseret', 'Dives_Akuru', 'Dogra', 'Duployan', 'Egyptian_Hieroglyphs', 'Elbasan', 'Elymaic', 'Garay',
  'Gothic', 'Grantha', 'Gunjala_Gondi', 'Gurung_Khema', 'Hanifi_Rohingya', 'Hanunoo', 'Hatran', 'Imperial_Aramaic',
  'Inscriptional_Pahlavi', 'Inscriptional_Parthian', 'Javanese', 'Kaithi', 'Kawi', 'Kayah_Li', 'Kharoshthi', 'Khitan_Small_Script',
  'Khojki', 'Khudawadi', 'Kirat_Rai', 'Lepcha', 'Limbu', 'Linear_A', 'Linear_B', 'Lisu', 'Lycian', 'Lydian', 'Mahajani', 'Makasar',
  'Mandaic', 'Manichaean', 'Marchen', 'Masaram_Gondi', 'Medefaidrin', 'Meetei_Mayek', 'Mende_Kikakui', 'Meroitic_Cursive',
  'Meroitic_Hieroglyphs', 'Miao', 'Modi', 'Mro', 'Multani', 'Nabataean', 'Nag_Mundari', 'Nandinagari', 'New_Tai_Lue', 'Newa', 'Nushu',
  'Nyiakeng_Puachue_Hmong', 'Ogham', 'Ol_Chiki', 'Ol_Onal', 'Old_Hungarian', 'Old_Italic', 'Old_North_Arabian', 'Old_Permic',
  'Old_Persian', 'Old_Sogdian', 'Old_South_Arabian', 'Old_Turkic', 'Old_Uyghur', 'Osage', 'Osmanya', 'Pahawh_Hmong', 'Palmyrene',
  'Pau_Cin_Hau', 'Phags_Pa', 'Phoenician', 'Psalter_Pahlavi', 'Rejang', 'Runic', 'Samaritan', 'Saurashtra', 'Sharada', 'Shavian',
  'Siddham', 'SignWriting', 'Sogdian', 'Sora_Sompeng', 'Soyombo', 'Sundanese', 'Sunuwar', 'Syloti_Nagri', 'Tagalog', 'Tagbanwa',
  'Tai_Le', 'Tai_Tham', 'Tai_Viet', 'Takri', 'Tangsa', 'Tangut', 'Tirhuta', 'Todhri', 'Toto', 'Tulu_Tigalari', 'Ugaritic', 'Vai',
  'Vithkuqi', 'Wancho', 'Warang_Citi', 'Yezidi', 'Zanabazar_Square', 'Beria_Erfe', 'Sidetic', 'Tai_Yo', 'Tolong_Siki',
];

/** Characters every script uses (digits, punctuation, spaces, emoji) and marks that take their base's script. */
const SHARED_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]$/u;

let patterns: [string, RegExp][] | undefined;
const cache = new Map<string, string | null>();

function scriptPatterns(): [string, RegExp][] {
  patterns ??= SCRIPT_NAMES.flatMap((name): [string, RegExp][] => {
    try {
      return [[name, new RegExp(`^\\p{Script=${name}}$`, 'u')]];
    } catch {
      return [];
    }
  });
  return patterns;
}

/**
 * The script of one character (a code point), as "Latin", "Cyrillic", "Old_Italic"; null for
 * Common, Inherited and unassigned characters, which belong to no script of their own.
 */
export function scriptOf(char: string): string | null {
  let script = cache.get(char);
  if (script !== undefined) return script;
  script = SHARED_SCRIPT.test(char) ? null : (scriptPatterns().find(([, pattern]) => pattern.test(char))?.[0] ?? null);
  cache.set(char, script);
  return script;
}

/** "Old_Italic" as a person reads it: "Old Italic". */
export const scriptLabel = (script: string) => script.replace(/_/g, ' ');
