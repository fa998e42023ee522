/**
 * Rating saves under load: real physicians signed in through the real sign-in, the real save path
 * (POST /api/ratings on the server `npm start` runs: lib/server/app-server.ts, the lean save
 * handler beside Next), bounded loops, and a check of the database afterwards.
 * Run: npm run bench:load  (DATABASE_URL's server if set, else an embedded PostgreSQL 17;
 *      `--quick` runs a tenth of the saves)
 *
 * 1. A fresh database, migrated; 100 real physicians (specialties in proportion to the cases, with
 *    known passwords) created before the NOHARM-scale import, so every one is assigned real cases.
 * 2. Builds the app if needed and starts two production servers as `npm start` does: one with a
 *    single process (PRIMUM_WORKERS=1) and one with several (PRIMUM_WORKERS if it is set above 1,
 *    else 2).
 * 3. Signs every physician in (GET /api/auth/csrf, POST /api/auth/callback/credentials).
 * 4. Scenarios, each against the single process and against the several (node:cluster shares the
 *    connections out):
 *    human pace (30 physicians, one save every 1-3 s), burst (30 physicians, the next save as soon
 *    as the answer arrives) and burst with 100 physicians. Each save scores the next option of the
 *    physician's cases, or re-scores or clears an earlier one, or re-sends an earlier save with the
 *    same client id (a retry). Diagnostics: the same requests without the database (a body the route
 *    refuses after auth and parsing), the SQL function called directly over pg, and, after those
 *    servers stop, the burst through a bare `next start` (the Next route, as before the lean handler).
 * 5. Raw pgbench single-row upserts (INSERT ... ON CONFLICT DO UPDATE on a scratch table); at the
 *    end, pgbench calling the save function (f), the same with the NOTIFY trigger off (h), and the
 *    raw upsert with a pg_notify in its transaction (i): what the database alone can do.
 * 6. After each scenario: the ratings are exactly the newest score each client gave, the history has
 *    exactly the accepted changes, the save log has every client id once, and no request failed.
 * 7. Stops the servers and drops the database.
 * Not a test: it prints figures for docs/benchmarks.md, and exits 1 if a check fails.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { readWorkerCount } from '@/lib/server/workers';
import { buildAppIfNeeded, runBench, startServer, stopServer, withBenchDatabase, type Server } from './harness';
import { seedPhysicians } from './physicians';
import { mulberry32 } from './random';

const QUICK = process.argv.includes('--quick');
const PASSWORD = 'bench-load-password-123';
const PHYSICIANS = 100;
const SMALL = 30;
const HUMAN_SAVES = QUICK ? 4 : 20;
const HUMAN_PAUSE: [number, number] = [1000, 3000];
const BURST_SAVES = QUICK ? 20 : 200;
const BURST_100_SAVES = QUICK ? 10 : 100;
const FLOOR_REQUESTS = QUICK ? 20 : 200;
const PGBENCH_TX = QUICK ? 200 : 2000;
/** The processes of the several-process server: PRIMUM_WORKERS when above 1, else 2. */
const WORKERS = Math.max(2, readWorkerCount());
const root = path.resolve(import.meta.dirname, '..');

type Save = { clientId: string; optionId: string; score: number | null; givenAt: number; activeMs: number };
type Answer = { status: number; outcome?: string; score?: number | null; text?: string };

/** One physician: what they sent, what the server answered, and what the database must hold. */
class Rater {
  cookie = '';
  private cursor = 0;
  private lastGiven = 0;
  private readonly random: () => number;
  /** Every first send (not retries), to pick retries from. */
  readonly sent: Save[] = [];
  /** The newest save given per option: its score is what the database must hold. */
  readonly newest = new Map<string, Save>();
  /** The option's score as the server last reported it. */
  private readonly serverScore = new Map<string, number | null>();
  /** Applied saves that changed the score: rating_history must have exactly this many rows. */
  accepted = 0;
  errors: string[] = [];
  unexpected = 0;

  constructor(readonly id: string, readonly email: string, readonly options: string[], seed: number) {
    this.random = mulberry32(seed);
  }

  /** The next save: mostly the next option, sometimes a re-score, a clear, or a retry. */
  next(): { save: Save; retry: boolean } {
    const r = this.random();
    if (this.sent.length > 0 && r < 0.08) return { save: this.sent[Math.floor(this.random() * this.sent.length)], retry: true };
    const touched = () => this.options[Math.floor(this.random() * this.cursor)];
    let optionId: string;
    let score: number | null = 1 + Math.floor(this.random() * 9);
    if (this.cursor > 0 && r < 0.13) {
      optionId = touched();
      score = null;
    } else if (this.cursor > 0 && (r < 0.3 || this.cursor >= this.options.length)) optionId = touched();
    else optionId = this.options[this.cursor++];
    // The newest score given must win: given-at strictly increases per physician.
    this.lastGiven = Math.max(this.lastGiven + 1, Date.now());
    const save = { clientId: randomUUID(), optionId, score, givenAt: this.lastGiven, activeMs: Math.floor(this.random() * 20000) };
    this.sent.push(save);
    this.newest.set(optionId, save);
    return { save, retry: false };
  }

  record(save: Save, retry: boolean, answer: Answer) {
    if (answer.status !== 200) {
      this.errors.push(`${answer.status} ${answer.text ?? ''}`.slice(0, 200));
      return;
    }
    const before = this.serverScore.has(save.optionId) ? this.serverScore.get(save.optionId)! : null;
    if (answer.outcome === 'applied' && answer.score !== before) this.accepted += 1;
    // A new save must apply with the score sent; a retry must be recognised as a duplicate.
    if (retry ? answer.outcome !== 'duplicate' : answer.outcome !== 'applied' || answer.score !== save.score) this.unexpected += 1;
    this.serverScore.set(save.optionId, answer.score ?? null);
  }

  pause(range: [number, number]): number {
    return range[0] + this.random() * (range[1] - range[0]);
  }
}

type Transport = { name: string; send(rater: Rater, save: Save): Promise<Answer>; close(): Promise<void> };

/**
 * POST /api/ratings over node:http with kept-alive connections, one per physician at most: for
 * the bare `next start` (g), whose answers may be chunked; the lean handler gets socketTransport.
 */
function httpTransport(name: string, base: string, body?: (save: Save) => string): Transport {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: PHYSICIANS });
  return {
    name,
    send(rater, save) {
      const payload = Buffer.from(body ? body(save) : JSON.stringify(save));
      return new Promise<Answer>((resolve) => {
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: '/api/ratings',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': payload.length, cookie: rater.cookie },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve(answerOf(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
            response.on('error', (error) => resolve({ status: 0, text: String(error) }));
          },
        );
        request.on('error', (error) => resolve({ status: 0, text: String(error) }));
        request.end(payload);
      });
    },
    close: async () => agent.destroy(),
  };
}

const KEEP_ALIVE_REUSE_MS = 4000;

/** One kept-alive TCP connection, one request at a time, HTTP/1.1 written and read by hand. */
class RawConnection {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((answer: Answer) => void) | null = null;
  closed = false;
  /** When the last answer arrived (or the connection opened). */
  idleSince = performance.now();

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    const fail = (reason: string) => {
      this.closed = true;
      this.waiting?.({ status: 0, text: reason });
      this.waiting = null;
    };
    this.socket.on('error', (error) => fail(String(error)));
    this.socket.on('close', () => fail('connection closed'));
  }

  send(request: Buffer): Promise<Answer> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(request);
    });
  }

  private read(chunk: Buffer) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.toString('latin1', 0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.waiting({ status: 0, text: `an answer without Content-Length: ${head.slice(0, 200)}` });
      this.waiting = null;
      this.socket.destroy();
      return;
    }
    const bodyEnd = end + 4 + Number(length[1]);
    if (this.buffer.length < bodyEnd) return;
    const status = Number(head.slice(9, 12));
    const text = this.buffer.toString('utf8', end + 4, bodyEnd);
    this.buffer = this.buffer.subarray(bodyEnd);
    const resolve = this.waiting;
    this.waiting = null;
    this.idleSince = performance.now();
    resolve(answerOf(status, text));
  }

  close() {
    this.socket.destroy();
  }
}

function answerOf(status: number, text: string): Answer {
  if (status !== 200) return { status, text };
  try {
    const json = JSON.parse(text) as { outcome: string; score: number | null };
    return { status: 200, outcome: json.outcome, score: json.score };
  } catch (error) {
    return { status: 0, text: `${String(error)}: ${text.slice(0, 100)}` };
  }
}

/**
 * POST /api/ratings over one kept-alive TCP connection per physician, as a browser keeps one,
 * with the request written and the answer read by hand (HTTP/1.1; the lean save handler always
 * answers with a Content-Length, and anything else counts as a failed request). The load
 * generator shares the server's two cores, so it spends as little CPU per request as it can:
 * node:http's client took about twice as much, fetch about eight times (docs/benchmarks.md).
 */
function socketTransport(name: string, base: string, body?: (save: Save) => string): Transport {
  const url = new URL(base);
  const port = Number(url.port);
  const connections = new Map<Rater, RawConnection>();
  return {
    name,
    send(rater, save) {
      let connection = connections.get(rater);
      // The server closes a connection idle for 5 s (Node's keepAliveTimeout); one idle for 4 s is
      // replaced first, as browsers do, so that no request is sent into a closing connection.
      if (!connection || connection.closed || performance.now() - connection.idleSince > KEEP_ALIVE_REUSE_MS) {
        connection?.close();
        connections.set(rater, (connection = new RawConnection(url.hostname, port)));
      }
      const payload = Buffer.from(body ? body(save) : JSON.stringify(save));
      const head = `POST /api/ratings HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nCookie: ${rater.cookie}\r\n\r\n`;
      return connection.send(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
    },
    close: async () => {
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}

/** The SQL function alone, one pg connection per physician (what the route calls, minus Node and HTTP). */
async function sqlTransport(url: string, raters: Rater[]): Promise<Transport> {
  const clients = new Map<Rater, pg.Client>();
  for (const rater of raters) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Time per PL/pgSQL function (the save and its triggers), read from pg_stat_user_functions.
    await client.query("SET track_functions = 'pl'");
    clients.set(rater, client);
  }
  return {
    name: 'SQL function over pg',
    async send(rater, save) {
      try {
        const { rows } = await clients.get(rater)!.query<{ outcome: string; score: number | null }>(
          'SELECT * FROM primum_save_rating($1, NULL, $2, $3::integer, $4::uuid, $5::timestamptz, $6::integer, false)',
          [rater.id, save.optionId, save.score, save.clientId, new Date(save.givenAt), save.activeMs],
        );
        return { status: 200, outcome: rows[0].outcome, score: rows[0].score };
      } catch (error) {
        return { status: 0, text: String(error) };
      }
    },
    close: async () => {
      for (const client of clients.values()) await client.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc: where the time of a scenario went (Node servers, PostgreSQL backends,
// this load generator).
const TICK_MS = 1000 / 100;

function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) all.push(...(children.get(all[i]) ?? []));
  return all;
}

async function backendPids(admin: pg.Client): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return rows.map((r) => r.pid);
}

type CpuSample = { node: Map<number, number>; db: Map<number, number>; bench: NodeJS.CpuUsage };

async function sampleCpu(servers: Server[], admin: pg.Client): Promise<CpuSample> {
  const node = new Map<number, number>();
  for (const server of servers) for (const pid of descendants(server.child.pid!)) node.set(pid, cpuTicks(pid));
  const db = new Map<number, number>();
  for (const pid of await backendPids(admin)) db.set(pid, cpuTicks(pid));
  return { node, db, bench: process.cpuUsage() };
}

function cpuSpent(before: CpuSample, after: CpuSample) {
  const delta = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((sum, [pid, ticks]) => sum + Math.max(0, ticks - (a.get(pid) ?? 0)), 0) * TICK_MS;
  const bench = process.cpuUsage(before.bench);
  return { nodeMs: delta(before.node, after.node), dbMs: delta(before.db, after.db), benchMs: (bench.user + bench.system) / 1000 };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]);
}

/** The real sign-in: the CSRF token and cookie, then the credentials callback. */
async function signIn(base: string, rater: Rater) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(csrf).join('; ') },
    body: new URLSearchParams({ email: rater.email, password: PASSWORD, csrfToken, callbackUrl: `${base}/` }),
  });
  const session = cookiesOf(response).find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`sign-in of ${rater.email} failed: HTTP ${response.status}, no session cookie`);
  rater.cookie = session;
}

// ---------------------------------------------------------------------------------------------
// Scenarios.
function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN;
}

type Result = {
  name: string;
  transport: string;
  clients: number;
  requests: number;
  wallMs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
  cpu: { nodeMs: number; dbMs: number; benchMs: number };
  load: string;
};

async function runScenario(options: {
  name: string;
  raters: Rater[];
  transport: Transport;
  perClient: number;
  pause?: [number, number];
  servers: Server[];
  admin: pg.Client;
  /** Requests that do not save (the floor): the answer is not recorded as a save. */
  floor?: boolean;
}): Promise<Result> {
  const { raters, transport, perClient, pause } = options;
  const latencies: number[] = [];
  const cpuBefore = await sampleCpu(options.servers, options.admin);
  const started = performance.now();
  let floorErrors = 0;
  await Promise.all(
    raters.map(async (rater) => {
      if (pause) await new Promise((resolve) => setTimeout(resolve, rater.pause([0, pause[1]])));
      for (let i = 0; i < perClient; i += 1) {
        if (pause && i > 0) await new Promise((resolve) => setTimeout(resolve, rater.pause(pause)));
        if (options.floor) {
          const t0 = performance.now();
          const answer = await transport.send(rater, { clientId: '', optionId: '', score: null, givenAt: 0, activeMs: 0 });
          latencies.push(performance.now() - t0);
          if (answer.status !== 400) floorErrors += 1;
          continue;
        }
        const { save, retry } = rater.next();
        const t0 = performance.now();
        const answer = await transport.send(rater, save);
        latencies.push(performance.now() - t0);
        rater.record(save, retry, answer);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = cpuSpent(cpuBefore, await sampleCpu(options.servers, options.admin));
  if (floorErrors > 0) throw new Error(`${options.name}: ${floorErrors} floor requests were not answered 400`);
  latencies.sort((a, b) => a - b);
  const result: Result = {
    name: options.name,
    transport: transport.name,
    clients: raters.length,
    requests: latencies.length,
    wallMs,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1],
    perSecond: (latencies.length / wallMs) * 1000,
    cpu,
    load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
  };
  const per = (ms: number) => (ms / result.requests).toFixed(2);
  console.log(
    `${result.name} [${result.transport}]: ${result.clients} clients, ${result.requests} ${options.floor ? 'requests' : 'saves'} in ${(wallMs / 1000).toFixed(1)} s = ${result.perSecond.toFixed(0)}/s; ` +
      `p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(0)} ms; ` +
      `CPU per request: Node servers ${per(cpu.nodeMs)} ms, PostgreSQL backends ${per(cpu.dbMs)} ms, load generator ${per(cpu.benchMs)} ms; load avg ${result.load}`,
  );
  return result;
}

/** The database against what every client sent (cumulative over all scenarios so far). */
async function check(label: string, admin: pg.Client, raters: Rater[]): Promise<boolean> {
  const ids = raters.map((r) => r.id);
  const expected = new Map<string, number>();
  for (const rater of raters) for (const [optionId, save] of rater.newest) if (save.score !== null) expected.set(`${optionId}|${rater.id}`, save.score);
  const { rows } = await admin.query<{ option_id: string; user_id: string; score: number }>('SELECT option_id, user_id, score FROM ratings WHERE user_id = ANY($1)', [ids]);
  const seen = new Map<string, number>();
  let duplicates = 0;
  let wrong = 0;
  let extra = 0;
  for (const row of rows) {
    const key = `${row.option_id}|${row.user_id}`;
    if (seen.has(key)) duplicates += 1;
    seen.set(key, row.score);
    if (!expected.has(key)) extra += 1;
    else if (expected.get(key) !== row.score) wrong += 1;
  }
  const missing = [...expected.keys()].filter((key) => !seen.has(key)).length;
  const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql, [ids])).rows[0].n);
  const history = await count('SELECT count(*) AS n FROM rating_history WHERE user_id = ANY($1)');
  const saves = await count('SELECT count(*) AS n FROM rating_saves WHERE user_id = ANY($1)');
  const accepted = raters.reduce((n, r) => n + r.accepted, 0);
  const clientIds = new Set(raters.flatMap((r) => r.sent.map((s) => s.clientId))).size;
  const errors = raters.flatMap((r) => r.errors);
  const unexpected = raters.reduce((n, r) => n + r.unexpected, 0);
  const lines: Array<[boolean, string]> = [
    [duplicates === 0 && wrong === 0 && missing === 0 && extra === 0, `ratings: ${rows.length} in the database, ${expected.size} expected (the newest score each client gave); ${wrong} wrong score, ${missing} missing, ${extra} not expected, ${duplicates} duplicate`],
    [history === accepted, `rating_history: ${history} rows, ${accepted} accepted changes counted by the clients`],
    [saves === clientIds, `rating_saves: ${saves} rows, ${clientIds} distinct client ids sent`],
    [errors.length === 0, `failed requests: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`],
    [unexpected === 0, `unexpected outcomes (a new save not applied as sent, a retry not a duplicate): ${unexpected}`],
  ];
  for (const [ok, line] of lines) console.log(`  ${ok ? 'PASS' : 'FAIL'} ${label}: ${line}`);
  return lines.every(([ok]) => ok);
}

// ---------------------------------------------------------------------------------------------
// pgbench: raw single-row upserts on the same server, as the ceiling to compare with.
function pgbench(url: string, run: { label: string; setup: string; script: string[]; transactions: number }): { tps: number; latency: number } | null {
  if (spawnSync('which', ['pgbench'], { encoding: 'utf8' }).status !== 0) {
    console.log(`pgbench not found (apt-get install postgresql-client or postgresql-contrib): ${run.label} skipped`);
    return null;
  }
  const parsed = new URL(url);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-pgbench-'));
  try {
    const script = path.join(folder, 'script.sql');
    writeFileSync(script, `${run.script.join('\n')}\n`);
    const connection = ['-h', parsed.hostname, '-p', parsed.port || '5432', '-U', decodeURIComponent(parsed.username || 'postgres')];
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(parsed.password) };
    const database = parsed.pathname.slice(1);
    const setup = spawnSync('psql', [...connection, '-d', database, '-q', '-v', 'ON_ERROR_STOP=1', '-c', run.setup], { env, encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`psql: ${setup.stderr}`);
    const result = spawnSync('pgbench', [...connection, '-n', '-c', String(SMALL), '-j', '2', '-t', String(run.transactions), '-f', script, database], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr}`);
    const tps = Number(/tps = ([\d.]+)/.exec(result.stdout)?.[1]);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(result.stdout)?.[1]);
    console.log(`pgbench -n -c ${SMALL} -j 2 -t ${run.transactions} (${run.label}): ${tps.toFixed(0)} tps, latency average ${latency} ms, ${SMALL * run.transactions} transactions; load avg ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    return { tps, latency };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The ceiling: raw single-row upserts, as many rows as NOHARM has ratings. */
const rawUpserts = (url: string) =>
  pgbench(url, {
    label: 'raw single-row INSERT ... ON CONFLICT DO UPDATE on a scratch table',
    setup: 'CREATE TABLE bench_upsert (id integer PRIMARY KEY, score integer NOT NULL, updated_at timestamptz NOT NULL)',
    script: [
      '\\set id random(1, 12747)',
      '\\set score random(1, 9)',
      'INSERT INTO bench_upsert (id, score, updated_at) VALUES (:id, :score, now()) ON CONFLICT (id) DO UPDATE SET score = EXCLUDED.score, updated_at = EXCLUDED.updated_at;',
    ],
    transactions: PGBENCH_TX,
  });

const FUNCTION_SCRIPT = (pairs: number) => [
  `\\set n random(1, ${pairs})`,
  '\\set score random(1, 9)',
  'SELECT s.outcome FROM bench_pairs p CROSS JOIN LATERAL primum_save_rating(p.user_id, NULL, p.option_id, :score, gen_random_uuid(), clock_timestamp(), 0, false) s WHERE p.n = :n;',
];

/** The save function itself driven by pgbench (random assigned pairs, fresh client ids): the database's share alone. */
const functionSaves = (url: string, pairs: number) =>
  pgbench(url, {
    label: 'SELECT primum_save_rating(...) for a random assigned (physician, option)',
    setup: `CREATE TABLE bench_pairs AS SELECT (row_number() OVER (ORDER BY a.user_id, o.id))::integer AS n, a.user_id, o.id AS option_id
      FROM assignments a JOIN options o ON o.case_id = a.case_id WHERE a.status <> 'DECLINED'; ALTER TABLE bench_pairs ADD PRIMARY KEY (n)`,
    script: FUNCTION_SCRIPT(pairs),
    transactions: Math.ceil(PGBENCH_TX / 10),
  });

/**
 * Diagnostics of the database's ceiling: (h) the function with the live-update trigger's NOTIFY
 * off (PostgreSQL serialises the commits of notifying transactions, fsync included, under one
 * lock), and (i) the raw upsert with a pg_notify in its transaction. Needs the bench database's
 * owner (ALTER TABLE); the trigger is switched back on at once.
 */
async function notifyDiagnostics(url: string, admin: pg.Client, pairs: number) {
  const withoutNotify = pgbench(url, {
    label: 'the same, with the ratings_notify trigger disabled (diagnostic)',
    setup: 'ALTER TABLE ratings DISABLE TRIGGER ratings_notify',
    script: FUNCTION_SCRIPT(pairs),
    transactions: Math.ceil(PGBENCH_TX / 10),
  });
  await admin.query('ALTER TABLE ratings ENABLE TRIGGER ratings_notify');
  const upsertNotify = pgbench(url, {
    label: 'raw upsert plus a pg_notify in the same transaction (diagnostic)',
    setup: 'SELECT 1',
    script: [
      '\\set id random(1, 12747)',
      '\\set score random(1, 9)',
      'BEGIN;',
      'INSERT INTO bench_upsert (id, score, updated_at) VALUES (:id, :score, now()) ON CONFLICT (id) DO UPDATE SET score = EXCLUDED.score, updated_at = EXCLUDED.updated_at;',
      "SELECT pg_notify('bench_load', :id::text);",
      'COMMIT;',
    ],
    transactions: Math.ceil(PGBENCH_TX / 4),
  });
  return { withoutNotify, upsertNotify };
}

async function main() {
  await buildAppIfNeeded();
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('no production build in .next');
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString()}, load avg ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${QUICK ? ', --quick' : ''}`);

  let allPassed = true;
  await withBenchDatabase('primum_bench_load', async (url) => {
    const physicians = await seedPhysicians({ count: PHYSICIANS, password: PASSWORD, slug: 'load', label: 'load' });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const servers: Server[] = [];
    const results: Result[] = [];
    try {
      const raw = rawUpserts(url);
      const secret = randomBytes(33).toString('base64');
      // BENCH_LOAD_CPU_PROF=<folder>: the first server writes a V8 CPU profile there when it stops.
      const profile = process.env.BENCH_LOAD_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_LOAD_CPU_PROF)}`] : [];
      servers.push(await startServer(url, secret, profile, { workers: 1 }), await startServer(url, secret, [], { workers: WORKERS }));
      const raters = physicians.map((p, i) => new Rater(p.id, p.email, p.options, 1000 + i));
      // The 30 of the smaller scenarios: three per specialty, spread over the specialties.
      const bySpecialty = new Map<string, Rater[]>();
      physicians.forEach((p, i) => bySpecialty.set(p.specialty, [...(bySpecialty.get(p.specialty) ?? []), raters[i]]));
      const small: Rater[] = [];
      for (let round = 0; small.length < SMALL; round += 1) for (const group of bySpecialty.values()) if (group[round] && small.length < SMALL) small.push(group[round]);

      let t = performance.now();
      for (let i = 0; i < raters.length; i += 4) await Promise.all(raters.slice(i, i + 4).map((r, j) => signIn(servers[(i + j) % 2].base, r)));
      console.log(`signed in ${raters.length} physicians through /api/auth/callback/credentials in ${((performance.now() - t) / 1000).toFixed(1)} s`);

      // Warm both servers up (JIT, pool connections): untimed saves and refusals.
      const names = ['1 process', `${WORKERS} process${WORKERS > 1 ? 'es' : ''}`];
      const [one, two] = servers.map((server, i) => socketTransport(names[i], server.base));
      const refused = servers.map((server, i) => socketTransport(names[i], server.base, () => '{}'));
      for (const transport of [one, two]) await runScenario({ name: 'warm-up', raters: small, transport, perClient: 5, servers, admin });
      for (const transport of refused) await runScenario({ name: 'warm-up', raters: small, transport, perClient: 10, servers, admin, floor: true });
      allPassed = (await check('warm-up', admin, raters)) && allPassed;

      const scenarios: Array<{ name: string; raters: Rater[]; perClient: number; pause?: [number, number] }> = [
        { name: `(a) ${SMALL} physicians, human pace (1-3 s), ${HUMAN_SAVES} saves each`, raters: small, perClient: HUMAN_SAVES, pause: HUMAN_PAUSE },
        { name: `(b) ${SMALL} physicians bursting, ${BURST_SAVES} saves each`, raters: small, perClient: BURST_SAVES },
        { name: `(c) ${PHYSICIANS} physicians bursting, ${BURST_100_SAVES} saves each`, raters, perClient: BURST_100_SAVES },
      ];
      for (const scenario of scenarios) {
        for (const transport of [one, two]) {
          results.push(await runScenario({ ...scenario, transport, servers, admin }));
          allPassed = (await check(scenario.name.slice(0, 3), admin, raters)) && allPassed;
        }
      }

      // Diagnostics: the same burst without the database (auth + JSON + zod, answered 400), and
      // the SQL function alone over pg (no Node server, no HTTP).
      for (const transport of refused) {
        results.push(await runScenario({ name: `(d) ${SMALL} physicians bursting, no database (body refused after auth and parsing), ${FLOOR_REQUESTS} each`, raters: small, transport, perClient: FLOOR_REQUESTS, servers, admin, floor: true }));
      }
      const sql = await sqlTransport(url, small);
      try {
        results.push(await runScenario({ name: `(e) ${SMALL} physicians bursting, primum_save_rating called directly (NOTIFY from its trigger, in the transaction), ${BURST_SAVES} saves each`, raters: small, transport: sql, perClient: BURST_SAVES, servers, admin }));
      } finally {
        await sql.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 600)); // statistics reach the view after up to 500 ms
      const functions = await admin.query<{ funcname: string; calls: string; total_time: number; self_time: number }>(
        "SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions WHERE funcname LIKE 'primum%' ORDER BY total_time DESC",
      );
      for (const f of functions.rows) console.log(`  (e) ${f.funcname}: ${f.calls} calls, ${(f.total_time / Number(f.calls)).toFixed(3)} ms per call in total, ${(f.self_time / Number(f.calls)).toFixed(3)} ms self`);
      allPassed = (await check('(e)', admin, raters)) && allPassed;

      // (g) Before the lean handler: the same burst through the Next route of a bare `next start`
      // (one process), started once the app servers stop so that the machine runs one server.
      for (const transport of [one, two, ...refused]) await transport.close();
      await Promise.all(servers.splice(0).map(stopServer));
      servers.push(await startServer(url, secret));
      const bare = httpTransport('bare next start (the Next route)', servers[0].base);
      await runScenario({ name: 'warm-up', raters: small, transport: bare, perClient: 5, servers, admin });
      results.push(await runScenario({ name: `(g) ${SMALL} physicians bursting, ${BURST_SAVES} saves each`, raters: small, transport: bare, perClient: BURST_SAVES, servers, admin }));
      allPassed = (await check('(g)', admin, raters)) && allPassed;
      await bare.close();

      // Last (its saves are not the clients', so after every check): the function driven by pgbench.
      const pairs = physicians.reduce((n, p) => n + p.options.length, 0);
      const saved = functionSaves(url, pairs);
      const notify = await notifyDiagnostics(url, admin, pairs);

      console.log('\nsummary');
      console.log('| scenario | transport | clients | requests | per second | p50 ms | p95 ms | p99 ms | max ms | CPU ms/request: Node / PostgreSQL / load generator |');
      console.log('|---|---|---|---|---|---|---|---|---|---|');
      for (const r of results) {
        const per = (ms: number) => (ms / r.requests).toFixed(2);
        console.log(`| ${r.name} | ${r.transport} | ${r.clients} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(0)} | ${per(r.cpu.nodeMs)} / ${per(r.cpu.dbMs)} / ${per(r.cpu.benchMs)} |`);
      }
      if (raw) {
        for (const r of results.filter((x) => ['(b)', '(c)', '(e)', '(g)'].some((p) => x.name.startsWith(p)))) {
          console.log(`ratio ${r.name.slice(0, 3)} [${r.transport}]: ${r.perSecond.toFixed(0)} saves/s / ${raw.tps.toFixed(0)} pgbench upserts/s = ${((r.perSecond / raw.tps) * 100).toFixed(1)}%`);
        }
      }
      if (raw && saved) console.log(`ratio (f) [pgbench calling primum_save_rating]: ${saved.tps.toFixed(0)} / ${raw.tps.toFixed(0)} = ${((saved.tps / raw.tps) * 100).toFixed(1)}%`);
      if (raw && notify.withoutNotify) console.log(`ratio (h) [pgbench calling primum_save_rating, NOTIFY trigger off]: ${notify.withoutNotify.tps.toFixed(0)} / ${raw.tps.toFixed(0)} = ${((notify.withoutNotify.tps / raw.tps) * 100).toFixed(1)}%`);
      if (raw && notify.upsertNotify) console.log(`ratio (i) [pgbench raw upsert + pg_notify]: ${notify.upsertNotify.tps.toFixed(0)} / ${raw.tps.toFixed(0)} = ${((notify.upsertNotify.tps / raw.tps) * 100).toFixed(1)}%`);
      const burst = results.filter((r) => r.name.startsWith('(b)'));
      const best = burst.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
      console.log(`targets: 30 physicians bursting, save p95 < 50 ms: ${burst.map((r) => `${r.p95.toFixed(1)} ms [${r.transport}] ${r.p95 < 50 ? 'met' : 'missed'}`).join('; ')}`);
      if (raw) console.log(`targets: >= 10% of raw upserts: best burst ${best.perSecond.toFixed(0)}/s [${best.transport}] = ${((best.perSecond / raw.tps) * 100).toFixed(1)}% ${best.perSecond >= raw.tps * 0.1 ? 'met' : 'missed'}`);
      console.log(allPassed ? 'all database checks PASS' : 'some database checks FAILED');
    } catch (error) {
      for (const server of servers) console.error(`server ${server.base} log tail:\n${server.log()}`);
      throw error;
    } finally {
      await Promise.all(servers.map(stopServer));
      await admin.end();
    }
  });
  if (!allPassed) throw new Error('database checks failed (see FAIL lines above)');
}

runBench(main);
