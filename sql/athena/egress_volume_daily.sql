-- Athena (Glue catalog) external table over netcost's egress_volume_daily Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.egress_volume_daily (
  provider                    string,
  region                      string,
  cluster                     string,
  team                        string,
  internet_egress_bytes       bigint,
  month_to_date_bytes_before  bigint,
  internet_egress_cost        decimal(38,9),
  currency                    string,
  price_sheet_version         string
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/egress_volume_daily/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/egress_volume_daily/date=${date}/'
);
