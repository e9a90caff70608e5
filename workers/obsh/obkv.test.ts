/**
 * `obsh --kv` and `obsh --hbase` as a user runs them (`node workers/obsh/bin.mjs …` in a child
 * process): a KV script against a table the same run created with `-e`, its `--trace` route lines,
 * OBKV and script errors with their script line and exit code 1, and an HBase shell file's
 * transcript (create/put/scan/get), from a file and from stdin.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'workers/obsh/bin.mjs');
const TIMEOUT_MS = 120_000;

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function obsh(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obsh-kv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The transcript without its wall-clock parts (`Took` lines, cell timestamps). */
function stable(transcript: string): string {
  return transcript
    .split('\n')
    .filter((l) => !/^Took \d+\.\d{4} seconds$/.test(l))
    .map((l) => l.replace(/timestamp=\d+/, 'timestamp=T'))
    .join('\n');
}

const CREATE = 'create table test.kv_t (k int primary key, v varchar(20)) partition by key(k) partitions 3';

describe('obsh --kv (KV scripts headless)', () => {
  it('runs a TypeScript KV script against a table created by -e, with print and --trace', { timeout: TIMEOUT_MS }, async () => {
    const file = script('ok.ts', [
      'const rows: number[] = [1, 2, 3];',
      "for (const k of rows) await client.insert('kv_t', [k], ['v'], [`v${k}`]);",
      "const r = await client.get('kv_t', [2], ['k', 'v']);",
      "print('got', r);",
      "print(await client.update('kv_t', [3], ['v'], ['three']));",
    ].join('\n'));
    const r = await obsh(['-e', CREATE, '--kv', file, '--trace']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => !l.includes(' → '))).toEqual(['got { k: 2, v: "v2" }', '1']);
    const routes = lines.filter((l) => l.includes(' → '));
    expect(routes).toHaveLength(5);
    expect(routes[0]).toMatch(/^insert\('kv_t', 1\) → p\d .* → tablet \d+ → LS \d+ → 10\.0\.0\.\d \(zone\d\)/);
    expect(routes[3]).toMatch(/^get\('kv_t', 2\) → p\d .* → tablet \d+ → LS \d+ → 10\.0\.0\.\d \(zone\d\)/);
  });

  it('prints an OBKV error with the script line of the failing call and exits 1', { timeout: TIMEOUT_MS }, async () => {
    const file = script('dup.js', [
      "await client.insert('kv_t', [7], ['v'], ['a']);",
      "print('first');",
      '',
      "await client.insert('kv_t', [7], ['v'], ['b']);",
      "print('not reached');",
    ].join('\n'));
    const r = await obsh(['-e', CREATE, '--kv', file]);
    expect(r.stdout).toBe('first\n');
    expect(r.stderr).toBe("ERROR: [-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][Duplicate entry '7' for key 'PRIMARY'] at line 4\n");
    expect(r.code).toBe(1);
  });

  it('names a syntax error\'s place and a script exception\'s line instead of crashing', { timeout: TIMEOUT_MS }, async () => {
    const bad = await obsh(['--kv', script('syntax.ts', "print('x');\nconst a: number = ;\n")]);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(`ERROR: ${path.join(dir, 'syntax.ts')}:2:19: Unexpected ";"\n`);
    expect(bad.code).toBe(1);
    const thrown = await obsh(['--kv', script('throw.js', "print('a');\nconst o = null;\no.x = 1;\n")]);
    expect(thrown.stdout).toBe('a\n');
    expect(thrown.stderr).toMatch(/^ERROR: TypeError: .* at line 3\n$/);
    expect(thrown.code).toBe(1);
  });
});

describe('obsh --hbase (HBase shell headless)', () => {
  it('prints the HBase shell transcript of create/put/scan/get from a file', { timeout: TIMEOUT_MS }, async () => {
    const file = script('ok.hbase', "create 'ht', 'f'\nput 'ht', 'r1', 'f:a', 'v1'\nput 'ht', 'r2', 'f:b', 'v2'\nscan 'ht'\nget 'ht', 'r2'\n");
    const r = await obsh(['--hbase', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toBe([
      "hbase:001:0> create 'ht', 'f'",
      'Created table ht',
      '=> Hbase::Table - ht',
      "hbase:002:0> put 'ht', 'r1', 'f:a', 'v1'",
      "hbase:003:0> put 'ht', 'r2', 'f:b', 'v2'",
      "hbase:004:0> scan 'ht'",
      'ROW                    COLUMN+CELL',
      ' r1                    column=f:a, timestamp=T, value=v1',
      ' r2                    column=f:b, timestamp=T, value=v2',
      '2 row(s)',
      "hbase:005:0> get 'ht', 'r2'",
      'COLUMN                 CELL',
      ' f:b                   timestamp=T, value=v2',
      '1 row(s)',
      '',
    ].join('\n'));
  });

  it('reads stdin with "--hbase -": a failing command prints ERROR, later ones still run, exit 1 (0 with -f)', { timeout: TIMEOUT_MS }, async () => {
    const input = "scan 'nosuch'\nlist\n";
    const r = await obsh(['--hbase', '-'], input);
    expect(stable(r.stdout)).toBe([
      "hbase:001:0> scan 'nosuch'",
      "ERROR: [-10523][OB_KV_HBASE_TABLE_NOT_EXISTS][Table 'nosuch' does not exist]",
      'hbase:002:0> list',
      'TABLE',
      '0 row(s)',
      '=> []',
      '',
    ].join('\n'));
    expect(r.code).toBe(1);
    expect((await obsh(['--hbase', '-', '-f'], input)).code).toBe(0);
  });
});
