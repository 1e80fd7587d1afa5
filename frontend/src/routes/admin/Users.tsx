import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { DateTime } from '../../components/DateTime';
import { ApiMessage, Field } from '../../components/Form';
import { LoadMoreOf } from '../../components/LoadMore';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { getFragmentData, graphql } from '../../gql';
import type { UserRole, UserWhereInput } from '../../gql/graphql';
import { apiErrors } from '../../graphql/errors';
import { usePagedQuery } from '../../lib/usePagedQuery';
import type { ViewerUser } from '../../session/session';

export const USERS_PAGE = 50;
export const roles: UserRole[] = ['READER', 'JOURNALIST', 'EDITOR', 'ADMIN'];

export const UsersQuery = graphql(`
  query Users($first: Int!, $after: Cursor, $where: UserWhereInput) {
    users(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          id
          ...AdminUser_user
        }
      }
      pageInfo {
        hasNextPage
        endCursor
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

export type UserFilter = { text: string; role: UserRole | '' };

/** The users query's where for the filter form: handle or name containing the text, the role. */
export function usersWhere(f: UserFilter): UserWhereInput | null {
  const text = f.text.trim().replace(/^@/, '');
  const where: UserWhereInput = {};
  if (text) where.or = [{ handleContainsFold: text }, { displayNameContainsFold: text }];
  if (f.role) where.role = f.role;
  return Object.keys(where).length ? where : null;
}

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
  const [filter, setFilter] = useState<UserFilter>({ text: '', role: '' });
  const [applied, setApplied] = useState<UserFilter>(filter);
  const where = usersWhere(applied);
  return (
    <>
      <h1>{t('users.title')}</h1>
      <p className="lead">{t('users.intro')}</p>
      <form
        className="form inline-form panel"
        aria-label={t('users.find')}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filter);
        }}
      >
        <Field label={t('users.text')} name="text" optional>
          {(p) => <input {...p} type="search" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />}
        </Field>
        <Field label={t('users.role')} name="role" optional>
          {(p) => (
            <select {...p} value={filter.role} onChange={(e) => setFilter({ ...filter, role: e.target.value as UserRole | '' })}>
              <option value="">{t('users.anyRole')}</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{t('users.filter')}</button>
      </form>
      {/* A new filter starts again from the first page. */}
      <UserTable key={JSON.stringify(where)} me={me} where={where} />
    </>
  );
}

function UserTable({ me, where }: { me: ViewerUser; where: UserWhereInput | null }) {
  const { t } = useTranslation();
  const q = usePagedQuery(UsersQuery, { first: USERS_PAGE, where });
  const conn = q.data?.users;
  const list = (conn?.edges ?? []).flatMap((e) => (e?.node ? [getFragmentData(AdminUserFragment, e.node)] : []));
  if (!conn) return q.error && !q.fetching ? <LoadError onRetry={q.retry} /> : <Loading />;
  if (list.length === 0) return <p role="status">{t('users.none')}</p>;
  return (
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
      <LoadMoreOf shown={list.length} conn={conn} query={q} />
    </>
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
