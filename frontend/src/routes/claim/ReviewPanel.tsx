import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../components/DateTime';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import { atLeast, useViewer } from '../../session/session';

export const ReviewPanelFragment = graphql(`
  fragment ReviewPanel_claim on Claim {
    id
    reviews(first: 1, where: { publishedAtNotNil: true }, orderBy: { field: PUBLISHED_AT, direction: DESC }) {
      edges {
        node {
          id
          scale
          rating
          labelEs: ratingLabel(lang: "es")
          labelEn: ratingLabel(lang: "en")
          ratingValue
          bestRating
          worstRating
          summary
          body
          lang
          publishedAt
          revision
          correctionNote
          correctedAt
          author {
            id
            handle
            displayName
          }
          revisions {
            id
            number
            scale
            rating
            summary
            note
            createdAt
          }
        }
      }
    }
  }
`);

export const RatingLabelsFragment = graphql(`
  fragment RatingLabels_scale on RatingScale {
    scale
    ratings {
      key
      labelEs: label(lang: "es")
      labelEn: label(lang: "en")
    }
  }
`);

/** The editors' rating of the claim, with its corrections in the open. */
export function ReviewPanel(props: {
  claim: FragmentType<typeof ReviewPanelFragment>;
  scales: Array<FragmentType<typeof RatingLabelsFragment>>;
}) {
  const { t, i18n } = useTranslation();
  const { user } = useViewer();
  const c = getFragmentData(ReviewPanelFragment, props.claim);
  const scales = props.scales.map((s) => getFragmentData(RatingLabelsFragment, s));
  const es = i18n.language === 'es';
  const label = (scale: string, key: string) => {
    const r = scales.find((s) => s.scale === scale)?.ratings.find((x) => x.key === key);
    return r ? (es ? r.labelEs : r.labelEn) : key;
  };
  const review = c.reviews.edges?.[0]?.node;
  const isEditor = atLeast(user?.role, 'EDITOR');
  return (
    <section className="panel review" aria-labelledby="review-heading" data-testid="review-panel">
      <h2 id="review-heading">{t('review.heading')}</h2>
      {!review ? (
        <p data-testid="no-review">{t('review.none')}</p>
      ) : (
        <>
          <p className="rating">
            <span className={`badge badge-rating rating-${review.rating.toLowerCase()}`} data-testid="rating-label">
              {es ? review.labelEs : review.labelEn}
            </span>
            {review.ratingValue != null && (
              <span className="muted">
                {' '}
                {t('review.onScale', { value: review.ratingValue, best: review.bestRating, worst: review.worstRating })}
              </span>
            )}
          </p>
          <p className="review-summary" lang={review.lang} data-testid="review-summary">
            {review.summary}
          </p>
          {review.body && (
            <p className="review-body" lang={review.lang}>
              {review.body}
            </p>
          )}
          <dl className="meta">
            <div>
              <dt>{t('review.by')}</dt>
              <dd>{review.author.displayName}</dd>
            </div>
            <div>
              <dt>{t('review.published')}</dt>
              <dd>
                <DateTime value={review.publishedAt} />
              </dd>
            </div>
            {review.correctedAt && (
              <div>
                <dt>{t('review.corrected')}</dt>
                <dd>
                  <DateTime value={review.correctedAt} />
                </dd>
              </div>
            )}
          </dl>
          {review.correctionNote && (
            <p className="correction" data-testid="correction-note">
              <strong>{t('review.correctionNote')}:</strong> {review.correctionNote}
            </p>
          )}
          {(review.revisions?.length ?? 0) > 1 && (
            <details className="revisions">
              <summary>{t('review.revisions', { count: review.revisions!.length })}</summary>
              <ol>
                {[...review.revisions!]
                  .sort((a, b) => b.number - a.number)
                  .map((r) => (
                    <li key={r.id}>
                      <p>
                        <strong>{t('review.revisionN', { n: r.number })}</strong> · <DateTime value={r.createdAt} /> ·{' '}
                        {label(r.scale, r.rating)}
                      </p>
                      <p>{r.summary}</p>
                      {r.note && (
                        <p className="correction">
                          <strong>{t('review.correctionNote')}:</strong> {r.note}
                        </p>
                      )}
                    </li>
                  ))}
              </ol>
            </details>
          )}
        </>
      )}
      {isEditor && (
        <p>
          <Link to={`/claims/${encodeURIComponent(c.id)}/review`} className="button-link">
            {review ? t('review.correct') : t('review.publish')}
          </Link>
        </p>
      )}
    </section>
  );
}
