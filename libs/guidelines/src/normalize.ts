/**
 * Text folded for matching, with a map back to the original so findings can point at what the
 * author actually typed. Folding: NFD, combining marks (\p{M}) removed, lower case, a few letters
 * that NFD leaves alone spelled out (ł → l, ß → ss, …), and every run of whitespace collapsed to
 * one space.
 */
export interface FoldedText {
  text: string;
  /** Original UTF-16 offset where the code point behind `text[i]` starts. */
  starts: Int32Array;
  /** Original UTF-16 offset just past the code point behind `text[i]`, stretched over the marks and
   * collapsed whitespace that follow it, so an underline covers "cafe\u0301" and not just "cafe". */
  ends: Int32Array;
}

/** Letters NFD does not decompose, but that people type as their ASCII look-alikes. */
const EXTRA_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const MARKS = /\p{M}/gu;
const WHITESPACE = /^\s$/u;

function foldCodePoint(cp: string): string {
  const code = cp.charCodeAt(0);
  if (code < 0x80) return cp.toLowerCase();
  // Lower-casing can add marks again ("İ" → "i̇"), so strip after it.
  const folded = cp.normalize('NFD').toLowerCase().normalize('NFD').replace(MARKS, '');
  return EXTRA_FOLDS[folded] ?? folded;
}

export function foldText(original: string): FoldedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let inWhitespace = false;
  let offset = 0;
  for (const cp of original) {
    const next = offset + cp.length;
    if (WHITESPACE.test(cp)) {
      if (inWhitespace) {
        ends[ends.length - 1] = next;
      } else {
        parts.push(' ');
        starts.push(offset);
        ends.push(next);
      }
      inWhitespace = true;
    } else {
      inWhitespace = false;
      const folded = foldCodePoint(cp);
      if (folded.length === 0) {
        if (ends.length > 0) ends[ends.length - 1] = next;
      } else {
        parts.push(folded);
        for (let i = 0; i < folded.length; i++) {
          starts.push(offset);
          ends.push(next);
        }
      }
    }
    offset = next;
  }
  return { text: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** A term folded like the text it is searched in; leading and trailing whitespace dropped. */
export function foldTerm(term: string): string {
  return foldText(term).text.trim();
}

const WORD = /^[\p{L}\p{N}]$/u;
/** Scripts written without spaces between words: there, a term may sit inside a run of letters. */
const UNSPACED =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;

function codePointBefore(s: string, index: number): string {
  if (index <= 0) return '';
  const low = s.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = s.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.slice(index - 2, index);
  }
  return s[index - 1];
}

function codePointAt(s: string, index: number): string {
  const cp = s.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** True when `edge` (inside the term) and `neighbour` (outside it) would run together as one word. */
function joinsWord(edge: string, neighbour: string): boolean {
  if (!WORD.test(edge) || !WORD.test(neighbour)) return false;
  return !UNSPACED.test(edge) && !UNSPACED.test(neighbour);
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Every whole-word occurrence of an already folded `term` in `folded`, as spans of the original text.
 * Only an edge of the term that is a letter or digit needs a boundary: "#ad" may follow "x", but "ad"
 * may not. Overlapping occurrences are all reported.
 */
export function findTerm(folded: FoldedText, term: string, limit = Number.POSITIVE_INFINITY): Span[] {
  const spans: Span[] = [];
  if (term.length === 0) return spans;
  const first = codePointAt(term, 0);
  const last = codePointBefore(term, term.length);
  const hay = folded.text;
  for (let at = hay.indexOf(term); at !== -1 && spans.length < limit; at = hay.indexOf(term, at + 1)) {
    const end = at + term.length;
    if (joinsWord(first, codePointBefore(hay, at)) || joinsWord(last, codePointAt(hay, end))) continue;
    spans.push({ start: folded.starts[at], end: folded.ends[end - 1] });
  }
  return spans;
}
