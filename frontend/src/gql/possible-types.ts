
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Account",
      "Actor",
      "ApiToken",
      "AuditEvent",
      "Claim",
      "Evidence",
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
      "AuditEvent",
      "Claim",
      "Evidence",
      "Review",
      "Statement",
      "User",
      "Verdict"
    ]
  }
};
      export default result;
    