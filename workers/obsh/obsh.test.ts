/**
 * The shell as a user runs it: `node workers/obsh/bin.mjs …` in a child process, with stdin,
 * stdout, stderr and the exit code checked against what the mysql client would do.
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

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('obsh (headless shell, mysql client compatible)', () => {
  it('prints batch rows tab-separated with a header, escapes and NULL', { timeout: TIMEOUT_MS }, async () => {
    const r = await obsh(['-B', '-e', "select 1 as id, 'a\\tb\\\\c\\nd' as s, null as n"]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('id\ts\tn\n1\ta\\tb\\\\c\\nd\tNULL\n');
    expect(r.code).toBe(0);
  });

  it('drops the header with -N and runs several statements from -e', { timeout: TIMEOUT_MS }, async () => {
    const r = await obsh(['-B', '-N', '-e', 'create database d1; create table d1.t (a int primary key, b varchar(10)); insert into d1.t values (2, \'two\'), (1, \'one\'); select * from d1.t order by a']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1\tone\n2\ttwo\n');
    expect(r.code).toBe(0);
  });

  it('stops at the first error with mysql\'s message and exit code 1', { timeout: TIMEOUT_MS }, async () => {
    const r = await obsh(['-D', 'test'], 'select 1 as a;\n\nselect * from nosuch;\nselect 2 as b;\n');
    expect(r.stdout).toBe('a\n1\n');
    expect(r.stderr).toBe("ERROR 1146 (42S02) at line 3: Table 'test.nosuch' doesn't exist\n");
    expect(r.code).toBe(1);
  });

  it('continues after errors with --force', { timeout: TIMEOUT_MS }, async () => {
    const r = await obsh(['--force', 'test'], 'select * from nosuch;\nselect 2 as b;\n');
    expect(r.stdout).toBe('b\n2\n');
    expect(r.stderr).toBe("ERROR 1146 (42S02) at line 1: Table 'test.nosuch' doesn't exist\n");
    expect(r.code).toBe(0);
  });

  it('refuses an unknown database given with -D', { timeout: TIMEOUT_MS }, async () => {
    const r = await obsh(['-D', 'nosuchdb', '-e', 'select 1']);
    expect(r.stderr).toBe("ERROR 1049 (42000): Unknown database 'nosuchdb'\n");
    expect(r.code).toBe(1);
  });

  it('keeps the cluster on disk with --data-dir across two runs, and -D selects the database', { timeout: 2 * TIMEOUT_MS }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obsh-'));
    tmpDirs.push(dir);
    const first = await obsh(['--data-dir', dir, '-B'], 'create database shop;\ncreate table shop.item (id int primary key, name varchar(20));\ninsert into shop.item values (1, \'tea\'), (2, \'rice\');\n');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('observer')).sort()).toEqual(['observer1', 'observer2', 'observer3']);
    expect(fs.existsSync(path.join(dir, 'obsh.lock'))).toBe(false);
    const second = await obsh(['--data-dir', dir, '-B', '-D', 'shop', '-e', 'select name from item order by id']);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe('name\ntea\nrice\n');
    expect(second.code).toBe(0);
  });

  it('answers statement by statement over a pipe with -n', { timeout: TIMEOUT_MS }, async () => {
    const child = spawn(process.execPath, [BIN, '-B', '-n'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const waiters: { text: string; resolve: () => void }[] = [];
    child.stdout.on('data', (d) => {
      stdout += d;
      for (const w of waiters.filter((w) => stdout.includes(w.text))) w.resolve();
    });
    child.stderr.on('data', (d) => (stderr += d));
    const waitFor = (text: string) =>
      new Promise<void>((resolve) => (stdout.includes(text) ? resolve() : waiters.push({ text, resolve })));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));

    child.stdin.write('select 41 + 1 as answer;\n');
    await waitFor('answer\n42\n');
    // The shell is still waiting for input: nothing else has been printed.
    expect(stdout).toBe('answer\n42\n');
    child.stdin.write('select \'second\'\n as s;\n');
    await waitFor('s\nsecond\n');
    child.stdin.end();
    expect(await closed).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe('answer\n42\ns\nsecond\n');
  });
});
