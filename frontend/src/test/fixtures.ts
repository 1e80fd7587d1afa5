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
};

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
