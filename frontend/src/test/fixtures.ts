// The founding case as the API returns it (see internal/demo): the tweet's
// text, client and deletion time are null, as in the source.

export const psoe = { __typename: 'Actor', id: '4294967296', name: 'PSOE' };

function evidence(n: number, kind: string, stance: string, summary: string, extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Evidence',
    id: `1288490188${n}`,
    kind,
    stance,
    summary,
    body: null,
    confidenceNote: 'Hecho recogido por la fuente.',
    observedAt: null,
    observedPrecision: 'EXACT',
    sourceURL: null,
    archiveURL: null,
    sha256: `${n}`.repeat(64).slice(0, 64),
    claimID: '8589934592',
    status: 'PUBLISHED',
    statusReason: null,
    createdAt: '2026-11-26T09:42:16Z',
    revision: 1,
    submitter: null,
    attachments: [],
    ...extra,
  };
}

function conn<T>(items: T[]) {
  return { __typename: 'EvidenceConnection', totalCount: items.length, edges: items.map((node) => ({ __typename: 'EvidenceEdge', node })) };
}

export const deletedTweet = {
  __typename: 'Statement',
  id: '21474836480',
  deleted: true,
  text: null,
  lang: null,
  url: null,
  archiveURL: null,
  postedAt: '2012-01-15T10:30:00Z',
  deletedAt: null,
  client: null,
  account: { __typename: 'Account', id: '17179869184', platform: 'TWITTER', handle: 'PSOE', url: 'https://twitter.com/PSOE' },
};

export const contextItems = [
  evidence(0, 'DELETED_POST', 'CONTEXT', 'A las 11:30 del 15 de enero de 2012 @PSOE publicó un tuit que parecía un mensaje directo.', {
    observedAt: '2012-01-15T10:30:00Z',
  }),
  evidence(1, 'TIMING', 'CONTEXT', 'El tuit se publicó en pleno debate de primarias del partido.', {
    observedAt: '2012-01-15T00:00:00Z',
    observedPrecision: 'DAY',
  }),
  evidence(3, 'SOCIAL_REACTION', 'CONTEXT', 'La etiqueta #excusasPSOE se convirtió en Trending Topic.'),
];

export const refuteItems = [
  evidence(2, 'CLIENT_METADATA', 'REFUTES', 'El periodista Ignacio Escolar señaló que TweetDeck permite mandar un mismo mensaje a varias cuentas.'),
  evidence(4, 'PRIOR_INCIDENT', 'REFUTES', 'Un lector recuerda que no es la primera vez.', {
    sourceURL: 'http://jorgerabanosprofesional.blogspot.com/2011/12/fact-los-ex-followers-del-psoe.html',
  }),
  evidence(5, 'TESTIMONY', 'REFUTES', 'El autor concluye que «todo apunta a ser un error no reconocido».', { sha256: null }),
];

export const foundingClaim = {
  __typename: 'Claim',
  id: '8589934592',
  text: 'La cuenta de Twitter del PSOE fue hackeada: el tuit de las 11:30 fue «una broma de un hacker de la cuenta».',
  lang: 'es',
  status: 'OPEN',
  madeAt: null,
  madeAtPrecision: 'EXACT',
  createdAt: '2026-11-26T09:42:16Z',
  tags: ['PSOE', 'Twitter', 'excusasPSOE'],
  claimant: psoe,
  about: deletedTweet,
  evidence: { __typename: 'EvidenceConnection', totalCount: 6 },
  supports: conn([]),
  refutes: conn(refuteItems),
  context: conn(contextItems),
  tally: {
    __typename: 'ClaimTally',
    id: '30064771072',
    holds: 0,
    partly: 0,
    doesNotHold: 1,
    total: 1,
    holdsShare: 0,
    doesNotHoldShare: 1,
    holdsLowerBound: 0,
    doesNotHoldLowerBound: 0.2065,
    updatedAt: '2026-11-26T09:42:16Z',
  },
  consensus: {
    __typename: 'ClaimConsensus',
    id: '34359738368',
    status: 'NEEDS_MORE_VERDICTS',
    explanationEs: 'Faltan veredictos de lectores que suelen discrepar (1 hasta ahora: 0 de un lado, 0 del otro).',
    explanationEn: 'More verdicts are needed from readers who usually disagree (1 so far: 0 on one side, 0 on the other).',
    verdictsUsed: 0,
    totalVerdicts: 1,
    computedAt: '2026-11-26T09:42:16Z',
    sides: {
      __typename: 'ConsensusSides',
      positive: counts(0, 0, 0),
      negative: counts(0, 0, 0),
      unplaced: counts(0, 0, 1),
    },
  },
  timeline: {
    __typename: 'Timeline',
    events: [
      timelineEvent('EVIDENCE', '12884901892', 'Un lector recuerda que no es la primera vez.', '2011-12-01T00:00:00Z', 'MONTH', {
        evidenceKind: 'PRIOR_INCIDENT',
      }),
      timelineEvent('POSTED', '21474836480', '@PSOE', '2012-01-15T10:30:00Z', 'EXACT', { anchor: true }),
      timelineEvent('EVIDENCE', '12884901894', 'Aviso de borrado (sintético).', '2012-01-15T10:44:00Z', 'EXACT', {
        evidenceKind: 'DELETED_POST',
        gap: {
          __typename: 'TimelineGap',
          seconds: 840,
          descriptionEs: 'borrado 14 minutos después de publicarse',
          descriptionEn: 'deleted 14 minutes after posting',
        },
      }),
      timelineEvent('CLAIM', '8589934592', 'La cuenta de Twitter del PSOE fue hackeada.', '2012-01-15T00:00:00Z', 'DAY'),
    ],
    undated: [timelineEvent('DELETED', '21474836480', '@PSOE', null, 'EXACT')],
  },
  reviews: { __typename: 'ReviewConnection', edges: [] },
};

function counts(holds: number, partly: number, doesNotHold: number) {
  return { __typename: 'VerdictCounts', holds, partly, doesNotHold, total: holds + partly + doesNotHold };
}

function timelineEvent(
  kind: string,
  subjectID: string,
  summary: string,
  at: string | null,
  precision: string,
  extra: Record<string, unknown> = {},
) {
  return { __typename: 'TimelineEvent', kind, subjectID, evidenceKind: null, summary, at, precision, anchor: false, gap: null, ...extra };
}

export const publishedReview = {
  __typename: 'Review',
  id: '47244640256',
  scale: 'SIX_STEP',
  rating: 'FALSE',
  labelEs: 'Falso',
  labelEn: 'False',
  ratingValue: 2,
  bestRating: 6,
  worstRating: 1,
  summary: 'Nada indica que hubiera un hacker.',
  body: null,
  lang: 'es',
  publishedAt: '2026-11-26T10:00:00Z',
  revision: 2,
  correctionNote: 'Se precisa la fuente.',
  correctedAt: '2026-11-26T11:00:00Z',
  author: { __typename: 'User', id: '25769803779', handle: 'demo_editor', displayName: 'Demo editor (fictional)' },
  revisions: [
    { __typename: 'ReviewRevision', id: 'r1', number: 1, scale: 'SIX_STEP', rating: 'MOSTLY_FALSE', summary: 'Primera versión.', note: null, createdAt: '2026-11-26T10:00:00Z' },
    { __typename: 'ReviewRevision', id: 'r2', number: 2, scale: 'SIX_STEP', rating: 'FALSE', summary: 'Nada indica que hubiera un hacker.', note: 'Se precisa la fuente.', createdAt: '2026-11-26T11:00:00Z' },
  ],
};

export const ratingScales = [
  {
    __typename: 'RatingScale',
    scale: 'SIX_STEP',
    ratings: [
      { __typename: 'ScaleRating', key: 'MOSTLY_FALSE', labelEs: 'Mayormente falso', labelEn: 'Mostly false' },
      { __typename: 'ScaleRating', key: 'FALSE', labelEs: 'Falso', labelEn: 'False' },
    ],
  },
];

export function claimCard(id: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Claim',
    id,
    text,
    lang: 'es',
    status: 'OPEN',
    madeAt: null,
    madeAtPrecision: 'EXACT',
    createdAt: '2026-11-26T09:42:16Z',
    claimant: psoe,
    evidence: { __typename: 'EvidenceConnection', totalCount: 6 },
    ...extra,
  };
}

export function claimConnection(cards: unknown[], total: number, hasNextPage: boolean, endCursor = 'c1') {
  return {
    __typename: 'ClaimConnection',
    totalCount: total,
    edges: cards.map((node) => ({ __typename: 'ClaimEdge', node })),
    pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
  };
}
