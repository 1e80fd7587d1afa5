import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import { ExternalLink } from '../../components/ExternalLink';
import { NotRecorded, OrNotRecorded } from '../../components/NotRecorded';
import { type FragmentType, getFragmentData, graphql } from '../../gql';

export const StatementPanelFragment = graphql(`
  fragment StatementPanel_statement on Statement {
    id
    deleted
    text
    lang
    url
    archiveURL
    postedAt
    deletedAt
    client
    account {
      id
      platform
      handle
      url
    }
  }
`);

/**
 * The statement a claim is about. What the record lacks (its text, the
 * client, when it was deleted) is shown as "not recorded".
 */
export function StatementPanel(props: { statement: FragmentType<typeof StatementPanelFragment> | null | undefined }) {
  const { t } = useTranslation();
  const s = getFragmentData(StatementPanelFragment, props.statement);
  return (
    <section className="panel statement" aria-labelledby="statement-heading" data-testid="statement">
      <h2 id="statement-heading">
        {t('statement.heading')}
        {s?.deleted && <span className="badge badge-deleted">{t('statement.deletedBadge')}</span>}
      </h2>
      {!s ? (
        <p>{t('statement.none')}</p>
      ) : (
        <dl className="facts">
          <div>
            <dt>{t('statement.account')}</dt>
            <dd>
              {t(`platform.${s.account.platform}`)}
              {' · '}
              {s.account.url ? (
                <ExternalLink href={s.account.url}>@{s.account.handle}</ExternalLink>
              ) : (
                <>@{s.account.handle}</>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('statement.deleted')}</dt>
            <dd data-testid="statement-deleted">{s.deleted ? t('statement.deletedYes') : t('statement.deletedNo')}</dd>
          </div>
          <div>
            <dt>{t('statement.text')}</dt>
            <dd data-testid="statement-text">
              {s.text ? (
                <blockquote className="statement-text" lang={s.lang ?? undefined}>
                  {s.text}
                </blockquote>
              ) : (
                <NotRecorded />
              )}
            </dd>
          </div>
          <div>
            <dt>{t('statement.client')}</dt>
            <dd data-testid="statement-client">
              <OrNotRecorded value={s.client} />
            </dd>
          </div>
          <div>
            <dt>{t('statement.postedAt')}</dt>
            <dd data-testid="statement-posted-at">
              <DateTime value={s.postedAt} />
            </dd>
          </div>
          {s.deleted && (
            <div>
              <dt>{t('statement.deletedAt')}</dt>
              <dd data-testid="statement-deleted-at">
                <DateTime value={s.deletedAt} />
              </dd>
            </div>
          )}
          <div>
            <dt>{t('statement.link')}</dt>
            <dd>
              <ExternalLink href={s.url} />
            </dd>
          </div>
          {s.archiveURL && (
            <div>
              <dt>{t('statement.archive')}</dt>
              <dd>
                <ExternalLink href={s.archiveURL} />
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
