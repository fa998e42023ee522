import type pg from 'pg';

export type GivenScores = { id: string; given: ReadonlyMap<string, number[]> };
type Line = { ok: boolean; text: string };

/**
 * The database against what the physicians gave: each option's rating is the last score given,
 * once; its history is exactly the scores given, in order (a retried save applied twice would add a
 * row); the save log holds every client id the browsers sent, once, and nothing else.
 */
export async function checkSavedScores(admin: pg.Client, physicians: GivenScores[], clientIds: ReadonlySet<string>): Promise<{ ok: boolean; lines: Line[] }> {
  const ids = physicians.map((p) => p.id);
  const expected = new Map<string, number>();
  const expectedHistory = new Map<string, number[]>();
  for (const p of physicians) {
    for (const [optionId, scores] of p.given) {
      expected.set(`${optionId}|${p.id}`, scores.at(-1)!);
      expectedHistory.set(`${optionId}|${p.id}`, scores);
    }
  }
  const ratings = await admin.query<{ option_id: string; user_id: string; score: number }>('SELECT option_id, user_id, score FROM ratings WHERE user_id = ANY($1)', [ids]);
  const found = new Map<string, number>();
  let duplicates = 0;
  for (const row of ratings.rows) {
    const key = `${row.option_id}|${row.user_id}`;
    if (found.has(key)) duplicates += 1;
    found.set(key, row.score);
  }
  const wrong = [...expected].filter(([key, score]) => found.has(key) && found.get(key) !== score).length;
  const missing = [...expected.keys()].filter((key) => !found.has(key)).length;
  const extra = [...found.keys()].filter((key) => !expected.has(key)).length;

  const history = await admin.query<{ option_id: string; user_id: string; new_score: number | null }>(
    'SELECT option_id, user_id, new_score FROM rating_history WHERE user_id = ANY($1) ORDER BY changed_at, id',
    [ids],
  );
  const foundHistory = new Map<string, Array<number | null>>();
  for (const row of history.rows) {
    const key = `${row.option_id}|${row.user_id}`;
    foundHistory.set(key, [...(foundHistory.get(key) ?? []), row.new_score]);
  }
  const expectedRows = [...expectedHistory.values()].reduce((n, s) => n + s.length, 0);
  const differing = [...new Set([...expectedHistory.keys(), ...foundHistory.keys()])].filter(
    (key) => JSON.stringify(expectedHistory.get(key) ?? []) !== JSON.stringify(foundHistory.get(key) ?? []),
  );
  for (const key of differing.slice(0, 3)) console.log(`  history of ${key}: scores given ${JSON.stringify(expectedHistory.get(key) ?? [])}, found ${JSON.stringify(foundHistory.get(key) ?? [])}`);
  const repeated = [...foundHistory.values()].filter((scores) => scores.some((s, i) => i > 0 && s === scores[i - 1])).length;

  const saves = await admin.query<{ client_id: string; applied: boolean }>('SELECT client_id, applied FROM rating_saves WHERE user_id = ANY($1)', [ids]);
  const logged = new Set(saves.rows.map((r) => r.client_id));
  const unlogged = [...clientIds].filter((id) => !logged.has(id)).length;
  const unknown = [...logged].filter((id) => !clientIds.has(id)).length;
  const notApplied = saves.rows.filter((r) => !r.applied).length;

  const lines: Line[] = [
    { ok: wrong + missing + extra + duplicates === 0, text: `ratings: expected ${expected.size} (the last score given per option), found ${ratings.rows.length}; ${wrong} wrong score, ${missing} missing, ${extra} not given, ${duplicates} duplicate` },
    { ok: differing.length === 0 && history.rows.length === expectedRows, text: `rating_history: expected ${expectedRows} rows (every score given, in order), found ${history.rows.length}; ${differing.length} option(s) whose history differs from the scores given, ${repeated} with a row repeating the score before it (a retried save applied twice)` },
    { ok: unlogged + unknown === 0 && saves.rows.length === clientIds.size, text: `rating_saves: expected ${clientIds.size} client ids (sent by the browsers), found ${saves.rows.length}; ${unlogged} missing, ${unknown} unknown; ${notApplied} logged as not applied` },
  ];
  return { ok: lines.every((l) => l.ok), lines };
}
