// Phone entry helpers: a country hint for national numbers, and a
// readable rendering of the E.164 number the SDK normalised.

/** [ISO 3166 code, name, calling code, national trunk prefix to drop] */
export const COUNTRIES = [
  ['US', 'United States', '1', ''],
  ['CA', 'Canada', '1', ''],
  ['GB', 'United Kingdom', '44', '0'],
  ['IE', 'Ireland', '353', '0'],
  ['FR', 'France', '33', '0'],
  ['DE', 'Germany', '49', '0'],
  ['ES', 'Spain', '34', ''],
  ['IT', 'Italy', '39', ''],
  ['NL', 'Netherlands', '31', '0'],
  ['BE', 'Belgium', '32', '0'],
  ['CH', 'Switzerland', '41', '0'],
  ['SE', 'Sweden', '46', '0'],
  ['PL', 'Poland', '48', ''],
  ['PT', 'Portugal', '351', ''],
  ['BR', 'Brazil', '55', '0'],
  ['MX', 'Mexico', '52', ''],
  ['IN', 'India', '91', '0'],
  ['JP', 'Japan', '81', '0'],
  ['KR', 'South Korea', '82', '0'],
  ['SG', 'Singapore', '65', ''],
  ['AU', 'Australia', '61', '0'],
  ['NZ', 'New Zealand', '64', '0'],
  ['ZA', 'South Africa', '27', '0'],
  ['IL', 'Israel', '972', '0'],
  ['AE', 'United Arab Emirates', '971', '0'],
];

const BY_CODE = new Map(COUNTRIES.map((c) => [c[0], c]));

/** Fills a <select> with the countries, `selected` chosen. */
export function fillCountrySelect(select, selected) {
  select.textContent = '';
  for (const [iso, name, dial] of COUNTRIES) {
    const opt = document.createElement('option');
    opt.value = iso;
    opt.textContent = `${name} (+${dial})`;
    if (iso === selected) opt.selected = true;
    select.append(opt);
  }
}

/** A best guess of the user's region from the browser's language tags. */
export function guessRegion() {
  const langs = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]) || [];
  for (const tag of langs) {
    const m = /^[a-z]{2,3}-([A-Z]{2})\b/.exec(String(tag));
    if (m && BY_CODE.has(m[1])) return m[1];
  }
  return 'US';
}

/**
 * Turns what the user typed into a candidate for E.164, using the country
 * only when the input has no international prefix.
 * Returns '' when there is nothing to check yet.
 */
export function toCandidate(raw, iso) {
  const text = String(raw).trim();
  if (!text) return '';
  const international = text.startsWith('+') || text.startsWith('00');
  let digits = text.replace(/[^\d]/g, '');
  if (international) {
    if (text.startsWith('00')) digits = digits.slice(2);
    return `+${digits}`;
  }
  const c = BY_CODE.get(iso) || BY_CODE.get('US');
  const [, , dial, trunk] = c;
  if (trunk && digits.startsWith(trunk)) digits = digits.slice(trunk.length);
  // A NANP number typed with its leading 1.
  if (dial === '1' && digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return `+${dial}${digits}`;
}

/** The listed country whose calling code prefixes an E.164 number (longest match). */
export function countryOf(e164, preferred) {
  const digits = String(e164).replace(/^\+/, '');
  let best = null;
  for (const c of COUNTRIES) {
    if (digits.startsWith(c[2]) && (!best || c[2].length > best[2].length || (c[2] === best[2] && c[0] === preferred))) best = c;
  }
  return best;
}

/** "+1 202 555 0100" style grouping for display (not a formatter of record). */
export function prettyE164(e164) {
  const c = countryOf(e164);
  const digits = String(e164).replace(/^\+/, '');
  if (!c) return e164;
  const rest = digits.slice(c[2].length);
  if (c[2] === '1' && rest.length === 10) return `+1 ${rest.slice(0, 3)} ${rest.slice(3, 6)} ${rest.slice(6)}`;
  const groups = rest.match(/.{1,3}/g) || [];
  if (groups.length > 1 && groups[groups.length - 1].length === 1) {
    const last = groups.pop();
    groups[groups.length - 1] += last;
  }
  return `+${c[2]} ${groups.join(' ')}`;
}
