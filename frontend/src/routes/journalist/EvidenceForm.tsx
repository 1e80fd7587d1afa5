import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Choices, clientError, Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { graphql } from '../../gql';
import type { EvidenceKind, EvidenceStance, Precision, UpdateEvidenceInput } from '../../gql/graphql';
import { type Progress, progressFetch } from '../../graphql/upload';
import { intlLocale } from '../../i18n';
import { dateInputToUTC, inputTypeFor, utcToDateInput, viewerTimeZone } from '../../lib/dates';
import { formatBytes } from '../../lib/format';
import { atLeast, type ViewerUser } from '../../session/session';
import NotFound from '../NotFound';

export const evidenceKinds: EvidenceKind[] = [
  'DELETED_POST',
  'TIMING',
  'CLIENT_METADATA',
  'TESTIMONY',
  'PRIOR_INCIDENT',
  'SOCIAL_REACTION',
  'SCREENSHOT',
  'ARCHIVE',
  'DOCUMENT',
  'OTHER',
];
export const stances: EvidenceStance[] = ['SUPPORTS', 'REFUTES', 'CONTEXT'];
export const precisions: Precision[] = ['EXACT', 'DAY', 'MONTH', 'YEAR'];

export const EvidenceFormClaimQuery = graphql(`
  query EvidenceFormClaim($id: ID!) {
    node(id: $id) {
      __typename
      ... on Claim {
        id
        text
        lang
      }
    }
  }
`);

export const EvidenceToReviseQuery = graphql(`
  query EvidenceToRevise($id: ID!) {
    node(id: $id) {
      __typename
      ... on Evidence {
        id
        kind
        stance
        summary
        body
        sourceURL
        archiveURL
        observedAt
        observedPrecision
        confidenceNote
        status
        revision
        claimID
        submitter {
          id
        }
        claim {
          id
          text
          lang
        }
        attachments {
          id
          filename
          size
        }
      }
    }
  }
`);

export const AddEvidenceMutation = graphql(`
  mutation AddEvidence($input: CreateEvidenceInput!, $attachments: [Upload!]) {
    addEvidence(input: $input, attachments: $attachments) {
      id
      claimID
      status
      sha256
      attachments {
        id
        filename
      }
    }
  }
`);

export const ReviseEvidenceMutation = graphql(`
  mutation ReviseEvidence($id: ID!, $input: UpdateEvidenceInput!, $note: String!, $attachments: [Upload!]) {
    reviseEvidence(id: $id, input: $input, note: $note, attachments: $attachments) {
      id
      claimID
      status
      revision
      sha256
      attachments {
        id
        filename
      }
    }
  }
`);

const fieldNames = [
  'kind',
  'stance',
  'summary',
  'body',
  'sourceURL',
  'archiveURL',
  'observedAt',
  'observedPrecision',
  'confidenceNote',
  'attachments',
  'note',
] as const;

type Values = {
  kind: EvidenceKind;
  stance: EvidenceStance;
  summary: string;
  body: string;
  sourceURL: string;
  archiveURL: string;
  observedAt: string;
  observedPrecision: Precision;
  confidenceNote: string;
};

const empty: Values = {
  kind: 'DOCUMENT',
  stance: 'CONTEXT',
  summary: '',
  body: '',
  sourceURL: '',
  archiveURL: '',
  observedAt: '',
  observedPrecision: 'EXACT',
  confidenceNote: '',
};

/** Submit evidence on a claim: any signed-in user (a reader's waits for an editor). */
export function AddEvidencePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <RequireRole min="READER" title={t('evidenceForm.addTitle')}>
      {(user) => <AddEvidence claimId={id} user={user} />}
    </RequireRole>
  );
}

function AddEvidence({ claimId, user }: { claimId: string; user: ViewerUser }) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: EvidenceFormClaimQuery, variables: { id: claimId } });
  if (!res.data) {
    if (res.error && !res.fetching) return <LoadError onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return <Loading />;
  }
  const claim = res.data.node?.__typename === 'Claim' ? res.data.node : undefined;
  if (!claim) return <NotFound detail={t('notFound.claim')} />;
  return (
    <>
      <h1>{t('evidenceForm.addTitle')}</h1>
      <ClaimContext claim={claim} />
      <p className="lead">{atLeast(user.role, 'JOURNALIST') ? t('evidenceForm.publishedAtOnce') : t('evidenceForm.waitsForEditor')}</p>
      <EvidenceForm claimId={claim.id} initial={empty} />
    </>
  );
}

/** Revise an item (its submitting journalist, or an editor): a new revision with a note. */
export function ReviseEvidencePage() {
  const { t } = useTranslation();
  const { evidenceId = '' } = useParams();
  return (
    <RequireRole min="JOURNALIST" title={t('evidenceForm.reviseTitle')}>
      {() => <ReviseEvidence evidenceId={evidenceId} />}
    </RequireRole>
  );
}

function ReviseEvidence({ evidenceId }: { evidenceId: string }) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: EvidenceToReviseQuery, variables: { id: evidenceId } });
  if (!res.data) {
    if (res.error && !res.fetching) return <LoadError onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return <Loading />;
  }
  const e = res.data.node?.__typename === 'Evidence' ? res.data.node : undefined;
  if (!e) return <NotFound detail={t('notFound.evidence')} />;
  const initial: Values = {
    kind: e.kind,
    stance: e.stance,
    summary: e.summary,
    body: e.body ?? '',
    sourceURL: e.sourceURL ?? '',
    archiveURL: e.archiveURL ?? '',
    observedAt: utcToDateInput(e.observedAt, e.observedPrecision),
    observedPrecision: e.observedPrecision,
    confidenceNote: e.confidenceNote ?? '',
  };
  return (
    <>
      <h1>{t('evidenceForm.reviseTitle')}</h1>
      <ClaimContext claim={e.claim} />
      <p className="lead">{t('evidenceForm.reviseIntro', { n: e.revision })}</p>
      {(e.attachments?.length ?? 0) > 0 && (
        <p>
          {t('evidenceForm.keptFiles')} {e.attachments!.map((a) => a.filename).join(', ')}
        </p>
      )}
      <EvidenceForm claimId={e.claim.id} initial={initial} reviseId={e.id} />
    </>
  );
}

function ClaimContext({ claim }: { claim: { id: string; text: string; lang: string } }) {
  const { t } = useTranslation();
  return (
    <p className="claim-context">
      <span className="label">{t('evidenceForm.onClaim')} </span>
      <Link to={`/claims/${encodeURIComponent(claim.id)}`} lang={claim.lang}>
        {claim.text}
      </Link>
    </p>
  );
}

type Done = { id: string; status: string; sha256?: string | null; files: number };

function EvidenceForm({ claimId, initial, reviseId }: { claimId: string; initial: Values; reviseId?: string }) {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState<Values>(initial);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [, add] = useMutation(AddEvidenceMutation);
  const [, revise] = useMutation(ReviseEvidenceMutation);
  const { errors, fail, busy, onSubmit, form } = useSubmit(fieldNames);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((old) => ({ ...old, [k]: value }));
  const locale = intlLocale(i18n.language);

  if (done) {
    return (
      <div className="panel success" role="status" data-testid="evidence-done">
        <h2>{reviseId ? t('evidenceForm.revised') : done.status === 'PENDING' ? t('evidenceForm.pending') : t('evidenceForm.added')}</h2>
        {done.sha256 && (
          <p>
            {t('evidence.sha256')}: <code>{done.sha256}</code>
          </p>
        )}
        {done.files > 0 && <p>{t('evidenceForm.filesStored', { count: done.files })}</p>}
        <p className="actions">
          <Link to={`/claims/${encodeURIComponent(claimId)}`}>{t('evidenceForm.backToClaim')}</Link>
          <Link to="/account/submissions">{t('nav.submissions')}</Link>
        </p>
      </div>
    );
  }

  const trimmed = (s: string) => s.trim();
  const orNull = (s: string) => (s.trim() ? s.trim() : null);

  return (
    <form
      ref={form}
      noValidate
      className="form"
      data-testid="evidence-form"
      onSubmit={onSubmit(async () => {
        const observedAt = dateInputToUTC(v.observedAt, v.observedPrecision);
        if (observedAt === undefined) {
          fail({ observedAt: clientError(t('evidenceForm.badDate')) });
          return undefined;
        }
        if (reviseId && !note.trim()) {
          fail({ note: clientError(t('evidenceForm.noteNeeded')) });
          return undefined;
        }
        setProgress(files.length ? { loaded: 0, total: 1 } : null);
        const context = files.length ? { fetch: progressFetch(setProgress) } : undefined;
        const attachments = files.length ? files : null;
        if (reviseId) {
          const input: UpdateEvidenceInput = {
            kind: v.kind,
            stance: v.stance,
            summary: trimmed(v.summary),
            observedPrecision: v.observedPrecision,
          };
          const optional = [
            ['body', 'clearBody'],
            ['sourceURL', 'clearSourceURL'],
            ['archiveURL', 'clearArchiveURL'],
            ['confidenceNote', 'clearConfidenceNote'],
          ] as const;
          for (const [k, clear] of optional) {
            const value = orNull(v[k]);
            if (value !== null) input[k] = value;
            else if (initial[k]) input[clear] = true;
          }
          if (observedAt) input.observedAt = observedAt;
          else if (initial.observedAt) input.clearObservedAt = true;
          const res = await revise({ id: reviseId, input, note: note.trim(), attachments }, context);
          if (res.data) {
            const r = res.data.reviseEvidence;
            setDone({ id: r.id, status: r.status, sha256: r.sha256, files: files.length });
          }
          return res;
        }
        const res = await add(
          {
            input: {
              claimID: claimId,
              kind: v.kind,
              stance: v.stance,
              summary: trimmed(v.summary),
              body: orNull(v.body),
              sourceURL: orNull(v.sourceURL),
              archiveURL: orNull(v.archiveURL),
              observedAt: observedAt ?? null,
              observedPrecision: observedAt ? v.observedPrecision : null,
              confidenceNote: orNull(v.confidenceNote),
            },
            attachments,
          },
          context,
        );
        if (res.data) {
          const r = res.data.addEvidence;
          setDone({ id: r.id, status: r.status, sha256: r.sha256, files: r.attachments?.length ?? 0 });
        }
        return res;
      })}
    >
      <FormAlert errors={errors.general} />
      <Field label={t('evidenceForm.kind')} name="kind" error={errors.fields.kind} required>
        {(p) => (
          <select {...p} value={v.kind} onChange={(e) => set('kind', e.target.value as EvidenceKind)}>
            {evidenceKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Choices legend={t('evidenceForm.stance')} name="stance" error={errors.fields.stance}>
        {stances.map((s) => (
          <label key={s} className="choice">
            <input type="radio" name="stance" value={s} checked={v.stance === s} onChange={() => set('stance', s)} />{' '}
            {t(`stance.${s}`)} <span className="hint-inline">— {t(`stanceHint.${s}`)}</span>
          </label>
        ))}
      </Choices>
      <Field label={t('evidenceForm.summary')} name="summary" hint={t('evidenceForm.summaryHint')} error={errors.fields.summary} required>
        {(p) => <textarea {...p} rows={3} value={v.summary} onChange={(e) => set('summary', e.target.value)} />}
      </Field>
      <Field label={t('evidenceForm.body')} name="body" hint={t('evidenceForm.bodyHint')} error={errors.fields.body} optional>
        {(p) => <textarea {...p} rows={6} value={v.body} onChange={(e) => set('body', e.target.value)} />}
      </Field>
      <Field label={t('evidenceForm.sourceURL')} name="sourceURL" hint={t('evidenceForm.urlHint')} error={errors.fields.sourceURL} optional>
        {(p) => <input {...p} type="url" inputMode="url" value={v.sourceURL} onChange={(e) => set('sourceURL', e.target.value)} />}
      </Field>
      <Field label={t('evidenceForm.archiveURL')} name="archiveURL" hint={t('evidenceForm.archiveHint')} error={errors.fields.archiveURL} optional>
        {(p) => <input {...p} type="url" inputMode="url" value={v.archiveURL} onChange={(e) => set('archiveURL', e.target.value)} />}
      </Field>
      <fieldset className="group">
        <legend>{t('evidenceForm.when')}</legend>
        <Field label={t('evidenceForm.precision')} name="observedPrecision" error={errors.fields.observedPrecision}>
          {(p) => (
            <select
              {...p}
              value={v.observedPrecision}
              onChange={(e) => {
                const next = e.target.value as Precision;
                const at = dateInputToUTC(v.observedAt, v.observedPrecision);
                setV((old) => ({ ...old, observedPrecision: next, observedAt: at ? utcToDateInput(at, next) : '' }));
              }}
            >
              {precisions.map((pr) => (
                <option key={pr} value={pr}>
                  {t(`precision.${pr}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('evidenceForm.observedAt')}
          name="observedAt"
          hint={
            v.observedPrecision === 'EXACT'
              ? t('evidenceForm.observedExactHint', { zone: viewerTimeZone() })
              : t(`evidenceForm.observedHint.${v.observedPrecision}`)
          }
          error={errors.fields.observedAt}
          optional
        >
          {(p) => (
            <input
              {...p}
              type={inputTypeFor(v.observedPrecision)}
              {...(v.observedPrecision === 'YEAR' ? { min: 1900, max: 2100, inputMode: 'numeric' as const } : {})}
              value={v.observedAt}
              onChange={(e) => set('observedAt', e.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <Field
        label={t('evidenceForm.confidence')}
        name="confidenceNote"
        hint={t('evidenceForm.confidenceHint')}
        error={errors.fields.confidenceNote}
        optional
      >
        {(p) => <textarea {...p} rows={2} value={v.confidenceNote} onChange={(e) => set('confidenceNote', e.target.value)} />}
      </Field>
      <Field
        label={reviseId ? t('evidenceForm.moreFiles') : t('evidenceForm.files')}
        name="attachments"
        hint={t('evidenceForm.filesHint')}
        error={errors.fields.attachments}
        optional
      >
        {(p) => (
          <input
            {...p}
            type="file"
            multiple
            onChange={(e) => setFiles(e.target.files ? Array.from(e.target.files) : [])}
          />
        )}
      </Field>
      {files.length > 0 && (
        <ul className="file-list" data-testid="chosen-files">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {f.name} <span className="muted">({formatBytes(f.size, locale)})</span>
            </li>
          ))}
        </ul>
      )}
      {reviseId && (
        <Field label={t('evidenceForm.note')} name="note" hint={t('evidenceForm.noteHint')} error={errors.fields.note} required>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
      )}
      {busy && progress && <UploadProgress progress={progress} />}
      <SubmitButton busy={busy}>{reviseId ? t('evidenceForm.saveRevision') : t('evidenceForm.submit')}</SubmitButton>
    </form>
  );
}

/** The upload's progress, as a bar and in words. */
export function UploadProgress({ progress }: { progress: Progress }) {
  const { t, i18n } = useTranslation();
  const share = progress.total ? Math.min(1, progress.loaded / progress.total) : 0;
  const pct = new Intl.NumberFormat(intlLocale(i18n.language), { style: 'percent', maximumFractionDigits: 0 }).format(share);
  return (
    <div className="upload-progress" data-testid="upload-progress">
      <label>
        {t('evidenceForm.uploading')} <progress max={1} value={share} /> <span aria-hidden="true">{pct}</span>
      </label>
      <span className="visually-hidden" role="status">
        {share >= 1 ? t('evidenceForm.uploaded') : ''}
      </span>
    </div>
  );
}
