import { createRequire } from 'node:module';

/**
 * Chinese word segmentation for search (jieba). Messages are indexed with every word a reader could
 * look for: jieba's search mode plus every dictionary word of two or more characters found in the
 * text, so 退货 finds 退货运费 even where jieba reads it as 退 / 货运费. A query is cut in precise mode;
 * its terms are ANDed, and a single Chinese character or the last term matches as a prefix.
 */

type Segmenter = { search(text: string): string[]; all(text: string): string[]; precise(text: string): string[] };

let segmenter: Segmenter | undefined;

/** Loaded on first use: the dictionary takes a few hundred milliseconds, and most commands never need it. */
function load(): Segmenter {
  if (segmenter) return segmenter;
  try {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    const jieba = Jieba.withDict(dict);
    segmenter = { search: (t) => jieba.cutForSearch(t, true), all: (t) => jieba.cutAll(t), precise: (t) => jieba.cut(t, true) };
  } catch {
    // No prebuilt jieba for this platform: the runtime's own dictionary segmenter is coarser but works.
    const words = new Intl.Segmenter('zh', { granularity: 'word' });
    const cut = (t: string) => [...words.segment(t)].filter((s) => s.isWordLike).map((s) => s.segment);
    segmenter = { search: cut, all: cut, precise: cut };
  }
  return segmenter;
}

// Letters (any script), digits and combining marks: everything else is a separator.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const HAN = /^\p{Script=Han}$/u;
const MAX_TERM_LENGTH = 64;

function words(piece: string): string[] {
  return piece.toLowerCase().match(WORD)?.filter((w) => w.length <= MAX_TERM_LENGTH) ?? [];
}

/** Order numbers and waybills (SF1234567890) are found by their digits or letters alone too. */
function parts(word: string): string[] {
  if (!/\p{N}/u.test(word) || !/\p{L}/u.test(word)) return [];
  return word.match(/\p{N}+|[\p{L}\p{M}]+/gu)?.filter((p) => p.length >= 2) ?? [];
}

/** The distinct words of a text for its search vector: lower-cased, punctuation dropped. */
export function indexTerms(text: string): string[] {
  if (!text.trim()) return [];
  const s = load();
  const terms = new Set<string>();
  const add = (w: string) => {
    terms.add(w);
    for (const p of parts(w)) terms.add(p);
  };
  for (const piece of s.search(text)) for (const w of words(piece)) add(w);
  for (const piece of s.all(text)) if ([...piece].length >= 2) for (const w of words(piece)) add(w);
  return [...terms];
}

/** The words of a text in reading order (precise mode), lower-cased, punctuation dropped: for keyword rules. */
export function preciseWords(text: string): string[] {
  if (!text.trim()) return [];
  return load().precise(text).flatMap(words);
}

/** The document given to to_tsvector('simple', …): the terms, space-joined. */
export function indexDocument(text: string): string {
  return indexTerms(text).join(' ');
}

// Particles that say nothing about what is searched for; dropped when other terms remain.
const STOP = new Set(['的', '了', '吗', '呢', '吧', '啊', '呀', '哦', '嘛', '么', '是', '在', '和', '与', '或', '也', '就', '都', '请', '我', '你', '您']);
const MAX_TERMS = 12;

export type QueryTerm = { term: string; prefix: boolean };

/** A query's terms, in order, each once: space-separated parts cut in precise mode. */
export function queryTerms(q: string): QueryTerm[] {
  const s = load();
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const part of q.split(/\s+/)) {
    if (!part) continue;
    for (const piece of s.precise(part)) {
      for (const w of words(piece)) {
        if (!seen.has(w)) {
          seen.add(w);
          terms.push(w);
        }
      }
    }
  }
  const meaningful = terms.filter((t) => !STOP.has(t));
  const kept = (meaningful.length ? meaningful : terms).slice(0, MAX_TERMS);
  // The last term may still be being typed; a lone Chinese character is usually part of a longer word.
  return kept.map((term, i) => ({ term, prefix: i === kept.length - 1 || HAN.test(term) }));
}

/** The text of a tsquery ANDing the terms; terms hold only letters, digits and marks, so quoting is safe. */
export function toTsQuery(terms: QueryTerm[]): string {
  return terms.map((t) => `'${t.term}'${t.prefix ? ':*' : ''}`).join(' & ');
}

export type Range = { start: number; end: number };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where the terms occur in a text (UTF-16 offsets), merged and in order. */
export function findHighlights(text: string, terms: QueryTerm[]): Range[] {
  if (!terms.length) return [];
  const pattern = new RegExp(terms.map((t) => escapeRegExp(t.term)).sort((a, b) => b.length - a.length).join('|'), 'giu');
  const ranges: Range[] = [];
  for (const m of text.matchAll(pattern)) {
    if (!m[0]) continue;
    const start = m.index!;
    const end = start + m[0].length;
    const last = ranges[ranges.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else ranges.push({ start, end });
  }
  return ranges;
}

const SNIPPET_LENGTH = 160;
const SNIPPET_LEAD = 40;

/** A window of the text around the first hit, with the hits inside it; plain text, for the UI to render as text. */
export function snippet(text: string, terms: QueryTerm[]): { text: string; highlights: Range[] } {
  const flat = text.replace(/\s+/g, ' ').trim();
  const all = findHighlights(flat, terms);
  if (flat.length <= SNIPPET_LENGTH) return { text: flat, highlights: all };
  let start = Math.max(0, (all[0]?.start ?? 0) - SNIPPET_LEAD);
  let end = Math.min(flat.length, start + SNIPPET_LENGTH);
  start = Math.max(0, end - SNIPPET_LENGTH);
  // Never cut a surrogate pair in two.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(flat[start])) start--;
  if (end < flat.length && /[\uD800-\uDBFF]/.test(flat[end - 1])) end++;
  const lead = start > 0 ? '…' : '';
  const body = lead + flat.slice(start, end) + (end < flat.length ? '…' : '');
  const shift = lead.length - start;
  const highlights = all
    .filter((r) => r.end > start && r.start < end)
    .map((r) => ({ start: Math.max(r.start, start) + shift, end: Math.min(r.end, end) + shift }));
  return { text: body, highlights };
}
