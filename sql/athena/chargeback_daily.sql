-- Athena (Glue catalog) external table over netcost's chargeback_daily Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.chargeback_daily (
  cluster         string,
  team            string,
  namespace       string,
  workload_kind   string,
  workload        string,
  traffic_class   string,
  egress_bytes    bigint,
  ingress_bytes   bigint,
  unpriced_bytes  bigint,
  egress_cost     decimal(38,9),
  ingress_cost    decimal(38,9),
  cost            decimal(38,9),
  currency        string
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/chargeback_daily/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/chargeback_daily/date=${date}/'
);
