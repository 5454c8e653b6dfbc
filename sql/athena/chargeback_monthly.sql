-- Athena (Glue catalog) external table over netcost's chargeback_monthly Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `month`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.chargeback_monthly (
  cluster            string,
  team               string,
  namespace          string,
  workload_kind      string,
  workload           string,
  traffic_class      string,
  currency           string,
  egress_bytes       bigint,
  ingress_bytes      bigint,
  unpriced_bytes     bigint,
  egress_cost        decimal(38,9),
  ingress_cost       decimal(38,9),
  cost               decimal(38,9),
  reconciled_cost    decimal(38,9),
  days_with_traffic  int
)
PARTITIONED BY (`month` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/chargeback_monthly/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.month.type' = 'date',
  'projection.month.format' = 'yyyy-MM',
  'projection.month.range' = '2024-01,NOW',
  'projection.month.interval' = '1',
  'projection.month.interval.unit' = 'MONTHS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/chargeback_monthly/month=${month}/'
);
