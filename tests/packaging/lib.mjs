// Helpers shared by the packaging tests: run a command, pack the repository,
// install the tarball into a fixture.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../e2e/harness.mjs';

export const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);

/** Runs a command; resolves with its output, rejects with it on a non-zero exit or after `timeoutMs`. */
export function run(cmd, args, opts = {}) {
  const { timeoutMs = 180_000, ...spawnOpts } = opts;
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: repoRoot, ...spawnOpts, env: { ...process.env, ...spawnOpts.env } });
    let out = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', (e) => { clearTimeout(timer); fail(e); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) ok(out);
      else fail(new Error(`${cmd} ${args.join(' ')} ${timedOut ? `did not exit within ${timeoutMs} ms` : `exited ${code}`}\n${out}`));
    });
  });
}

/** `npm pack` of the repository into `dir`; resolves with npm's report of the tarball (`filename`, `files`, sizes). */
export async function pack(dir) {
  const out = await run('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error']);
  return JSON.parse(out.slice(out.indexOf('[')))[0];
}

/** Installs the tarball (and the fixture's own dependencies) into the fixture `dir`. */
export async function installTarball(dir, tarball) {
  await run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: dir });
  assert.ok(existsSync(join(dir, 'node_modules', 'sms-mfa-sdk', 'package.json')), 'tarball installed');
}
