-- BigQuery external table over netcost's reconciliation_allocations_daily Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.reconciliation_allocations_daily (
  provider         STRING,
  charge_kind      STRING,
  traffic_class    STRING,
  direction        STRING,
  region           STRING,
  resource_id      STRING,
  cluster          STRING,
  team             STRING,
  namespace        STRING,
  workload_kind    STRING,
  workload         STRING,
  estimated_cost   NUMERIC,
  measured_bytes   INT64,
  reconciled_cost  NUMERIC,
  currency         STRING
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/reconciliation_allocations_daily/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/reconciliation_allocations_daily',
  require_hive_partition_filter = false,
  description = 'netcost reconciliation_allocations_daily'
);
