'use client';

import { useActionState } from 'react';
import { raterSettingsAction } from '@/lib/projects/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

/** What raters of this project see besides the case and its options. */
export function RaterSettingsForm({ projectId, showRecommendationsToRaters }: { projectId: string; showRecommendationsToRaters: boolean }) {
  const [state, action, pending] = useActionState(raterSettingsAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="projectId" value={projectId} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="showRecommendationsToRaters" defaultChecked={showRecommendationsToRaters} className="mt-1" />
        <span>Show raters the answering specialist&apos;s recommendation (off by default: it can anchor their scores).</span>
      </label>
      <Button type="submit" disabled={pending}>Save rater settings</Button>
      <FormMessage id="rater-settings-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
    </form>
  );
}
