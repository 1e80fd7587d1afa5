import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { CopyButton } from '../../components/CopyButton';
import { DateTime } from '../../components/DateTime';
import { clientError, Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { graphql } from '../../gql';
import { endOfLocalDay } from '../../lib/dates';

export const AccountQuery = graphql(`
  query Account {
    viewer {
      user {
        id
        handle
        displayName
        role
        createdAt
      }
      apiTokens {
        id
        name
        hint
        createdAt
        expiresAt
        lastUsedAt
        revokedAt
      }
    }
  }
`);

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

const CreateTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        name
        hint
        createdAt
        expiresAt
        lastUsedAt
        revokedAt
      }
    }
  }
`);

const RevokeTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`);

/** The viewer's account: who they are, their password and their API tokens. */
export default function Settings() {
  const { t } = useTranslation();
  return (
    <RequireRole min="READER" title={t('account.title')}>
      {() => <AccountPage />}
    </RequireRole>
  );
}

function AccountPage() {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: AccountQuery });
  const viewer = res.data?.viewer;
  if (!viewer) {
    if (res.error && !res.fetching) return <LoadError onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return <Loading />;
  }
  const u = viewer.user;
  return (
    <>
      <h1>{t('account.title')}</h1>
      <section className="panel" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('account.profile')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('account.handle')}</dt>
            <dd>@{u.handle}</dd>
          </div>
          <div>
            <dt>{t('account.displayName')}</dt>
            <dd>{u.displayName}</dd>
          </div>
          <div>
            <dt>{t('account.role')}</dt>
            <dd data-testid="account-role">{t(`role.${u.role}`)}</dd>
          </div>
          <div>
            <dt>{t('account.since')}</dt>
            <dd>
              <DateTime value={u.createdAt} />
            </dd>
          </div>
        </dl>
      </section>
      <ChangePassword />
      <ApiTokens tokens={viewer.apiTokens} />
    </>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [done, setDone] = useState(false);
  const [, change] = useMutation(ChangePasswordMutation);
  const { errors, busy, onSubmit, form } = useSubmit(['currentPassword', 'newPassword']);
  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('account.password')}</h2>
      <p className="hint">{t('account.passwordHint')}</p>
      <form
        ref={form}
        noValidate
        className="form"
        onSubmit={onSubmit(async () => {
          setDone(false);
          const res = await change({ input: { currentPassword, newPassword } });
          if (!res.error) {
            setCurrent('');
            setNew('');
            setDone(true);
          }
          return res;
        })}
      >
        <FormAlert errors={errors.general} />
        <Field label={t('account.currentPassword')} name="currentPassword" error={errors.fields.currentPassword} required>
          {(p) => (
            <input {...p} type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
          )}
        </Field>
        <Field
          label={t('account.newPassword')}
          name="newPassword"
          hint={t('signup.passwordHint')}
          error={errors.fields.newPassword}
          required
        >
          {(p) => <input {...p} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />}
        </Field>
        <SubmitButton busy={busy}>{t('account.changePassword')}</SubmitButton>
        <p role="status" className="form-status">
          {done ? t('account.passwordChanged') : ''}
        </p>
      </form>
    </section>
  );
}

type Token = {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
};

function ApiTokens({ tokens }: { tokens: Token[] }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [secret, setSecret] = useState<{ token: string; name: string } | null>(null);
  const [, create] = useMutation(CreateTokenMutation);
  const [revoking, revoke] = useMutation(RevokeTokenMutation);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const { errors, fail, busy, onSubmit, form } = useSubmit(['name', 'expiresAt']);
  const secretBox = useRef<HTMLDivElement>(null);
  // The secret is shown once: focus goes to it, so it is read out and seen.
  useEffect(() => {
    if (secret) secretBox.current?.focus();
  }, [secret]);
  // The list comes from the cache: a new token makes it fetch the list
  // again, a revoked one comes back with its revokedAt.
  const shown = tokens;

  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('tokens.title')}</h2>
      <p className="hint">{t('tokens.intro')}</p>
      {secret && (
        <div className="secret" data-testid="token-secret" tabIndex={-1} ref={secretBox} aria-labelledby="new-token-heading">
          <h3 id="new-token-heading">{t('tokens.createdNamed', { name: secret.name })}</h3>
          <p>{t('tokens.onlyOnce')}</p>
          <p className="hash">
            <code id="new-token">{secret.token}</code>{' '}
            <CopyButton text={secret.token} label={t('tokens.copy')} copied={t('tokens.copied')} describedBy="new-token" />
          </p>
          <button type="button" className="secondary" onClick={() => setSecret(null)}>
            {t('tokens.hide')}
          </button>
        </div>
      )}
      <form
        ref={form}
        noValidate
        className="form inline-form"
        onSubmit={onSubmit(async () => {
          const expiresAt = endOfLocalDay(expires);
          if (expiresAt === undefined) {
            fail({ expiresAt: clientError(t('evidenceForm.badDate')) });
            return undefined;
          }
          const res = await create({ input: { name: name.trim(), expiresAt } });
          if (res.data) {
            setSecret({ token: res.data.createApiToken.token, name: res.data.createApiToken.apiToken.name });
            setName('');
            setExpires('');
          }
          return res;
        })}
      >
        <h3>{t('tokens.new')}</h3>
        <FormAlert errors={errors.general} />
        <Field label={t('tokens.name')} name="name" hint={t('tokens.nameHint')} error={errors.fields.name} required>
          {(p) => <input {...p} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('tokens.expires')} name="expiresAt" hint={t('tokens.expiresHint')} error={errors.fields.expiresAt} optional>
          {(p) => <input {...p} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}
        </Field>
        <SubmitButton busy={busy}>{t('tokens.create')}</SubmitButton>
      </form>
      <h3>{t('tokens.yours')}</h3>
      {revokeError && (
        <p role="alert" className="field-error">
          {revokeError}
        </p>
      )}
      {shown.length === 0 ? (
        <p>{t('tokens.none')}</p>
      ) : (
        <ul className="token-list" data-testid="token-list">
          {shown.map((tk) => (
            <li key={tk.id} className={tk.revokedAt ? 'revoked' : undefined}>
              <p className="token-name">
                <strong>{tk.name}</strong> <code>…{tk.hint}</code>{' '}
                {tk.revokedAt && <span className="badge badge-retracted">{t('tokens.revoked')}</span>}
              </p>
              <dl className="meta">
                <div>
                  <dt>{t('tokens.createdAt')}</dt>
                  <dd>
                    <DateTime value={tk.createdAt} />
                  </dd>
                </div>
                <div>
                  <dt>{t('tokens.expiresAt')}</dt>
                  <dd>{tk.expiresAt ? <DateTime value={tk.expiresAt} /> : t('tokens.never')}</dd>
                </div>
                <div>
                  <dt>{t('tokens.lastUsed')}</dt>
                  <dd>{tk.lastUsedAt ? <DateTime value={tk.lastUsedAt} /> : t('tokens.notUsed')}</dd>
                </div>
                {tk.revokedAt && (
                  <div>
                    <dt>{t('tokens.revokedAt')}</dt>
                    <dd>
                      <DateTime value={tk.revokedAt} />
                    </dd>
                  </div>
                )}
              </dl>
              {!tk.revokedAt && (
                <button
                  type="button"
                  className="danger"
                  disabled={revoking.fetching}
                  aria-label={t('tokens.revokeNamed', { name: tk.name })}
                  onClick={async () => {
                    if (!window.confirm(t('tokens.confirmRevoke', { name: tk.name }))) return;
                    setRevokeError(null);
                    const res = await revoke({ id: tk.id });
                    if (res.error) setRevokeError(t('tokens.revokeFailed'));
                  }}
                >
                  {t('tokens.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
