-- Athena (Glue catalog) external table over netcost's reconciliation_keys_daily Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.reconciliation_keys_daily (
  provider                string,
  charge_kind             string,
  traffic_class           string,
  direction               string,
  region                  string,
  resource_id             string,
  resource_cluster        string,
  billed_cost             decimal(38,9),
  billed_list_cost        decimal(38,9),
  billed_net_cost         decimal(38,9),
  billed_usage_gib        decimal(38,9),
  bill_lines              bigint,
  estimated_cost          decimal(38,9),
  measured_bytes          bigint,
  unpriced_bytes          bigint,
  reconciled_cost         decimal(38,9),
  unattributed_cost       decimal(38,9),
  coverage_ratio          decimal(38,9),
  estimate_to_bill_ratio  decimal(38,9),
  bill_to_estimate_ratio  decimal(38,9),
  cost_basis              string,
  currency                string,
  flags                   string
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/reconciliation_keys_daily/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/reconciliation_keys_daily/date=${date}/'
);
