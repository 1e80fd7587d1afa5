// Package evidence holds Veredicto's pure domain logic for evidence: the
// kinds and stances an evidence item can have, and the canonical content
// hash that lets anyone verify an evidence revision was not altered.
//
// Sub-packages:
//
//   - importpost: turns a platform payload (Twitter API v1.1/v2 JSON, an
//     archived HTML page, a deletion notice) into a Post or a Deletion.
//   - attachment: decides from an upload's bytes what it is, and refuses
//     executables and unknown binaries.
//   - timeline: orders a claim's statements and evidence in time and
//     describes the gaps between them in English and Spanish.
//
// Nothing here talks to HTTP or a database, so every rule is testable on
// its own; the ent schema and GraphQL resolvers call into these packages.
package evidence
