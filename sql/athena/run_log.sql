-- Athena (Glue catalog) external table over netcost's run_log Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.run_log (
  run_id                 string,
  started_at             timestamp,
  finished_at            timestamp,
  store                  string,
  status                 string,
  flow_files_read        int,
  metadata_files_read    int,
  files_quarantined      int,
  flow_rows_read         bigint,
  rows_quarantined       bigint,
  rows_written           bigint,
  rows_unpriced          bigint,
  bytes_unpriced         bigint,
  rows_local_unresolved  bigint,
  ownership_intervals    bigint,
  price_sheet_version    string,
  attribution_policy     string,
  spark_master           string,
  ownership_conflicts    bigint,
  message                string
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/run_log/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/run_log/date=${date}/'
);
