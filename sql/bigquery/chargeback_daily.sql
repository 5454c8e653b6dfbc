-- BigQuery external table over netcost's chargeback_daily Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.chargeback_daily (
  cluster         STRING,
  team            STRING,
  namespace       STRING,
  workload_kind   STRING,
  workload        STRING,
  traffic_class   STRING,
  egress_bytes    INT64,
  ingress_bytes   INT64,
  unpriced_bytes  INT64,
  egress_cost     NUMERIC,
  ingress_cost    NUMERIC,
  cost            NUMERIC,
  currency        STRING
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/chargeback_daily/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/chargeback_daily',
  require_hive_partition_filter = false,
  description = 'netcost chargeback_daily'
);
