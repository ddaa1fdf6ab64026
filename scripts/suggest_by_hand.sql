-- The facts `alumni suggest --as-of 2026-03-31` reads, by hand in the
-- sqlite3 shell: the candidates, then their contacts, events attended,
-- latest survey score and campaign clicks and opens from 2025-04-01 to
-- 2026-03-31. scripts/bench_suggest.sh times it against the program; the
-- first line is the number of candidates, which the program must agree with.

.headers off
.mode list
CREATE TEMP TABLE excluded AS
    SELECT alumnus_id AS id FROM applications WHERE outcome IS NULL AND alumnus_id IS NOT NULL
    UNION SELECT p.id FROM applications a JOIN alumni p ON p.email = a.candidate_email
        WHERE a.outcome IS NULL AND a.kind = 'referral'
    UNION SELECT c.alumnus_id FROM applications a
        JOIN alumnus_contacts c ON c.kind = 'email' AND c.value = a.candidate_email
        WHERE a.outcome IS NULL AND a.kind = 'referral'
    UNION SELECT a.alumnus_id FROM applications a JOIN alumni p ON p.id = a.alumnus_id
        WHERE a.outcome = 'rejoined' AND (p.leave_date IS NULL OR a.closed_on >= p.leave_date);
CREATE TEMP TABLE candidates AS
    SELECT id, employee_id, name, rehire_eligible, department, job_title, hire_date, leave_date
    FROM alumni
    WHERE erased_at IS NULL AND consent <> 'opted_out' AND rehire_eligible <> 'no'
      AND id NOT IN (SELECT id FROM excluded);
SELECT count(*) FROM candidates;
SELECT * FROM candidates;
SELECT c.alumnus_id, sum(c.direction = 'inbound'), sum(c.direction = 'outbound')
    FROM contacts c
    WHERE c.date >= '2025-04-01' AND c.date <= '2026-03-31' AND c.planned = 0
      AND c.campaign_id IS NULL
      AND c.id NOT IN (SELECT contact_id FROM survey_responses WHERE contact_id IS NOT NULL)
      AND NOT (c.channel = 'event' AND c.direction = 'inbound' AND EXISTS (
          SELECT 1 FROM attendance t JOIN events e ON e.id = t.event_id
          WHERE t.alumnus_id = c.alumnus_id AND t.status = 'attended'
            AND e.date = c.date AND e.name IS c.summary))
    GROUP BY c.alumnus_id;
SELECT t.alumnus_id, count(*) FROM attendance t JOIN events e ON e.id = t.event_id
    WHERE t.status = 'attended' AND e.date >= '2025-04-01' AND e.date <= '2026-03-31'
    GROUP BY t.alumnus_id;
SELECT alumnus_id, score FROM (
    SELECT alumnus_id, score, row_number() OVER (
        PARTITION BY alumnus_id ORDER BY answered_on DESC, id DESC) AS n
    FROM survey_responses
    WHERE score IS NOT NULL AND answered_on >= '2025-04-01' AND answered_on <= '2026-03-31')
    WHERE n = 1;
SELECT alumnus_id,
       sum(coalesce(clicked_on BETWEEN '2025-04-01' AND '2026-03-31', 0)),
       sum(NOT coalesce(clicked_on BETWEEN '2025-04-01' AND '2026-03-31', 0)
           AND coalesce(opened_on BETWEEN '2025-04-01' AND '2026-03-31', 0))
    FROM campaign_recipients
    WHERE clicked_on BETWEEN '2025-04-01' AND '2026-03-31'
       OR opened_on BETWEEN '2025-04-01' AND '2026-03-31'
    GROUP BY alumnus_id;
