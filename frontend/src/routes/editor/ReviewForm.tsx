import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Choices, clientError, Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { graphql } from '../../gql';
import type { CorrectReviewInput, ReviewScale } from '../../gql/graphql';
import { languages } from '../../i18n';
import NotFound from '../NotFound';

export const ReviewFormQuery = graphql(`
  query ReviewForm($id: ID!) {
    node(id: $id) {
      __typename
      ... on Claim {
        id
        text
        lang
        reviews(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) {
          edges {
            node {
              id
              scale
              rating
              summary
              body
              lang
              revision
              publishedAt
            }
          }
        }
      }
    }
    ratingScales {
      scale
      nameEs: name(lang: "es")
      nameEn: name(lang: "en")
      ratings {
        key
        value
        labelEs: label(lang: "es")
        labelEn: label(lang: "en")
      }
    }
  }
`);

const PublishReviewMutation = graphql(`
  mutation PublishReview($input: PublishReviewInput!) {
    publishReview(input: $input) {
      id
      claimID
      rating
      revision
      publishedAt
    }
  }
`);

const CorrectReviewMutation = graphql(`
  mutation CorrectReview($id: ID!, $input: CorrectReviewInput!, $note: String!) {
    correctReview(id: $id, input: $input, note: $note) {
      id
      claimID
      rating
      revision
      correctionNote
      correctedAt
    }
  }
`);

/** Publish the editorial rating of a claim, or correct it (a new revision with a visible note). */
export default function ReviewFormPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <RequireRole min="EDITOR" title={t('reviewForm.title')}>
      {() => <ReviewFormLoader claimId={id} />}
    </RequireRole>
  );
}

function ReviewFormLoader({ claimId }: { claimId: string }) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: ReviewFormQuery, variables: { id: claimId } });
  if (!res.data) {
    if (res.error && !res.fetching) return <LoadError onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return <Loading />;
  }
  const claim = res.data.node?.__typename === 'Claim' ? res.data.node : undefined;
  if (!claim) return <NotFound detail={t('notFound.claim')} />;
  const review = claim.reviews.edges?.[0]?.node ?? null;
  return (
    <>
      <h1>{review ? t('reviewForm.correctTitle') : t('reviewForm.title')}</h1>
      <p className="claim-context">
        <span className="label">{t('evidenceForm.onClaim')} </span>
        <Link to={`/claims/${encodeURIComponent(claim.id)}`} lang={claim.lang}>
          {claim.text}
        </Link>
      </p>
      <p className="lead">{review ? t('reviewForm.correctIntro', { n: review.revision }) : t('reviewForm.intro')}</p>
      <ReviewForm claimId={claim.id} claimLang={claim.lang} review={review} scales={res.data.ratingScales} />
    </>
  );
}

type Scale = {
  scale: ReviewScale;
  nameEs: string;
  nameEn: string;
  ratings: Array<{ key: string; value?: number | null; labelEs: string; labelEn: string }>;
};
type Existing = { id: string; scale: ReviewScale; rating: string; summary: string; body?: string | null; lang: string } | null;

function ReviewForm({ claimId, claimLang, review, scales }: { claimId: string; claimLang: string; review: Existing; scales: Scale[] }) {
  const { t, i18n } = useTranslation();
  const es = i18n.language === 'es';
  const [scale, setScale] = useState<ReviewScale>(review?.scale ?? scales[0]?.scale ?? 'SIX_STEP');
  const [rating, setRating] = useState(review?.rating ?? '');
  const [summary, setSummary] = useState(review?.summary ?? '');
  const [body, setBody] = useState(review?.body ?? '');
  const [lang, setLang] = useState(review?.lang ?? claimLang);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<null | 'published' | 'corrected'>(null);
  const [, publish] = useMutation(PublishReviewMutation);
  const [, correct] = useMutation(CorrectReviewMutation);
  const { errors, fail, busy, onSubmit, form } = useSubmit(['scale', 'rating', 'summary', 'body', 'lang', 'note', 'claimID']);
  const current = scales.find((s) => s.scale === scale);

  if (done) {
    return (
      <div className="panel success" role="status" data-testid="review-done">
        <h2>{done === 'published' ? t('reviewForm.published') : t('reviewForm.corrected')}</h2>
        <p>
          <Link to={`/claims/${encodeURIComponent(claimId)}`}>{t('evidenceForm.backToClaim')}</Link>
        </p>
      </div>
    );
  }

  return (
    <form
      ref={form}
      noValidate
      className="form"
      data-testid="review-form"
      onSubmit={onSubmit(async () => {
        if (!rating || !current?.ratings.some((r) => r.key === rating)) {
          fail({ rating: clientError(t('reviewForm.chooseRating')) });
          return undefined;
        }
        if (review) {
          const input: CorrectReviewInput = {};
          if (scale !== review.scale) input.scale = scale;
          if (rating !== review.rating) input.rating = rating;
          if (summary.trim() !== review.summary) input.summary = summary.trim();
          if (body.trim() !== (review.body ?? '')) input.body = body.trim();
          if (lang !== review.lang) input.lang = lang;
          const res = await correct({ id: review.id, input, note: note.trim() });
          if (res.data) setDone('corrected');
          return res;
        }
        const res = await publish({
          input: { claimID: claimId, scale, rating, summary: summary.trim(), body: body.trim() || null, lang },
        });
        if (res.data) setDone('published');
        return res;
      })}
    >
      <FormAlert errors={errors.general} />
      <Field label={t('reviewForm.scale')} name="scale" error={errors.fields.scale}>
        {(p) => (
          <select
            {...p}
            value={scale}
            onChange={(e) => {
              setScale(e.target.value as ReviewScale);
              setRating('');
            }}
          >
            {scales.map((s) => (
              <option key={s.scale} value={s.scale}>
                {es ? s.nameEs : s.nameEn}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Choices legend={t('reviewForm.rating')} name="rating" error={errors.fields.rating} className="rating-choices">
        {current?.ratings.map((r) => (
          <label key={r.key} className="choice">
            <input type="radio" name="rating" value={r.key} checked={rating === r.key} onChange={() => setRating(r.key)} />{' '}
            {es ? r.labelEs : r.labelEn}
          </label>
        ))}
      </Choices>
      <Field label={t('reviewForm.lang')} name="lang" hint={t('reviewForm.langHint')} error={errors.fields.lang}>
        {(p) => (
          <select {...p} value={lang} onChange={(e) => setLang(e.target.value)}>
            {languages.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('reviewForm.summary')} name="summary" hint={t('reviewForm.summaryHint')} error={errors.fields.summary} required>
        {(p) => <textarea {...p} rows={3} lang={lang} value={summary} onChange={(e) => setSummary(e.target.value)} />}
      </Field>
      <Field label={t('reviewForm.body')} name="body" error={errors.fields.body} optional>
        {(p) => <textarea {...p} rows={8} lang={lang} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      {review && (
        <Field label={t('reviewForm.note')} name="note" hint={t('reviewForm.noteHint')} error={errors.fields.note} required>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
      )}
      <SubmitButton busy={busy}>{review ? t('reviewForm.correct') : t('reviewForm.publish')}</SubmitButton>
    </form>
  );
}
