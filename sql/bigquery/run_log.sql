-- BigQuery external table over netcost's run_log Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.run_log (
  run_id            STRING,
  started_at        TIMESTAMP,
  finished_at       TIMESTAMP,
  cluster           STRING,
  flow_files        INT64,
  metadata_files    INT64,
  flow_rows         INT64,
  quarantined_rows  INT64,
  unpriced_rows     INT64,
  status            STRING
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/run_log/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/run_log',
  require_hive_partition_filter = false,
  description = 'netcost run_log'
);
