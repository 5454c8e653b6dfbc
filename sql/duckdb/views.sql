-- DuckDB over a local copy (or s3:// with the httpfs extension) of the netcost store.
-- Replace {{store}} with the store root. This is the only dialect switch the example queries in
-- queries/athena need: they then run unchanged on DuckDB (tested in the reporting module).
-- `date` / `month` stay strings, as the Athena tables declare them.
CREATE SCHEMA IF NOT EXISTS netcost;
CREATE OR REPLACE VIEW netcost.chargeback_daily AS
  SELECT * FROM read_parquet('{{store}}/tables/chargeback_daily/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.network_flows AS
  SELECT * FROM read_parquet('{{store}}/tables/network_flows/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.run_log AS
  SELECT * FROM read_parquet('{{store}}/tables/run_log/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.egress_volume_daily AS
  SELECT * FROM read_parquet('{{store}}/tables/egress_volume_daily/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.egress_alerts AS
  SELECT * FROM read_parquet('{{store}}/tables/egress_alerts/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.egress_destinations_seen AS
  SELECT * FROM read_parquet('{{store}}/tables/egress_destinations_seen/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.reconciliation_keys_daily AS
  SELECT * FROM read_parquet('{{store}}/tables/reconciliation_keys_daily/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.reconciliation_allocations_daily AS
  SELECT * FROM read_parquet('{{store}}/tables/reconciliation_allocations_daily/*/*.parquet',
    hive_partitioning = true, hive_types = {'date': VARCHAR});
CREATE OR REPLACE VIEW netcost.chargeback_monthly AS
  SELECT * FROM read_parquet('{{store}}/tables/chargeback_monthly/*/*.parquet',
    hive_partitioning = true, hive_types = {'month': VARCHAR});
