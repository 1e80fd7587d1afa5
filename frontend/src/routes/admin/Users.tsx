import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DateTime } from '../../components/DateTime';
import { ApiMessage, Field } from '../../components/Form';
import { LoadMore } from '../../components/LoadMore';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { getFragmentData, graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { apiErrors } from '../../graphql/errors';
import { usePagedQuery } from '../../lib/usePagedQuery';
import type { ViewerUser } from '../../session/session';

export const USERS_PAGE = 50;
export const roles: UserRole[] = ['READER', 'JOURNALIST', 'EDITOR', 'ADMIN'];

// There is no list of users in the API yet: the audit log records every
// account's creation (signUp, or User.OpCreate for accounts the system
// made), so the accounts are found there and read with nodes(ids).
export const UserCreationsQuery = graphql(`
  query UserCreations($first: Int!, $after: Cursor) {
    auditEvents(
      first: $first
      after: $after
      where: { entityType: "User", actionIn: ["signUp", "User.OpCreate"] }
      orderBy: { field: CREATED_AT, direction: DESC }
    ) {
      totalCount
      edges {
        node {
          id
          entityID
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const UsersByIdQuery = graphql(`
  query UsersById($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on User {
        ...AdminUser_user
      }
    }
  }
`);

export const AdminUserFragment = graphql(`
  fragment AdminUser_user on User {
    id
    handle
    displayName
    role
    disabled
    createdAt
  }
`);

export const UserByIdQuery = graphql(`
  query UserById($id: ID!) {
    node(id: $id) {
      __typename
      ... on User {
        ...AdminUser_user
      }
    }
  }
`);

const SetRoleMutation = graphql(`
  mutation SetUserRole($userId: ID!, $role: UserRole!) {
    setUserRole(userId: $userId, role: $role) {
      id
      role
      updatedAt
    }
  }
`);

const SetDisabledMutation = graphql(`
  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {
    setUserDisabled(userId: $userId, disabled: $disabled) {
      id
      disabled
      updatedAt
    }
  }
`);

type AdminUser = { id: string; handle: string; displayName: string; role: UserRole; disabled: boolean; createdAt: string };

/** Admins: every account, its role, and whether it is disabled. */
export default function Users() {
  const { t } = useTranslation();
  return (
    <RequireRole min="ADMIN" title={t('users.title')}>
      {(me) => <UserList me={me} />}
    </RequireRole>
  );
}

function UserList({ me }: { me: ViewerUser }) {
  const { t } = useTranslation();
  const created = usePagedQuery(UserCreationsQuery, { first: USERS_PAGE });
  const conn = created.data?.auditEvents;
  const ids = [...new Set((conn?.edges ?? []).flatMap((e) => (e?.node?.entityID ? [e.node.entityID] : [])))];
  const [users, reexecute] = useQuery({ query: UsersByIdQuery, variables: { ids }, pause: ids.length === 0 });
  const list = (users.data?.nodes ?? []).flatMap((n) => (n?.__typename === 'User' ? [getFragmentData(AdminUserFragment, n)] : []));
  return (
    <>
      <h1>{t('users.title')}</h1>
      <p className="lead">{t('users.intro')}</p>
      <FindUser me={me} />
      {(!conn || (ids.length > 0 && !users.data)) && (created.fetching || users.fetching) && <Loading />}
      {((!conn && created.error && !created.fetching) || (users.error && !users.fetching && !users.data)) && (
        <LoadError
          onRetry={() => {
            created.retry();
            reexecute({ requestPolicy: 'network-only' });
          }}
        />
      )}
      {conn && list.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="users" data-testid="users">
              <caption className="visually-hidden">{t('users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.user')}</th>
                  <th scope="col">{t('users.since')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('users.access')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <UserRow key={u.id} user={u} me={me} />
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore
            shown={ids.length}
            total={conn.totalCount}
            hasNextPage={conn.pageInfo.hasNextPage}
            fetching={created.fetching}
            failed={!!created.error}
            onLoadMore={() => created.loadMore(conn.pageInfo.endCursor)}
          />
        </>
      )}
    </>
  );
}

/** Looks an account up by its id (as the audit log names it). */
function FindUser({ me }: { me: ViewerUser }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [id, setId] = useState('');
  const [res] = useQuery({ query: UserByIdQuery, variables: { id }, pause: !id });
  const found = res.data?.node?.__typename === 'User' ? getFragmentData(AdminUserFragment, res.data.node) : null;
  return (
    <section className="panel" aria-labelledby="find-user-heading">
      <h2 id="find-user-heading">{t('users.find')}</h2>
      <form
        className="form inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setId(value.trim());
        }}
      >
        <Field label={t('users.id')} name="id" hint={t('users.idHint')}>
          {(p) => <input {...p} type="text" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
        <button type="submit">{t('users.lookUp')}</button>
      </form>
      {id && res.data && !found && <p role="status">{t('users.notFound')}</p>}
      {found && (
        <div className="table-scroll">
          <table className="users">
            <caption className="visually-hidden">{t('users.find')}</caption>
            <tbody>
              <UserRow user={found} me={me} />
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function UserRow({ user: u, me }: { user: AdminUser; me: ViewerUser }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<UserRole>(u.role);
  const [roleState, setRoleMutation] = useMutation(SetRoleMutation);
  const [disabledState, setDisabledMutation] = useMutation(SetDisabledMutation);
  const [status, setStatus] = useState('');
  const self = u.id === me.id;
  const error = apiErrors(roleState.error)[0] ?? apiErrors(disabledState.error)[0];
  const roleId = `role-${u.id}`;
  return (
    <tr data-testid="user-row" className={u.disabled ? 'disabled-user' : undefined}>
      <th scope="row">
        <span className="user-handle">@{u.handle}</span>
        <br />
        <span className="muted">{u.displayName}</span>
        <br />
        <Link to={`/admin/audit?actor=${encodeURIComponent(u.id)}`} className="small">
          {t('users.activity')}
        </Link>
      </th>
      <td>
        <DateTime value={u.createdAt} />
      </td>
      <td>
        <form
          className="row-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (roleState.fetching) return;
            setStatus('');
            const res = await setRoleMutation({ userId: u.id, role });
            if (!res.error) setStatus(t('users.roleSaved', { role: t(`role.${role}`) }));
          }}
        >
          <label htmlFor={roleId} className="visually-hidden">
            {t('users.roleOf', { handle: u.handle })}
          </label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as UserRole)} disabled={self}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>{' '}
          <button type="submit" disabled={self || roleState.fetching || role === u.role} aria-label={t('users.saveRoleOf', { handle: u.handle })}>
            {t('users.saveRole')}
          </button>
        </form>
      </td>
      <td>
        <span className={`badge ${u.disabled ? 'badge-rejected' : 'badge-published'}`}>
          {u.disabled ? t('users.disabled') : t('users.enabled')}
        </span>{' '}
        {!self && (
          <button
            type="button"
            className={u.disabled ? 'secondary' : 'danger'}
            disabled={disabledState.fetching}
            aria-label={t(u.disabled ? 'users.enableOf' : 'users.disableOf', { handle: u.handle })}
            onClick={async () => {
              if (!u.disabled && !window.confirm(t('users.confirmDisable', { handle: u.handle }))) return;
              setStatus('');
              const res = await setDisabledMutation({ userId: u.id, disabled: !u.disabled });
              if (!res.error) setStatus(res.data?.setUserDisabled.disabled ? t('users.nowDisabled') : t('users.nowEnabled'));
            }}
          >
            {u.disabled ? t('users.enable') : t('users.disable')}
          </button>
        )}
        {self && <span className="muted"> {t('users.you')}</span>}
        <span role="status" className="form-status">
          {status}
        </span>
        {error && (
          <span role="alert" className="field-error">
            {' '}
            <ApiMessage error={error} />
          </span>
        )}
      </td>
    </tr>
  );
}
