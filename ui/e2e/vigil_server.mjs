// The real `vigil serve` for the UI's end-to-end tests: a temp data
// directory (under $VIGIL_TEST_TMPDIR), generated events ingested offline,
// keys made with `vigil keys create`, the server on 127.0.0.1 port 0,
// stopped with SIGTERM at the end.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class VigilServer {
  constructor(vigil) {
    this.vigil = vigil;
    this.root = mkdtempSync(join(process.env.VIGIL_TEST_TMPDIR || tmpdir(), 'ui-e2e-'));
    this.data = join(this.root, 'data');
  }

  cli(args, input) {
    return execFileSync(this.vigil, ['--data', this.data, ...args], { input, maxBuffer: 1 << 28 }).toString();
  }

  // `count` events from `vigil gen` over the last `days` days, ending now.
  generate(count, { seed = 7, days = 30, tenants = 3 } = {}) {
    const ndjson = execFileSync(this.vigil, ['gen', String(count), '--seed', String(seed), '--days', String(days), '--tenants', String(tenants)], { maxBuffer: 1 << 28 });
    const file = join(this.root, 'events.ndjson');
    writeFileSync(file, ndjson);
    this.cli(['ingest', file]);
  }

  // The secret of a new API key (made offline, before the server starts).
  createKey(name, scopes, tenant) {
    const args = ['keys', 'create', '--name', name, '--scopes', scopes, '--json'];
    if (tenant) args.push('--tenant', tenant);
    return JSON.parse(this.cli(args)).secret;
  }

  async start(extraArgs = [], listen = '127.0.0.1:0') {
    this.extraArgs = extraArgs;
    const args = ['serve', '--data', this.data, '--listen', listen, '--rate-read', '0', '--rate-ingest', '0',
      '--retention-online', '36500d', '--checkpoint-interval', '1s', ...extraArgs];
    this.proc = spawn(this.vigil, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`vigil serve did not start: ${this.stderr}`)), 30000);
      this.proc.stdout.on('data', (d) => {
        out += d;
        const m = /Vigil is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      this.proc.on('exit', (code) => reject(new Error(`vigil serve exited ${code}: ${this.stderr}`)));
    });
    return this.url;
  }

  // The same server again, on the same address and data, after stop().
  restart() {
    return this.start(this.extraArgs, new URL(this.url).host);
  }

  // Events stored offline with `vigil ingest` (the server must be stopped).
  ingestOffline(events) {
    const file = join(this.root, 'offline.ndjson');
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    this.cli(['ingest', file]);
  }

  async api(path, key, { method = 'GET', body } = {}) {
    const r = await fetch(this.url + path, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return /^application\/json/.test(r.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
  }

  // SIGTERM; the server must exit 0.
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    const exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
    this.proc.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`vigil serve exited ${code}: ${this.stderr}`);
  }

  cleanup() {
    if (process.env.VIGIL_TEST_KEEP !== '1') rmSync(this.root, { recursive: true, force: true });
  }
}
