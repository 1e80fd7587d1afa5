-- Hand-written: every claim has a tally row (new claims get one when they
-- are created); claims that existed before tallies get theirs from a fresh
-- count of their current verdicts.
INSERT INTO claim_tallies (claim_id, holds, partly, does_not_hold, updated_at)
SELECT c.id,
       count(v.id) FILTER (WHERE v.value = 'HOLDS' AND v.withdrawn_at IS NULL),
       count(v.id) FILTER (WHERE v.value = 'PARTLY' AND v.withdrawn_at IS NULL),
       count(v.id) FILTER (WHERE v.value = 'DOES_NOT_HOLD' AND v.withdrawn_at IS NULL),
       now()
FROM claims c
LEFT JOIN verdicts v ON v.claim_id = c.id
GROUP BY c.id
ON CONFLICT (claim_id) DO NOTHING;
