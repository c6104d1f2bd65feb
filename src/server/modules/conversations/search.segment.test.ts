import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findHighlights, indexTerms, queryTerms, snippet, toTsQuery } from './search.segment.ts';

test('indexing keeps every word a reader may look for, lower-cased, without punctuation', () => {
  const terms = indexTerms('我想退货，退货运费谁出？SF1234567890 iPhone');
  for (const w of ['退货', '运费', '货运费', 'sf1234567890', '1234567890', 'iphone']) assert.ok(terms.includes(w), `${w} in ${terms.join(' ')}`);
  assert.ok(!terms.some((t) => /[，？\s]/.test(t)), 'no punctuation or spaces');
  // jieba alone reads 退货运费 as 退 / 货运费; the dictionary words inside are indexed too.
  assert.ok(indexTerms('退货运费').includes('退货'));
  assert.deepEqual(indexTerms('  ，。 '), []);
});

test('a query is cut in precise mode; particles drop, a lone character and the last term match as prefixes', () => {
  assert.deepEqual(queryTerms('面霜的价格'), [{ term: '面霜', prefix: false }, { term: '价格', prefix: true }]);
  assert.deepEqual(queryTerms('退'), [{ term: '退', prefix: true }]);
  assert.deepEqual(queryTerms('的'), [{ term: '的', prefix: true }], 'a query of particles alone still searches');
  assert.equal(toTsQuery(queryTerms('SF123 退货')), "'sf123' & '退货':*");
  assert.deepEqual(queryTerms("'; drop table messages; --"), [{ term: 'drop', prefix: false }, { term: 'table', prefix: false }, { term: 'messages', prefix: true }]);
  assert.deepEqual(queryTerms('  '), []);
});

test('highlights are offsets into the text; a snippet keeps them and never cuts an emoji in half', () => {
  const terms = queryTerms('运费 退货');
  assert.deepEqual(findHighlights('我想退货，运费谁出', terms), [{ start: 2, end: 4 }, { start: 5, end: 7 }]);
  const long = `${'很长的前文😀'.repeat(30)}退货运费${'后文'.repeat(100)}`;
  const s = snippet(long, terms);
  assert.ok(s.text.length <= 164);
  assert.ok(s.text.startsWith('…') && s.text.endsWith('…'));
  for (const h of s.highlights) assert.match(s.text.slice(h.start, h.end), /退货|运费/);
  assert.equal(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s.text), false);
});
