import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { graphql } from '../../gql';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { safeNext, useSession } from '../../session/session';

const LogInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      viewer {
        user {
          id
          handle
          role
        }
      }
    }
  }
`);

/** Log in with handle and password; then back to where the reader was. */
export default function LogIn() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [, logIn] = useMutation(LogInMutation);
  const { errors, busy, onSubmit, form } = useSubmit(['handle', 'password']);

  return (
    <div className="narrow">
      <h1>{t('login.title')}</h1>
      <form
        ref={form}
        noValidate
        className="form"
        onSubmit={onSubmit(async () => {
          const res = await logIn({ input: { handle: handle.trim(), password } });
          if (!res.error) {
            session.reset();
            navigate(next, { replace: true });
          }
          return res;
        })}
      >
        <FormAlert errors={errors.general} />
        <Field label={t('login.handle')} name="handle" error={errors.fields.handle} required>
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={handle}
              onChange={(e) => setHandle(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('login.password')} name="password" error={errors.fields.password} required>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <SubmitButton busy={busy}>{t('login.submit')}</SubmitButton>
      </form>
      <p>
        {t('login.noAccount')}{' '}
        <Link to={`/account/signup${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('session.signUp')}</Link>
      </p>
    </div>
  );
}
