// A search hit: the fragment both the type-ahead and the results page read,
// where a hit leads, and how the results page shows it.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import type { ClaimStatus, EvidenceStatus, SearchHitKind, SearchHit_HitFragment } from '../../gql/graphql';
import { DateTime } from '../DateTime';
import { EvidenceStatusBadge } from '../EvidenceStatus';
import { StatusBadge } from '../StatusBadge';
import { Snippet } from './Snippet';

export const SearchHitFragment = graphql(`
  fragment SearchHit_hit on SearchHit {
    kind
    snippet
    lang
    status
    cursor
    claim {
      id
      claimant {
        id
        name
      }
    }
    node {
      __typename
      id
      ... on Claim {
        madeAt
        madeAtPrecision
        createdAt
      }
      ... on Evidence {
        observedAt
        observedPrecision
      }
      ... on Statement {
        postedAt
        account {
          id
          handle
          actor {
            id
            name
          }
        }
        claims(first: 1) {
          edges {
            node {
              id
            }
          }
        }
      }
    }
  }
`);

export type Hit = SearchHit_HitFragment;
export type HitRef = FragmentType<typeof SearchHitFragment>;

export function readHit(ref: HitRef): Hit {
  return getFragmentData(SearchHitFragment, ref);
}

/** The page a hit leads to: its claim's page; a statement's first claim, else its author's page. */
export function hitHref(h: Hit): string {
  if (h.claim) return `/claims/${encodeURIComponent(h.claim.id)}`;
  if (h.node.__typename === 'Statement') {
    const claim = h.node.claims.edges?.[0]?.node;
    if (claim) return `/claims/${encodeURIComponent(claim.id)}`;
    return `/actors/${encodeURIComponent(h.node.account.actor.id)}`;
  }
  return '/';
}

/** Who the hit is by: the claimant, or the statement's author (with the account). */
export function hitAuthor(h: Hit): { id: string; name: string; handle?: string } | undefined {
  if (h.claim) return h.claim.claimant;
  if (h.node.__typename === 'Statement') return { ...h.node.account.actor, handle: h.node.account.handle };
  return undefined;
}

export function KindLabel({ kind }: { kind: SearchHitKind }) {
  const { t } = useTranslation();
  return <span className="badge badge-kind">{t(`search.kind.${kind}`)}</span>;
}

function HitDate({ h }: { h: Hit }) {
  const n = h.node;
  if (n.__typename === 'Claim') {
    return n.madeAt ? <DateTime value={n.madeAt} precision={n.madeAtPrecision} /> : <DateTime value={n.createdAt} />;
  }
  if (n.__typename === 'Evidence') return <DateTime value={n.observedAt} precision={n.observedPrecision} />;
  if (n.__typename === 'Statement') return <DateTime value={n.postedAt} />;
  return null;
}

/** One hit on the results page: kind, snippet (a link), who, status, date. */
export function SearchResult({ hit: h }: { hit: Hit }) {
  const { t } = useTranslation();
  const author = hitAuthor(h);
  const headingId = `hit-${h.node.id}`;
  return (
    <article className="claim-card search-result" aria-labelledby={headingId} data-testid="search-result">
      <p className="search-kind">
        <KindLabel kind={h.kind} />
      </p>
      <h2 id={headingId} className="claim-card-text" lang={h.lang ?? undefined}>
        <Link to={hitHref(h)}>
          <Snippet snippet={h.snippet} />
        </Link>
      </h2>
      <dl className="meta">
        {author && (
          <div>
            <dt>{h.kind === 'STATEMENT' ? t('search.postedBy') : t('claimCard.claimant')}</dt>
            <dd>
              <Link to={`/actors/${encodeURIComponent(author.id)}`}>{author.name}</Link>
              {author.handle && <span className="muted"> @{author.handle}</span>}
            </dd>
          </div>
        )}
        {h.status && (
          <div>
            <dt>{t('status.label')}</dt>
            <dd>
              {h.kind === 'CLAIM' ? (
                <StatusBadge status={h.status as ClaimStatus} />
              ) : (
                <EvidenceStatusBadge status={h.status as EvidenceStatus} />
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('search.date')}</dt>
          <dd>
            <HitDate h={h} />
          </dd>
        </div>
      </dl>
    </article>
  );
}
