-- The numbers of `alumni kpi --fy 2025` (activity counting), written by hand
-- for the sqlite3 shell, as a yardstick for the report's own loading code:
--
--   sqlite3 -readonly big.db < scripts/kpi_by_hand.sql
--
-- Fiscal year 2025 is 2025-04-01..2026-03-31; the engagement window is the
-- twelve months up to its last day, the same days here. Definitions as in
-- docs/DATA-MODEL.md ("KPI definitions") and src/report: an application
-- counts for stage S when the first day it reached S or any later stage (by
-- stages.position) falls in the period; a skipped stage counts as reached
-- on the day it was skipped past, and moving back never counts twice.
-- The pivot below is written for the eight default stages.
--
-- Each result starts with a line "== what"; scripts/bench_kpi.sh compares
-- the first one with the report's JSON.

.headers off
.mode list
.separator |

CREATE TEMP TABLE period AS SELECT '2025-04-01' AS first, '2026-03-31' AS last;

-- The first day each application reached each position or a later one:
-- one pass over stage_events in application order.
CREATE TEMP TABLE reach AS
SELECT e.application_id AS id,
       min(e.entered_on) AS r1,
       min(e.entered_on) FILTER (WHERE s.position >= 2) AS r2,
       min(e.entered_on) FILTER (WHERE s.position >= 3) AS r3,
       min(e.entered_on) FILTER (WHERE s.position >= 4) AS r4,
       min(e.entered_on) FILTER (WHERE s.position >= 5) AS r5,
       min(e.entered_on) FILTER (WHERE s.position >= 6) AS r6,
       min(e.entered_on) FILTER (WHERE s.position >= 7) AS r7,
       min(e.entered_on) FILTER (WHERE s.position >= 8) AS r8
FROM stage_events e JOIN stages s ON s.key = e.stage
GROUP BY e.application_id;

-- Those with some stage reached in the period (r1 is the earliest day,
-- the last one reached the latest): a quarter of them in the benchmark.
CREATE TEMP TABLE active AS
SELECT r.* FROM reach r, period p
WHERE r.r1 <= p.last AND coalesce(r.r8, r.r7, r.r6, r.r5, r.r4, r.r3, r.r2, r.r1) >= p.first;

-- Reached per stage and month of the period.
CREATE TEMP TABLE monthly AS
WITH days (position, day) AS (
    SELECT 1, r1 FROM active UNION ALL SELECT 2, r2 FROM active UNION ALL
    SELECT 3, r3 FROM active UNION ALL SELECT 4, r4 FROM active UNION ALL
    SELECT 5, r5 FROM active UNION ALL SELECT 6, r6 FROM active UNION ALL
    SELECT 7, r7 FROM active UNION ALL SELECT 8, r8 FROM active)
SELECT s.position, s.key, substr(d.day, 1, 7) AS month, count(*) AS n
FROM days d JOIN stages s ON s.position = d.position, period p
WHERE d.day BETWEEN p.first AND p.last
GROUP BY s.position, s.key, month;

.print '== reached per stage'
SELECT st.key, coalesce(sum(m.n), 0)
FROM stages st LEFT JOIN monthly m ON m.position = st.position
GROUP BY st.position ORDER BY st.position;

.print '== reached per stage and month'
SELECT key, month, n FROM monthly ORDER BY position, month;

-- The hires of the period: applications that reached the last stage in it.
CREATE TEMP TABLE hires AS
SELECT a.id, a.kind, coalesce(a.source, a.kind) AS source, a.department
FROM active r JOIN applications a ON a.id = r.id, period p
WHERE r.r8 BETWEEN p.first AND p.last;

.print '== hires per source'
SELECT source, count(*) FROM hires GROUP BY source ORDER BY source;

.print '== hires per kind'
SELECT kind, count(*) FROM hires GROUP BY kind ORDER BY kind;

-- Per department: applications that reached the first stage in the period
-- (were opened in it) and hires.
.print '== applications and hires per department'
SELECT a.department,
       count(*),
       (SELECT count(*) FROM hires h WHERE h.department IS a.department)
FROM active r JOIN applications a ON a.id = r.id, period p
WHERE r.r1 BETWEEN p.first AND p.last
GROUP BY a.department ORDER BY a.department;

.print '== spend per channel'
SELECT channel, sum(amount) FROM (
    SELECT channel, amount FROM spend, period p
        WHERE month >= substr(p.first, 1, 7) AND month <= substr(p.last, 1, 7)
    UNION ALL
    SELECT 'event', cost FROM events, period p
        WHERE date BETWEEN p.first AND p.last AND cost > 0
    UNION ALL
    SELECT coalesce(source, kind), cost FROM applications, period p
        WHERE opened_on BETWEEN p.first AND p.last AND cost > 0)
GROUP BY channel ORDER BY channel;

-- Alumni who may be contacted, and those of them with a contact or an
-- event attended in the twelve months up to the period's end. (Asking
-- once for the set of alumni contacted in the window is about a third faster
-- than asking per alumnus, as src/report/load.rs does.)
.print '== contactable and engaged alumni'
SELECT count(*),
       coalesce(sum(a.id IN (
           SELECT c.alumnus_id FROM contacts c, period p
           WHERE c.date BETWEEN p.first AND p.last
           UNION ALL
           SELECT t.alumnus_id FROM attendance t JOIN events e ON e.id = t.event_id, period p
           WHERE t.status = 'attended' AND e.date BETWEEN p.first AND p.last)), 0)
FROM alumni a
WHERE a.erased_at IS NULL AND a.consent <> 'opted_out';

.print '== invited and attended (events in the period)'
SELECT count(*), coalesce(sum(t.status = 'attended'), 0)
FROM attendance t JOIN events e ON e.id = t.event_id, period p
WHERE e.date BETWEEN p.first AND p.last;
