
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Account",
      "Actor",
      "ApiToken",
      "Attachment",
      "AuditEvent",
      "Claim",
      "Evidence",
      "EvidenceRevision",
      "Review",
      "Statement",
      "User",
      "Verdict"
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
      "Evidence",
      "EvidenceRevision",
      "Review",
      "Statement",
      "User",
      "Verdict"
    ]
  }
};
      export default result;
    