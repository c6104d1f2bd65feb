/**
 * Personal data masking (脱敏): how a contact is shown to someone who may not see it in full.
 * Enough is kept to recognise it on the phone or in a list (138****5678, z***@example.com);
 * the stars are a fixed run, so the length of what was hidden is not told either.
 */

const STARS = '****';

/**
 * A phone number with the first three and last four digits kept: 13812345678 → 138****5678.
 * Spaces, dashes and brackets are dropped and +86 / 0086 before a mainland mobile number too,
 * so every way of writing one number masks alike. A number too short to keep seven digits of
 * keeps only its last two; one shorter than five keeps nothing.
 */
export function maskPhone(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const s = raw.replace(/[\s\-().]/g, '').replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
  if (!s) return null;
  if (s.length >= 8) return `${s.slice(0, 3)}${STARS}${s.slice(-4)}`;
  if (s.length >= 5) return `${STARS}${s.slice(-2)}`;
  return STARS;
}

/**
 * An email address with the first character of the name and the whole domain kept:
 * zhang.wei@example.com → z***@example.com. Text without an @ keeps only its first character.
 */
export function maskEmail(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const s = raw.trim();
  if (!s) return null;
  const at = s.lastIndexOf('@');
  if (at < 0) return `${firstChar(s)}***`;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  return `${local ? firstChar(local) : ''}***@${domain}`;
}

// An address inside a text: a local part and a dotted domain, as mail systems write them.
const ADDRESS_IN_TEXT = /([\w.%+-])[\w.%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/**
 * Every email address inside a text masked like maskEmail, the rest of the text kept: for texts a
 * system wrote around an address, such as a mail server's refusal ("550 <zhang.wei@example.com> …").
 */
export function maskEmailsIn(text: string): string {
  return text.replace(ADDRESS_IN_TEXT, '$1***@$2');
}

/** The first character as a person reads it (an emoji or a CJK character of the supplementary planes is one). */
function firstChar(s: string): string {
  return Array.from(s)[0] ?? '';
}
