import type { ReactNode } from 'react';
import { safeHttpUrl } from '../lib/format';
import { NotRecorded } from './NotRecorded';

/**
 * A link to somewhere outside Veredicto, from user-submitted data: only
 * http(s) URLs become links (never javascript: or data:), and they carry
 * rel="noopener noreferrer nofollow". Anything else is shown as plain text.
 */
export function ExternalLink({ href, children }: { href: string | null | undefined; children?: ReactNode }) {
  if (!href) return <NotRecorded />;
  const safe = safeHttpUrl(href);
  if (!safe) return <span className="url">{href}</span>;
  return (
    <a className="url" href={safe} rel="noopener noreferrer nofollow">
      {children ?? href}
    </a>
  );
}
