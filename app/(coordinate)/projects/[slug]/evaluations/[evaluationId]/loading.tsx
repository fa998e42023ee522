export default function EvaluationLoading() {
  return <p className="text-sm text-slate-600" role="status">Loading the evaluation…</p>;
}
