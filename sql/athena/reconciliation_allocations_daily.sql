-- Athena (Glue catalog) external table over netcost's reconciliation_allocations_daily Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.reconciliation_allocations_daily (
  provider         string,
  charge_kind      string,
  traffic_class    string,
  direction        string,
  region           string,
  resource_id      string,
  cluster          string,
  team             string,
  namespace        string,
  workload_kind    string,
  workload         string,
  estimated_cost   decimal(38,9),
  measured_bytes   bigint,
  reconciled_cost  decimal(38,9),
  currency         string
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/reconciliation_allocations_daily/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/reconciliation_allocations_daily/date=${date}/'
);
