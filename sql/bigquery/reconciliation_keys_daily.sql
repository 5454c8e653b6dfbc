-- BigQuery external table over netcost's reconciliation_keys_daily Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.reconciliation_keys_daily (
  provider                STRING,
  charge_kind             STRING,
  traffic_class           STRING,
  direction               STRING,
  region                  STRING,
  resource_id             STRING,
  resource_cluster        STRING,
  billed_cost             NUMERIC,
  billed_list_cost        NUMERIC,
  billed_net_cost         NUMERIC,
  billed_usage_gib        NUMERIC,
  bill_lines              INT64,
  estimated_cost          NUMERIC,
  measured_bytes          INT64,
  unpriced_bytes          INT64,
  reconciled_cost         NUMERIC,
  unattributed_cost       NUMERIC,
  coverage_ratio          NUMERIC,
  estimate_to_bill_ratio  NUMERIC,
  bill_to_estimate_ratio  NUMERIC,
  cost_basis              STRING,
  currency                STRING,
  flags                   STRING
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/reconciliation_keys_daily/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/reconciliation_keys_daily',
  require_hive_partition_filter = false,
  description = 'netcost reconciliation_keys_daily'
);
