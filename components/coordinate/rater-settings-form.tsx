'use client';

import { useActionState } from 'react';
import { raterSettingsAction } from '@/lib/projects/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

/** What raters of this project see besides the case and its options, and when their work counts as stalled. */
export function RaterSettingsForm({ projectId, showRecommendationsToRaters, showRaterNamesToAdjudicators, stalledAfterDays }: { projectId: string; showRecommendationsToRaters: boolean; showRaterNamesToAdjudicators: boolean; stalledAfterDays: number }) {
  const [state, action, pending] = useActionState(raterSettingsAction, {});
  const error = state.errors?.stalledAfterDays?.[0];
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="projectId" value={projectId} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="showRecommendationsToRaters" defaultChecked={showRecommendationsToRaters} className="mt-1" />
        <span>Show raters the answering specialist&apos;s recommendation (off by default: it can anchor their scores).</span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="showRaterNamesToAdjudicators" defaultChecked={showRaterNamesToAdjudicators} className="mt-1" />
        <span>Show adjudicators the raters&apos; names (off by default: they see Rater A, B, C and judge the arguments, not the people).</span>
      </label>
      <div>
        <label htmlFor="stalledAfterDays" className="block text-sm font-medium">Stalled after (days)</label>
        <input
          id="stalledAfterDays"
          name="stalledAfterDays"
          type="number"
          min={1}
          max={90}
          step={1}
          required
          defaultValue={stalledAfterDays}
          aria-describedby="stalled-help rater-settings-message"
          aria-invalid={error ? true : undefined}
          className="mt-1 w-24 rounded border border-slate-300 px-2 py-1 text-sm"
        />
        <p id="stalled-help" className="mt-1 text-xs text-slate-600">An assignment with no rating this many days after it was given, or no rating saved for this many days, is listed as stalled.</p>
        {error ? <p className="text-sm text-rose-800">Stalled after: {error}</p> : null}
      </div>
      <Button type="submit" disabled={pending}>Save rater settings</Button>
      <FormMessage id="rater-settings-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
    </form>
  );
}
