-- Athena (Glue catalog) external table over netcost's egress_destinations_seen Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.egress_destinations_seen (
  cluster         string,
  namespace       string,
  workload_kind   string,
  workload        string,
  key_kind        string,
  key             string,
  first_seen      timestamp,
  last_seen_date  date,
  days_seen       int
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/egress_destinations_seen/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/egress_destinations_seen/date=${date}/'
);
