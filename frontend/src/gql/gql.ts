/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ClaimCard_claim on Claim {\n    id\n    text\n    lang\n    status\n    madeAt\n    madeAtPrecision\n    createdAt\n    claimant {\n      id\n      name\n    }\n    evidence(where: { status: PUBLISHED }) {\n      totalCount\n    }\n  }\n": typeof types.ClaimCard_ClaimFragmentDoc,
    "\n  query ActorPage($id: ID!, $first: Int!, $after: Cursor) {\n    node(id: $id) {\n      __typename\n      ... on Actor {\n        id\n        name\n        kind\n        country\n        description\n        timeZone\n        accounts(first: 50, orderBy: { field: HANDLE, direction: ASC }) {\n          totalCount\n          edges {\n            node {\n              id\n              platform\n              handle\n              url\n            }\n          }\n        }\n        claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          edges {\n            node {\n              id\n              ...ClaimCard_claim\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.ActorPageDocument,
    "\n  query ClaimPage($id: ID!, $perStance: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Claim {\n        id\n        text\n        lang\n        status\n        madeAt\n        madeAtPrecision\n        createdAt\n        tags\n        claimant {\n          id\n          name\n        }\n        about {\n          id\n          ...StatementPanel_statement\n        }\n        evidence(where: { status: PUBLISHED }) {\n          totalCount\n        }\n        supports: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: SUPPORTS }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        refutes: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: REFUTES }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        context: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: CONTEXT }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n      }\n    }\n  }\n": typeof types.ClaimPageDocument,
    "\n  query Home($first: Int!, $after: Cursor) {\n    claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          ...ClaimCard_claim\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.HomeDocument,
    "\n  fragment EvidenceGroup_connection on EvidenceConnection {\n    totalCount\n    edges {\n      node {\n        id\n        ...EvidenceItem_evidence\n      }\n    }\n  }\n": typeof types.EvidenceGroup_ConnectionFragmentDoc,
    "\n  fragment EvidenceItem_evidence on Evidence {\n    id\n    kind\n    stance\n    summary\n    body\n    confidenceNote\n    observedAt\n    observedPrecision\n    sourceURL\n    archiveURL\n    sha256\n  }\n": typeof types.EvidenceItem_EvidenceFragmentDoc,
    "\n  fragment StatementPanel_statement on Statement {\n    id\n    deleted\n    text\n    lang\n    url\n    archiveURL\n    postedAt\n    deletedAt\n    client\n    account {\n      id\n      platform\n      handle\n      url\n    }\n  }\n": typeof types.StatementPanel_StatementFragmentDoc,
};
const documents: Documents = {
    "\n  fragment ClaimCard_claim on Claim {\n    id\n    text\n    lang\n    status\n    madeAt\n    madeAtPrecision\n    createdAt\n    claimant {\n      id\n      name\n    }\n    evidence(where: { status: PUBLISHED }) {\n      totalCount\n    }\n  }\n": types.ClaimCard_ClaimFragmentDoc,
    "\n  query ActorPage($id: ID!, $first: Int!, $after: Cursor) {\n    node(id: $id) {\n      __typename\n      ... on Actor {\n        id\n        name\n        kind\n        country\n        description\n        timeZone\n        accounts(first: 50, orderBy: { field: HANDLE, direction: ASC }) {\n          totalCount\n          edges {\n            node {\n              id\n              platform\n              handle\n              url\n            }\n          }\n        }\n        claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          edges {\n            node {\n              id\n              ...ClaimCard_claim\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.ActorPageDocument,
    "\n  query ClaimPage($id: ID!, $perStance: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Claim {\n        id\n        text\n        lang\n        status\n        madeAt\n        madeAtPrecision\n        createdAt\n        tags\n        claimant {\n          id\n          name\n        }\n        about {\n          id\n          ...StatementPanel_statement\n        }\n        evidence(where: { status: PUBLISHED }) {\n          totalCount\n        }\n        supports: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: SUPPORTS }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        refutes: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: REFUTES }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        context: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: CONTEXT }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n      }\n    }\n  }\n": types.ClaimPageDocument,
    "\n  query Home($first: Int!, $after: Cursor) {\n    claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          ...ClaimCard_claim\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.HomeDocument,
    "\n  fragment EvidenceGroup_connection on EvidenceConnection {\n    totalCount\n    edges {\n      node {\n        id\n        ...EvidenceItem_evidence\n      }\n    }\n  }\n": types.EvidenceGroup_ConnectionFragmentDoc,
    "\n  fragment EvidenceItem_evidence on Evidence {\n    id\n    kind\n    stance\n    summary\n    body\n    confidenceNote\n    observedAt\n    observedPrecision\n    sourceURL\n    archiveURL\n    sha256\n  }\n": types.EvidenceItem_EvidenceFragmentDoc,
    "\n  fragment StatementPanel_statement on Statement {\n    id\n    deleted\n    text\n    lang\n    url\n    archiveURL\n    postedAt\n    deletedAt\n    client\n    account {\n      id\n      platform\n      handle\n      url\n    }\n  }\n": types.StatementPanel_StatementFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ClaimCard_claim on Claim {\n    id\n    text\n    lang\n    status\n    madeAt\n    madeAtPrecision\n    createdAt\n    claimant {\n      id\n      name\n    }\n    evidence(where: { status: PUBLISHED }) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  fragment ClaimCard_claim on Claim {\n    id\n    text\n    lang\n    status\n    madeAt\n    madeAtPrecision\n    createdAt\n    claimant {\n      id\n      name\n    }\n    evidence(where: { status: PUBLISHED }) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActorPage($id: ID!, $first: Int!, $after: Cursor) {\n    node(id: $id) {\n      __typename\n      ... on Actor {\n        id\n        name\n        kind\n        country\n        description\n        timeZone\n        accounts(first: 50, orderBy: { field: HANDLE, direction: ASC }) {\n          totalCount\n          edges {\n            node {\n              id\n              platform\n              handle\n              url\n            }\n          }\n        }\n        claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          edges {\n            node {\n              id\n              ...ClaimCard_claim\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ActorPage($id: ID!, $first: Int!, $after: Cursor) {\n    node(id: $id) {\n      __typename\n      ... on Actor {\n        id\n        name\n        kind\n        country\n        description\n        timeZone\n        accounts(first: 50, orderBy: { field: HANDLE, direction: ASC }) {\n          totalCount\n          edges {\n            node {\n              id\n              platform\n              handle\n              url\n            }\n          }\n        }\n        claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          edges {\n            node {\n              id\n              ...ClaimCard_claim\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClaimPage($id: ID!, $perStance: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Claim {\n        id\n        text\n        lang\n        status\n        madeAt\n        madeAtPrecision\n        createdAt\n        tags\n        claimant {\n          id\n          name\n        }\n        about {\n          id\n          ...StatementPanel_statement\n        }\n        evidence(where: { status: PUBLISHED }) {\n          totalCount\n        }\n        supports: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: SUPPORTS }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        refutes: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: REFUTES }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        context: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: CONTEXT }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ClaimPage($id: ID!, $perStance: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Claim {\n        id\n        text\n        lang\n        status\n        madeAt\n        madeAtPrecision\n        createdAt\n        tags\n        claimant {\n          id\n          name\n        }\n        about {\n          id\n          ...StatementPanel_statement\n        }\n        evidence(where: { status: PUBLISHED }) {\n          totalCount\n        }\n        supports: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: SUPPORTS }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        refutes: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: REFUTES }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n        context: evidence(\n          first: $perStance\n          where: { status: PUBLISHED, stance: CONTEXT }\n          orderBy: { field: CREATED_AT, direction: ASC }\n        ) {\n          ...EvidenceGroup_connection\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Home($first: Int!, $after: Cursor) {\n    claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          ...ClaimCard_claim\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Home($first: Int!, $after: Cursor) {\n    claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          ...ClaimCard_claim\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EvidenceGroup_connection on EvidenceConnection {\n    totalCount\n    edges {\n      node {\n        id\n        ...EvidenceItem_evidence\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment EvidenceGroup_connection on EvidenceConnection {\n    totalCount\n    edges {\n      node {\n        id\n        ...EvidenceItem_evidence\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EvidenceItem_evidence on Evidence {\n    id\n    kind\n    stance\n    summary\n    body\n    confidenceNote\n    observedAt\n    observedPrecision\n    sourceURL\n    archiveURL\n    sha256\n  }\n"): (typeof documents)["\n  fragment EvidenceItem_evidence on Evidence {\n    id\n    kind\n    stance\n    summary\n    body\n    confidenceNote\n    observedAt\n    observedPrecision\n    sourceURL\n    archiveURL\n    sha256\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatementPanel_statement on Statement {\n    id\n    deleted\n    text\n    lang\n    url\n    archiveURL\n    postedAt\n    deletedAt\n    client\n    account {\n      id\n      platform\n      handle\n      url\n    }\n  }\n"): (typeof documents)["\n  fragment StatementPanel_statement on Statement {\n    id\n    deleted\n    text\n    lang\n    url\n    archiveURL\n    postedAt\n    deletedAt\n    client\n    account {\n      id\n      platform\n      handle\n      url\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;