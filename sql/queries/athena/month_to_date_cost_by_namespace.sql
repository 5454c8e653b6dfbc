-- Month-to-date cost by namespace (Athena / Trino; runs unchanged on DuckDB).
-- For the running month use: "date" >= date_format(date_trunc('month', current_date), '%Y-%m-%d')
SELECT
  cluster,
  namespace,
  SUM(cost)                         AS cost,
  SUM(egress_bytes + ingress_bytes) AS bytes,
  COUNT(DISTINCT "date")            AS days
FROM netcost.chargeback_daily
WHERE "date" >= '2026-11-01' AND "date" < '2026-12-01'
GROUP BY cluster, namespace
ORDER BY cost DESC, cluster, namespace;
