-- Cross-zone bytes by workload for one month (BigQuery standard SQL).
SELECT
  team,
  namespace,
  workload_kind,
  workload,
  SUM(egress_bytes + ingress_bytes) AS cross_zone_bytes,
  SUM(cost)                         AS cross_zone_cost
FROM `netcost.chargeback_daily`
WHERE traffic_class = 'cross_zone'
  AND `date` BETWEEN '2026-11-01' AND '2026-11-30'
GROUP BY team, namespace, workload_kind, workload
ORDER BY cross_zone_bytes DESC, team, namespace, workload
LIMIT 50;
