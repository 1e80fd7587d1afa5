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
