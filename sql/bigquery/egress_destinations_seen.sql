-- BigQuery external table over netcost's egress_destinations_seen Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.egress_destinations_seen (
  cluster         STRING,
  namespace       STRING,
  workload_kind   STRING,
  workload        STRING,
  key_kind        STRING,
  key             STRING,
  first_seen      TIMESTAMP,
  last_seen_date  DATE,
  days_seen       INT64
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/egress_destinations_seen/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/egress_destinations_seen',
  require_hive_partition_filter = false,
  description = 'netcost egress_destinations_seen'
);
