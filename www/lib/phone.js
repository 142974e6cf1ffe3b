// Phone entry helpers: a country hint for national numbers, and a
// readable rendering of the E.164 number the SDK normalised.

// Every region with its ITU calling code (NANP members share +1; some
// territories share their country's code). The SDK decides what is valid and
// which countries Stytch can text; this table only turns a national number
// into an international one and names the country. `0` marks the regions
// whose national numbers start with a trunk 0 that the international form drops.
const REGIONS = `AD376 AE971:0 AF93:0 AG1 AI1 AL355:0 AM374:0 AO244 AR54:0 AS1 AT43:0 AU61:0 AW297 AX358:0
AZ994:0 BA387:0 BB1 BD880:0 BE32:0 BF226 BG359:0 BH973 BI257 BJ229 BL590:0 BM1 BN673 BO591:0 BQ599
BR55:0 BS1 BT975 BW267 BY375 BZ501 CA1 CC61:0 CD243:0 CF236 CG242 CH41:0 CI225 CK682 CL56 CM237 CN86:0
CO57 CR506 CU53:0 CV238 CW599 CX61:0 CY357 CZ420 DE49:0 DJ253 DK45 DM1 DO1 DZ213:0 EC593:0 EE372 EG20:0
EH212:0 ER291:0 ES34 ET251:0 FI358:0 FJ679 FK500 FM691 FO298 FR33:0 GA241 GB44:0 GD1 GE995:0 GF594:0
GG44:0 GH233:0 GI350 GL299 GM220 GN224 GP590:0 GQ240 GR30 GT502 GU1 GW245 GY592 HK852 HN504 HR385:0
HT509 HU36 ID62:0 IE353:0 IL972:0 IM44:0 IN91:0 IQ964:0 IR98:0 IS354 IT39 JE44:0 JM1 JO962:0 JP81:0
KE254:0 KG996:0 KH855:0 KI686 KM269 KN1 KP850:0 KR82:0 KW965 KY1 KZ7 LA856:0 LB961:0 LC1 LI423 LK94:0
LR231:0 LS266 LT370 LU352 LV371 LY218:0 MA212:0 MC377 MD373:0 ME382:0 MF590:0 MG261:0 MH692 MK389:0
ML223 MM95:0 MN976 MO853 MP1 MQ596:0 MR222 MS1 MT356 MU230 MV960 MW265 MX52 MY60:0 MZ258 NA264:0
NC687 NE227 NF672 NG234:0 NI505 NL31:0 NO47 NP977:0 NR674 NU683 NZ64:0 OM968 PA507 PE51 PF689 PG675
PH63:0 PK92:0 PL48 PM508 PR1 PS970:0 PT351 PW680 PY595:0 QA974 RE262:0 RO40:0 RS381:0 RU7 RW250 SA966:0
SB677 SC248 SD249:0 SE46:0 SG65 SH290 SI386:0 SJ47 SK421:0 SL232:0 SM378 SN221 SO252 SR597 SS211:0
ST239 SV503 SX1 SY963:0 SZ268 TC1 TD235 TG228 TH66:0 TJ992 TK690 TL670 TM993 TN216 TO676 TR90:0 TT1
TV688 TW886:0 TZ255:0 UA380:0 UG256:0 US1 UY598 UZ998 VA39 VC1 VE58:0 VG1 VI1 VN84:0 VU678 WF681
WS685 XK383:0 YE967:0 YT262:0 ZA27:0 ZM260:0 ZW263:0`;

// An example mobile number (national form) and the grouping of the digits
// after the calling code, for the placeholder and the display of the number;
// other regions get a generic placeholder and groups of three.
const FORMATS = {
  US: ['202 555 0100', [3, 3, 4]], CA: ['506 234 5678', [3, 3, 4]], GB: ['07400 123456', [4, 6]],
  IE: ['085 012 3456', [2, 3, 4]], FR: ['06 12 34 56 78', [1, 2, 2, 2, 2]], DE: ['01512 3456789', [3, 8]],
  ES: ['612 34 56 78', [3, 2, 2, 2]], IT: ['312 345 6789', [3, 3, 4]], NL: ['06 12345678', [1, 8]],
  BE: ['0470 12 34 56', [3, 2, 2, 2]], CH: ['078 123 45 67', [2, 3, 2, 2]], SE: ['070 123 45 67', [2, 3, 2, 2]],
  PL: ['512 345 678', [3, 3, 3]], PT: ['912 345 678', [3, 3, 3]], BR: ['(11) 96123-4567', [2, 5, 4]],
  MX: ['55 1234 5678', [2, 4, 4]], IN: ['081234 56789', [5, 5]], JP: ['090-1234-5678', [2, 4, 4]],
  KR: ['010-2000-0000', [2, 4, 4]], SG: ['8123 4567', [4, 4]], AU: ['0412 345 678', [3, 3, 3]],
  NZ: ['021 123 4567', [2, 3, 4]], ZA: ['071 123 4567', [2, 3, 4]], IL: ['050-234-5678', [2, 3, 4]],
  AE: ['050 123 4567', [2, 3, 4]],
};

const names = (() => {
  try { return new Intl.DisplayNames(['en'], { type: 'region' }); } catch { return null; }
})();

/** [ISO 3166 code, name, calling code, national trunk prefix to drop], sorted by name. */
export const COUNTRIES = REGIONS.split(/\s+/).map((entry) => {
  const [, iso, dial, trunk] = /^([A-Z]{2})(\d+)(?::(\d))?$/.exec(entry);
  const name = (names && names.of(iso)) || iso;
  return [iso, name, dial, trunk || ''];
}).sort((a, b) => a[1].localeCompare(b[1], 'en'));

/** The placeholder of the phone field for a region: an example mobile number. */
export function examplePhone(iso) {
  const f = FORMATS[iso];
  const c = BY_CODE.get(iso);
  return f ? f[0] : `Mobile number without +${c ? c[2] : ''}`;
}

// NANP toll-free area codes (800, 833, 844, 855, 866, 877, 888): they cannot
// receive text messages. The SDK accepts them as valid numbers; the demo says
// so before sending.
const TOLL_FREE = /^\+18(00|33|44|55|66|77|88)\d{7}$/;
export function isTollFree(e164) {
  return TOLL_FREE.test(e164);
}

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

// The region a shared calling code names when nothing else says otherwise.
const MAIN = { 1: 'US', 7: 'RU', 39: 'IT', 44: 'GB', 47: 'NO', 61: 'AU', 212: 'MA', 262: 'RE', 358: 'FI', 590: 'GP', 599: 'CW' };

/** The region whose calling code prefixes an E.164 number (longest match; `preferred` or the main region on a tie). */
export function countryOf(e164, preferred) {
  const digits = String(e164).replace(/^\+/, '');
  let best = null;
  const rank = (c) => (c[0] === preferred ? 2 : MAIN[c[2]] === c[0] ? 1 : 0);
  for (const c of COUNTRIES) {
    if (!digits.startsWith(c[2])) continue;
    if (!best || c[2].length > best[2].length || (c[2] === best[2] && rank(c) > rank(best))) best = c;
  }
  // Kazakhstan shares +7 with Russia: its numbers start +7 6 or +7 7.
  if (best && best[2] === '7' && /^7[67]/.test(digits) && preferred !== 'RU') best = BY_CODE.get('KZ');
  return best;
}

/** "+1 202 555 0100", "+44 7911 123456": grouping for display (not a formatter of record). */
export function prettyE164(e164, preferred) {
  const c = countryOf(e164, preferred);
  const digits = String(e164).replace(/^\+/, '');
  if (!c) return e164;
  const rest = digits.slice(c[2].length);
  const pattern = FORMATS[c[0]] && FORMATS[c[0]][1];
  if (pattern && pattern.reduce((a, b) => a + b, 0) === rest.length) {
    const groups = [];
    let i = 0;
    for (const n of pattern) { groups.push(rest.slice(i, i + n)); i += n; }
    return `+${c[2]} ${groups.join(' ')}`;
  }
  const groups = rest.match(/.{1,3}/g) || [];
  if (groups.length > 1 && groups[groups.length - 1].length === 1) {
    const last = groups.pop();
    groups[groups.length - 1] += last;
  }
  return `+${c[2]} ${groups.join(' ')}`;
}
