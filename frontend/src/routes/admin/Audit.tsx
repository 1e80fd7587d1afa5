import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DateTime } from '../../components/DateTime';
import { Field } from '../../components/Form';
import { LoadMoreOf } from '../../components/LoadMore';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { graphql } from '../../gql';
import type { AuditEventWhereInput } from '../../gql/graphql';
import { endOfLocalDay } from '../../lib/dates';
import { usePagedQuery } from '../../lib/usePagedQuery';

export const AUDIT_PAGE = 25;

export const AuditQuery = graphql(`
  query Audit($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {
    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          id
          createdAt
          actorID
          actorRole
          action
          entityType
          entityID
          before
          after
          requestID
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// The audited entities (ent/schema: the types with the audit mixin).
export const entityTypes = ['Account', 'Actor', 'APIToken', 'Attachment', 'Claim', 'Evidence', 'EvidenceRevision', 'Review', 'Session', 'Statement', 'User', 'Verdict'];

type Filters = { action: string; entityType: string; entityID: string; actor: string; from: string; to: string; request: string };
const filterKeys: Array<keyof Filters> = ['action', 'entityType', 'entityID', 'actor', 'from', 'to', 'request'];

function filtersFrom(params: URLSearchParams): Filters {
  return Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

/** The where filter for the API from the form's filters. */
export function auditWhere(f: Filters): AuditEventWhereInput | null {
  const w: AuditEventWhereInput = {};
  if (f.action.trim()) w.actionContainsFold = f.action.trim();
  if (f.entityType) w.entityType = f.entityType;
  if (/^\d+$/.test(f.entityID.trim())) w.entityID = f.entityID.trim();
  if (/^\d+$/.test(f.actor.trim())) w.actorID = f.actor.trim();
  if (f.request.trim()) w.requestID = f.request.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.from)) w.createdAtGTE = new Date(`${f.from}T00:00:00`).toISOString();
  const to = endOfLocalDay(f.to);
  if (to) w.createdAtLTE = to;
  return Object.keys(w).length ? w : null;
}

/** Admins: who changed what, when, with the values before and after; filterable. */
export default function Audit() {
  const { t } = useTranslation();
  return (
    <RequireRole min="ADMIN" title={t('audit.title')}>
      {() => <AuditLog />}
    </RequireRole>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const applied = filtersFrom(params);
  const [draft, setDraft] = useState<Filters>(applied);
  const where = auditWhere(applied);
  // A new filter is a new list (usePagedQuery starts again from page one).
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.intro')}</p>
      <form
        className="form filters"
        role="search"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          for (const k of filterKeys) if (draft[k].trim()) next.set(k, draft[k].trim());
          setParams(next);
        }}
      >
        <Field label={t('audit.action')} name="action" hint={t('audit.actionHint')}>
          {(p) => <input {...p} type="text" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} />}
        </Field>
        <Field label={t('audit.entityType')} name="entityType">
          {(p) => (
            <select {...p} value={draft.entityType} onChange={(e) => setDraft({ ...draft, entityType: e.target.value })}>
              <option value="">{t('audit.any')}</option>
              {entityTypes.map((et) => (
                <option key={et} value={et}>
                  {et}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('audit.entityID')} name="entityID">
          {(p) => <input {...p} type="text" inputMode="numeric" value={draft.entityID} onChange={(e) => setDraft({ ...draft, entityID: e.target.value })} />}
        </Field>
        <Field label={t('audit.actor')} name="actor" hint={t('audit.actorHint')}>
          {(p) => <input {...p} type="text" inputMode="numeric" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />}
        </Field>
        <Field label={t('audit.from')} name="from">
          {(p) => <input {...p} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
        </Field>
        <Field label={t('audit.to')} name="to">
          {(p) => <input {...p} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />}
        </Field>
        <Field label={t('audit.request')} name="request">
          {(p) => <input {...p} type="text" value={draft.request} onChange={(e) => setDraft({ ...draft, request: e.target.value })} />}
        </Field>
        <div className="actions">
          <button type="submit">{t('audit.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(filtersFrom(new URLSearchParams()));
              setParams(new URLSearchParams());
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <AuditEvents key={JSON.stringify(where)} where={where} />
    </>
  );
}

function AuditEvents({ where }: { where: AuditEventWhereInput | null }) {
  const { t } = useTranslation();
  const q = usePagedQuery(AuditQuery, { first: AUDIT_PAGE, where });
  const conn = q.data?.auditEvents;
  const events = (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (!conn) return q.error && !q.fetching ? <LoadError onRetry={q.retry} /> : <Loading />;
  if (events.length === 0) return <p role="status">{t('audit.none')}</p>;
  return (
    <>
      <ol className="audit" data-testid="audit-events">
        {events.map((e) => (
          <li key={e.id} className="card" data-testid="audit-event">
            <h2 className="card-title audit-title">
              <code className="audit-action">{e.action}</code> <span className="muted">{e.entityType}</span>
              {e.entityID && <span className="muted"> #{e.entityID}</span>}
            </h2>
            <dl className="meta">
              <div>
                <dt>{t('audit.when')}</dt>
                <dd>
                  <DateTime value={e.createdAt} />
                </dd>
              </div>
              <div>
                <dt>{t('audit.who')}</dt>
                <dd>
                  {e.actorID ? `#${e.actorID}` : t('audit.system')}
                  {e.actorRole && <> ({e.actorRole})</>}
                </dd>
              </div>
              {e.requestID && (
                <div>
                  <dt>{t('audit.requestShort')}</dt>
                  <dd>
                    <code>{e.requestID}</code>
                  </dd>
                </div>
              )}
            </dl>
            {(e.before != null || e.after != null) && (
              <details>
                <summary>{t('audit.changes')}</summary>
                <div className="audit-diff">
                  {e.before != null && (
                    <div>
                      <h3 className="small-heading">{t('audit.before')}</h3>
                      <pre>{JSON.stringify(e.before, null, 2)}</pre>
                    </div>
                  )}
                  {e.after != null && (
                    <div>
                      <h3 className="small-heading">{t('audit.after')}</h3>
                      <pre>{JSON.stringify(e.after, null, 2)}</pre>
                    </div>
                  )}
                </div>
              </details>
            )}
          </li>
        ))}
      </ol>
      <LoadMoreOf shown={events.length} conn={conn} query={q} />
    </>
  );
}
