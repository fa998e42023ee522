import { BarChart } from '@/components/charts/bar-chart';
import { LocalTime } from '@/components/ui/local-time';
import type { ProjectProgress } from '@/lib/progress/service';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (day: string) => `${Number(day.slice(8))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
const pct = (done: number, expected: number) => (expected === 0 ? 0 : Math.round((100 * done) / expected));

function Bar({ done, expected, label }: { done: number; expected: number; label: string }) {
  return <progress className="h-2 w-24" max={Math.max(expected, 1)} value={done} aria-label={`${label}: ${pct(done, expected)}% of expected ratings done`} />;
}

function Simulated() {
  return <span className="ml-1 rounded bg-violet-100 px-1 text-xs text-violet-900">simulated</span>;
}

/** Ratings per specialty, cases waiting for physicians and who is missing. */
export function SpecialtyProgressTable({ progress }: { progress: ProjectProgress }) {
  const short = progress.specialties.filter((s) => s.moreNeeded > 0);
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="specialty-progress">
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="whitespace-nowrap py-2 pr-4">Specialty</th>
              <th scope="col" className="whitespace-nowrap pr-4 text-right">Cases</th>
              <th scope="col" className="whitespace-nowrap pr-4 text-right">Ratings done / expected</th>
              <th scope="col" className="whitespace-nowrap pr-4">Share</th>
              <th scope="col" className="whitespace-nowrap pr-4 text-right">Waiting for physicians</th>
              <th scope="col" className="whitespace-nowrap text-right">Physicians</th>
            </tr>
          </thead>
          <tbody>
            {progress.specialties.map((s) => (
              <tr key={s.code} className="border-t border-slate-100" data-testid={`specialty-${s.code}`}>
                <td className="py-1.5 pr-4">{s.name} <span className="text-slate-500">({s.code})</span></td>
                <td className="pr-4 text-right tabular-nums">{s.cases}</td>
                <td className="whitespace-nowrap pr-4 text-right tabular-nums" data-testid={`specialty-done-${s.code}`}>{s.done} / {s.expected}</td>
                <td className="whitespace-nowrap pr-4"><Bar done={s.done} expected={s.expected} label={s.name} /> <span className="tabular-nums">{pct(s.done, s.expected)}%</span></td>
                <td className="pr-4 text-right tabular-nums">{s.waitingCases}</td>
                <td className="text-right tabular-nums">{s.physicians}</td>
              </tr>
            ))}
            <tr className="border-t-2 border-slate-300 font-semibold">
              <td className="py-1.5 pr-4">All</td>
              <td className="pr-4 text-right tabular-nums">{progress.specialties.reduce((n, s) => n + s.cases, 0)}</td>
              <td className="whitespace-nowrap pr-4 text-right tabular-nums" data-testid="overall-done">{progress.overall.done} / {progress.overall.expected}</td>
              <td className="whitespace-nowrap pr-4"><Bar done={progress.overall.done} expected={progress.overall.expected} label="All" /> <span className="tabular-nums">{pct(progress.overall.done, progress.overall.expected)}%</span></td>
              <td className="pr-4 text-right tabular-nums">{progress.specialties.reduce((n, s) => n + s.waitingCases, 0)}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      {short.length > 0 ? (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="people-needed">
          <p className="font-semibold">Panels that cannot be filled</p>
          <ul className="list-disc pl-5">
            {short.map((s) => (
              <li key={s.code}>
                {s.name}: {s.waitingCases} case{s.waitingCases === 1 ? '' : 's'} waiting; {s.moreNeeded} more physician{s.moreNeeded === 1 ? '' : 's'} of {s.name} would fill every panel.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Ratings per day and the finish estimate, with its assumptions in words. */
export function PaceCard({ progress }: { progress: ProjectProgress }) {
  const e = progress.estimate;
  return (
    <div className="space-y-3">
      <div data-testid="finish-estimate" aria-live="polite">
        {e.kind === 'estimate' ? (
          <p className="text-lg font-semibold">
            Estimated finish: <LocalTime iso={`${e.finishDay}T12:00:00Z`} style="date" />
            <span className="ml-2 text-sm font-normal text-slate-600">({e.daysLeft} day{e.daysLeft === 1 ? '' : 's'} from today)</span>
          </p>
        ) : e.kind === 'done' ? (
          <p className="text-lg font-semibold">Every expected rating is in.</p>
        ) : (
          <p className="text-lg font-semibold">Estimated finish: not enough data</p>
        )}
        {e.kind === 'done' ? null : <p className="text-sm text-slate-700">{e.assumptions}</p>}
      </div>
      <BarChart
        title="Ratings per day (UTC days, last 30 days); new ratings that are still in place"
        unit="ratings"
        testId="ratings-per-day"
        data={progress.perDay.map((d) => ({ label: d.day, shortLabel: dayLabel(d.day), value: d.count }))}
      />
    </div>
  );
}

/** Per physician: cases by state, ratings done / expected and last activity. */
export function PhysicianProgressTable({ progress }: { progress: ProjectProgress }) {
  if (progress.physicians.length === 0) return <p className="text-sm text-slate-600">No physician has a case of this project yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="physician-progress">
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="whitespace-nowrap py-2 pr-4">Physician</th>
            <th scope="col" className="whitespace-nowrap pr-4 text-right">Not started</th>
            <th scope="col" className="whitespace-nowrap pr-4 text-right">In progress</th>
            <th scope="col" className="whitespace-nowrap pr-4 text-right">Completed</th>
            <th scope="col" className="whitespace-nowrap pr-4 text-right">Ratings done / expected</th>
            <th scope="col" className="whitespace-nowrap">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {progress.physicians.map((p) => (
            <tr key={p.userId} className="border-t border-slate-100" data-testid="physician-row">
              <td className="py-1.5 pr-4">
                {p.name}
                {p.isSimulated ? <Simulated /> : null}
                {!p.isActive ? <span className="ml-1 text-xs text-slate-600">(inactive)</span> : null}
              </td>
              <td className="pr-4 text-right tabular-nums">{p.assigned}</td>
              <td className="pr-4 text-right tabular-nums">{p.inProgress}</td>
              <td className="pr-4 text-right tabular-nums">{p.completed}</td>
              <td className="whitespace-nowrap pr-4 text-right tabular-nums">{p.done} / {p.expected}</td>
              <td className="whitespace-nowrap">{p.lastActivity ? <LocalTime iso={p.lastActivity} /> : <span className="text-slate-500">none yet</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
