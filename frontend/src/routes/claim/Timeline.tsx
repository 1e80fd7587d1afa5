import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import type { TimelineEvent_EventFragment } from '../../gql/graphql';
import { formatDuration } from '../../lib/format';

export const TimelineFragment = graphql(`
  fragment Timeline_claim on Claim {
    id
    timeline {
      events {
        ...TimelineEvent_event
      }
      undated {
        ...TimelineEvent_event
      }
    }
  }
`);

export const TimelineEventFragment = graphql(`
  fragment TimelineEvent_event on TimelineEvent {
    kind
    subjectID
    evidenceKind
    summary
    at
    precision
    anchor
    gap {
      seconds
      descriptionEs: description(lang: "es")
      descriptionEn: description(lang: "en")
    }
  }
`);

type Event = TimelineEvent_EventFragment;

/**
 * The case in time: posts, deletions, the claim and the evidence, in
 * order, each at the precision known (a day is a day, never an invented
 * hour), with the gap from the post the claim is about, and the time
 * elapsed between consecutive exact events drawn as the space between them.
 */
export function Timeline(props: { claim: FragmentType<typeof TimelineFragment> }) {
  const { t } = useTranslation();
  const c = getFragmentData(TimelineFragment, props.claim);
  const events = c.timeline.events.map((e) => getFragmentData(TimelineEventFragment, e));
  const undated = c.timeline.undated.map((e) => getFragmentData(TimelineEventFragment, e));
  if (events.length === 0 && undated.length === 0) return null;
  return (
    <section className="timeline-section" aria-labelledby="timeline-heading" data-testid="timeline">
      <h2 id="timeline-heading">{t('timeline.heading')}</h2>
      <p className="hint">{t('timeline.intro')}</p>
      <ol className="timeline">
        {events.map((e, i) => {
          const prev = i > 0 ? events[i - 1] : undefined;
          return (
            <li key={`${e.kind}-${e.subjectID}-${i}`} className={`tl-event tl-${e.kind.toLowerCase()}${e.anchor ? ' tl-anchor' : ''}`}>
              {prev && <Elapsed from={prev} to={e} />}
              <EventBody e={e} />
            </li>
          );
        })}
      </ol>
      {undated.length > 0 && (
        <>
          <h3>{t('timeline.undated')}</h3>
          <ul className="timeline timeline-undated">
            {undated.map((e, i) => (
              <li key={`${e.kind}-${e.subjectID}-${i}`} className={`tl-event tl-${e.kind.toLowerCase()}`}>
                <EventBody e={e} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function EventBody({ e }: { e: Event }) {
  const { t, i18n } = useTranslation();
  const gap = e.gap ? (i18n.language === 'es' ? e.gap.descriptionEs : e.gap.descriptionEn) : null;
  return (
    <div className="tl-body" data-testid="timeline-event">
      <p className="tl-when">
        <DateTime value={e.at} precision={e.precision} />
        {e.at && e.precision !== 'EXACT' && <span className="tl-precision"> · {t(`timeline.precision.${e.precision}`)}</span>}
      </p>
      <p className="tl-what">
        <span className="badge badge-kind">
          {e.kind === 'EVIDENCE' && e.evidenceKind ? t(`kind.${e.evidenceKind}`) : t(`timeline.kind.${e.kind}`)}
        </span>
        {e.anchor && <span className="badge badge-anchor">{t('timeline.anchor')}</span>}
      </p>
      <p className="tl-summary">{e.summary}</p>
      {gap && (
        <p className="tl-gap" lang={i18n.language === 'es' ? 'es' : 'en'}>
          {gap}
        </p>
      )}
    </div>
  );
}

/** The time between two events, when both are known exactly. */
function Elapsed({ from, to }: { from: Event; to: Event }) {
  const { t, i18n } = useTranslation();
  if (!from.at || !to.at || from.precision !== 'EXACT' || to.precision !== 'EXACT') return null;
  const seconds = (new Date(to.at).getTime() - new Date(from.at).getTime()) / 1000;
  if (seconds < 60) return null;
  const size = seconds < 3600 ? 'short' : seconds < 86400 ? 'medium' : 'long';
  return (
    <p className={`tl-elapsed tl-elapsed-${size}`}>
      {t('timeline.later', { duration: formatDuration(seconds, i18n.language) })}
    </p>
  );
}
