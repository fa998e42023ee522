import type { Interval } from '@/lib/agreement';
import { imprecisionOf } from '@/lib/agreement-view/precision';
import { formatCoefficient, formatSigned } from '@/lib/format';

/**
 * A coefficient as a table shows it: three decimals, marked in words (not colour alone) when it
 * rests on too few options or its interval is too wide to mean much.
 */
export function Coefficient({ value, interval, n, signed = false, title }: { value: number | null | undefined; interval: Interval | null | undefined; n: number; signed?: boolean; title?: string }) {
  const mark = imprecisionOf(value, interval, n);
  return (
    <span className="whitespace-nowrap" title={title}>
      {signed ? formatSigned(value, 3) : formatCoefficient(value)}
      {mark ? (
        <span className="ml-1 rounded bg-amber-100 px-1 text-xs font-medium text-amber-900" data-testid="imprecise" title="Too imprecise to mean much: read with care">
          ⚠ {mark.text}
        </span>
      ) : null}
    </span>
  );
}
