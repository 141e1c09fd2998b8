// Copies a text to the clipboard and says so ("Copied") for a moment.
import { useState } from 'preact/hooks';

interface Props {
  text: string;
  label: string; // accessible name: "Copy JSON"
  children?: preact.ComponentChildren;
}

export function CopyButton({ text, label, children }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" class="copy" aria-label={label} title={label} onClick={copy} data-state={state}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : (children ?? 'Copy')}
    </button>
  );
}
