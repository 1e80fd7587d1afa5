import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { graphql } from '../../gql';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { safeNext, useSession } from '../../session/session';

const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
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

/** A new reader account, signed in at once. */
export default function SignUp() {
  const { t } = useTranslation();
  useDocumentTitle(t('signup.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const [handle, setHandle] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [, signUp] = useMutation(SignUpMutation);
  const { errors, busy, onSubmit, form } = useSubmit(['handle', 'displayName', 'password']);

  return (
    <div className="narrow">
      <h1>{t('signup.title')}</h1>
      <p className="lead">{t('signup.intro')}</p>
      <form
        ref={form}
        noValidate
        className="form"
        onSubmit={onSubmit(async () => {
          const res = await signUp({ input: { handle: handle.trim(), displayName, password } });
          if (!res.error) {
            session.reset();
            navigate(next, { replace: true });
          }
          return res;
        })}
      >
        <FormAlert errors={errors.general} />
        <Field label={t('signup.handle')} name="handle" hint={t('signup.handleHint')} error={errors.fields.handle} required>
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
        <Field label={t('signup.displayName')} name="displayName" error={errors.fields.displayName} required>
          {(p) => (
            <input {...p} type="text" autoComplete="nickname" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          )}
        </Field>
        <Field label={t('signup.password')} name="password" hint={t('signup.passwordHint')} error={errors.fields.password} required>
          {(p) => (
            <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <SubmitButton busy={busy}>{t('signup.submit')}</SubmitButton>
      </form>
      <p>
        {t('signup.haveAccount')}{' '}
        <Link to={`/account/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('session.logIn')}</Link>
      </p>
    </div>
  );
}
