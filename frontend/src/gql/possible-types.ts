
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Account",
      "Actor",
      "ApiToken",
      "Attachment",
      "AuditEvent",
      "Claim",
      "ClaimConsensus",
      "ClaimTally",
      "Evidence",
      "EvidenceRevision",
      "Review",
      "ReviewRevision",
      "Statement",
      "User",
      "Verdict",
      "VerdictChange"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Account",
      "Actor",
      "ApiToken",
      "Attachment",
      "AuditEvent",
      "Claim",
      "ClaimConsensus",
      "ClaimTally",
      "Evidence",
      "EvidenceRevision",
      "Review",
      "ReviewRevision",
      "Statement",
      "User",
      "Verdict",
      "VerdictChange"
    ]
  }
};
      export default result;
    