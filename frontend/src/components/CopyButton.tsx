import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

type State = 'idle' | 'copied' | 'failed';

/** Copies text to the clipboard and says so in a polite live region. */
export function CopyButton({
  text,
  describedBy,
  label,
  copied,
}: {
  text: string;
  describedBy?: string;
  /** The button's text; "Copy SHA-256" unless given. */
  label?: string;
  /** What is announced after copying; "SHA-256 copied" unless given. */
  copied?: string;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <button type="button" className="copy" onClick={copy} aria-describedby={describedBy}>
        {label ?? t('evidence.copy')}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? (copied ?? t('evidence.copied')) : state === 'failed' ? t('evidence.copyFailed') : ''}
      </span>
    </>
  );
}
