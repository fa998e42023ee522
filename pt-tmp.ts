import { readFileSync } from 'node:fs';
import { parseRatings } from '@/lib/agreement/parse-ratings';
import { computeAgreementReport } from '@/lib/agreement';
const text = readFileSync('/tmp/agree_ref/r100.csv', 'utf8');
for (let i = 0; i < 2; i++) {
  let t = performance.now(); const r = parseRatings(text); const a = performance.now() - t;
  t = performance.now(); const rep = computeAgreementReport(r, { domain: [1,2,3,4,5,6,7,8,9] }); const b = performance.now() - t;
  t = performance.now(); const s = JSON.stringify(rep); const c = performance.now() - t;
  console.log({ parse: a.toFixed(0), report: b.toFixed(0), stringify: c.toFixed(0), len: s.length });
}
