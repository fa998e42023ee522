/** The keys of the judging screen, always visible. */
export function KeyLegend() {
  const keys: Array<[string, string]> = [
    ['y / 1', 'yes: the plan recommends it'],
    ['p / 2', 'partly'],
    ['n / 3', 'no: the plan does not recommend it'],
    ['j / ↓', 'next option'],
    ['k / ↑', 'previous option'],
    ['Enter', 'submit (when every option is answered)'],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-700" aria-label="Keyboard" data-testid="key-legend">
      {keys.map(([key, meaning]) => (
        <div key={key} className="contents">
          <dt><kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-mono">{key}</kbd></dt>
          <dd>{meaning}</dd>
        </div>
      ))}
    </dl>
  );
}
