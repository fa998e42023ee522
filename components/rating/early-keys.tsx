/**
 * Keys pressed before the rating screen's JavaScript has started (a fast typist on a slow page
 * load) are kept by this tiny inline script and replayed by the rating screen once it runs, so no
 * digit press is dropped. Only the rating screen's keys are kept; nothing else is touched. Once the
 * screen has taken the keys (null), the script never captures again, even if it runs a second time,
 * so a key is never both kept for replay and handled live.
 */
const SCRIPT = `(()=>{if(window.__primumEarlyKeys===null)return;const k=[];window.__primumEarlyKeys=k;const h=e=>{if(window.__primumEarlyKeys!==k){document.removeEventListener('keydown',h,true);return}const t=e.target&&e.target.tagName;if(e.ctrlKey||e.metaKey||e.altKey||t==='INPUT'||t==='TEXTAREA')return;if(/^([1-9]|Backspace|Delete|ArrowUp|ArrowDown|Home|End|j|k|f|c|n|\\?)$/.test(e.key)){k.push(e.key);e.preventDefault()}};document.addEventListener('keydown',h,true)})()`;

/** `nonce`: this request's CSP nonce (proxy.ts), without which the browser would refuse the script. */
export function EarlyKeys({ nonce }: { nonce?: string }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}

declare global {
  interface Window {
    __primumEarlyKeys?: string[] | null;
  }
}

/** The keys pressed before the screen started, once (later calls get none). */
export function takeEarlyKeys(): string[] {
  const keys = window.__primumEarlyKeys ?? [];
  window.__primumEarlyKeys = null;
  return keys;
}
