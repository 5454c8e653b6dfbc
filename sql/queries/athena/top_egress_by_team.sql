-- Top egress by team for one month (Athena / Trino; runs unchanged on DuckDB over sql/duckdb/views.sql).
-- Change the two dates for another month. Unpriced traffic counts in bytes, not in cost.
SELECT
  team,
  SUM(egress_bytes) AS egress_bytes,
  SUM(egress_cost)  AS egress_cost,
  SUM(cost)         AS cost
FROM netcost.chargeback_daily
WHERE "date" BETWEEN '2026-11-01' AND '2026-11-30'
GROUP BY team
ORDER BY egress_bytes DESC, team
LIMIT 20;
