import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWith } from '../../test/render';
import Audit, { auditWhere } from './Audit';
import Users, { USERS_PAGE, usersWhere } from './Users';

const admin = { __typename: 'User', id: '1', handle: 'demo_admin', displayName: 'Demo admin', role: 'ADMIN' };
const viewer = { data: { viewer: { __typename: 'Viewer', user: admin } } };

describe('the audit log filters', () => {
  it('turn the form into the API where filter, ignoring what is not an id or a date', () => {
    expect(auditWhere({ action: '', entityType: '', entityID: '', actor: '', from: '', to: '', request: '' })).toBeNull();
    const w = auditWhere({ action: ' castVerdict ', entityType: 'Verdict', entityID: '12', actor: 'x', from: '2026-11-01', to: '2026-11-30', request: '' })!;
    expect(w).toMatchObject({ actionContainsFold: 'castVerdict', entityType: 'Verdict', entityID: '12' });
    expect(w.actorID).toBeUndefined();
    expect(new Date(w.createdAtGTE!).getDate()).toBe(1);
    expect(new Date(w.createdAtLTE!).getHours()).toBe(23);
  });

  it('reads the filters from the address, so a filtered log can be linked', async () => {
    const { client, executeQuery } = mockClient((name) => {
      if (name === 'Viewer') return viewer;
      if (name === 'Audit')
        return {
          data: {
            auditEvents: {
              __typename: 'AuditEventConnection',
              totalCount: 1,
              edges: [
                {
                  __typename: 'AuditEventEdge',
                  node: {
                    __typename: 'AuditEvent',
                    id: 'a1',
                    createdAt: '2026-11-26T10:00:00Z',
                    actorID: '5',
                    actorRole: 'EDITOR',
                    action: 'setUserRole',
                    entityType: 'User',
                    entityID: '9',
                    before: { role: 'READER' },
                    after: { role: 'JOURNALIST' },
                    requestID: 'req1',
                  },
                },
              ],
              pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
            },
          },
        };
      return undefined;
    });
    renderWith(<Audit />, { lang: 'en', client, path: '/admin/audit?actor=5&action=setUserRole' });
    expect((await screen.findByTestId('audit-event')).textContent).toContain('setUserRole');
    const audit = executeQuery.mock.calls.map((c) => c[0]).find((op) => (op as { variables: { where?: unknown } }).variables.where);
    expect((audit as { variables: unknown }).variables).toMatchObject({ where: { actorID: '5', actionContainsFold: 'setUserRole' } });
    expect((screen.getByLabelText(/^Id of who acted/) as HTMLInputElement).value).toBe('5');
    expect(screen.getByText(/"JOURNALIST"/)).toBeTruthy();
  });
});

describe('the users page', () => {
  const users = (nodes: Array<Record<string, unknown>>) => ({
    data: {
      users: {
        __typename: 'UserConnection',
        totalCount: nodes.length,
        edges: nodes.map((node) => ({ __typename: 'UserEdge', node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  });

  it('lists the accounts from the users query, with their role; admins cannot change their own', async () => {
    const { client, executeQuery } = mockClient((name) => {
      if (name === 'Viewer') return viewer;
      if (name === 'Users')
        return users([
          { ...admin, disabled: false, createdAt: '2026-11-26T10:00:00Z' },
          { __typename: 'User', id: '2', handle: 'lectora', displayName: 'Lectora', role: 'READER', disabled: false, createdAt: '2026-11-26T10:00:00Z' },
        ]);
      return undefined;
    });
    renderWith(<Users />, { lang: 'es', client, path: '/admin/users' });
    const rows = await screen.findAllByTestId('user-row');
    expect(rows).toHaveLength(2);
    expect((screen.getByLabelText('Rol de @demo_admin') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText('Rol de @lectora') as HTMLSelectElement).value).toBe('READER');
    expect(screen.getByRole('button', { name: 'Desactivar a @lectora' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Desactivar a @demo_admin' })).toBeNull();
    expect(screen.getByText('Mostrando 2 de 2')).toBeTruthy();
    const ops = executeQuery.mock.calls.map((c) => c[0] as unknown as { variables: Record<string, unknown> });
    expect(ops.some((op) => op.variables.first === USERS_PAGE && op.variables.where === null)).toBe(true);
  });

  it('filters by handle or name and by role', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient((name, vars) => {
      if (name === 'Viewer') return viewer;
      if (name === 'Users') return vars.where ? users([]) : users([{ ...admin, disabled: false, createdAt: '2026-11-26T10:00:00Z' }]);
      return undefined;
    });
    renderWith(<Users />, { lang: 'en', client, path: '/admin/users' });
    await screen.findAllByTestId('user-row');
    await user.type(screen.getByLabelText(/^Handle or name/), '@lect');
    await user.selectOptions(screen.getByLabelText(/^Role \(/), 'READER');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByText('No account matches.')).toBeTruthy();
    const last = executeQuery.mock.calls.at(-1)![0] as unknown as { variables: Record<string, unknown> };
    expect(last.variables.where).toEqual({ or: [{ handleContainsFold: 'lect' }, { displayNameContainsFold: 'lect' }], role: 'READER' });
    expect(usersWhere({ text: '  ', role: '' })).toBeNull();
  });
});
