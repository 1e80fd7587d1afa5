-- The benchmark's dataset, generated in the database with generate_series:
-- deterministic (fixed timestamps, ids computed from the row number; only
-- the sessions' expiry depends on the clock). bench/driver fills in the
-- {{"{{"}}.X}} values (counts, and each table's first id, read from its identity
-- sequence so that ent's global ids keep working), runs each step on one
-- connection with triggers off (session_replication_role = replica: the
-- rows are consistent by construction) and the tables' secondary indexes
-- dropped, then rebuilds the indexes and analyses.
--
-- Shape (defaults):
--   actors       10k, one account each
--   claims       100k, each about its own statement (100k statements);
--                created 5 minutes apart, so the last ones are the latest
--   evidence     500k, all PUBLISHED: every 10th claim ("rich") has 20
--                items, the other claims 3 or 4
--   users        50k readers, each with a session whose cookie secret is
--                "vrs_bench" + 38-digit u (u = 0 .. users-1)
--   verdicts     1M: 18 per reader on the "regular" claims (all but the
--                last 10), claim index ((u*7 + k*step) % regular) + 1 for
--                k = 0..17, which is unique per reader; plus every reader's
--                verdict on two hot claims (regular+1 for Veredicto,
--                regular+2 for the ceiling), value u % 3
--   verdict_changes  one per verdict (its history)
--   claim_tallies    one per claim, from a GROUP BY over the verdicts

-- step: actors
INSERT INTO actors (id, created_at, updated_at, name, kind, country, description, time_zone)
SELECT {{.ActorBase}} + g, ts, ts,
       (ARRAY['Partido', 'Ministerio de', 'Diario', 'Asociación', 'Agency', 'Party of', 'The Daily', 'Fundación'])[1 + g % 8]
         || ' ' || (ARRAY['Norte', 'Sur', 'Centro', 'Progreso', 'Libertad', 'Futuro', 'Unidad', 'Verdad', 'Acción', 'Reform'])[1 + (g / 8) % 10]
         || ' ' || g,
       (ARRAY['PERSON', 'PARTY', 'ORGANISATION', 'OUTLET', 'OTHER'])[1 + g % 5],
       'ES', NULL, 'Europe/Madrid'
FROM generate_series(1, {{.Actors}}) AS g,
     LATERAL (SELECT timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute' AS ts) AS t;

-- step: accounts
INSERT INTO accounts (id, created_at, updated_at, platform, handle, url, actor_id)
SELECT {{.AccountBase}} + g, ts, ts, 'TWITTER', 'actor_' || g, 'https://twitter.com/actor_' || g, {{.ActorBase}} + g
FROM generate_series(1, {{.Actors}}) AS g,
     LATERAL (SELECT timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute' AS ts) AS t;

-- step: statements
INSERT INTO statements (id, created_at, updated_at, text, lang, url, posted_at, deleted_at, deleted, client, platform_id, account_id)
SELECT {{.StatementBase}} + g, ts, ts,
       'Post ' || g || ': ' || (ARRAY['hoy presentamos', 'we announce', 'según fuentes', 'the minister said', 'mensaje privado', 'a private message'])[1 + g % 6]
         || ' ' || (ARRAY['el nuevo plan', 'the new budget', 'la reforma', 'our account', 'el acuerdo', 'the hacker'])[1 + (g / 6) % 6] || ' #tema' || (g % 500),
       CASE WHEN g % 2 = 0 THEN 'es' ELSE 'en' END,
       'https://twitter.com/actor_' || ((g - 1) % {{.Actors}} + 1) || '/status/' || (1000000 + g),
       ts - interval '3 hours',
       CASE WHEN g % 4 = 0 THEN ts - interval '2 hours 46 minutes' END,
       g % 4 = 0,
       CASE WHEN g % 3 = 0 THEN 'TweetDeck' END,
       (1000000 + g)::text,
       {{.AccountBase}} + ((g - 1) % {{.Actors}}) + 1
FROM generate_series(1, {{.Claims}}) AS g,
     LATERAL (SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '5 minutes' AS ts) AS t;

-- step: claims
INSERT INTO claims (id, created_at, updated_at, text, lang, slug, made_at, made_at_precision, tags, status, claimant_id, about_id)
SELECT {{.ClaimBase}} + g, ts, ts,
       (ARRAY['La cuenta oficial fue hackeada', 'The official account was hacked', 'El tuit era un mensaje privado',
              'The budget doubles spending on schools', 'La reforma baja los impuestos', 'The figures were invented',
              'El vídeo está manipulado', 'The quote is taken out of context'])[1 + g % 8]
         || ': ' || (ARRAY['según el partido', 'according to the ministry', 'dice el portavoz', 'says the spokesperson',
                          'afirma el comunicado', 'claims the press release'])[1 + (g / 8) % 6]
         || ', ' || (ARRAY['tras borrar la publicación', 'after deleting the post', 'una hora después', 'an hour later',
                          'en plena campaña', 'during the campaign', 'sin aportar pruebas', 'without evidence'])[1 + (g / 48) % 8]
         || ' (caso ' || g || ').',
       CASE WHEN g % 2 = 0 THEN 'es' ELSE 'en' END,
       NULL,
       ts - interval '1 hour', 'EXACT', NULL, 'OPEN',
       {{.ActorBase}} + ((g - 1) % {{.Actors}}) + 1,
       {{.StatementBase}} + g
FROM generate_series(1, {{.Claims}}) AS g,
     LATERAL (SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '5 minutes' AS ts) AS t;

-- step: evidence
-- Rich claims (index divisible by 10) get 20 items each; the other claims
-- share the rest round-robin. n-th non-rich claim: (n / 9) * 10 + n % 9 + 1.
INSERT INTO evidence (id, created_at, updated_at, kind, stance, summary, body, source_url, archive_url, observed_at,
                      confidence_note, status, sha256, claim_id, statement_id, submitter_id,
                      observed_precision, revision)
SELECT {{.EvidenceBase}} + e.n + 1, ts, ts,
       (ARRAY['DELETED_POST', 'TIMING', 'CLIENT_METADATA', 'TESTIMONY', 'PRIOR_INCIDENT', 'SOCIAL_REACTION',
              'SCREENSHOT', 'ARCHIVE', 'DOCUMENT', 'OTHER'])[1 + (e.n * 7) % 10],
       (ARRAY['SUPPORTS', 'REFUTES', 'CONTEXT'])[1 + e.n % 3],
       (ARRAY['Captura del tuit antes de ser borrado', 'Screenshot of the post before it was deleted',
              'Los metadatos muestran que se envió con TweetDeck', 'Metadata shows it was sent via TweetDeck',
              'Un periodista confirma la versión', 'A journalist confirms the account', 'Archivo de la página en esa fecha',
              'Archived copy of the page on that date'])[1 + e.n % 8]
         || ' (item ' || (e.n + 1) || ', ' || (ARRAY['fuente primaria', 'primary source', 'fuente secundaria',
                                                    'secondary source', 'testigo', 'witness'])[1 + (e.n / 8) % 6] || ')',
       NULL,
       'https://example.org/evidence/' || (e.n + 1),
       NULL,
       ts - ((e.n % 20) * interval '1 minute'),
       NULL, 'PUBLISHED',
       md5(e.n::text) || md5((e.n + 1)::text),
       {{.ClaimBase}} + e.claim, NULL, NULL, 'EXACT', 1
FROM (
  SELECT g AS n, (g / 20 + 1) * 10 AS claim
  FROM generate_series(0, {{.RichEvidence}} - 1) AS g
  UNION ALL
  SELECT {{.RichEvidence}} + g, ((g % {{.PlainClaims}}) / 9) * 10 + (g % {{.PlainClaims}}) % 9 + 1
  FROM generate_series(0, {{.Evidence}} - {{.RichEvidence}} - 1) AS g
) AS e,
LATERAL (SELECT timestamptz '2024-01-01 00:00:00+00' + e.claim * interval '5 minutes' + interval '10 minutes' AS ts) AS t;

-- step: users
INSERT INTO users (id, created_at, updated_at, handle, display_name, password_hash, role, disabled)
SELECT {{.UserBase}} + g, ts, ts, 'bench_' || g, 'Bench reader ' || g, NULL, 'READER', false
FROM generate_series(1, {{.Users}}) AS g,
     LATERAL (SELECT timestamptz '2023-01-01 00:00:00+00' + g * interval '1 minute' AS ts) AS t;

-- step: sessions
INSERT INTO sessions (id, token_hash, created_at, expires_at, revoked_at, user_id)
SELECT {{.SessionBase}} + g,
       encode(sha256(convert_to('vrs_bench' || lpad((g - 1)::text, 38, '0'), 'UTF8')), 'hex'),
       now(), now() + interval '365 days', NULL, {{.UserBase}} + g
FROM generate_series(1, {{.Users}}) AS g;

-- step: verdicts
INSERT INTO verdicts (id, created_at, updated_at, value, reason, claim_id, user_id, withdrawn_at)
SELECT {{.VerdictBase}} + v.n + 1, ts, ts,
       (ARRAY['HOLDS', 'PARTLY', 'DOES_NOT_HOLD'])[1 + v.val],
       NULL, {{.ClaimBase}} + v.claim, {{.UserBase}} + v.u + 1, NULL
FROM (
  SELECT g AS n, g % {{.Users}} AS u,
         ((g % {{.Users}}) * 7 + (g / {{.Users}}) * {{.Step}}) % {{.Regular}} + 1 AS claim,
         ((g % {{.Users}}) + (g / {{.Users}})) % 3 AS val
  FROM generate_series(0, {{.Users}} * {{.PerUser}} - 1) AS g
  UNION ALL
  SELECT {{.Users}} * {{.PerUser}} + h * {{.Users}} + u, u, {{.Regular}} + 1 + h, u % 3
  FROM generate_series(0, 1) AS h, generate_series(0, {{.Users}} - 1) AS u
) AS v,
LATERAL (SELECT timestamptz '2024-06-01 00:00:00+00' + v.n * interval '1 second' AS ts) AS t;

-- step: verdict_changes
INSERT INTO verdict_changes (id, value, reason, withdrawn, created_at, verdict_id)
SELECT {{.VerdictChangeBase}} + (v.id - {{.VerdictBase}}), v.value, NULL, false, v.created_at, v.id
FROM verdicts v;

-- step: claim_tallies
INSERT INTO claim_tallies (id, holds, partly, does_not_hold, updated_at, claim_id)
SELECT {{.TallyBase}} + (c.id - {{.ClaimBase}}),
       count(v.id) FILTER (WHERE v.value = 'HOLDS' AND v.withdrawn_at IS NULL),
       count(v.id) FILTER (WHERE v.value = 'PARTLY' AND v.withdrawn_at IS NULL),
       count(v.id) FILTER (WHERE v.value = 'DOES_NOT_HOLD' AND v.withdrawn_at IS NULL),
       timestamptz '2024-12-01 00:00:00+00', c.id
FROM claims c
LEFT JOIN verdicts v ON v.claim_id = c.id
GROUP BY c.id;
