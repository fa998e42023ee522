/** The accessible region in which a form reports its outcome. */
export function FormMessage({ id, message, tone }: { id: string; message?: string; tone: 'error' | 'success' }) {
  return (
    <div id={id} aria-live="polite" className="min-h-6 text-sm">
      {message ? (
        <p data-testid={id} className={tone === 'error' ? 'whitespace-pre-line text-rose-800' : 'whitespace-pre-line text-emerald-800'}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
