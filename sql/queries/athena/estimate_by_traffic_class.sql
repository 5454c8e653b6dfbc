-- Estimated cost (price sheet, showback) and bytes per traffic class for one month
-- (Athena / Trino; runs unchanged on DuckDB over sql/duckdb/views.sql). Change the dates for another month.
-- Unpriced traffic counts in unpriced_bytes, never as zero cost; estimated_cost is NULL for a class
-- none of whose traffic was priced (unknown).
SELECT
  traffic_class,
  SUM(cost)                                                                 AS estimated_cost,
  SUM(egress_bytes)                                                         AS egress_bytes,
  SUM(ingress_bytes)                                                        AS ingress_bytes,
  SUM(CASE WHEN cost IS NULL THEN egress_bytes + ingress_bytes ELSE 0 END) AS unpriced_bytes
FROM netcost.chargeback_daily
WHERE "date" BETWEEN '2026-11-01' AND '2026-11-30'
GROUP BY traffic_class
ORDER BY estimated_cost DESC NULLS LAST, traffic_class;
