-- Bill tie-out for one month, per day (BigQuery standard SQL).
-- billed = Σ reconciled to owners + unattributed, to the 10^-9: billed amounts are summed at billing-key
-- grain (reconciliation_keys_daily), owners' shares at allocation grain (reconciliation_allocations_daily,
-- where the team __unattributed__ carries what no measured flow explains). difference_cost is 0 on every
-- day that ties out. Change the two dates for another month.
WITH billed AS (
  SELECT `date`, SUM(billed_cost) AS billed_cost, SUM(unattributed_cost) AS unattributed_cost
  FROM `netcost.reconciliation_keys_daily`
  WHERE `date` >= '2026-11-01' AND `date` < '2026-12-01'
  GROUP BY `date`
),
allocated AS (
  SELECT
    `date`,
    SUM(CASE WHEN team <> '__unattributed__' THEN reconciled_cost ELSE 0 END) AS reconciled_cost,
    SUM(CASE WHEN team = '__unattributed__' THEN reconciled_cost ELSE 0 END)  AS unattributed_cost
  FROM `netcost.reconciliation_allocations_daily`
  WHERE `date` >= '2026-11-01' AND `date` < '2026-12-01'
  GROUP BY `date`
)
SELECT
  b.`date`,
  b.billed_cost,
  COALESCE(a.reconciled_cost, 0)                                      AS reconciled_cost,
  b.unattributed_cost,
  b.billed_cost - COALESCE(a.reconciled_cost, 0) - b.unattributed_cost AS difference_cost,
  CASE
    WHEN b.billed_cost = COALESCE(a.reconciled_cost, 0) + b.unattributed_cost
     AND b.unattributed_cost = COALESCE(a.unattributed_cost, 0) THEN 'ties out'
    ELSE 'does not tie out'
  END                                                                 AS status
FROM billed b
LEFT JOIN allocated a ON a.`date` = b.`date`
ORDER BY b.`date`;
