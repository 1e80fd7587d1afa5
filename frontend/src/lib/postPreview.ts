// What importPost will extract from a pasted payload, read in the browser
// before sending, so a journalist sees it first. Only plain parsing: the
// server's parsers (evidence/importpost) decide; this is a preview, and
// says "not recorded" for what the payload does not state.
import type { PostFormat } from '../gql/graphql';

export type PostPreview = {
  format: PostFormat;
  id?: string;
  createdAt?: string; // RFC 3339, UTC
  text?: string;
  truncated?: boolean;
  lang?: string;
  handle?: string;
  name?: string;
  client?: { name: string; url?: string };
  replyTo?: string;
  retweetOf?: string;
  quoteOf?: string;
  deletedAt?: string;
  /** For a deletion notice: the user id it names. */
  userId?: string;
};

export type PreviewResult = { ok: true; preview: PostPreview } | { ok: false; problem: string; detail?: string };

/** Guesses the format of a payload from its shape; undefined when unsure. */
export function detectFormat(payload: string): PostFormat | undefined {
  const s = payload.trim();
  if (!s) return undefined;
  if (s.startsWith('<')) return 'ARCHIVE_HTML';
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (o.delete && typeof o.delete === 'object') return 'TWITTER_V1_DELETION';
  if (o.data && typeof o.data === 'object') return 'TWITTER_V2';
  if ('created_at' in o || 'id_str' in o || 'full_text' in o) return 'TWITTER_V1';
  return undefined;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Undoes the HTML escaping Twitter applies to tweet text (&amp; &lt; &gt;). */
export function unescapeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, e: string) => entities[e] ?? _);
}

/**
 * The client from a v1.1 "source": an HTML fragment such as
 * <a href="http://www.tweetdeck.com" rel="nofollow">TweetDeck</a>, or plain
 * text ("web"). Read with a pattern, never parsed as HTML into the page.
 */
export function parseSource(source: unknown): { name: string; url?: string } | undefined {
  if (typeof source !== 'string' || !source.trim()) return undefined;
  const m = /<a\b[^>]*?href\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>/i.exec(source);
  if (m) {
    const name = unescapeEntities(m[4]!.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
    const href = unescapeEntities(m[2] ?? m[3] ?? '');
    if (!name) return undefined;
    return /^https?:\/\//i.test(href) ? { name, url: href } : { name };
  }
  const name = unescapeEntities(source.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
  return name ? { name } : undefined;
}

const months: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** v1.1 created_at ("Sun Jan 15 10:30:00 +0000 2012") as RFC 3339 UTC. */
export function parseV1Date(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(s.trim());
  if (!m) return undefined;
  const month = months[m[1]!];
  if (month === undefined) return undefined;
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  const ms = Date.UTC(Number(m[9]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) - offset * 60000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function idOf(idStr: unknown, id: unknown): string | undefined {
  if (typeof idStr === 'string' && /^\d+$/.test(idStr)) return idStr;
  // A JSON number above 2^53 has been rounded by JSON.parse: not trusted.
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return undefined;
}

function v1Text(t: Record<string, unknown>): { text?: string; truncated?: boolean } {
  const ext = t.extended_tweet as Record<string, unknown> | undefined;
  const full = str(ext?.full_text) ?? str(t.full_text);
  const text = full ?? str(t.text);
  return { text: text === undefined ? undefined : unescapeEntities(text), truncated: !full && t.truncated === true };
}

/** Reads a payload of the given format into what the import would record. */
export function previewPost(format: PostFormat, payload: string): PreviewResult {
  const s = payload.trim();
  if (!s) return { ok: false, problem: 'empty' };
  if (format === 'ARCHIVE_HTML') return { ok: false, problem: 'serverOnly' };
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (e) {
    return { ok: false, problem: 'notJSON', detail: e instanceof Error ? e.message : undefined };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, problem: 'notObject' };
  const o = v as Record<string, unknown>;
  switch (format) {
    case 'TWITTER_V1': {
      const user = (o.user ?? {}) as Record<string, unknown>;
      const p: PostPreview = {
        format,
        id: idOf(o.id_str, o.id),
        createdAt: parseV1Date(o.created_at),
        ...v1Text(o),
        lang: str(o.lang),
        handle: str(user.screen_name),
        name: str(user.name),
        client: parseSource(o.source),
        replyTo: str(o.in_reply_to_status_id_str),
        retweetOf: idOf((o.retweeted_status as Record<string, unknown> | undefined)?.id_str, undefined),
        quoteOf: str(o.quoted_status_id_str),
      };
      if (!p.id && !p.createdAt && p.text === undefined) return { ok: false, problem: 'notThisFormat' };
      return { ok: true, preview: p };
    }
    case 'TWITTER_V2': {
      const data = o.data as Record<string, unknown> | undefined;
      if (!data || typeof data !== 'object') return { ok: false, problem: 'notThisFormat' };
      const includes = (o.includes ?? {}) as { users?: Array<Record<string, unknown>> };
      const author = includes.users?.find((u) => u.id === data.author_id);
      const refs = (data.referenced_tweets ?? []) as Array<{ type?: string; id?: string }>;
      const note = data.note_tweet as Record<string, unknown> | undefined;
      const created = str(data.created_at);
      const d = created ? new Date(created) : undefined;
      return {
        ok: true,
        preview: {
          format,
          id: str(data.id),
          createdAt: d && !Number.isNaN(d.getTime()) ? d.toISOString().replace('.000Z', 'Z') : undefined,
          text: (() => {
            const t = str(note?.text) ?? str(data.text);
            return t === undefined ? undefined : unescapeEntities(t);
          })(),
          lang: str(data.lang),
          handle: str(author?.username),
          name: str(author?.name),
          client: str(data.source) ? { name: str(data.source)! } : undefined,
          replyTo: refs.find((r) => r.type === 'replied_to')?.id,
          retweetOf: refs.find((r) => r.type === 'retweeted')?.id,
          quoteOf: refs.find((r) => r.type === 'quoted')?.id,
        },
      };
    }
    case 'TWITTER_V1_DELETION': {
      const del = o.delete as Record<string, unknown> | undefined;
      const status = del?.status as Record<string, unknown> | undefined;
      if (!status) return { ok: false, problem: 'notThisFormat' };
      const ms = Number(str(del!.timestamp_ms) ?? del!.timestamp_ms);
      return {
        ok: true,
        preview: {
          format,
          id: idOf(status.id_str, status.id),
          userId: idOf(status.user_id_str, status.user_id),
          deletedAt: Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().replace('.000Z', 'Z') : undefined,
        },
      };
    }
  }
  return { ok: false, problem: 'notThisFormat' };
}
