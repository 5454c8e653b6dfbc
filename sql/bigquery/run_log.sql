-- BigQuery external table over netcost's run_log Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.run_log (
  run_id                 STRING,
  started_at             TIMESTAMP,
  finished_at            TIMESTAMP,
  store                  STRING,
  status                 STRING,
  flow_files_read        INT64,
  metadata_files_read    INT64,
  files_quarantined      INT64,
  flow_rows_read         INT64,
  rows_quarantined       INT64,
  rows_written           INT64,
  rows_unpriced          INT64,
  bytes_unpriced         INT64,
  rows_local_unresolved  INT64,
  ownership_intervals    INT64,
  price_sheet_version    STRING,
  attribution_policy     STRING,
  spark_master           STRING,
  ownership_conflicts    INT64,
  message                STRING
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
