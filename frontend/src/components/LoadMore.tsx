import { useTranslation } from 'react-i18next';

/** "Showing n of N" and a button for the next page while there is one. */
export function LoadMore(props: {
  shown: number;
  total: number;
  hasNextPage: boolean;
  fetching: boolean;
  failed: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="load-more">
      <p role="status">{t('common.showing', { shown: props.shown, total: props.total })}</p>
      {props.failed && <p role="alert">{t('common.loadError')}</p>}
      {props.hasNextPage && (
        <button type="button" onClick={props.onLoadMore} disabled={props.fetching} aria-disabled={props.fetching}>
          {props.fetching ? t('common.loadingMore') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

/** LoadMore for a Relay connection read with usePagedQuery. */
export function LoadMoreOf(props: {
  shown: number;
  conn: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
  query: { fetching: boolean; error?: unknown; loadMore: (cursor: string | null | undefined) => void };
}) {
  const { conn, query } = props;
  return (
    <LoadMore
      shown={props.shown}
      total={conn.totalCount}
      hasNextPage={conn.pageInfo.hasNextPage}
      fetching={query.fetching}
      failed={!!query.error}
      onLoadMore={() => query.loadMore(conn.pageInfo.endCursor)}
    />
  );
}
