-- Month-to-date cost by namespace (BigQuery standard SQL).
-- For the running month use: `date` >= DATE_TRUNC(CURRENT_DATE(), MONTH)
SELECT
  cluster,
  namespace,
  SUM(cost)                         AS cost,
  SUM(egress_bytes + ingress_bytes) AS bytes,
  COUNT(DISTINCT `date`)            AS days
FROM `netcost.chargeback_daily`
WHERE `date` >= '2026-11-01' AND `date` < '2026-12-01'
GROUP BY cluster, namespace
ORDER BY cost DESC, cluster, namespace;
