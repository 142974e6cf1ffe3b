// README.md against the shipped types, so that neither drifts from the other:
// the API section's tables (exports, `Client` members and their argument
// objects, `MfaState` variants and fields, config options) and the errors
// section (`SdkError` fields, `errorType` strings) must name exactly what
// `pkg/sms_mfa_sdk.d.ts` declares, or its reviewed copy `tests/sms_mfa_sdk.d.ts`
// when `pkg/` has not been built. No browser, no build.
// Run: node --test tests/packaging/readme-types.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dtsName = existsSync(join(root, 'pkg', 'sms_mfa_sdk.d.ts')) ? 'pkg/sms_mfa_sdk.d.ts' : 'tests/sms_mfa_sdk.d.ts';
const dts = stripComments(readFileSync(join(root, dtsName), 'utf8'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

// ---- The .d.ts: just enough of TypeScript's declaration syntax. ----

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** `text` split at the characters of `seps` that are outside brackets and quotes. */
function splitTop(text, seps) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if ('({['.includes(ch)) {
      depth++;
    } else if (')}]'.includes(ch)) {
      depth--;
    } else if (depth === 0 && seps.includes(ch)) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The index of the bracket closing the one at `open`. */
function closing(text, open) {
  const pairs = { '{': '}', '(': ')', '[': ']' };
  const stack = [];
  for (let i = open; i < text.length; i++) {
    if (pairs[text[i]]) stack.push(pairs[text[i]]);
    else if (text[i] === stack[stack.length - 1] && (stack.pop(), stack.length === 0)) return i;
  }
  throw new Error(`${dtsName}: unbalanced bracket at ${open}`);
}

/** `(expr)` wrapping the whole of `expr` unwrapped. */
function unwrap(expr) {
  let e = expr.trim();
  while (e.startsWith('(') && closing(e, 0) === e.length - 1) e = e.slice(1, -1).trim();
  return e;
}

/** The body of `export interface|class NAME {…}`, or the expression of `export type NAME = …;`; null when absent. */
function declaration(name) {
  const block = new RegExp(`export (?:interface|class) ${name}\\b[^{]*\\{`).exec(dts);
  if (block) {
    const open = block.index + block[0].length - 1;
    return { kind: 'object', body: dts.slice(open + 1, closing(dts, open)) };
  }
  const alias = new RegExp(`export type ${name}\\s*=`).exec(dts);
  if (alias) {
    const rest = dts.slice(alias.index + alias[0].length);
    return { kind: 'type', expr: splitTop(rest, [';'])[0] };
  }
  return null;
}

function mustDeclare(name) {
  const d = declaration(name);
  assert.ok(d, `${dtsName} declares no \`${name}\``);
  return d;
}

/** The members of an object body: name -> { optional, method, type, params }. */
function members(body) {
  const out = new Map();
  for (const text of splitTop(body, [';'])) {
    const m = /^(?:readonly\s+|private\s+)*([A-Za-z_$][\w$]*)(\?)?\s*([(:])/.exec(text);
    if (!m || m[1] === 'constructor') continue; // index signatures, the private constructor
    const member = { optional: Boolean(m[2]), method: m[3] === '(' };
    if (member.method) {
      const open = m.index + m[0].length - 1;
      const end = closing(text, open);
      member.params = text.slice(open + 1, end).trim();
      member.type = text.slice(end + 1).replace(/^\s*:/, '').trim();
    } else {
      member.type = text.slice(m.index + m[0].length).trim();
    }
    out.set(m[1], member);
  }
  return out;
}

/**
 * A type expression expanded through its aliases into string literals and
 * object shapes (intersections merged); anything else (`string`, `null`,
 * `(string & {})`) is counted in `others`.
 */
function expand(expr) {
  const out = { literals: new Set(), objects: [], others: 0 };
  for (const part of splitTop(unwrap(expr), ['|']).map(unwrap)) {
    const literal = /^'([^']*)'$/.exec(part);
    const named = /^[A-Z][\w$]*$/.test(part) ? declaration(part) : null;
    if (literal) {
      out.literals.add(literal[1]);
    } else if (named?.kind === 'type') {
      const inner = expand(named.expr);
      inner.literals.forEach((l) => out.literals.add(l));
      out.objects.push(...inner.objects);
      out.others += inner.others;
    } else if (named?.kind === 'object' || part.startsWith('{') || (part.includes('&') && splitTop(part, ['&']).length > 1)) {
      const shape = objectShape(part);
      if (shape) out.objects.push(shape);
      else out.others++;
    } else {
      out.others++;
    }
  }
  return out;
}

/** The members of an object type: `{…}`, an interface's name or an intersection of them; null when not one. */
function objectShape(expr) {
  const shape = new Map();
  for (const part of splitTop(unwrap(expr), ['&']).map(unwrap)) {
    if (part.startsWith('{')) {
      members(part.slice(1, closing(part, 0))).forEach((v, k) => shape.set(k, v));
      continue;
    }
    const named = /^[A-Z][\w$]*$/.test(part) ? declaration(part) : null;
    if (named?.kind === 'object') members(named.body).forEach((v, k) => shape.set(k, v));
    else if (named?.kind === 'type' && objectShape(named.expr)) objectShape(named.expr).forEach((v, k) => shape.set(k, v));
    else return null;
  }
  return shape;
}

const norm = (type) => type.replace(/\s+/g, ' ').trim();

// ---- The README: its tables and code spans. ----

/** Every pipe table: { header, rows }, cells split at unescaped `|` as GitHub does. */
function tables(md) {
  const cells = (line) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
  const out = [];
  let block = [];
  for (const line of [...md.split('\n'), '']) {
    if (line.trim().startsWith('|')) {
      block.push(line);
      continue;
    }
    if (block.length >= 2) out.push({ header: cells(block[0]), rows: block.slice(2).map(cells) });
    block = [];
  }
  return out;
}

/** The README table whose first header cell (backticks dropped) is `first`. */
function table(first) {
  const found = tables(readme).filter((t) => t.header[0].replace(/`/g, '') === first);
  assert.equal(found.length, 1, `README.md should have one table headed \`| ${first} |\`; found ${found.length}`);
  return found[0];
}

/**
 * The code spans of `text` outside parentheses, each with the spans of the
 * parenthesised remarks that follow it (`flow` (`login`, `mfa`) -> notes).
 */
function codeSpans(text) {
  const out = [];
  let depth = 0;
  let last = null;
  for (const m of text.matchAll(/`([^`]*)`|([()])/g)) {
    if (m[2] === '(') depth++;
    else if (m[2] === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out.push((last = { code: m[1], notes: [] }));
    else if (last) last.notes.push(m[1]);
  }
  return out;
}

/** A field as the README writes it: `name`, `name?` or `name: type`. */
function field(code) {
  const m = /^([a-z][A-Za-z0-9]*)(\?)?(?::\s*(.+))?$/.exec(code);
  return m && { name: m[1], optional: Boolean(m[2]), type: m[3] };
}

/** The fields of an object written `{ a, b?, c }`; null for other code. */
function objectFields(code) {
  const m = /^\{(.*)\}$/.exec(code.trim());
  if (!m) return null;
  return m[1].split(',').map((f) => f.trim()).filter((f) => f && f !== '…' && f !== '...').map(field);
}

const q = (names) => [...names].map((n) => `\`${n}\``).join(', ');

/** Fails, naming each item, unless `readmeNames` and `dtsNames` are the same set. */
function sameNames(readmeNames, dtsNames, where) {
  const a = new Set(readmeNames);
  const b = new Set(dtsNames);
  const extra = [...a].filter((x) => !b.has(x));
  const missing = [...b].filter((x) => !a.has(x));
  const problems = [];
  if (extra.length) problems.push(`${where}: README.md names ${q(extra)}, which ${dtsName} does not declare`);
  if (missing.length) problems.push(`${where}: ${dtsName} declares ${q(missing)}, which README.md does not name`);
  assert.ok(problems.length === 0, problems.join('\n'));
}

/** Fails unless the README's fields are the shape's members, with the same optionality. */
function sameFields(fields, shape, where) {
  sameNames(fields.map((f) => f.name), shape.keys(), where);
  for (const f of fields) {
    const member = shape.get(f.name);
    assert.equal(f.optional, member.optional, `${where}: README.md writes \`${f.name}${f.optional ? '?' : ''}\` but ${dtsName} has \`${f.name}${member.optional ? '?' : ''}\``);
  }
}

const shown = (fields) => fields.map((f) => f.name + (f.optional ? '?' : '')).join(', ');
const shapeKey = (fields) => shown(fields).split(', ').sort().join(', ');
const memberKey = (shape) => [...shape].map(([k, v]) => k + (v.optional ? '?' : '')).sort().join(', ');

// ---- The checks. ----

test(`the exports table names the functions of ${dtsName}`, () => {
  const names = table('Export').rows.map((r) => codeSpans(r[0])[0]?.code.match(/^[\w$]+/)?.[0]);
  const declared = [...dts.matchAll(/export (?:default )?function ([\w$]+)/g)].map((m) => m[1]);
  sameNames(names, declared, 'exports table');
});

test('the Client table names every member of `export class Client`, with the argument objects of its methods', () => {
  const client = members(mustDeclare('Client').body);
  client.delete('free'); // wasm-bindgen's; the README's prose says what it does
  const rows = table('Method').rows;
  const written = new Map(); // name -> the README's argument objects
  for (const row of rows) {
    for (const { code } of codeSpans(row[0])) {
      const m = /^([A-Za-z_$][\w$]*)(\((.*)\))?$/.exec(code);
      assert.ok(m, `README.md's Client table: \`${code}\` is not \`name\` or \`name(…)\``);
      const [, name, call, args] = m;
      if (!written.has(name)) written.set(name, []);
      const member = client.get(name);
      if (!member) continue; // reported by sameNames below
      assert.equal(Boolean(call), member.method, `README.md's Client table writes \`${code}\`, but \`${name}\` is ${member.method ? 'a method' : 'a property'} in ${dtsName}`);
      const fields = args && objectFields(args);
      if (fields) written.get(name).push(fields);
    }
  }
  sameNames(written.keys(), client.keys(), 'Client table');

  for (const [name, objects] of written) {
    if (!objects.length) continue;
    const param = splitTop(client.get(name).params, [','])[0];
    const type = param.slice(param.indexOf(':') + 1);
    const shapes = expand(type).objects;
    assert.ok(shapes.length, `${dtsName}: the argument of \`${name}\` (${norm(type)}) is not an object type`);
    for (const fields of objects) {
      assert.ok(fields.every(Boolean), `README.md's Client table: a field of \`${name}({ ${shown(fields.filter(Boolean))} })\` is not \`name\` or \`name?\``);
      const match = shapes.find((s) => memberKey(s) === shapeKey(fields));
      assert.ok(match, `README.md's Client table: \`${name}({ ${shown(fields)} })\` matches no argument shape of ${dtsName}'s \`${name}(${norm(param)})\`: ${shapes.map((s) => `{ ${memberKey(s)} }`).join(' or ')}`);
    }
    for (const s of shapes) {
      assert.ok(objects.some((f) => shapeKey(f) === memberKey(s)), `${dtsName}: \`${name}\` takes \`{ ${memberKey(s)} }\`, which README.md's Client table does not show`);
    }
  }
});

test('the MfaState table names every variant of `MfaState` and its fields', () => {
  const variants = new Map();
  for (const shape of expand(mustDeclare('MfaState').expr).objects) {
    const status = /^'([^']*)'$/.exec(shape.get('status')?.type ?? '')?.[1];
    assert.ok(status, `${dtsName}: a variant of MfaState has no \`status\` literal`);
    shape.delete('status');
    variants.set(status, shape);
  }
  const rows = table('status').rows;
  const statuses = rows.map((r) => codeSpans(r[0])[0]?.code);
  sameNames(statuses, variants.keys(), 'MfaState table, `status` values');

  for (const [i, row] of rows.entries()) {
    const status = statuses[i];
    const shape = variants.get(status);
    const spans = codeSpans(row[1]).map((s) => ({ ...s, field: field(s.code) })).filter((s) => s.field);
    const where = `MfaState table, \`${status}\``;
    sameFields(spans.map((s) => s.field), shape, where);
    for (const { field: f, notes } of spans) {
      const member = shape.get(f.name);
      if (f.type) assert.equal(norm(f.type), norm(member.type), `${where}: README.md writes \`${f.name}: ${f.type}\` but ${dtsName} has \`${f.name}: ${norm(member.type)}\``);
      const { literals, objects, others } = expand(member.type);
      if (notes.length && literals.size && !objects.length && !others) {
        sameNames(notes.map((n) => n.replace(/^'|'$/g, '')), literals, `${where}, values of \`${f.name}\``);
      }
    }
  }
});

test('the config table names every option of `ClientConfig`, their optionality and their values', () => {
  const config = members(mustDeclare('ClientConfig').body);
  const rows = table('Option').rows;
  const names = rows.map((r) => codeSpans(r[0])[0]?.code);
  sameNames(names, config.keys(), 'config table');

  for (const [i, row] of rows.entries()) {
    const name = names[i];
    const option = config.get(name);
    const required = row[1].trim().toLowerCase() === 'required';
    assert.equal(required, !option.optional, `config table: README.md says \`${name}\` is ${required ? 'required' : `optional (default ${row[1]})`}, ${dtsName} has \`${name}${option.optional ? '?' : ''}\``);
    const { literals, objects } = expand(option.type);
    const where = `config table, \`${name}\``;
    const spans = codeSpans(row[2]).map((s) => s.code);
    if (literals.size) {
      sameNames(spans.filter((c) => /^'[^']*'$/.test(c)).map((c) => c.slice(1, -1)), literals, `${where}, values`);
    }
    const written = spans.map(objectFields).filter(Boolean);
    for (const fields of written) {
      assert.ok(fields.every(Boolean), `${where}: an object written in README.md has a field that is not \`name\` or \`name?\``);
      assert.ok(objects.some((s) => memberKey(s) === shapeKey(fields)), `${where}: README.md writes \`{ ${shown(fields)} }\`, ${dtsName} has ${objects.map((s) => `\`{ ${memberKey(s)} }\``).join(' or ') || 'no object type'}`);
    }
    for (const s of objects) {
      assert.ok(written.some((f) => shapeKey(f) === memberKey(s)), `${where}: ${dtsName} accepts \`{ ${memberKey(s)} }\`, which README.md does not write out`);
    }
  }
});

test('the errors table names exactly the strings of the `ErrorType` union', () => {
  const { literals } = expand(mustDeclare('ErrorType').expr);
  assert.ok(literals.size > 0, `${dtsName}: ErrorType has no string literals`);
  const written = table('errorType').rows.flatMap((r) => codeSpans(r[0]).map((s) => s.code));
  for (const code of written) {
    assert.ok(literals.has(code), `errors table: README.md lists errorType \`${code}\`, which is not in the ErrorType union of ${dtsName}`);
  }
  for (const literal of literals) {
    assert.ok(written.includes(literal), `errors table: ${dtsName}'s ErrorType has \`${literal}\`, which README.md's errors table does not list`);
  }
});

test('the errors section names every field of `SdkError`', () => {
  const start = readme.indexOf('Every failure is one `SdkError`');
  assert.ok(start >= 0, 'README.md: the paragraph "Every failure is one `SdkError` …" is missing');
  const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
  const sdkError = members(mustDeclare('SdkError').body);
  assert.equal(norm(sdkError.get('name')?.type ?? ''), "'SdkError'", `${dtsName}: SdkError's name is not 'SdkError'`);
  assert.ok(paragraph.includes("`name: 'SdkError'`"), "README.md's errors section does not say `name: 'SdkError'`");
  sdkError.delete('name');
  const fields = codeSpans(paragraph).map((s) => /^[a-z][A-Za-z0-9]*$/.test(s.code) && s.code).filter(Boolean);
  sameNames(fields, sdkError.keys(), 'SdkError fields (errors section)');
});
