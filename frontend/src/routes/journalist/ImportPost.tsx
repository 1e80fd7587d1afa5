import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DateTime } from '../../components/DateTime';
import { Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { NotRecorded, OrNotRecorded } from '../../components/NotRecorded';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { ExternalLink } from '../../components/ExternalLink';
import { graphql } from '../../gql';
import type { ImportPostMutation as ImportPostResult, PostFormat } from '../../gql/graphql';
import { type Progress, progressFetch } from '../../graphql/upload';
import { detectFormat, type PostPreview, previewPost } from '../../lib/postPreview';
import NotFound from '../NotFound';
import { EvidenceFormClaimQuery, UploadProgress } from './EvidenceForm';

export const postFormats: PostFormat[] = ['TWITTER_V1', 'TWITTER_V2', 'ARCHIVE_HTML', 'TWITTER_V1_DELETION'];

export const ImportPostMutation = graphql(`
  mutation ImportPost($input: ImportPostInput!) {
    importPost(input: $input) {
      created
      statement {
        id
        text
        postedAt
        deleted
        deletedAt
        client
        platformID
        url
        account {
          id
          handle
        }
      }
      evidence {
        id
        kind
        summary
        status
      }
    }
  }
`);

/** Import a post (or a deletion notice) from its JSON or archived page, with a preview first. */
export default function ImportPostPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <RequireRole min="JOURNALIST" title={t('import.title')}>
      {() => <ImportPost claimId={id} />}
    </RequireRole>
  );
}

function ImportPost({ claimId }: { claimId: string }) {
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
      <h1>{t('import.title')}</h1>
      <p className="claim-context">
        <span className="label">{t('evidenceForm.onClaim')} </span>
        <Link to={`/claims/${encodeURIComponent(claim.id)}`} lang={claim.lang}>
          {claim.text}
        </Link>
      </p>
      <p className="lead">{t('import.intro')}</p>
      <ImportForm claimId={claim.id} />
    </>
  );
}

type Result = ImportPostResult['importPost'];

function ImportForm({ claimId }: { claimId: string }) {
  const { t } = useTranslation();
  const [payload, setPayload] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<PostFormat>('TWITTER_V1');
  const [formatTouched, setFormatTouched] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [, importPost] = useMutation(ImportPostMutation);
  const { errors, busy, onSubmit, form } = useSubmit(['payload', 'payloadFile', 'format', 'claimID']);
  const preview = useMemo(() => (file ? null : previewPost(format, payload)), [format, payload, file]);

  if (result) {
    return <ImportResult result={result} claimId={claimId} onAgain={() => setResult(null)} />;
  }

  return (
    <form
      ref={form}
      noValidate
      className="form"
      data-testid="import-form"
      onSubmit={onSubmit(async () => {
        setProgress(file ? { loaded: 0, total: 1 } : null);
        const res = await importPost(
          { input: { claimID: claimId, format, ...(file ? { payloadFile: file } : { payload }) } },
          file ? { fetch: progressFetch(setProgress) } : undefined,
        );
        if (res.data) setResult(res.data.importPost);
        return res;
      })}
    >
      <FormAlert errors={errors.general} />
      <Field label={t('import.format')} name="format" hint={formatTouched ? undefined : t('import.formatAuto')} error={errors.fields.format}>
        {(p) => (
          <select
            {...p}
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as PostFormat);
              setFormatTouched(true);
            }}
          >
            {postFormats.map((f) => (
              <option key={f} value={f}>
                {t(`postFormat.${f}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('import.payload')} name="payload" hint={t('import.payloadHint')} error={errors.fields.payload}>
        {(p) => (
          <textarea
            {...p}
            rows={10}
            spellCheck={false}
            className="code"
            value={payload}
            disabled={!!file}
            onChange={(e) => {
              const text = e.target.value;
              setPayload(text);
              if (!formatTouched) {
                const detected = detectFormat(text);
                if (detected) setFormat(detected);
              }
            }}
          />
        )}
      </Field>
      <Field label={t('import.file')} name="payloadFile" hint={t('import.fileHint')} error={errors.fields.payloadFile} optional>
        {(p) => (
          <input
            {...p}
            type="file"
            accept=".json,.html,.htm,application/json,text/html"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      <section className="panel preview" aria-labelledby="preview-heading" data-testid="import-preview" aria-live="polite">
        <h2 id="preview-heading">{t('import.preview')}</h2>
        {file ? (
          <p>{t('import.previewFile', { name: file.name })}</p>
        ) : !preview || (!preview.ok && preview.problem === 'empty') ? (
          <p className="hint">{t('import.previewEmpty')}</p>
        ) : !preview.ok ? (
          <p className={preview.problem === 'serverOnly' ? 'hint' : 'field-error'} data-testid="preview-problem">
            {t(`import.problem.${preview.problem}`)}
            {preview.detail && (
              <>
                {' '}
                <span lang="en">({preview.detail})</span>
              </>
            )}
          </p>
        ) : (
          <PreviewFacts p={preview.preview} />
        )}
      </section>
      {busy && progress && <UploadProgress progress={progress} />}
      <SubmitButton busy={busy}>{t('import.submit')}</SubmitButton>
    </form>
  );
}

function PreviewFacts({ p }: { p: PostPreview }) {
  const { t } = useTranslation();
  if (p.format === 'TWITTER_V1_DELETION') {
    return (
      <dl className="facts compact">
        <div>
          <dt>{t('import.deletedPost')}</dt>
          <dd data-testid="preview-id">
            <OrNotRecorded value={p.id} />
          </dd>
        </div>
        <div>
          <dt>{t('import.deletedAt')}</dt>
          <dd data-testid="preview-deleted-at">
            <DateTime value={p.deletedAt} />
          </dd>
        </div>
      </dl>
    );
  }
  return (
    <dl className="facts compact">
      <div>
        <dt>{t('import.postedAt')}</dt>
        <dd data-testid="preview-created-at">
          <DateTime value={p.createdAt} />
        </dd>
      </div>
      <div>
        <dt>{t('import.author')}</dt>
        <dd data-testid="preview-author">
          {p.handle ? (
            <>
              {p.name && <>{p.name} </>}@{p.handle}
            </>
          ) : (
            <NotRecorded />
          )}
        </dd>
      </div>
      <div>
        <dt>{t('import.text')}</dt>
        <dd data-testid="preview-text">
          {p.text !== undefined ? (
            <blockquote className="statement-text" lang={p.lang}>
              {p.text}
            </blockquote>
          ) : (
            <NotRecorded />
          )}
          {p.truncated && <p className="hint">{t('import.truncated')}</p>}
        </dd>
      </div>
      <div>
        <dt>{t('import.client')}</dt>
        <dd data-testid="preview-client">
          {p.client ? (
            <>
              {p.client.name}
              {p.client.url && (
                <>
                  {' '}
                  (<ExternalLink href={p.client.url} />)
                </>
              )}
            </>
          ) : (
            <NotRecorded />
          )}
        </dd>
      </div>
      <div>
        <dt>{t('import.postId')}</dt>
        <dd data-testid="preview-id">
          <OrNotRecorded value={p.id} />
        </dd>
      </div>
      <div>
        <dt>{t('import.lang')}</dt>
        <dd>
          <OrNotRecorded value={p.lang} />
        </dd>
      </div>
      {(p.replyTo || p.retweetOf || p.quoteOf) && (
        <div>
          <dt>{t('import.refs')}</dt>
          <dd>
            {p.replyTo && <p>{t('import.replyTo', { id: p.replyTo })}</p>}
            {p.retweetOf && <p>{t('import.retweetOf', { id: p.retweetOf })}</p>}
            {p.quoteOf && <p>{t('import.quoteOf', { id: p.quoteOf })}</p>}
          </dd>
        </div>
      )}
      {p.client && (
        <div>
          <dt>{t('import.willAdd')}</dt>
          <dd>{t('import.willAddClient', { client: p.client.name })}</dd>
        </div>
      )}
    </dl>
  );
}

function ImportResult({ result, claimId, onAgain }: { result: Result; claimId: string; onAgain: () => void }) {
  const { t } = useTranslation();
  const s = result.statement;
  return (
    <div className="panel success" role="status" data-testid="import-result">
      <h2>{result.created ? t('import.done') : t('import.nothingNew')}</h2>
      <dl className="facts compact">
        <div>
          <dt>{t('import.account')}</dt>
          <dd>@{s.account.handle}</dd>
        </div>
        <div>
          <dt>{t('import.postedAt')}</dt>
          <dd>
            <DateTime value={s.postedAt} />
          </dd>
        </div>
        <div>
          <dt>{t('import.client')}</dt>
          <dd data-testid="result-client">
            <OrNotRecorded value={s.client} />
          </dd>
        </div>
        <div>
          <dt>{t('import.postId')}</dt>
          <dd>
            <OrNotRecorded value={s.platformID} />
          </dd>
        </div>
        {s.deleted && (
          <div>
            <dt>{t('import.deletedAt')}</dt>
            <dd>
              <DateTime value={s.deletedAt} />
            </dd>
          </div>
        )}
      </dl>
      <h3>{t('import.evidence', { count: result.evidence.length })}</h3>
      <ul data-testid="import-evidence">
        {result.evidence.map((e) => (
          <li key={e.id}>
            <span className="badge badge-kind">{t(`kind.${e.kind}`)}</span> {e.summary}
          </li>
        ))}
      </ul>
      <p className="actions">
        <Link to={`/claims/${encodeURIComponent(claimId)}`}>{t('evidenceForm.backToClaim')}</Link>
        <button type="button" className="secondary" onClick={onAgain}>
          {t('import.another')}
        </button>
      </p>
    </div>
  );
}
