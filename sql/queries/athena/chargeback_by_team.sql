-- Chargeback (reconciled to the bill) and estimate (price sheet) per team for one month
-- (Athena / Trino; runs unchanged on DuckDB over sql/duckdb/views.sql). Change the dates for another month.
-- reconciled_cost sums reconciliation_allocations_daily (one row per date, billing key and owner);
-- the team __unattributed__ carries billed cost no measured flow explains, so the reconciled column
-- sums to the month's bill. estimated_cost is NULL for a team none of whose traffic was priced
-- (see unpriced_bytes). variance_cost = reconciled - estimated.
WITH reconciled AS (
  SELECT team, SUM(reconciled_cost) AS reconciled_cost
  FROM netcost.reconciliation_allocations_daily
  WHERE "date" BETWEEN '2026-11-01' AND '2026-11-30'
  GROUP BY team
),
estimated AS (
  SELECT
    team,
    SUM(cost) AS estimated_cost,
    SUM(CASE WHEN cost IS NULL THEN egress_bytes + ingress_bytes ELSE 0 END) AS unpriced_bytes
  FROM netcost.chargeback_daily
  WHERE "date" BETWEEN '2026-11-01' AND '2026-11-30'
  GROUP BY team
)
SELECT
  COALESCE(r.team, e.team)            AS team,
  e.estimated_cost                    AS estimated_cost,
  r.reconciled_cost                   AS reconciled_cost,
  r.reconciled_cost - e.estimated_cost AS variance_cost,
  COALESCE(e.unpriced_bytes, 0)       AS unpriced_bytes
FROM estimated e
FULL OUTER JOIN reconciled r ON r.team = e.team
ORDER BY reconciled_cost DESC NULLS LAST, team;
