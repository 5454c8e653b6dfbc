-- BigQuery external table over netcost's egress_volume_daily Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.egress_volume_daily (
  provider                    STRING,
  region                      STRING,
  cluster                     STRING,
  team                        STRING,
  internet_egress_bytes       INT64,
  month_to_date_bytes_before  INT64,
  internet_egress_cost        NUMERIC,
  currency                    STRING,
  price_sheet_version         STRING
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/egress_volume_daily/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/egress_volume_daily',
  require_hive_partition_filter = false,
  description = 'netcost egress_volume_daily'
);
